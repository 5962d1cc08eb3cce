"""Makes the request known to ``audit.record`` (for the address and the user) and records downloads: every
successful answer of a view that hands out files or exports data."""

from __future__ import annotations

from .models import Action
from .services import current_request, record

# URL names (namespace:name; the API's namespace carries its version, so it is spelled "api") whose 200
# answer is an export or a download.
DOWNLOADS = {
    "web:task_template": "填报模板",
    "web:report_download": "实施情况报告",
    "reports:download": "监测评估报告",
    "reports:publication_download": "已发布报告",
    "api:observations_csv": "SDMX-CSV 导出",
}


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        match = getattr(request, "resolver_match", None)
        what = DOWNLOADS.get(_name(match)) if match is not None else None
        if what and response.status_code == 200 and request.user.is_authenticated:
            kwargs = ", ".join(f"{k}={v}" for k, v in match.kwargs.items())
            query = request.META.get("QUERY_STRING", "")[:200]
            record(Action.DOWNLOAD, user=request.user, request=request, target=what,
                   summary=" ".join(p for p in (kwargs, query) if p))  # fmt: skip
        return response


def _name(match) -> str:
    namespace = "api" if match.namespace.startswith("api-") else match.namespace
    return f"{namespace}:{match.url_name}"
