from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:plan_id>/", views.plan_page, name="plan"),
    path("plans/<int:plan_id>/regions/<int:region_id>/", views.page, name="page"),
    path("plans/<int:plan_id>/regions/<int:region_id>/request/", views.request_report, name="request"),
    path("plans/<int:plan_id>/regions/<int:region_id>/drafts/<int:year>/", views.drafts, name="drafts"),
    path(
        "plans/<int:plan_id>/regions/<int:region_id>/drafts/<int:year>/history/",
        views.draft_history,
        name="draft_history",
    ),
    path("jobs/<int:job_id>/", views.job_row, name="job"),
    path("jobs/<int:job_id>/retry/", views.job_retry, name="retry"),
    path("jobs/<int:job_id>/download/", views.job_download, name="download"),
    path("jobs/<int:job_id>/publish/", views.job_publish, name="publish"),
    path("publications/<int:pub_id>/download/", views.publication_download, name="publication_download"),
    path("publications/<int:pub_id>/withdraw/", views.publication_withdraw, name="withdraw"),
]
