"""Where attachments of the residency log live: a private folder (``PRIVATE_MEDIA_ROOT``), never under
``MEDIA_ROOT``/``MEDIA_URL``, so no URL serves them except ``residence.views.attachment``, which checks
who asks. With several web nodes, ``PRIVATE_MEDIA_ROOT`` must be a shared volume."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @cached_property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError("Private files have no URL; they are served by a view that checks permission.")


_storage = PrivateStorage()


def private_storage():
    """The storage of the attachments (a callable, so migrations name this function)."""
    return _storage
