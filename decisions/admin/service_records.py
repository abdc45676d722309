"""Rows only the workflow services write (sign-offs, audit events): readable in the back office, never added,
changed or deleted there."""

from django.contrib import admin

from core.admin import HistoryAdmin
from decisions.models import DecisionEvent, SignOff

SIGN_OFF_FIELDS = [
    "kind",
    "method",
    "printed_name",
    "printed_role",
    "statement",
    "interests_declared",
    "signed_on",
    "signed_at",
    "signer",
    "appointment",
    "client_address",
    "content_hash",
    "revision",
    "recorded_by",
    "voided_at",
    "voided_reason",
]
EVENT_FIELDS = ["at", "action", "from_status", "to_status", "actor", "client_address", "note", "content_hash"]


class ServiceRecordInline:
    """Rows written only by the workflow services (sign-offs, audit events): shown, never added, edited or removed."""

    def has_add_permission(self, request, obj) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SignOffInline(ServiceRecordInline, admin.StackedInline):
    model = SignOff
    fields = SIGN_OFF_FIELDS
    readonly_fields = SIGN_OFF_FIELDS
    extra = 0


class DecisionEventInline(ServiceRecordInline, admin.TabularInline):
    model = DecisionEvent
    fields = EVENT_FIELDS
    readonly_fields = EVENT_FIELDS
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class ServiceRecordAdmin:
    """Rows written only by the workflow services (sign-offs, audit events): read, never added, edited or deleted."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SignOff)
class SignOffAdmin(ServiceRecordAdmin, HistoryAdmin):
    list_display = [
        "decision",
        "kind",
        "printed_name",
        "printed_role",
        "signed_on",
        "signed_at",
        "method",
        "signer",
        "voided_at",
    ]
    list_display_links = ["kind", "printed_name"]
    list_filter = ["kind", "method", ("voided_at", admin.EmptyFieldListFilter)]
    list_select_related = ["decision", "signer"]
    search_fields = ["decision__reference", "printed_name", "printed_role", "content_hash"]
    date_hierarchy = "signed_on"
    fields = ["decision", *SIGN_OFF_FIELDS]


@admin.register(DecisionEvent)
class DecisionEventAdmin(ServiceRecordAdmin, admin.ModelAdmin):
    list_display = ["at", "decision", "action", "from_status", "to_status", "actor", "client_address"]
    list_display_links = ["at", "action"]
    list_filter = ["action", "to_status"]
    list_select_related = ["decision", "actor"]
    search_fields = ["decision__reference", "note", "content_hash", "actor__username"]
    date_hierarchy = "at"
    ordering = ["-at", "-pk"]
    fields = ["decision", *EVENT_FIELDS]
