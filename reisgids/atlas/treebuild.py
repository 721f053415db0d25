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
    siblings = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    last = siblings.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-STEP_LENGTH:], 36) + 1 if last else 1
    page = model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type,
        path=parent.path + _step(number),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        locale_id=parent.locale_id,
        live=True,
        has_unpublished_changes=False,
        **fields,
    )
    Page.objects.filter(pk=parent.pk).update(numchild=siblings.count())
    return page
