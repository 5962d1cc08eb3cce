"""The site's URLs plus one view that fails, to see what a production 500 looks like."""

from django.urls import path

from planwatch.site.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError(request.GET.get("marker", "boom"))


urlpatterns = [path("broken/", broken), *site_urlpatterns]
