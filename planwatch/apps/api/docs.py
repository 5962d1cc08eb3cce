"""The interactive API docs (/api/docs) with Swagger UI served from the installed django-ninja package.

ninja falls back to a CDN when "ninja" is not in INSTALLED_APPS; planwatch must work without internet, so the
page and its three assets are served here instead (assets at /api/docs/assets/<name>)."""

from __future__ import annotations

import json
from pathlib import Path

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from ninja.openapi.docs import Swagger

ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
}

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <link type="text/css" rel="stylesheet" href="{assets}swagger-ui.css">
  <title>{title}</title>
</head>
<body data-csrf-token="{csrf}" data-api-csrf="true">
  <script type="application/json" id="swagger-settings">{settings}</script>
  <div id="swagger-ui"></div>
  <script src="{assets}swagger-ui-bundle.js"></script>
  <script src="{assets}swagger-ui-init.js"></script>
</body>
</html>
"""


class LocalSwagger(Swagger):
    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        html = PAGE.format(
            assets=reverse("api-docs-asset", args=["x"])[:-1],
            title=escape(api.title),
            csrf=get_token(request),  # session auth: "Try it out" on POST needs the CSRF token
            settings=json.dumps(settings).replace("</", "<\\/"),
        )
        return HttpResponse(html)


def asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in ASSETS:
        raise Http404("没有该文件")
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
