from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KompasConfig(AppConfig):
    name = "kompas"
    verbose_name = _("Kompas")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kompas import (
            discovery,
            exports,  # noqa: F401 - registers its sections of "download my data"
            tasks,  # noqa: F401 - registers the report's fan-out (reisgids.notifications.once)
        )
        from kompas.models import ProposalComment
        from reisgids.comments import register_moderation

        register_moderation(
            ProposalComment,
            permission="kompas.change_proposalcomment",
            audit_action="kompas.comment.hide",
            notification_kind="kompas",
        )
        discovery.register()  # search type, sitemap section (reisgids.registries)
