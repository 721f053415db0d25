"""/beheer/: importing an HSDS data package (a gemeente's sociale kaart) into the directory, for
staff with the permission ``opendata.import_hsds``, through the same service as the management command
(``opendata.services.hsds_import``); the report (created, updated, unchanged, rejected with the
reason) is shown on the page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from opendata.forms import HsdsImportForm
from opendata.services import hsds_import

PERMISSION = "opendata.import_hsds"


class HsdsImportView(WagtailAdminTemplateMixin, FormView):
    form_class = HsdsImportForm
    template_name = "opendata/admin/hsds_import.html"
    page_title = _("Import HSDS data package")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            report = hsds_import(
                source=form.cleaned_data["package"],
                actor=self.request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as error:
            form.add_error("package", error.messages)
            return self.form_invalid(form)
        data = report.as_dict()
        tables = sorted(set(data["created"]) | set(data["updated"]) | set(data["unchanged"]))
        rows = [
            (t, data["created"].get(t, 0), data["updated"].get(t, 0), data["unchanged"].get(t, 0))
            for t in tables
        ]
        context = self.get_context_data(form=HsdsImportForm(), report=data, report_rows=rows)
        return self.render_to_response(context)


@hooks.register("register_admin_urls")
def register_hsds_import_url():
    return [path("open-data/hsds-import/", HsdsImportView.as_view(), name="opendata_hsds_import")]


class PermissionMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_settings_menu_item")
def register_hsds_import_menu_item():
    return PermissionMenuItem(
        _("Import HSDS data package"), reverse("opendata_hsds_import"), icon_name="download", order=900
    )
