from django.urls import path

from . import exports, views

app_name = "administration"
urlpatterns = [
    path("manage/", views.index, name="index"),
    path("manage/departments/", views.departments, name="departments"),
    path("manage/departments/<id:dept_id>/", views.department_edit, name="department_edit"),
    path("manage/departments/<id:dept_id>/active/", views.department_active, name="department_active"),
    path("manage/accounts/", views.accounts, name="accounts"),
    path("manage/accounts/new/", views.account_new, name="account_new"),
    path("manage/accounts/<id:user_id>/", views.account_edit, name="account_edit"),
    path("manage/accounts/<id:user_id>/password/", views.account_password, name="account_password"),
    path("manage/export/", exports.export_index, name="export"),
    path("manage/export/request/", exports.export_request, name="export_request"),
    path("manage/export/jobs/<id:export_id>/", exports.export_job, name="export_job"),
    path(
        "manage/export/jobs/<id:export_id>/download/", exports.export_job_download, name="export_job_download"
    ),
    path("accounts/password/", views.password_change, name="password_change"),
]
