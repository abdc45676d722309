"""The words of each e-mail, from plain-text templates (``templates/notifications/email/``).

Every template is given only plain values chosen for it (a reference, a title, a date, a reason, a link), never a
decision or any other record, so no message can reach the confidential Part 2: its sections, their rationale for
non-publication or the titles of confidential papers.
"""

import datetime as dt
import re

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse

from decisions.models import Decision


def site_link(view_name: str, *args) -> str:
    """The full address of a page of the service, for a message (``SITE_URL`` and the page's path)."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse(view_name, args=args)}"


def preferences_link() -> str:
    return site_link("notifications:preferences")


def uk_date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def person_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def about(decision: Decision) -> dict[str, str]:
    """What every message about a decision may say of it: its reference, title and body (all Part 1)."""
    return {"reference": decision.reference, "title": decision.title, "body": decision.policing_body.name}


def _render(template_name: str, context: dict) -> str:
    # Plain text: nothing is escaped for HTML.
    return get_template(template_name).template.render(Context(context, autoescape=False))


def _tidy(text: str) -> str:
    """No trailing spaces, no more than one empty line in a row, one newline at the end."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def render_message(kind: str, context: dict) -> tuple[str, str]:
    """(subject, text) of a message of ``kind``: the text without the closing lines (see :func:`with_footer`)."""
    subject = " ".join(_render(f"notifications/email/{kind}_subject.txt", context).split())
    return subject[:300], _tidy(_render(f"notifications/email/{kind}.txt", context))


def with_footer(text: str, *, recipient_name: str) -> str:
    """A whole e-mail: the greeting, the text and how to change what is sent."""
    context = {"text": text, "recipient_name": recipient_name, "preferences_link": preferences_link()}
    return _tidy(_render("notifications/email/message.txt", context))


def digest_message(items, *, recipient_name: str, day: dt.date) -> tuple[str, str]:
    """(subject, text) of the daily digest carrying ``items`` (each one's subject and text, in order)."""
    context = {
        "items": [{"subject": item.subject, "text": item.body.strip()} for item in items],
        "count": len(items),
        "day": uk_date(day),
        "recipient_name": recipient_name,
        "preferences_link": preferences_link(),
    }
    subject = " ".join(_render("notifications/email/digest_subject.txt", context).split())
    return subject[:300], _tidy(_render("notifications/email/digest.txt", context))
