"""Public uploads (organisation logos, Wagtail images and their renditions) served by the app itself
when they are stored on local disk (``MEDIA_STORAGE=local``, the default), with ``DEBUG`` off as on.

Only the folders below are public. Wagtail's documents (``documents/``) are not: they are served
through Wagtail's own view at ``/documenten/``, which applies their collection's privacy. The file is
streamed by Django's static-file view (safe path joining, content type from the extension,
Last-Modified and If-Modified-Since, no directory listing); every other path answers 404.

Uploaded names are never reused for other content (the storage adds a suffix to a taken name), so a
browser or a proxy may keep a file for a day. With object storage (``MEDIA_STORAGE=s3``) the files are
served by the object store or its CDN instead, and this view is not routed."""

import posixpath

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views import static
from django.views.decorators.http import require_safe

PUBLIC_FOLDERS = ("logos/", "original_images/", "images/")
MAX_AGE = 24 * 60 * 60


@require_safe
def serve_public_media(request, path):
    # Anything that is not a plain relative path into a public folder ("..", "./", "//", a NUL byte, a
    # folder of its own) is refused before the file system is asked.
    if "\x00" in path or posixpath.normpath(path) != path or not path.startswith(PUBLIC_FOLDERS):
        raise Http404
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    response["X-Content-Type-Options"] = "nosniff"
    return response
