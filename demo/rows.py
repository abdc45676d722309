"""Rows found by their natural key and saved only when something differs.

Loading twice therefore writes nothing (and adds no history rows). The tally says what a load created,
updated or found as it was.
"""

from collections import Counter, defaultdict
from typing import Any, TypeVar

from django.db import models

CREATED, UPDATED, UNCHANGED = "created", "updated", "already present"

ModelT = TypeVar("ModelT", bound=models.Model)


class Tally:
    """What the run did, per model: rows created, updated and found as they were."""

    def __init__(self) -> None:
        self.counts: dict[type[models.Model], Counter] = defaultdict(Counter)

    def record(self, model: type[models.Model], outcome: str) -> None:
        self.counts[model][outcome] += 1

    def lines(self) -> list[str]:
        return [
            f"  {model._meta.verbose_name_plural}: "
            + ", ".join(f"{counts[outcome]} {outcome}" for outcome in (CREATED, UPDATED, UNCHANGED) if counts[outcome])
            for model, counts in self.counts.items()
        ]


def apply_values(instance: models.Model, values: dict[str, Any]) -> bool:
    """Set the values that differ and save only those; say whether anything was saved."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save(update_fields=changed)
    return bool(changed)


def upsert(tally: Tally, model: type[ModelT], lookup: dict[str, Any], values: dict[str, Any] | None = None) -> ModelT:
    """Find the row by its natural key and bring it up to date, or create it."""
    values = values or {}
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model._default_manager.create(**lookup, **values)
        tally.record(model, CREATED)
    else:
        tally.record(model, UPDATED if apply_values(instance, values) else UNCHANGED)
    return instance
