"""Every answer under /api/ is JSON, also those that never reach an endpoint: Django's 404 for an unknown
path, ninja's plain-text 405 for a wrong method, the 400 Django gives a body it refused to read (too large,
broken multipart). Such answers are replaced by ``{"detail": "<中文说明>"}`` with the status kept (a body over
the size limit becomes 413). The endpoints' own errors are JSON already (errors.py) and pass unchanged."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse

from planwatch.uploads.limits import size_text

PREFIX = "/api/"
MESSAGES = {
    400: "请求无法处理：请求体或请求头格式不正确",
    401: "请先登录：发送接口令牌（Authorization: Bearer pw_…）或使用网页登录的会话",
    403: "无权访问该接口",
    404: "接口不存在：{method} {path}（全部接口见 /api/docs）",
    405: "该接口不支持 {method} 方法（允许：{allowed}）",
    413: "请求体过大：超过 {limit} 的上限",
    415: "不支持的请求体类型「{content_type}」：应为 application/json",
    500: "服务器内部错误，已记录在服务器日志中",
}


def too_large(request) -> bool:
    """The declared body is over the limit Django reads (DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return limit is not None and length > limit


def body_too_large(request) -> JsonResponse:
    detail = MESSAGES[413].format(limit=size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    return JsonResponse({"detail": detail}, status=413, json_dumps_params={"ensure_ascii": False})


class JsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        if status == 400 and too_large(request):
            return body_too_large(request)
        text = MESSAGES.get(status) or f"请求未完成（HTTP {status}）"
        detail = text.format(
            method=request.method,
            path=request.path[:200],
            allowed="、".join(sorted(m.strip() for m in response.get("Allow", "").split(",") if m.strip())),
            limit=size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            content_type=request.content_type or "",
        )
        answer = JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in response:
                answer[header] = response[header]
        return answer
