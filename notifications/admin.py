"""The back office's read-only view of every message made and of each person's choices: written only by the
service, never added, changed or deleted here."""

from django.contrib import admin

from notifications.models import Notification, NotificationPreference

NOTIFICATION_FIELDS = [
    "recipient",
    "kind",
    "decision",
    "subject",
    "body",
    "created_at",
    "status",
    "attempts",
    "last_error",
    "sent_at",
    "next_attempt_at",
    "digest",
    "occasion",
]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "decision", "status", "sent_at", "attempts"]
    list_display_links = ["created_at", "recipient"]
    list_filter = ["status", "kind"]
    list_select_related = ["recipient", "decision"]
    search_fields = [
        "recipient__username",
        "recipient__email",
        "recipient__last_name",
        "decision__reference",
        "subject",
    ]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    fields = NOTIFICATION_FIELDS
    readonly_fields = NOTIFICATION_FIELDS


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "mode", "updated_at"]
    list_filter = ["kind", "mode"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    ordering = ["user__username", "kind"]
    fields = ["user", "kind", "mode", "updated_at"]
    readonly_fields = fields
