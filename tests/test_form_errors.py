"""Every front-end form, sent empty and sent with invalid input, answers with the error summary.

On the demo data the test crawls the site as the people who use the forms (with the crawler of
``test_fuzz_input``) and sends each POST form that has something to type twice:

- empty (hidden fields as the page set them): the page that comes back has one error summary at the
  top of the form, focused on load (``autofocus``), its title starts with "Fout: ", each link in it
  jumps to an element of the page, and every field marked invalid is linked from it;
- with the same text typed in every text field (wrong in a date, number or e-mail field): when the
  form refuses it, every typed value is still there (passwords excepted, on purpose).

Forms that accept the input (nothing required) are counted but not checked further.
"""

import pytest
from bs4 import BeautifulSoup

from tests.test_fuzz_input import DESTRUCTIVE, START_PAGES, _client, _crawl

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(600)]

TYPED = "Bewaard ✓ 42"  # in a date, number or e-mail field it is wrong, and still kept
MORE_START_PAGES = {
    "initiatiefnemer": ["/idee/nieuw/", "/kompas/", "/schouw/", "/residentie/", "/agenda/"],
    "partner": ["/kompas/", "/kompas/nieuw/", "/deals/mijn/", "/schouw/", "/residentie/"],
    "netwerkmanager": ["/idee/overzicht/", "/kompas/", "/agenda/"],
    None: ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/idee/nieuw/"],
}
# The routes the crawl must reach, per person: the test fails when the site changes so that it no
# longer finds them (then the list or the start pages need an update).
MUST_REACH = {
    "initiatiefnemer": [
        "deals/start/",
        "deals/<slug:slug>/bewerken/",
        "deals/<slug:slug>/partners/<int:pk>/inbreng/",
        "deals/<slug:slug>/stap/<str:step>/",
        "marktplaats/plaatsen/",
        "partijen/registreren/",
        "verhalen/insturen/",
        "accounts/profiel/",
        "residentie/deal/<slug:slug>/nieuw/",
        "idee/nieuw/",
    ],
    "partner": [
        "kompas/nieuw/",
        "kompas/voorstellen/<slug:slug>/bewerken/",
        "kompas/maatregelen/<int:pk>/voortgang/",
    ],
    "netwerkmanager": [
        "marktplaats/<int:pk>/melden/",
        "marktplaats/<int:pk>/verbergen/",
        "deals/<slug:slug>/voorstellen/",
    ],
    None: ["accounts/login/", "accounts/signup/", "accounts/password/reset/", "idee/nieuw/"],
}


def _check_error_page(response, problems, where):
    soup = BeautifulSoup(response.content, "html.parser")
    summaries = soup.select("[data-error-summary]")
    if len(summaries) != 1:
        problems.append((where, f"{len(summaries)} error summaries"))
        return soup
    summary = summaries[0]
    if not summary.has_attr("autofocus") or summary.get("tabindex") != "-1":
        problems.append((where, "summary does not take the focus"))
    title = soup.title.get_text() if soup.title else ""
    if not title.startswith("Fout: "):
        problems.append((where, f"title {title!r}"))
    linked_names = set()
    for link in summary.find_all("a", href=True):
        target = soup.find(id=link["href"].lstrip("#"))
        if target is None:
            problems.append((where, f"summary link {link['href']} leads nowhere"))
        elif target.get("name"):
            linked_names.add(target["name"])
    invalid = {element.get("name") for element in soup.select('[aria-invalid="true"][name]')}
    if invalid - linked_names:
        problems.append((where, f"invalid fields not in the summary: {sorted(invalid - linked_names)}"))
    return soup


@pytest.mark.parametrize("who", ["initiatiefnemer", "partner", "netwerkmanager", None])
def test_every_form_shows_the_error_summary_and_keeps_typed_values(demo_data, who):
    client = _client(who)
    forms, _pages = _crawl(client, START_PAGES.get(who, []) + MORE_START_PAGES[who])
    problems, checked, accepted = [], set(), set()
    posts = sorted(
        ((key[1], action, fields) for key, (method, action, fields) in forms.items() if method == "post"),
        key=lambda item: any(word in item[1] for word in DESTRUCTIVE),
    )
    for route, action, fields in posts:
        typeable = [name for name, kind, _value in fields if kind == "text"]
        if not typeable:
            continue  # a button that acts (remove, accept …): nothing to fill in
        hidden = {name: value for name, kind, value in fields if kind == "hidden"}
        empty = client.post(action, hidden | dict.fromkeys(typeable, ""))
        if empty.status_code in (301, 302, 303):
            accepted.add(route)
            continue
        if empty.status_code != 200:
            problems.append((route, f"empty: status {empty.status_code}"))
            continue
        checked.add(route)
        _check_error_page(empty, problems, f"{route} (empty)")
        typed = client.post(action, hidden | dict.fromkeys(typeable, TYPED))
        if typed.status_code != 200:
            continue  # accepted with every text filled in
        soup = _check_error_page(typed, problems, f"{route} (typed)")
        for name in typeable:
            element = soup.find(["input", "textarea"], attrs={"name": name})
            if element is None or element.get("type") == "password":
                continue
            shown = element.get_text() if element.name == "textarea" else element.get("value", "")
            if shown.strip("\r\n") != TYPED:
                problems.append((route, f"{name} shows {shown[:40]!r} after typing {TYPED!r}"))
    missing = [route for route in MUST_REACH[who] if route not in checked | accepted]
    assert missing == []
    assert checked, "no form answered with errors"
    assert problems == []
