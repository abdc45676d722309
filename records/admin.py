"""Back office for signed records: each decision's sealing state (a failed seal can be tried again) and the sealed
PDFs, which only the sealing service writes."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from decisions.admin import ServiceRecordAdmin
from records.models import DecisionSeal, SealedDocument, SealStatus
from records.sealing import decision_seal


@admin.register(DecisionSeal)
class DecisionSealAdmin(ServiceRecordAdmin, admin.ModelAdmin):
    list_display = ["decision", "status", "attempts", "last_attempt_at", "error"]
    list_filter = ["status"]
    list_select_related = ["decision"]
    search_fields = ["decision__reference", "decision__title"]
    readonly_fields = ["decision", "status", "attempts", "last_attempt_at", "error"]
    actions = ["seal_again"]

    @admin.action(description=_("Try sealing again"), permissions=["reseal"])
    def seal_again(self, request, queryset):
        for seal in queryset.select_related("decision"):
            result = decision_seal(decision_id=seal.decision_id)
            if result.status == SealStatus.SEALED:
                self.message_user(request, _("%(reference)s sealed.") % {"reference": seal.decision.reference})
            else:
                self.message_user(
                    request,
                    _("%(reference)s could not be sealed: %(error)s")
                    % {"reference": seal.decision.reference, "error": result.error},
                    messages.ERROR,
                )

    def has_reseal_permission(self, request) -> bool:
        return request.user.is_superuser


@admin.register(SealedDocument)
class SealedDocumentAdmin(ServiceRecordAdmin, admin.ModelAdmin):
    list_display = ["decision", "variant", "sealed_at", "page_count", "size_bytes", "sha256", "download"]
    list_filter = ["variant"]
    list_select_related = ["decision"]
    search_fields = ["decision__reference", "sha256"]
    readonly_fields = [
        "decision",
        "variant",
        "sha256",
        "size_bytes",
        "page_count",
        "sealed_at",
        "certificate_subject",
        "content_hash",
        "download",
    ]
    exclude = ["file", "certificate_pem"]

    @admin.display(description=_("download"))
    def download(self, document: SealedDocument) -> str:
        url = reverse("records:document", args=[document.decision_id, document.variant])
        return format_html('<a href="{}">{}</a>', url, document.download_name)
