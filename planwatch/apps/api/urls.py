from django.urls import path

from . import docs
from .api import api

urlpatterns = [
    path("docs/assets/<str:name>", docs.asset, name="api-docs-asset"),
    path("", api.urls),
]
