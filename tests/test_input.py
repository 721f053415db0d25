"""Bounds on input (reisgids.userinput, reisgids.forms.CleanInputMixin, InputBoundsMiddleware,
reisgids.csvexport): control characters refused with a Dutch message or a 400, numbers parsed
strictly, request size bounded with the site's 400 page, formulas in CSV cells escaped."""

import csv
import importlib
import inspect
import io
import random
from decimal import Decimal

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from reisgids.csvexport import csv_lines, safe_cell
from reisgids.forms import LOGO_MAX_BYTES, CleanInputMixin
from reisgids.models import Organisation
from reisgids.tests.factories import MembershipFactory, UserFactory
from reisgids.userinput import parse_positive_int
from stories.tests.factories import CommentFactory, StoryPageFactory

FRONT_END_FORM_MODULES = [
    "deals.forms",
    "marktplaats.forms",
    "reisgids.forms",
    "reisgids.accounts.forms",
    "residence.forms",
    "sitesearch.forms",
    "stories.forms",
]
CONTROL_MESSAGE = "Deze tekst bevat een onzichtbaar stuurteken"


def test_every_front_end_form_uses_the_clean_input_mixin():
    classes = [
        cls
        for module in FRONT_END_FORM_MODULES
        for _name, cls in inspect.getmembers(importlib.import_module(module), inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module
    ]
    assert len(classes) > 25
    assert [cls.__qualname__ for cls in classes if not issubclass(cls, CleanInputMixin)] == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("0042", 42),
        ("2147483647", 2**31 - 1),
        ("2147483648", None),
        ("0", None),
        ("-1", None),
        ("²", None),
        ("٣", None),
        (" 1", None),
        ("1.0", None),
        ("9" * 5000, None),
        ("", None),
        (None, None),
    ],
)
def test_parse_positive_int_takes_only_ascii_digits_within_the_bound(value, expected):
    assert parse_positive_int(value) == expected


@pytest.mark.django_db
def test_reply_link_with_a_superscript_two_shows_the_comment_form(client):
    story = StoryPageFactory()
    client.force_login(UserFactory())
    url = reverse("stories:comment_create", args=[story.slug])
    response = client.get(url + "?op=²")
    assert response.status_code == 200 and 'name="text"' in response.content.decode()
    parent = CommentFactory(page=story, text="Eerste reactie")
    response = client.get(url + f"?op={parent.pk}")
    assert "Eerste reactie" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Jan\x00", "Jan\x1b[31m", "Jan\x7f", "Jan\x85Klaas", "\x08Jan"])
def test_control_characters_in_a_form_are_refused_in_dutch_and_the_input_kept(client, text):
    user = UserFactory(first_name="Oud")
    client.force_login(user)
    response = client.post(
        reverse("profile"), {"first_name": text, "last_name": "de Vries", "notification_preference": "direct"}
    )
    html = response.content.decode()
    # next to the field, and once more in the error summary above the form
    assert response.status_code == 200 and html.count(CONTROL_MESSAGE) == 2
    field_error = html.split('id="id_first_name_error"', 1)[1].split("</div>", 1)[0]
    assert CONTROL_MESSAGE in field_error
    assert 'value="de Vries"' in html
    user.refresh_from_db()
    assert user.first_name == "Oud"


@pytest.mark.django_db
def test_tabs_and_line_breaks_stay_allowed(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        reverse("organisation_edit", args=[membership.organisation.slug]),
        {"name": "Buurtkracht", "kind": "initiatief", "description": "Regel 1\r\n\tRegel 2 🌍 שלום"},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=membership.organisation.pk)
    assert organisation.description == "Regel 1\r\n\tRegel 2 🌍 שלום"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/partijen/?q=%00",
        "/partijen/?kind=%01",
        "/deals/?theme=%00",
        "/marktplaats/?q=a%7Fb",
        "/aanspreekpunten/?q=%C2%85",
        "/zoeken/?q=%00",
        "/deals/start/?thema=%00",
        "/verhalen/?%00=1",
    ],
)
def test_a_control_character_in_the_query_string_is_a_bad_request(client, path):
    client.force_login(MembershipFactory().user)
    response = client.get(path)
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.content.decode()


