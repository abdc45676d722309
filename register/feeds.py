"""An Atom feed of decisions as they are published on the register: Part 1 summary only."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from decisions.models import Decision
from register.open_data import LICENCE
from register.selectors import published_decisions

FEED_LENGTH = 50


def _start_of(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class PublishedDecisionsFeed(Feed):
    """The latest published decisions, newest first: reference and title, the executive summary, a link to the page."""

    feed_type = Atom1Feed
    title = _("Published decisions – Policing Grant Decisions")
    subtitle = _("Decisions as they are published on the public register (Part 1 only).")
    link = reverse_lazy("register:list")
    # Atom's <rights>: the register's data is reusable under the Open Government Licence.
    feed_copyright = f"{LICENCE['name']}: {LICENCE['url']}"

    def items(self):
        return published_decisions().order_by("-published_on", "-pk")[:FEED_LENGTH]

    def item_title(self, item: Decision) -> str:
        return f"{item.reference}: {item.title}"

    def item_description(self, item: Decision) -> str:
        return item.executive_summary

    def item_link(self, item: Decision) -> str:
        return reverse("register:detail", kwargs={"pk": item.pk})

    def item_guid(self, item: Decision) -> str:
        return f"decision:{item.pk}:{item.reference}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Decision) -> dt.datetime | None:
        return _start_of(item.published_on)

    def item_updateddate(self, item: Decision) -> dt.datetime | None:
        return _start_of(item.published_on)

    def item_categories(self, item: Decision) -> tuple[str, ...]:
        return (item.get_decision_maker_display(),)
