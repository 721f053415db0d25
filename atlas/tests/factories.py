"""Atlas pages for tests: created under their section index with Wagtail's tree API."""

import datetime

from atlas.models import LessonIndexPage, LessonPage, NewsIndexPage, NewsPage, original

_counter = {"n": 0}


def _slug(prefix):
    _counter["n"] += 1
    return f"{prefix}-{_counter['n']}"


def news_page(*, title="Nieuws uit het netwerk", themes=(), date=None, live=True, **fields):
    index = original(NewsIndexPage)
    page = NewsPage(
        title=title,
        slug=fields.pop("slug", None) or _slug("nieuws"),
        date=date or datetime.date(2026, 11, 1),
        intro=fields.pop("intro", "Een bericht uit het netwerk."),
        live=live,
        **fields,
    )
    index.add_child(instance=page)
    if themes:
        page.themes.set(themes)
        page.save()
    return page


def lesson_page(
    *,
    title="Begin klein, maar begin wel",
    kind=LessonPage.Kind.COLLABORATION,
    themes=(),
    areas=(),
    neighbourhoods=(),
    organisations=(),
    deals=(),
    live=True,
    **fields,
):
    index = original(LessonIndexPage)
    page = LessonPage(
        title=title,
        slug=fields.pop("slug", None) or _slug("les"),
        kind=kind,
        intro=fields.pop("intro", "Wat we leerden."),
        live=live,
        **fields,
    )
    index.add_child(instance=page)
    for name, values in (
        ("themes", themes),
        ("areas", areas),
        ("neighbourhoods", neighbourhoods),
        ("organisations", organisations),
        ("deals", deals),
    ):
        if values:
            getattr(page, name).set(values)
    page.save()
    return page
