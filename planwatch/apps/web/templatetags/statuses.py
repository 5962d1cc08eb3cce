"""``{{ r.status|status_label }}``: the Chinese label of a stored assessment status code ("not_met" → 未达标);
``{{ r.status|status_class }}``: its badge CSS class. Pages never compare or print the labels themselves."""

from django import template

from planwatch.domain import statuses

register = template.Library()

# badge classes of the stylesheet (ev-met, ev-notmet …), by status code
CSS_CLASS = {
    statuses.MET.code: "met",
    statuses.NEAR.code: "near",
    statuses.NOT_MET.code: "notmet",
    statuses.NO_DATA.code: "nodata",
    statuses.NOT_ASSESSABLE.code: "na",
}


@register.filter
def status_label(code: str | None) -> str:
    return statuses.label(code) if code else ""


@register.filter
def status_class(code: str | None) -> str:
    return CSS_CLASS.get(code or "", "na")
