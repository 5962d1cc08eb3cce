"""``{{ some.user|person:"命令行" }}``: the name to show for a user field that may be empty (a round opened
from the command line without --user, a deleted account). ``a.user.get_full_name|default:a.user.username``
raised VariableDoesNotExist (a 500 for the whole page) when the user was None."""

from django import template

register = template.Library()


@register.filter
def person(user, fallback: str = "系统") -> str:
    if user is None:
        return fallback
    return user.get_full_name() or user.username
