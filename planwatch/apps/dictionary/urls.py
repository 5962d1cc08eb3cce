from django.urls import path

from . import views

app_name = "dictionary"
urlpatterns = [
    path("plans/<id:plan_id>/review/", views.review, name="review"),
    path("plans/<id:plan_id>/indicators/<id:indicator_id>/decide/", views.decide, name="decide"),
    path("plans/<id:plan_id>/alignment/", views.alignment, name="alignment"),
    path("registry/", views.registry, name="registry"),
]
