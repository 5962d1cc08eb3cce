from django.contrib import admin
from django.urls import include, path, register_converter

from .ids import IdConverter

register_converter(IdConverter, "id")  # before the apps' URL modules are included below

admin.site.site_header = "planwatch 妇女儿童发展规划监测评估系统"
admin.site.site_title = "planwatch 管理"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("planwatch.apps.api.urls")),
    path("audit/", include("planwatch.apps.audit.urls")),
    path("accounts/", include("planwatch.apps.accounts.urls")),
    path("dictionary/", include("planwatch.apps.dictionary.urls")),
    path("evaluation/", include("planwatch.apps.evaluation.urls")),
    path("dashboard/", include("planwatch.apps.dashboard.urls")),
    path("reports/", include("planwatch.apps.reports.urls")),
    path("review/", include("planwatch.apps.review.urls")),
    path("", include("planwatch.apps.portal.urls")),
    path("", include("planwatch.apps.administration.urls")),
    path("", include("planwatch.apps.web.urls")),
]
