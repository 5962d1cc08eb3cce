from django.contrib.auth import views as auth_views
from django.urls import path

from . import exchange_views, views
from . import reporting_views as rv

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<id:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<id:plan_id>/assignments/", rv.assignments, name="assignments"),
    path("rounds/", rv.rounds, name="rounds"),
    path("rounds/<id:round_id>/", rv.round_board, name="round_board"),
    path("rounds/<id:round_id>/add-tasks/", rv.round_add_tasks, name="round_add_tasks"),
    path("tasks/<id:task_id>/", rv.task_page, name="task"),
    path("tasks/<id:task_id>/template.xlsx", rv.task_template, name="task_template"),
    path("tasks/<id:task_id>/upload/", rv.task_upload, name="task_upload"),
    path("tasks/<id:task_id>/submit/", rv.task_submit, name="task_submit"),
    path("tasks/<id:task_id>/review/", rv.task_review, name="task_review"),
    path("tasks/<id:task_id>/history/", rv.task_history, name="task_history"),
    path("tasks/<id:task_id>/reports/", rv.report_upload, name="report_upload"),
    path("reports/<id:report_id>/", rv.report_download, name="report_download"),
    path("data/import/", rv.history_import, name="history_import"),
    path("data/import-sdmx/", exchange_views.sdmx_import, name="sdmx_import"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
