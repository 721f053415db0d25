"""The facts of the accessibility statement (/toegankelijkheid/) after the model of the Dutch
government (toegankelijkheidsverklaring.nl, digitoegankelijk.nl): who is responsible, for which site,
the compliance status with its own wording, the date, who signed it, a direct contact with the time to
an answer, and the register. The values come from the environment (``reisgids.settings``: the
``PLATFORM_ORGANISATION`` and ``ACCESSIBILITY_*`` variables); the editor's text of the page explains
what was done and what is not in order yet."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The slug of the standard page that is the statement (atlas.content.ACCESSIBILITY, the URL "accessibility").
STATEMENT_SLUG = "toegankelijkheid"

# Each status with its name and what it means (digitoegankelijk.nl, "De status"): a status always
# comes with its own wording, never another status's.
STATUSES = {
    "A": (
        _("A – fully compliant"),
        _(
            "A complete study of the whole site, less than three years old, found that it meets all "
            "requirements."
        ),
    ),
    "B": (
        _("B – partially compliant"),
        _(
            "A complete study of the whole site, less than three years old, found that it does not meet "
            "all requirements yet. For every deviation we describe the cause, the measures and when they "
            "will be done."
        ),
    ),
    "C": (
        _("C – first measures taken"),
        _(
            "There is no complete study of the site yet; one is planned within six months. Until then "
            "the site may have problems that we do not know of."
        ),
    ),
    "D": (
        _("D – does not comply"),
        _("There is no complete study of the site, and none is planned yet."),
    ),
}


def statement_facts():
    """The statement's facts for ``atlas/_statement_facts.html``."""
    status, status_meaning = STATUSES[settings.ACCESSIBILITY_STATUS]
    return {
        "organisation": settings.PLATFORM_ORGANISATION,
        "domain": urlsplit(settings.SITE_URL).netloc,
        "site_url": settings.SITE_URL,
        "status": status,
        "status_meaning": status_meaning,
        "date": settings.ACCESSIBILITY_DATE,
        "signatory": settings.ACCESSIBILITY_SIGNATORY,
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "contact_url": reverse("contactpoint_list"),
        "response_days": settings.ACCESSIBILITY_RESPONSE_DAYS,
        "register_url": settings.ACCESSIBILITY_REGISTER_URL,
    }
