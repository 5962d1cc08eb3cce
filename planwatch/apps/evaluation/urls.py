from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<id:plan_id>/", views.overview, name="overview"),
    path("plans/<id:plan_id>/run/", views.run, name="run"),
    path("plans/<id:plan_id>/warnings/", views.warnings_list, name="warnings"),
    path("plans/<id:plan_id>/indicators/<id:indicator_id>/", views.indicator_detail, name="indicator"),
    path(
        "plans/<id:plan_id>/indicators/<id:indicator_id>/download.<str:fmt>",
        views.indicator_download,
        name="indicator_download",
    ),
    path("plans/<id:plan_id>/compare/", views.compare, name="compare"),
    path("plans/<id:plan_id>/gender-gap/", views.gender_gap, name="gender_gap"),
    path("reassessments/<id:item_id>/", views.import_reassessment, name="import_reassessment"),
]
