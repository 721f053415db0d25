"""Fuzz: nasty input in every front-end form and every list filter never gives a 5xx.

On the demo data, the test crawls the site as people who may use the forms (the initiatiefnemer, who
is beheerder and trekker; the netwerkmanager, who moderates; a visitor for sign-up and sign-in) and
collects every page and form it meets: each form's action and fields, once per URL pattern and set
of fields.
Then it sends a bounded, fixed set of nasty values (a NUL byte, control characters, very long
text, RTL and emoji, ``²`` and other digits that are not ASCII, ``%``, SQL and HTML snippets, huge and
negative numbers, impossible dates, and a few seeded random strings over all of Unicode):

- each POST form: every text field set to each value (the other fields as the page filled them in,
  so the input gets past the form to the services and the database), and every field, hidden ones
  and choices too, set to a few of them;
- each GET form (the filters of the lists): every parameter set to each value, with a page number;
- each page: the query parameters that views read themselves (``thema``, ``op``, ``page`` ...) set
  to a few of them.

Any answer of 500 or more fails the test, listed with its address and value. No timing and no
randomness between runs; it takes some tens of seconds.
"""

import random
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import Resolver404, resolve

from reisgids.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(300)]


def _random_strings(count):
    """Seeded, so every run sends the same: code points from the whole of Unicode but surrogates."""
    rng = random.Random(20261130)
    points = [*range(0x0, 0xD800), *range(0xE000, 0x110000)]
    return ["".join(chr(rng.choice(points)) for _ in range(rng.randint(1, 40))) for _ in range(count)]


NASTY = [
    "tekst\x00met een nul",
    "\x01\x08\x0b\x1b[31m\x7f\x85\x9f",
    "\t\r\n",
    "x" * 5000,
    "²",
    "٣",
    "%",
    "' OR '1'='1'; DROP TABLE deals_deal; --",
    "<script>alert(1)</script>{{ 7|add:7 }}",
    "\u202egnp.exe \u200f שלום 🙂👨‍👩‍👧",
    "9" * 40,
    "-1",
    "2026-02-30",
    *_random_strings(2),
]
# Every field of a form, hidden ones and choices too; and the query parameters that views read
# themselves (the theme to start a deal with, the comment to reply to, a page number ...).
NASTY_EVERYWHERE = ["\x00", "²", "9" * 40]
QUERY_PARAMETERS = ["thema", "op", "soort", "type", "page", "pagina", "p", "next", "q"]
TEXT_INPUTS = {"text", "email", "url", "search", "password", "number", "date", "datetime-local", "tel"}

START_PAGES = {
    "initiatiefnemer": [
        "/deals/mijn/",
        "/deals/start/",
        "/deals/in-de-maak/",
        "/marktplaats/",
        "/marktplaats/plaatsen/",
        "/marktplaats/volgen/",
        "/partijen/",
        "/partijen/logeerhuis-de-buren/",  # theirs: the way to edit it (the crawl may not get there first)
        "/partijen/wmo-radar/",  # not theirs: the way to ask to join (the crawl may not get there first)
        "/partijen/registreren/",
        "/verhalen/",
        "/verhalen/insturen/",
        "/accounts/profiel/",
        "/accounts/profiel/verwijderen/",
        "/meldingen/",
        "/zoeken/?q=zorg",
    ],
    "netwerkmanager": ["/deals/in-de-maak/", "/marktplaats/", "/verhalen/"],
    None: [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/deals/",
        "/aanspreekpunten/",
        "/instrumenten/",
        "/nieuws/",
        "/lessen/",
        "/agenda/",
    ],
}
SKIP_PREFIXES = ("/beheer/", "/static/", "/media/", "/documenten/", "/en/", "/i18n/", "/accounts/logout/")
MAX_PAGES_PER_ROUTE = 3
MAX_PAGES = 120
# Forms whose success takes something away are sent last, so the others still find their objects.
DESTRUCTIVE = ("verwijderen", "intrekken", "stoppen", "annuleren", "afwijzen", "stap", "rol")


