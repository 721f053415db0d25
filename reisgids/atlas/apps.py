from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtlasConfig(AppConfig):
    name = "reisgids.atlas"
    label = "atlas"
    verbose_name = _("Atlas")
    default_auto_field = "django.db.models.BigAutoField"
