"""The sealed-PDF panel of a decision's page on its own, which the page asks for while the decision is being
sealed (so the PDFs appear without a reload)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from decisions.selectors import decisions_visible_to
from records.providers import documents_panel


@never_cache
@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def seal_panel(request, pk: int):
    decision = get_object_or_404(decisions_visible_to(request.user), pk=pk)
    panel = documents_panel(request, decision)
    return render(request, panel.template_name, {"panel": {**panel.context, "fragment": True}})