@pytest.mark.django_db
def test_a_too_large_request_gets_the_400_page(client, settings):
    client.force_login(UserFactory())
    settings.REQUEST_BODY_MAX_SIZE = 10_000
    response = client.post(reverse("profile"), {"first_name": "x" * 20_000})
    assert response.status_code == 400 and "Ongeldig verzoek" in response.content.decode()
    settings.REQUEST_BODY_MAX_SIZE = 1_000_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post(reverse("profile"), {"first_name": "x" * 20_000})
    assert response.status_code == 400 and "Ongeldig verzoek" in response.content.decode()
    response = client.post(reverse("profile"), {f"veld{index}": "x" for index in range(1001)})
    assert response.status_code == 400 and "Ongeldig verzoek" in response.content.decode()


@pytest.mark.django_db
def test_a_too_large_logo_is_refused_in_dutch(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    noise = Image.frombytes("RGB", (1000, 1000), random.Random(1).randbytes(3_000_000))
    png = io.BytesIO()
    noise.save(png, "PNG", compress_level=0)
    assert png.tell() > LOGO_MAX_BYTES
    response = client.post(
        reverse("organisation_edit", args=[membership.organisation.slug]),
        {
            "name": "Buurtkracht",
            "kind": "initiatief",
            "logo": SimpleUploadedFile("logo.png", png.getvalue(), content_type="image/png"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het logo is te groot" in html
    assert not Organisation.objects.get(pk=membership.organisation.pk).logo


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ('+HYPERLINK("http://x")', '\'+HYPERLINK("http://x")'),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Gewoon", "Gewoon"),
        (" =1", " =1"),
        (None, ""),
        (-5, -5),
        (Decimal("-2.50"), Decimal("-2.50")),
    ],
)
def test_safe_cell_escapes_formulas_and_keeps_numbers_from_the_code(value, cell):
    assert safe_cell(value) == cell


def test_csv_lines_round_trip():
    text = "".join(csv_lines([["title", "amount"], ["=1+1", -5]]))
    assert list(csv.reader(io.StringIO(text))) == [["title", "amount"], ["'=1+1", "-5"]]


@pytest.mark.django_db
def test_csv_downloads_of_beheer_escape_formulas(client):
    """Wagtail's own CSV exports in /beheer/ (here the site history) follow the same rule."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from wagtail.log_actions import log

    from reisgids.tests.factories import OrganisationFactory

    log(OrganisationFactory(name='=HYPERLINK("https://example.org")'), "wagtail.edit")
    admin = UserFactory(verified=True, is_staff=True, is_superuser=True)
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)

    response = client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    labels = [cell for row in rows[1:] for cell in row if "HYPERLINK" in cell]
    assert labels == ['\'=HYPERLINK("https://example.org")']


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cookie",
    [
        'sessionid="\\000\\000\\000\\000\\000\\000\\000\\000\\000"',
        "sessionid=abcdefgh\x00ijk",
        'csrftoken="\\000"',
    ],
)
def test_a_cookie_with_a_nul_byte_counts_as_no_cookie(client, cookie):
    assert client.get("/partijen/", HTTP_COOKIE=cookie).status_code == 200
    response = client.post("/accounts/login/", {"login": "a@example.nl", "password": "x"}, HTTP_COOKIE=cookie)
    assert response.status_code in (200, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["²", "9" * 40, "notification_list", "/meldingen/?pagina=2"])
def test_back_after_marking_notifications_read_is_an_address_never_a_view_name(client, target):
    client.force_login(UserFactory())
    response = client.post(reverse("notification_read_all"), {"next": target})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("+31 10 1234567", "+31 10 1234567"),
        ("010-1234567", "010-1234567"),
        ("+31 (0)10 123", "+31 (0)10 123"),
        ("+31+1", "'+31+1"),
        ("-2+3", "'-2+3"),
        ('+HYPERLINK("http://x")', '\'+HYPERLINK("http://x")'),
        ("=1", "'=1"),
    ],
)
def test_a_phone_column_keeps_a_plain_number_and_escapes_anything_else(value, cell):
    assert safe_cell(value, phone=True) == cell
    assert safe_cell("+31 10 1234567") == "'+31 10 1234567"  # free text keeps the strict rule
