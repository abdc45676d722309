from django.apps import AppConfig


class RegisterConfig(AppConfig):
    """The public register of published decisions, publication deadlines and the governance due list."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "register"
    verbose_name = "Public register"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from decisions import hooks
        from decisions.models import Decision
        from register import providers
        from register.search import index_on_save, search

        providers.register()
        # The search of Part 1 words, for the auditor's portal and the back office too; its index is derived data,
        # written after each commit that signs or publishes a decision.
        hooks.search.register(search)
        post_save.connect(index_on_save, sender=Decision, dispatch_uid="register_search_index")
