"""The home page at ``/``: a short start page for visitors, each signed-in person's next tasks by role, and a clear
page for someone signed in who holds no role yet."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from decisions.tasks import may_draft
from home.selectors import home_parts


@require_safe
def home(request):
    if not request.user.is_authenticated:
        return render(request, "home/start.html")
    parts = home_parts(request.user)
    if not parts:
        return render(request, "home/no_role.html")
    return render(request, "home/home.html", {"parts": parts, "may_draft": may_draft(request.user)})
