"""The front-office page where a signed-in person chooses which e-mails they get, and when."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.refusals import Refused
from notifications import services
from notifications.choices import DeliveryMode
from notifications.forms import PreferencesForm
from notifications.kinds import kinds_offered_to
from notifications.services import digest_hour


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """Your e-mail notifications: one question per kind of e-mail you may get; saving changes every answer or none."""
    kinds = kinds_offered_to(request.user)
    chosen = services.preferences_of(request.user)
    initial = {spec.kind.value: chosen.get(spec.kind.value, DeliveryMode.IMMEDIATELY) for spec in kinds}
    form = PreferencesForm(request.POST if request.method == "POST" else None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_save(user=request.user, choices=form.cleaned_data)
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Your e-mail notifications are saved."))
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "email": request.user.email, "digest_hour": f"{digest_hour():02d}:00"},
    )
