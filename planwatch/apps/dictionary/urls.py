from django.urls import path

from . import views

app_name = "dictionary"
urlpatterns = [
    path("plans/<int:plan_id>/review/", views.review, name="review"),
    path("plans/<int:plan_id>/indicators/<int:indicator_id>/decide/", views.decide, name="decide"),
    path("plans/<int:plan_id>/alignment/", views.alignment, name="alignment"),
    path("registry/", views.registry, name="registry"),
]
