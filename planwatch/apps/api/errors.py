"""Error answers in Chinese: every error body is ``{"detail": "<message>"}`` and validation errors name the
parameter (``{"detail": "参数「year」无效：应为整数，收到「abc」", "errors": [...]}``)."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

PLACES = {"query": "参数", "path": "路径参数", "body": "请求体字段", "form": "表单字段", "header": "请求头"}

REASONS = {
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "missing": "不能为空",
}


BAD_BODY = '请求体无法解析：应为 JSON（Content-Type: application/json），例如 {"rows": [...]}'
CSRF_FAILED = "CSRF 校验失败：会话认证下的 POST 请求须在 X-CSRFToken 请求头中带上 csrftoken Cookie 的值"


def describe(error: dict, received: object = None) -> str:
    """One pydantic error as a Chinese sentence naming the parameter (and the value received, when known)."""
    loc = [str(x) for x in error.get("loc", ())]
    place = PLACES.get(loc[0], "参数") if loc else "参数"
    name = ".".join(loc[1:]) or (loc[0] if loc else "?")
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "greater_than_equal":
        reason = f"应不小于 {ctx.get('ge')}"
    elif kind == "less_than_equal":
        reason = f"应不大于 {ctx.get('le')}"
    elif kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        reason = f"应为 {expected} 之一"
    else:
        reason = REASONS.get(kind, error.get("msg", "格式不正确"))
    text = f"{place}「{name}」无效：{reason}"
    if received is not None and kind != "missing":
        text += f"，收到「{received}」"
    return text


def _received(request, error: dict) -> str | None:
    """The raw value of a query or path parameter (ninja drops pydantic's ``input`` from its errors)."""
    loc = error.get("loc") or ()
    if len(loc) != 2:
        return None
    if loc[0] == "query":
        return request.GET.get(str(loc[1]))
    if loc[0] == "path" and getattr(request, "resolver_match", None):
        value = request.resolver_match.kwargs.get(str(loc[1]))
        return None if value is None else str(value)
    return None


def bad_parameter(name: str, reason: str, value: object = None) -> HttpError:
    """422 for a value the type accepts but the API does not (e.g. an unknown parent plan key)."""
    text = f"参数「{name}」无效：{reason}"
    if value is not None:
        text += f"，收到「{value}」"
    return HttpError(422, text)


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        errors = [dict(e) for e in exc.errors]
        detail = "；".join(describe(e, _received(request, e)) for e in errors) or "请求参数无效"
        clean = [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in errors]
        return api.create_response(request, {"detail": detail, "errors": clean}, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request,
            {"detail": "请先登录：发送接口令牌（Authorization: Bearer pw_…）或使用网页登录的会话"},
            status=401,
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": str(exc) or "未找到"}, status=404)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        from .middleware import body_too_large

        return body_too_large(request)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if str(exc) == "Cannot parse request body" and request.content_type not in ("application/json", ""):
            # a form, a CSV, plain text… sent to an endpoint that takes JSON
            text = f"不支持的请求体类型「{request.content_type[:80]}」：应为 application/json"
            return api.create_response(request, {"detail": text}, status=415)
        detail = {"CSRF check Failed": CSRF_FAILED, "Cannot parse request body": BAD_BODY}.get(
            str(exc), str(exc)
        )
        return api.create_response(request, {"detail": detail}, status=exc.status_code)
