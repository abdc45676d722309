"""``{% nav_item "grants:list" _("Grants") "grants:*" %}``: an item of the service navigation, marked as the page the
visitor is on (``aria-current="page"``) or the part of the service they are in (``aria-current="true"``).

Which item is current is decided from the URL the request resolved to (its ``namespace:name``), never from the
path's text: a page is the item's own when it has the item's URL name, and in its part of the service when its name
matches one of the item's patterns (``"grants:*"``: any page of the grants app).
"""

from fnmatch import fnmatchcase

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


def nav_state(view_name: str | None, url_name: str, patterns: tuple[str, ...]) -> str:
    """``"page"`` when the page is the item's own, ``"true"`` when it is in the item's part, else ``""``."""
    if not view_name:
        return ""
    if view_name == url_name:
        return "page"
    if any(fnmatchcase(view_name, pattern) for pattern in patterns):
        return "true"
    return ""


@register.inclusion_tag("core/inc/nav_item.html", takes_context=True)
def nav_item(context, url_name: str, label: str, *patterns: str) -> dict:
    """The item's link, or nothing when ``url_name`` is not installed (an app left out of this deployment)."""
    try:
        href = reverse(url_name)
    except NoReverseMatch:
        return {"href": ""}
    match = getattr(context.get("request"), "resolver_match", None)
    return {"href": href, "label": label, "state": nav_state(match.view_name if match else None, url_name, patterns)}


@register.simple_tag(takes_context=True)
def nav_state_for(context, url_name: str, *patterns: str) -> str:
    """:func:`nav_state` of the page being shown, for links outside the service navigation's list."""
    match = getattr(context.get("request"), "resolver_match", None)
    return nav_state(match.view_name if match else None, url_name, patterns)
