from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<id:plan_id>/", views.plan_page, name="plan"),
    path("plans/<id:plan_id>/regions/<id:region_id>/", views.page, name="page"),
    path("plans/<id:plan_id>/regions/<id:region_id>/request/", views.request_report, name="request"),
    path("plans/<id:plan_id>/regions/<id:region_id>/drafts/<id:year>/", views.drafts, name="drafts"),
    path(
        "plans/<id:plan_id>/regions/<id:region_id>/drafts/<id:year>/history/",
        views.draft_history,
        name="draft_history",
    ),
    path(
        "plans/<id:plan_id>/regions/<id:region_id>/judgements/<id:year>/", views.judgements, name="judgements"
    ),
    path("jobs/<id:job_id>/", views.job_row, name="job"),
    path("jobs/<id:job_id>/retry/", views.job_retry, name="retry"),
    path("jobs/<id:job_id>/download/", views.job_download, name="download"),
    path("jobs/<id:job_id>/publish/", views.job_publish, name="publish"),
    path("publications/<id:pub_id>/download/", views.publication_download, name="publication_download"),
    path("publications/<id:pub_id>/withdraw/", views.publication_withdraw, name="withdraw"),
]
