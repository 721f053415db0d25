"""A stand-in for the next app (residence, schouw, kompas): it plugs into the portal only by
registering from its own ``ready()``. It is installed by ``tests/test_plugin_discovery.py`` alone
(``modify_settings``), never by the project's settings."""

from django.apps import AppConfig

NAMESPACE = "proefplugin"
PREFIX = "Proefplugin"


def plugin_organisations():
    from reisgids.models import Organisation

    return Organisation.objects.filter(name__startswith=PREFIX).order_by("name")


def export_plugin(user):
    return {"email": user.email}


class PluginAppConfig(AppConfig):
    name = "tests.pluginapp"
    label = "pluginapp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reisgids.accounts.exports import register_export_section
        from reisgids.caching import register_namespace
        from reisgids.registries import (
            ModelType,
            SectionSitemap,
            register_home_block,
            register_search_type,
            register_section_feed,
            register_sitemap_section,
        )

        class PluginSitemap(SectionSitemap):
            url_name = "organisation_detail"

            def items(self):
                return plugin_organisations().order_by("pk")

        register_namespace(NAMESPACE, on_pages=True)
        register_home_block(
            "proefplugin",
            template="pluginapp/home_block.html",
            items=lambda: list(plugin_organisations()),
            namespaces=(NAMESPACE,),
        )
        register_search_type(
            ModelType(
                "proefplugin",
                "Proefplugin-resultaten",
                "name",
                ("summary", "description"),
                queryset=plugin_organisations,
            )
        )
        register_sitemap_section("proefplugin", PluginSitemap)
        register_section_feed(
            "/partijen/", "Proefplugin-feed", rss="/proefplugin/feed/", atom="/proefplugin/atom/"
        )
        register_export_section("proefplugin")(export_plugin)

        from reisgids.datasets import Dataset, id_field, name_field, register_dataset

        register_dataset(
            Dataset(
                key="proefplugin",
                title="Proefplugin-dataset",
                description="Rijen van de proefplugin.",
                rows=plugin_organisations,
                fields=(id_field(), name_field()),
                lookup="id",
                lookup_type=int,
                namespaces=(NAMESPACE,),
            )
        )
