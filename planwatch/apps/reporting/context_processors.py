"""Template context of the reporting app: whether the database holds generated sample data (示例数据)."""

from django.core.cache import cache

from .sample import SAMPLE_SOURCE

CACHE_KEY = "planwatch:sample-data"
CACHE_SECONDS = 60  # one cheap query a minute instead of one per page (source is not indexed)


def sample_data(request) -> dict:
    """``sample_data`` is True while any observation is sample data: every page then shows the banner."""

    def present() -> bool:
        from .models import Observation

        return Observation.objects.filter(source=SAMPLE_SOURCE).exists()

    return {"sample_data": cache.get_or_set(CACHE_KEY, present, CACHE_SECONDS)}
