"""Text fields with a bound that the model enforces, not only the form."""

from django.core.validators import MaxLengthValidator
from django.db import models


class BoundedTextField(models.TextField):
    """A ``TextField`` whose ``max_length`` is checked by ``full_clean()`` too (Django's checks it only in forms), so a
    service that validates a record refuses text too long to lay out, with the field's own message."""

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))
