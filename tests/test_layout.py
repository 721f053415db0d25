"""The base layout, the shared form field markup, the static pages, the error pages and the built
stylesheet, checked on the HTML the server sends (the browser checks are in test_accessibility.py)."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from reisgids.templatetags.components import is_section

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
PUBLIC_STATIC_PAGES = ["/", "/toegankelijkheid/", "/privacy/", "/partijen/", "/aanspreekpunten/"]


def html_of(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize("path", PUBLIC_STATIC_PAGES)
def test_base_layout(client, path):
    html = html_of(client, path)
    assert re.search(r'<html lang="nl" class="rotterdam-theme">', html)
    body = html.split("<body", 1)[1]
    first_link = re.search(r"<a [^>]*>", body).group(0)
    assert "reisgids-skip-link" in first_link and 'href="#main"' in first_link
    assert '<main id="main"' in html and 'tabindex="-1"' in html
    assert 'href="/toegankelijkheid/"' in html and 'href="/privacy/"' in html
    assert re.search(r'<a [^>]*hreflang="en" lang="en">.*English</a>', html)
    assert '<nav class="reisgids-nav" aria-label="Hoofdmenu">' in html


@pytest.mark.parametrize("path", PUBLIC_STATIC_PAGES)
def test_no_inline_styles_or_scripts(client, path):
    """The Content-Security-Policy allows no inline code: nothing of the kind in our markup."""
    html = html_of(client, path)
    assert " style=" not in html
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_aria_current_marks_only_the_current_section(client):
    html = html_of(client, "/partijen/")
    current = re.findall(r'<a class="reisgids-nav__link" href="([^"]+)" aria-current="page">', html)
    assert current == ["/partijen/"]
    html = html_of(client, "/")
    assert re.findall(r'href="([^"]+)" aria-current="page"', html) == ["/"]


def test_is_section():
    assert is_section("/partijen/", "/partijen/")
    assert is_section("/partijen/de-roffabriek/", "/partijen/")
    assert not is_section("/partijen/", "/aanspreekpunten/")
    assert is_section("/", "/")
    assert not is_section("/partijen/", "/")
    assert not is_section("/partijen/", "")


def test_messages_area_is_a_status_region(client, django_user_model):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[CookieStorage.cookie_name] = storage._encode([Message(constants.SUCCESS, "Opgeslagen.")])
    html = html_of(client, "/privacy/")
    assert '<div class="reisgids-messages" role="status">' in html
    assert "utrecht-alert utrecht-alert--ok" in html and "Opgeslagen." in html


def test_a_refusal_message_is_the_error_summary_focused_and_in_the_title(client):
    """A button whose action is refused redirects with an error message: the page shows it as the
    error summary (focused, "Fout: " first in the title), not as a quiet status line; other
    messages stay in the status region."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[CookieStorage.cookie_name] = storage._encode(
        [
            Message(constants.ERROR, "Alleen een open aanvraag <kan> worden ingetrokken."),
            Message(constants.INFO, "Let op."),
        ]
    )
    html = html_of(client, "/privacy/")
    assert re.search(r"<title>Fout: ", html)
    summary = html.split("data-error-summary", 1)[1].split("</div></div>", 1)[0]
    assert 'id="message-summary-title">Dat is niet gelukt</h2>' in summary
    assert "Alleen een open aanvraag &lt;kan&gt; worden ingetrokken." in summary
    assert html.index("data-error-summary") < html.index("<h1")
    assert "autofocus" in html.split("data-error-summary", 1)[0].rsplit("<div", 1)[1]
    status = html.split('<div class="reisgids-messages" role="status">', 1)[1].split("</div>\n", 1)[0]
    assert "Let op." in status and "ingetrokken" not in status

    client.cookies[CookieStorage.cookie_name] = storage._encode([Message(constants.SUCCESS, "Opgeslagen.")])
    html = html_of(client, "/privacy/")
    assert "data-error-summary" not in html and "<title>Fout: " not in html


def test_english_layout(client):
    html = html_of(client, "/en/partijen/")
    assert '<html lang="en"' in html
    assert "Skip to content" in html and ">Parties</h1>" in html
    assert re.search(r'<a [^>]*href="/partijen/" hreflang="nl" lang="nl">.*Nederlands</a>', html)


def test_accessibility_statement(client):
    html = html_of(client, "/toegankelijkheid/")
    for text in [
        "Toegankelijkheidsverklaring",
        "C – eerste maatregelen genomen",
        "Verantwoordelijke organisatie",
        "Gemeente Rotterdam",
        "WCAG 2.1",
        "NL Design System",
        "Wat nog niet in orde is",
        "Werkt iets niet? Laat het ons weten",
        'href="/aanspreekpunten/"',
        "22 november 2026",
    ]:
        assert text in html, text


