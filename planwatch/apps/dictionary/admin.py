"""Admin screens for the dictionary: entries (curated ones are read-only here: edit the YAML) and links."""

from django.contrib import admin

from .models import ConfirmedLink, DictionaryEntry, IndicatorLink


@admin.register(DictionaryEntry)
class DictionaryEntryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "direction", "population", "area", "source", "retired")
    list_filter = ("population", "area", "source", "retired", "direction")
    search_fields = ("code", "name", "synonyms", "definition")

    def get_readonly_fields(self, request, obj=None):
        # Curated entries come from data/dictionary/*.yaml and are overwritten by every sync.
        if obj is not None and obj.source == DictionaryEntry.Source.YAML:
            return [f.name for f in self.model._meta.fields]
        return ("code", "source", "updated_at")


@admin.register(IndicatorLink)
class IndicatorLinkAdmin(admin.ModelAdmin):
    list_display = (
        "indicator",
        "plan",
        "entry",
        "confidence",
        "method",
        "accepted",
        "confirmed_by",
        "confirmed_at",
    )
    list_filter = ("method", "accepted", "indicator__plan")
    search_fields = ("indicator__name", "entry__code", "entry__name")
    raw_id_fields = ("indicator", "entry")
    list_select_related = ("indicator__plan", "entry", "confirmed_by")

    @admin.display(description="规划")
    def plan(self, obj):
        return obj.indicator.plan


@admin.register(ConfirmedLink)
class ConfirmedLinkAdmin(admin.ModelAdmin):
    list_display = (
        "region",
        "population",
        "period_start",
        "period_end",
        "indicator_name",
        "unit",
        "entry",
        "method",
    )
    list_filter = ("population", "method")
    search_fields = ("indicator_name", "entry__code")
