"""What a log entry may carry, recognised by content (``residence.attachments.check``): office
documents whatever the order of the parts in their zip (Word with SharePoint's customXml parts, a
preview picture, LibreOffice's order), and no zip, text or program that only carries an office
document's name."""

import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from residence import attachments

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"


def package(*parts, mimetype=None):
    """A zip with ``parts`` (name, or (name, bytes)) in this order; ODF's stored mimetype first."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        for part in parts:
            name, content = part if isinstance(part, tuple) else (part, b"<x/>" * 40)
            archive.writestr(name, content)
    return buffer.getvalue()


OFFICE = [
    ("kort.docx", package("[Content_Types].xml", "_rels/.rels", "word/document.xml"), DOCX),
    (
        "sharepoint.docx",
        package(
            "[Content_Types].xml",
            "_rels/.rels",
            "customXml/item1.xml",
            "customXml/itemProps1.xml",
            "customXml/_rels/item1.xml.rels",
            "docProps/app.xml",
            "docProps/core.xml",
            "word/document.xml",
        ),
        DOCX,
    ),
    (
        "voorbeeld.docx",
        package(
            "[Content_Types].xml",
            "_rels/.rels",
            ("docProps/thumbnail.jpeg", os.urandom(20_000)),
            "word/document.xml",
        ),
        DOCX,
    ),
    ("begroting.xlsx", package("_rels/.rels", "docProps/app.xml", "xl/workbook.xml"), XLSX),
    ("dia.pptx", package("[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml"), PPTX),
    ("notulen.odt", package("META-INF/manifest.xml", "content.xml", mimetype=ODT), ODT),
]


@pytest.mark.parametrize("name, content, mime", OFFICE, ids=[case[0] for case in OFFICE])
def test_office_documents_are_recognised_whatever_the_order_of_their_parts(name, content, mime):
    assert attachments.check(SimpleUploadedFile(name, content)) == (mime, name)


@pytest.mark.parametrize(
    "name, content",
    [
        ("archief.docx", package("foto.png", "virus.exe")),  # a zip, named as Word
        ("tabel.xlsx", package("[Content_Types].xml", "word/document.xml")),  # Word, named as Excel
        ("notulen.odt", package("content.xml", mimetype="application/x-evil")),
        ("kapot.docx", b"PK\x03\x04" + b"\x00" * 200),  # not a zip that opens
        ("tekst.docx", b"gewoon tekst"),
    ],
)
def test_what_only_carries_an_office_name_is_refused(name, content):
    with pytest.raises(ValidationError) as error:
        attachments.check(SimpleUploadedFile(name, content))
    assert "attachment" in error.value.error_dict
