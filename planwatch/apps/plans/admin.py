"""Review screens for imported plans: staff check what the parser produced and correct it.

Every change made here is kept by Django's admin log (who, when, which fields); indicator target edits
additionally keep the previous values in ``Indicator.notes`` so the source reading is never lost.
"""

from django.contrib import admin
from django.db.models import Count

from .models import MEASURE_ORIGINS, Area, Goal, Indicator, Plan, Project, Strategy

TARGET_FIELDS = (
    "target_text",
    "target_kind",
    "target_comparator",
    "target_value",
    "target_year",
    "unit",
    "direction",
    "origin",
    "promoted",
)


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    fields = ("order", "name")


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = (
        "area",
        "seq",
        "name",
        "unit",
        "attribute",
        "target_text",
        "target_kind",
        "target_comparator",
        "target_value",
    )
    show_change_link = True
    classes = ("collapse",)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "region",
        "population",
        "period_start",
        "period_end",
        "status",
        "n_indicators",
        "imported_at",
    )
    list_filter = ("status", "population", "region__level")
    search_fields = ("title", "region__name", "doc_number")
    readonly_fields = ("source_file", "source_sha256", "imported_at", "parse_warnings")
    inlines = [AreaInline, IndicatorInline]
    actions = ["activate"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_n=Count("indicators"))

    @admin.display(description="指标数", ordering="_n")
    def n_indicators(self, obj):
        return obj._n

    @admin.action(description="设为生效（审核通过）")
    def activate(self, request, queryset):
        n = queryset.update(status=Plan.Status.ACTIVE)
        self.message_user(request, f"{n} 个规划已设为生效")


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


class StrategyInline(admin.TabularInline):
    model = Strategy
    extra = 0
    classes = ("collapse",)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "plan", "order")
    list_filter = ("plan",)
    inlines = [GoalInline, StrategyInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "plan",
        "area",
        "unit",
        "attribute",
        "target_text",
        "target_kind",
        "target_comparator",
        "target_value",
        "target_year",
        "origin",
        "promoted",
        "source_line",
    )
    list_filter = ("plan", "target_kind", "attribute", "origin", "promoted", "direction")
    actions = ("promote",)
    search_fields = ("name", "target_text", "source_text")
    filter_horizontal = ("departments",)
    readonly_fields = ("source_line", "source_text", "notes")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "plan",
                    "area",
                    "seq",
                    "name",
                    "unit",
                    "direction",
                    "attribute",
                    "origin",
                    "promoted",
                )
            },
        ),
        (
            "目标",
            {
                "fields": (
                    "target_text",
                    "target_kind",
                    "target_comparator",
                    "target_value",
                    "target_year",
                    "target_detail",
                    "milestones",
                )
            },
        ),
        ("基期", {"fields": ("baseline_year", "baseline_value")}),
        ("责任单位", {"fields": ("departments", "departments_text")}),
        ("来源", {"fields": ("source_line", "source_text", "notes")}),
    )

    @admin.action(description="列入主要指标（措施目标计入达标率）")
    def promote(self, request, queryset):
        who = request.user.get_username()
        n = 0
        for ind in queryset.filter(origin__in=MEASURE_ORIGINS, promoted=False):
            ind.promoted = True
            ind.notes = [*ind.notes, f"{who} 将措施目标列入主要指标"]
            ind.save(update_fields=["promoted", "notes"])
            n += 1
        self.message_user(request, f"已将 {n} 个措施目标列入主要指标；主要目标和专栏指标本来就计入达标率")

    def save_model(self, request, obj, form, change):
        if change:
            old = Indicator.objects.get(pk=obj.pk)
            changed = {f: getattr(old, f) for f in TARGET_FIELDS if getattr(old, f) != getattr(obj, f)}
            if changed:
                # Keep the parser's reading next to the correction so a reviewer can always see both.
                who = request.user.get_username()
                obj.notes = [
                    *obj.notes,
                    f"{who} 修改前：" + "，".join(f"{k}={v!r}" for k, v in changed.items()),
                ]
        super().save_model(request, obj, form, change)


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "plan", "box", "seq")
    list_filter = ("plan",)
    search_fields = ("title", "text")
