from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _forget_financial_years(**signal) -> None:
    """A decision changed: the lists' financial years are read again, now and once the change is committed (so that
    no page read in between keeps the old ones)."""
    from decisions.selectors import forget_financial_years

    forget_financial_years()
    transaction.on_commit(forget_financial_years, using=signal.get("using"))


class DecisionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "decisions"

    def ready(self) -> None:
        decision = self.get_model("Decision")
        post_save.connect(_forget_financial_years, sender=decision, dispatch_uid="decisions-forget-years-saved")
        post_delete.connect(_forget_financial_years, sender=decision, dispatch_uid="decisions-forget-years-deleted")
