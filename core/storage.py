"""Private file storage for sealed PDFs: kept apart from uploads and never given a public URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class SealedStorage(FileSystemStorage):
    """Files under ``settings.SEALED_ROOT``, read from settings each time so tests can point it elsewhere."""

    @property
    def base_location(self) -> str:
        return str(settings.SEALED_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Sealed documents are served only by views that check permissions.")


_sealed_storage = SealedStorage()


def sealed_storage() -> SealedStorage:
    return _sealed_storage
