"""Back-office pieces shared by the domain apps."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

admin.site.site_header = _("Policing Grant Decisions")
admin.site.site_title = _("Policing Grant Decisions")
admin.site.index_title = _("Back office")


class HistoryAdmin(SimpleHistoryAdmin):
    """Shows each record's change history to anyone who may view it, and never reverts from it.

    Reverting writes an old version back over the row, status included, which would move a record
    along its workflow (or out of a frozen state) without the service that guards that move.
    """

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
