from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("", views.plans, name="plans"),
    path("plans/<id:plan_id>/", views.plan_review, name="plan"),
    path("plans/<id:plan_id>/status/", views.plan_status, name="plan_status"),
    path("indicators/<id:indicator_id>/", views.indicator_edit, name="indicator"),
]