def test_privacy_statement_names_what_is_stored(client):
    html = html_of(client, "/privacy/")
    for text in [
        "Privacyverklaring",
        "de organisatie die dit platform beheert",
        "E-mailadres",
        "Voorkeur voor meldingen",
        "Lidmaatschappen",
        "Aanvragen om lid te worden",
        "Gegevens als aanspreekpunt",
        "Logboek van wijzigingen",
        "sessionid",
        "csrftoken",
        "geen cookie nodig",
        "geen trackingcookies",
        "Download mijn gegevens",
        "Verwijder mijn account",
        "Autoriteit Persoonsgegevens",
        'href="/accounts/',
    ]:
        assert text in html, text


@pytest.mark.parametrize("path", ["/toegankelijkheid/", "/privacy/"])
def test_static_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, path):
    # Editable Wagtail pages: site, page, its specific row and the rendering's lookups. The other page
    # first: the first request of a process also fills Django's content-type and Wagtail's locale caches.
    client.get("/privacy/" if path != "/privacy/" else "/toegankelijkheid/")
    with django_assert_max_num_queries(8):
        client.get(path)


def test_not_found_page(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html and 'class="rotterdam-theme"' in html
    assert 'href="/partijen/"' in html


def test_forbidden_page_template(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.views.defaults import permission_denied

    request = rf.get("/partijen/iets/bewerken/")
    request.user = AnonymousUser()
    response = permission_denied(request, exception=None)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Geen toegang" in html and "/accounts/login/?next=/partijen/iets/bewerken/" in html


def test_server_error_page_needs_no_context_processors(rf):
    with translation.override("nl"):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="nl" class="rotterdam-theme">' in html
    assert "Er ging iets mis" in html and "/static/css/reisgids.css" in html
    assert "Reisgids zorg en welzijn" in html


class ExampleForm(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals anderen je kennen.")
    agree = forms.BooleanField(label="Ik ga akkoord", help_text="Verplicht.")
    kind = forms.ChoiceField(label="Soort", choices=[("a", "Een"), ("b", "Twee")], widget=forms.RadioSelect)
    themes = forms.MultipleChoiceField(
        label="Thema's", choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple, required=False
    )
    notes = forms.CharField(label="Toelichting", widget=forms.Textarea, required=False)


def render_form(form):
    with translation.override("nl"):
        return Template("{{ form }}").render(Context({"form": form}))


def test_form_field_markup_without_errors():
    html = render_form(ExampleForm())
    assert '<div class="utrecht-form-field utrecht-form-field--text">' in html
    assert '<label class="utrecht-form-label" for="id_name">Naam' in html
    assert 'class="reisgids-required" aria-hidden="true">*</span>' in html
    assert 'id="id_name_helptext"' in html and 'aria-describedby="id_name_helptext"' in html
    assert "utrecht-textbox utrecht-textbox--html-input" in html
    assert "utrecht-form-field utrecht-form-field--checkbox" in html
    assert "utrecht-checkbox utrecht-checkbox--html-input" in html
    assert "utrecht-radio-button utrecht-radio-button--html-input" in html
    assert "utrecht-textarea utrecht-textarea--html-textarea" in html
    assert '<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset"' in html
    assert (
        '<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">Soort'
        in html
    )
    assert "aria-invalid" not in html


def test_form_field_markup_with_errors_keeps_input():
    form = ExampleForm(data={"name": "", "notes": "<b>Wat ik typte</b>"})
    with translation.override("nl"):
        assert not form.is_valid()
    html = render_form(form)
    assert "utrecht-form-field utrecht-form-field--text utrecht-form-field--invalid" in html
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html and "utrecht-textbox--invalid" in html
    assert "utrecht-form-fieldset--invalid" in html
    assert (
        '<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset '
        'utrecht-form-fieldset--invalid" aria-describedby="id_kind_error">' in html
    )
    # What was typed is kept, escaped.
    assert "&lt;b&gt;Wat ik typte&lt;/b&gt;" in html and "<b>Wat ik typte</b>" not in html
    # Errors are in Dutch.
    assert "Dit is een verplicht veld." in html


def test_built_stylesheet_contains_tokens_components_and_our_layer():
    css = (ROOT / "static/css/reisgids.css").read_text()
    assert (
        css.index("@nl-design-system-unstable/rotterdam-design-tokens")
        < css.index("@utrecht/component-library-css")
        < css.index("reisgids: static/src/reisgids.css")
    )
    for selector in [
        ".rotterdam-theme {",
        ".utrecht-button {",
        ".utrecht-form-field {",
        ".reisgids-list-layout {",
        ".reisgids-card {",
        ".reisgids-skip-link",
        "@media print",
    ]:
        assert selector in css, selector
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", css), "nothing is fetched from another site"
    assert "@import" not in css
    assert (ROOT / "static/src/reisgids.css").read_text().strip() in css, "built from the current source"


def test_npm_build_script_is_kept():
    import json

    package = json.loads((ROOT / "package.json").read_text())
    assert package["scripts"]["build"]
    assert "@utrecht/component-library-css" in package["devDependencies"]
    assert "@nl-design-system-unstable/rotterdam-design-tokens" in package["devDependencies"]
    assert (ROOT / "package-lock.json").exists()


def test_a_select_draws_its_arrow():
    """The Utrecht CSS hides the native arrow (``appearance: none``) and draws
    ``--utrecht-select-background-image``, which the Rotterdam tokens leave open: our layer sets it
    (a chevron, as a data: image the Content-Security-Policy allows), or a select looks like a text box."""
    css = (ROOT / "static/css/reisgids.css").read_text()
    found = re.search(r"--utrecht-select-background-image:\s*url\(\"data:image/svg\+xml,[^\"]+\"\)", css)
    assert found, "no arrow for selects"
    assert "appearance: none" in css  # still the reason it is needed


NAV_PATHS = ["/deals/", "/partijen/", "/", "/en/deals/", "/marktplaats/", "/en/", "/deals/?q=zorg"]


def _nav_and_footer(client, path):
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return str(soup.select_one("nav.reisgids-nav")), str(soup.select_one("footer"))


@pytest.mark.parametrize("order", [NAV_PATHS, NAV_PATHS[::-1]])
def test_the_navigation_and_footer_kept_per_process_are_those_of_the_page(client, order):
    """The main navigation and the footer are rendered once per process, language and section
    (``{% fixedpart %}``): each page shows the same as when rendered afresh, whichever page came
    first; the current section is marked, in the page's language."""
    from reisgids.caching import IN_PROCESS

    kept = {path: _nav_and_footer(client, path) for path in order}
    for path in order:
        IN_PROCESS.clear()
        assert _nav_and_footer(client, path) == kept[path], path
    current = {
        path: BeautifulSoup(kept[path][0], "html.parser").select_one('a[aria-current="page"]')
        for path in order
    }
    assert current["/deals/"]["href"] == "/deals/" and current["/deals/"].text == "Deals"
    assert current["/en/deals/"]["href"] == "/en/deals/"
    assert current["/partijen/"].text == "Partijen" and current["/"].text == "Home"
    assert current["/en/"]["href"] in ("/", "/en/")
    assert current["/marktplaats/"].text == "Marktplaats"


def test_a_warm_signed_in_page_renders_no_address_of_the_navigation_or_footer(client, monkeypatch):
    """Signed in, a page renders its layout on every request; the navigation's and footer's links
    come from the part kept per process (before: 15 of the 21 addresses a warm /deals/ reversed)."""
    import django.urls

    from reisgids.tests.factories import UserFactory

    client.force_login(UserFactory())
    client.get("/deals/")
    reversed_names = []
    original = django.urls.reverse

    def counting(viewname, *args, **kwargs):
        reversed_names.append(viewname)
        return original(viewname, *args, **kwargs)

    monkeypatch.setattr(django.urls, "reverse", counting)  # as {% url %} finds it
    assert client.get("/deals/").status_code == 200
    monkeypatch.undo()
    assert reversed_names  # the count sees the page's other addresses
    navigation = {
        "organisation_list",
        "contactpoint_list",
        "instrument_list",
        "deals:list",
        "marktplaats:list",
    }
    footer = {"about", "glossary", "accessibility", "privacy", "open_data"}
    assert not (navigation | footer) & set(reversed_names), reversed_names


def test_the_section_of_a_path_is_its_first_segment_in_either_language():
    from reisgids.templatetags.components import section

    assert section("/deals/mijn/") == section("/en/deals/mijn/") == "/deals/"
    assert section("/") == section("/en/") == "/"
    assert section("/nieuws/een-bericht/") == "/nieuws/"
    assert section("") == ""  # no request: not the home page's key


def test_the_head_kept_per_process_follows_the_page_it_is_of(client):
    """A page's head tags (``seo_head``) outside the site tree are kept per process by their title,
    description, address and language: a renamed deal's head names it at once, signed in or not."""
    from deals.tests.factories import DealFactory
    from reisgids.tests.factories import UserFactory

    deal = DealFactory(title="Buurtsoep voor iedereen", closed=True)
    url = deal.get_absolute_url()
    head = BeautifulSoup(client.get(url).content, "html.parser").select_one('meta[property="og:title"]')
    assert "Buurtsoep voor iedereen" in head["content"]
    deal.title = "Soep in de buurt"
    deal.save()
    for signed_in in (False, True):
        if signed_in:
            client.force_login(UserFactory())
        page = BeautifulSoup(client.get(url).content, "html.parser")
        assert "Soep in de buurt" in page.select_one('meta[property="og:title"]')["content"]
        assert page.select_one('link[rel="canonical"]')["href"].endswith(url)
