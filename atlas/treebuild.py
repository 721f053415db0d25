"""Pages created by data migrations (the home page and each section's index page), so every database,
from a fresh install to the tests, has the page tree without seeding. Works on historical models:
no treebeard methods, so the materialised path is computed here (Wagtail's steps are four base-36
digits)."""

STEP_LENGTH = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number):
    digits = ""
    for _ in range(STEP_LENGTH):
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits


def live_child_fields(parent, number, slug):
    """The tree and publication fields of a new live page, the ``number``-th child of ``parent``
    (real or historical model): shared by ``add_child_page`` and ``bulk.bulk_add_pages``."""
    return {
        "slug": slug,
        "path": parent.path + _step(number),
        "depth": parent.depth + 1,
        "numchild": 0,
        "url_path": f"{parent.url_path}{slug}/",
        "locale_id": parent.locale_id,
        "live": True,
        "has_unpublished_changes": False,
    }


def last_child_number(Page, parent):
    """The step number of ``parent``'s last child (0 without children)."""
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return int(last[-STEP_LENGTH:], 36) if last else 0


def home_page(apps):
    """The site's root page (an ``atlas.HomePage``) as a historical ``wagtailcore.Page``."""
    Site = apps.get_model("wagtailcore", "Site")
    root_page_id = Site.objects.get(is_default_site=True).root_page_id
    return apps.get_model("wagtailcore", "Page").objects.get(pk=root_page_id)


def add_child_page(apps, parent, model_label, *, title, slug, **fields):
    """Create a live page of ``model_label`` ("app.Model") under ``parent`` unless a child with that
    slug exists; returns the page."""
    Page = apps.get_model("wagtailcore", "Page")
    existing = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1, slug=slug).first()
    if existing:
        return existing
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, model_name = model_label.split(".")
    model = apps.get_model(app_label, model_name)
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model_name.lower())
    page = model.objects.create(
        title=title,
        draft_title=title,
        content_type=content_type,
        **live_child_fields(parent, last_child_number(Page, parent) + 1, slug),
        **fields,
    )
    siblings = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    Page.objects.filter(pk=parent.pk).update(numchild=siblings.count())
    return page


# Each section's index page under the home page, registered by its app (``AppConfig.ready``) as
# (model label, slug, title). The section's own data migration creates it with ``add_child_page``;
# ``ensure_site_tree`` puts back whatever is missing (a test database flushed by a transactional test).
SECTIONS = []


def register_section(model_label, *, slug, title):
    if (model_label, slug, title) not in SECTIONS:
        SECTIONS.append((model_label, slug, title))


# The English version of a page of the tree (the home page, a section index, a standard page),
# registered by the page's app as (model label, Dutch slug) -> its English fields (title, intro, body
# ...). ``atlas.demo.seed_english_pages`` writes them into the page's Wagtail translation (same slug,
# so the same path under /en/); a version an editor wrote is kept.
ENGLISH_VERSIONS = {}


def register_english_version(model_label, *, slug, **fields):
    ENGLISH_VERSIONS[(model_label, slug)] = fields


def ensure_site_tree(apps=None):
    """Make sure the locale, Wagtail's root, the home page with the default site and every registered
    section index exist; cheap when they do. Returns the home page (as ``wagtailcore.Page``)."""
    if apps is None:
        from django.apps import apps
    from django.conf import settings

    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and site.root_page.content_type.model == "homepage":
        home = site.root_page
    else:
        locale = Locale.objects.first() or Locale.objects.create(language_code=settings.LANGUAGE_CODE)
        root = Page.objects.filter(depth=1).first()
        if root is None:
            ContentType = apps.get_model("contenttypes", "ContentType")
            root = Page.objects.create(
                title="Root",
                draft_title="Root",
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
                path=_step(1),
                depth=1,
                numchild=0,
                url_path="/",
                locale=locale,
            )
        Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").delete()
        home = add_child_page(apps, root, "atlas.HomePage", title=HOME_TITLE, slug="home", intro=HOME_INTRO)
        Site.objects.filter(is_default_site=True).delete()
        Site.objects.create(
            hostname="localhost", port=80, site_name=HOME_TITLE, root_page=home, is_default_site=True
        )
    present = set(
        Page.objects.filter(depth=home.depth + 1, path__startswith=home.path).values_list("slug", flat=True)
    )
    for model_label, slug, title in SECTIONS:
        if slug in present:
            continue
        try:
            apps.get_model(model_label)
        except LookupError:
            # In a migration, a section whose app is migrated later: its own migration adds it.
            continue
        add_child_page(apps, Page.objects.get(pk=home.pk), model_label, title=title, slug=slug)
    return home


HOME_TITLE = "Reisgids zorg en welzijn"
HOME_INTRO = (
    "Op dit platform vinden de gemeente Rotterdam, bewonersinitiatieven, zorg- en welzijnsaanbieders en "
    "andere partners elkaar. Samen spreken ze een doel af, brengt ieder iets in en leren ze van wat werkt."
)
