"""The pages every public service has, linked from every page's footer: accessibility, privacy, cookies, contact and
freedom of information. Open to anyone, signed in or not; what is particular to the office comes from settings."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET


def office() -> dict:
    """The office's name and how to reach it, as the service pages print them."""
    postal = [line.strip() for line in settings.FOI_POSTAL_ADDRESS.split(",") if line.strip()]
    return {
        "office_name": settings.OFFICE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "foi_email": settings.FOI_EMAIL,
        "foi_postal_address": postal,
        "dpo_email": settings.DPO_EMAIL,
    }


def _page(template: str, **extra):
    @require_GET
    def view(request):
        return render(request, f"core/{template}.html", {**office(), **extra})

    view.__name__ = template.replace("-", "_")
    return view


accessibility = _page("accessibility")
contact = _page("contact")
freedom_of_information = _page("freedom_of_information")


@require_GET
def privacy(request):
    context = {
        **office(),
        "sign_in_records_days": settings.SIGN_IN_RECORDS_DAYS,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }
    return render(request, "core/privacy.html", context)


@require_GET
def cookies(request):
    context = {
        **office(),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "csrf_days": settings.CSRF_COOKIE_AGE // 86400,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        "session_ends_at_close": settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
    }
    return render(request, "core/cookies.html", context)
