"""A new app plugs into the portal by registering, without an edit in the portal (issue 10, item 2).

``tests.pluginapp`` is installed here only: the fixture adds it to Django's app registry the way
``django.setup()`` installs an app (``AppConfig.create``, its models, then its ``ready()``), next to
the apps already there. (``modify_settings(INSTALLED_APPS=...)`` would run every app's ``ready()``
again, which allauth's API refuses.) From its own ``ready()`` the plugin registers a home block, a
search type, a sitemap section, a feed link, a section of "download my data" and a cache namespace
shown on pages. Each appears on the portal's page that reads that registry. The registries are put
back afterwards, so no other test sees the plugin."""

import copy
import json

import pytest
from django.apps import AppConfig, apps
from django.conf import settings
from django.template.utils import get_app_template_dirs

from atlas.models import HomePage
from atlas.tests.helpers import html
from reisgids import caching, datasets, registries
from reisgids.accounts import exports
from reisgids.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

REGISTRIES = [
    (registries, "HOME_BLOCKS"),
    (registries, "SEARCH_TYPES"),
    (registries, "SITEMAP_SECTIONS"),
    (registries, "SECTION_FEEDS"),
    (exports, "EXPORT_SECTIONS"),
    (exports, "EXPORT_MODELS"),
    (caching, "NAMESPACES"),
    (caching, "INVALIDATIONS"),
    (datasets, "DATASETS"),
]


def install(name):
    config = AppConfig.create(name)
    config.apps = apps
    apps.app_configs[config.label] = config
    config.import_models()
    apps.clear_cache()
    get_app_template_dirs.cache_clear()
    config.ready()
    return config


def uninstall(config):
    del apps.app_configs[config.label]
    apps.clear_cache()
    get_app_template_dirs.cache_clear()


@pytest.fixture
def plugin():
    saved = [(module, name, copy.copy(getattr(module, name))) for module, name in REGISTRIES]
    config = install("tests.pluginapp")
    try:
        assert apps.is_installed("tests.pluginapp")
        yield OrganisationFactory(name="Proefplugin Buurtkeuken", summary="mantelzorg in de wijk")
    finally:
        uninstall(config)
        for module, name, value in saved:  # in place: other modules hold the same objects
            current = getattr(module, name)
            current.clear()
            current.update(value) if isinstance(current, dict) else current.extend(value)
    assert "proefplugin" not in registries.SEARCH_TYPES and "proefplugin" not in caching.NAMESPACES


def test_the_plugin_is_not_installed_by_the_project_settings():
    assert "tests.pluginapp" not in settings.INSTALLED_APPS and not apps.is_installed("tests.pluginapp")
    assert "proefplugin" not in registries.HOME_BLOCKS and "proefplugin" not in exports.EXPORT_SECTIONS


def test_the_plugins_home_block_shows_on_the_home_page(client, plugin):
    page = html(client, "/")
    assert "Uit de proef-app" in page and "Proefplugin Buurtkeuken" in page


def test_the_plugins_search_type_is_searched_and_shown_as_a_facet(client, plugin):
    page = html(client, "/zoeken/?q=buurtkeuken")
    assert "Proefplugin-resultaten" in page
    only = html(client, "/zoeken/?q=buurtkeuken&type=proefplugin")
    assert "Proefplugin Buurtkeuken" in only and plugin.get_absolute_url() in only


def test_the_plugins_sitemap_section_is_in_the_sitemap_index(client, plugin):
    index = client.get("/sitemap.xml").content.decode()
    assert f"{settings.SITE_URL}/sitemap-proefplugin.xml" in index
    section = client.get("/sitemap-proefplugin.xml").content.decode()
    assert f"{settings.SITE_URL}{plugin.get_absolute_url()}" in section


def test_the_plugins_feed_link_is_announced_in_the_head_of_its_section(client, plugin):
    page = html(client, "/partijen/")
    assert '<link rel="alternate" type="application/rss+xml" title="Proefplugin-feed (RSS)"' in page
    assert 'href="/proefplugin/atom/"' in page
    assert "Proefplugin-feed" not in html(client, "/deals/")


def test_the_plugins_section_is_in_download_my_data(client, plugin):
    user = UserFactory(email="proef@example.org")
    client.force_login(user)
    data = json.loads(client.post("/accounts/profiel/mijn-gegevens/").content)
    assert data["proefplugin"] == {"email": "proef@example.org"}


def test_the_plugins_cache_namespace_keys_the_kept_pages(client, plugin):
    """Anonymous pages (atlas.pagecache) and the home page's fragment are kept per version of every
    namespace shown on pages: a bump of the plugin's namespace alone shows the change."""
    assert "proefplugin" in caching.page_namespaces()
    home = HomePage.objects.get()
    html(client, "/")
    HomePage.objects.filter(pk=home.pk).update(intro="Zonder signaal geschreven")  # no signal, no bump
    assert "Zonder signaal geschreven" not in html(client, "/")
    caching.bump("proefplugin")
    assert "Zonder signaal geschreven" in html(client, "/")


def _reload_urls():
    import importlib

    from django.urls import clear_url_caches

    import opendata.api_urls
    import reisgids.urls

    importlib.reload(opendata.api_urls)  # the API is built from the dataset registry when its URLs load
    importlib.reload(reisgids.urls)
    clear_url_caches()


def test_the_plugins_dataset_is_open_data_in_the_api_the_downloads_and_the_catalogue(
    client, plugin, monkeypatch
):
    monkeypatch.setenv("NINJA_SKIP_REGISTRY", "1")  # the API is built a second time in this process
    assert 'id="proefplugin"' in html(client, "/open-data/")
    assert (
        "Proefplugin Buurtkeuken"
        in b"".join(client.get("/open-data/proefplugin.csv").streaming_content).decode()
    )
    catalogue = client.get("/open-data/catalogus.jsonld").json()
    assert any(d["@id"].endswith("#proefplugin") for d in catalogue["dcat:dataset"])
    _reload_urls()
    try:
        rows = client.get("/api/v1/proefplugin/").json()["results"]
        assert [row["name"] for row in rows] == ["Proefplugin Buurtkeuken"]
        assert "/api/v1/proefplugin/" in client.get("/api/v1/openapi.json").json()["paths"]
    finally:
        datasets.DATASETS.pop("proefplugin", None)
        _reload_urls()
