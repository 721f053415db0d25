"""What the open-data app keeps of its own: the HSDS identifiers an import brought in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HsdsIdentifier(models.Model):
    """The HSDS ``id`` (a UUID) of a row that an HSDS import created or updated, so a second import of
    the same package updates that row instead of adding another, and an export names it the same."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("organisation")
        INSTRUMENT = "instrument", _("policy instrument")
        CONTACT_POINT = "contactpoint", _("contact point")
        THEME = "theme", _("theme")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    hsds_id = models.UUIDField(_("HSDS identifier"))
    object_id = models.PositiveBigIntegerField(_("row"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("HSDS identifier")
        verbose_name_plural = _("HSDS identifiers")
        permissions = [("import_hsds", _("Can import an HSDS data package into the directory"))]
        constraints = [
            models.UniqueConstraint(fields=["kind", "hsds_id"], name="unique_hsds_id_per_kind"),
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_hsds_object_per_kind"),
        ]

    def __str__(self):
        return f"{self.kind} {self.hsds_id}"
