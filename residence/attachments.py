"""What a log entry may carry: a PDF, an office document or an image, recognised by its content (the
first bytes, ``filetype``; for an office document whose zip has other parts first, the parts its zip
lists), never by its name, and at most ``RESIDENCE_ATTACHMENT_MAX_BYTES``. The
file is stored under a random name in the private storage (``residence.storage``); the name the
person gave it is kept apart, cleaned, for the download."""

import os
import re
import uuid
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# mime type -> the extensions a file of that kind may carry
ALLOWED = {
    "application/pdf": ("pdf",),
    "application/msword": ("doc",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.ms-excel": ("xls",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.ms-powerpoint": ("ppt",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
    "application/vnd.oasis.opendocument.presentation": ("odp",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
}
WRONG_TYPE = _(
    "This file is not a PDF, office document or image. Choose a PDF, Word, Excel, PowerPoint, "
    "OpenDocument, PNG, JPEG, GIF or WebP file."
)
HEAD_BYTES = 8192
# Office Open XML: the part that makes a zip a document of this type (next to "[Content_Types].xml").
OOXML_MAIN_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ODF_TYPES = {mime for mime in ALLOWED if mime.startswith("application/vnd.oasis.opendocument.")}
ZIP_MAX_PARTS = 10_000


def max_bytes():
    return settings.RESIDENCE_ATTACHMENT_MAX_BYTES


def clean_name(name):
    """The file name as the person gave it, without folders or characters that break a header."""
    name = os.path.basename(str(name or "").replace("\\", "/"))
    name = re.sub(r"[^\w.\- ()]+", "_", name).strip(" .") or "bijlage"
    return name[-150:]


def check(upload):
    """(mime type, clean name) of ``upload``, or a ValidationError on the field ``attachment``."""
    if upload.size > max_bytes():
        raise ValidationError(
            {
                "attachment": _("The file is too large: at most %(size)s.")
                % {"size": filesizeformat(max_bytes())}
            }
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in (None, "application/zip"):
        # filetype looks only at the first parts of a zip; an office document may have others first
        mime = _office_package_type(upload) or mime
    name = clean_name(upload.name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if mime not in ALLOWED or extension not in ALLOWED[mime]:
        raise ValidationError({"attachment": WRONG_TYPE})
    return mime, name


def _office_package_type(upload):
    """The type of an office document by the parts its zip lists (its directory: nothing is unpacked
    but ODF's "mimetype" of a few bytes), or None when it is no office document."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
            if len(parts) > ZIP_MAX_PARTS:
                return None
            names = {part.filename for part in parts}
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared in ODF_TYPES:
                    return declared
            found = {mime for part, mime in OOXML_MAIN_PARTS.items() if part in names}
            if "[Content_Types].xml" in names and len(found) == 1:
                return found.pop()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    return None


def stored_file(upload, mime):
    """The upload as a File under a random name with the extension of its real type."""
    return File(upload, name=f"{uuid.uuid4().hex}.{ALLOWED[mime][0]}")
