from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReisgidsConfig(AppConfig):
    name = "reisgids"
    verbose_name = _("Reisgids core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reisgids.caching import DIRECTORY, register_invalidation, register_namespace
        from reisgids.models import Area, ContactPoint, Instrument, Neighbourhood, Organisation, Theme

        # Names of organisations, themes, areas and instruments: shown on nearly every page.
        register_namespace(DIRECTORY, on_pages=True)
        register_invalidation(
            Area,
            ContactPoint,
            Instrument,
            Neighbourhood,
            Organisation,
            Theme,
            namespaces=(DIRECTORY,),
            m2m=True,
        )
        _escape_formulas_in_wagtail_csv()

        from reisgids import views
        from reisgids.caching import register_slot

        # The personal parts of shared pages, filled per request (reisgids.caching.slot).
        register_slot("header_tools", views.header_tools)
        register_slot("organisation_actions", views.organisation_actions)

        from reisgids import discovery

        discovery.register()  # search types and sitemap sections (reisgids.registries)


def _escape_formulas_in_wagtail_csv():
    """The CSV downloads of /beheer/ (reports, listings) are Wagtail's own: their cells go through the
    same rule as the site's (``reisgids.csvexport.safe_cell``), so a title typed by a member such as
    ``=HYPERLINK(…)`` is text in a spreadsheet. Wagtail's XLSX export already refuses formulas."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    from reisgids.csvexport import safe_cell

    preprocess = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_field_value(self, field, value, export_format):
        value = preprocess(self, field, value, export_format)
        return safe_cell(value) if export_format == self.FORMAT_CSV else value

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
