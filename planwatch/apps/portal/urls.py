from django.urls import path

from . import inbox, views

app_name = "portal"
urlpatterns = [
    path("portal/", views.home, name="home"),
    path("portal/regions/<str:code>/", views.region_page, name="region"),
    path("portal/plans/<id:plan_id>/", views.plan_page, name="plan"),
    path("portal/indicators/<id:indicator_id>/", views.indicator_page, name="indicator"),
    path("portal/reports/<id:pub_id>/", views.report_download, name="report"),
    path("portal/feedback/", views.feedback, name="feedback"),
    path("manage/feedback/", inbox.inbox, name="inbox"),
    path("manage/feedback/<id:feedback_id>/", inbox.inbox_item, name="inbox_item"),
    path("manage/feedback/<id:feedback_id>/close/", inbox.inbox_close, name="inbox_close"),
]