def _route(path):
    """The URL pattern of ``path``; for Wagtail's catch-all, its section and depth."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.route.startswith("^"):
        segments = [part for part in path.split("/") if part]
        return f"wagtail:{segments[0] if segments else ''}:{len(segments)}"
    return match.route


def _crawl(client, start):
    """The pages reachable from ``start`` ({route: one address}) and every form on them ({key:
    (method, action, fields as the page filled them in)})."""
    forms, pages, per_route, seen, queue = {}, {}, {}, set(), list(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        route = _route(path)
        if url in seen or route is None or path.startswith(SKIP_PREFIXES):
            continue
        if per_route.get(route, 0) >= MAX_PAGES_PER_ROUTE:
            continue
        seen.add(url)
        per_route[route] = per_route.get(route, 0) + 1
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages.setdefault(route, path)
        soup = BeautifulSoup(response.content, "html.parser")
        for link in soup.find_all("a", href=True):
            target = urljoin(url, link["href"]).split("#")[0]
            if target.startswith("/") and not target.startswith("//"):
                queue.append(target)
        for form in soup.find_all("form"):
            method = (form.get("method") or "get").lower()
            action = urljoin(url, form.get("action") or url).split("#")[0]
            action_path = urlsplit(action).path
            if action_path.startswith(SKIP_PREFIXES) or _route(action_path) is None:
                continue
            fields = _fields(form)
            key = (method, _route(action_path), tuple(sorted(name for name, _kind, _value in fields)))
            forms.setdefault(key, (method, action if method == "post" else action_path, fields))
    return forms, pages


def _fields(form):
    """[(name, kind, value)] as a browser would send the form untouched: a checked box or radio
    (the first radio of a group when none is), the selected or first option, the typed text."""
    fields, radios = [], set()
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if element.name == "textarea":
            fields.append((name, "text", element.get_text()))
        elif element.name == "select":
            options = element.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")] or [o for o in options if o.get("value")][
                :1
            ]
            fields.extend((name, "choice", option.get("value", option.get_text())) for option in chosen)
        else:
            kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                if kind == "submit" and element.get("value"):
                    fields.append((name, "choice", element["value"]))
                continue
            if kind == "radio":
                if name in radios:
                    continue
                group = form.find_all("input", attrs={"name": name, "type": "radio"})
                checked = [r for r in group if r.has_attr("checked")] or group[:1]
                radios.add(name)
                fields.append((name, "choice", checked[0].get("value", "on")))
            elif kind == "checkbox":
                if element.has_attr("checked"):
                    fields.append((name, "choice", element.get("value", "on")))
            else:
                fields.append((name, "text" if kind in TEXT_INPUTS else "hidden", element.get("value", "")))
    for button in form.find_all("button", attrs={"name": True}):
        fields.append((button["name"], "choice", button.get("value", "")))
    return fields


def _send(client, method, action, data, failures):
    response = client.post(action, data) if method == "post" else client.get(action, data)
    if response.streaming:
        try:
            b"".join(response.streaming_content)
        except Exception as error:  # noqa: BLE001 - any error while streaming is the failure itself
            failures.append((method, action, data, repr(error)))
            return
    if response.status_code >= 500:
        failures.append((method, action, {k: v[:60] for k, v in data.items()}, response.status_code))


def _fuzz_form(client, method, action, fields, failures):
    names = [name for name, _kind, _value in fields]
    if method == "get":
        for value in NASTY:
            _send(client, "get", action, {name: value for name in names} | {"page": value}, failures)
        return
    for value in NASTY:
        data = {}
        for name, kind, baseline in fields:
            data.setdefault(name, value if kind == "text" else baseline)
        _send(client, method, action, data, failures)
    for value in NASTY_EVERYWHERE:
        _send(client, method, action, dict.fromkeys(names, value), failures)


def _client(email):
    client = Client(raise_request_exception=False)
    if email:
        assert client.login(email=f"{email}@demo.reisgids.example", password=DEMO_PASSWORD)
    return client


REACHED = [
    "deals/start/",
    "deals/<slug:slug>/bewerken/",
    "deals/<slug:slug>/partners/<int:pk>/inbreng/",
    "deals/<slug:slug>/voorstellen/",
    "marktplaats/plaatsen/",
    "marktplaats/<int:pk>/reageren/",
    "marktplaats/<int:pk>/verbergen/",
    "marktplaats/volgen/",
    "partijen/registreren/",
    "partijen/<slug:slug>/bewerken/",
    "partijen/<slug:slug>/lid-worden/",
    "verhalen/insturen/",
    "verhalen/<slug:slug>/reageren/",
    "accounts/profiel/",
    "accounts/signup/",
    "accounts/login/",
]


def test_nasty_input_in_every_form_and_filter_never_gives_a_server_error(demo_data):
    failures, done = [], set()
    for who in ("initiatiefnemer", "netwerkmanager", None):
        client = _client(who)
        forms, pages = _crawl(client, START_PAGES[who])
        # Destructive forms last, so the others still find their objects.
        for key, (method, action, fields) in sorted(
            forms.items(), key=lambda item: any(word in item[1][1] for word in DESTRUCTIVE)
        ):
            if key not in done:
                done.add(key)
                _fuzz_form(client, method, action, fields, failures)
        for route, path in pages.items():
            if ("page", route) not in done:
                done.add(("page", route))
                for value in NASTY_EVERYWHERE:
                    _send(client, "get", path, dict.fromkeys(QUERY_PARAMETERS, value), failures)
    routes = {key[1] for key in done}
    assert [route for route in REACHED if route not in routes] == []
    assert failures == []
