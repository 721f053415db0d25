"""Bad input on every form of the residencies, over HTTP as the person who may use it: sent empty,
with a control character in a text field, with a text one character over its bound, or with a date
that is no date, each form answers with a Dutch message next to the field, one error summary above the
form that links to it, keeps what was typed, and saves nothing (no row, no audit row, no
notification); sent valid, the same data goes through (so each refusal above was the field's)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from deals.tests.factories import DealPartnerFactory
from reisgids.notifications.models import Notification
from reisgids.tests.factories import MembershipFactory
from residence.models import Activity, Concern, LogEntry, Residency, Response
from residence.tests.factories import ActivityFactory, ConcernFactory, LogEntryFactory, ResidencyFactory
from residence.tests.test_permissions import WRITES

pytestmark = pytest.mark.django_db

CONTROL_MESSAGE = "Deze tekst bevat een onzichtbaar stuurteken"
TOO_LONG_MESSAGE = "niet meer dan"  # "Zorg dat deze waarde niet meer dan 200 tekens bevat (…)"
TYPED = "Mijn getypte tekst"
OPTIONAL = ("description", "actions", "partners", "ends_on", "due_on")


@pytest.fixture
def world(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    residency = ResidencyFactory()
    third = DealPartnerFactory(deal=residency.deal).organisation
    held = ActivityFactory(
        residency=residency, is_public=False, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    return {
        "residency": residency,
        "entry": LogEntryFactory(residency=residency, text="Eerste logregel"),
        "concern": ConcernFactory(residency=residency, title="Eerste knelpunt"),
        "held": held,
        "home_beheerder": MembershipFactory(organisation=residency.home_partner, beheerder=True).user,
        "host_beheerder": MembershipFactory(organisation=residency.host_partner, beheerder=True).user,
        "host_member": MembershipFactory(organisation=residency.host_partner).user,
        "third_member": MembershipFactory(organisation=third).user,
        "colleague": MembershipFactory(organisation=residency.home_partner).user,
    }


def _today():
    return timezone.localdate().isoformat()


def _soon():
    return (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")


# name -> (who, url, valid data, bounded text fields {name: max_length}, date fields)
def forms_of(w):
    r = w["residency"]
    terms = {
        "starts_on": _today(),
        "time_amount": "8",
        "time_unit": "uren",
        "functions": ["adviseren"],
        "openness": TYPED,
    }
    return {
        "propose": (
            "host_member",
            reverse("residence:propose", kwargs={"slug": r.deal.slug}),
            {
                **terms,
                "person": w["colleague"].pk,
                "home_partner": r.home_partner.pk,
                "host_partner": r.host_partner.pk,
            },
            {"openness": 4000},
            ("starts_on", "ends_on"),
        ),
        "edit": (
            "home_beheerder",
            reverse("residence:edit", kwargs={"pk": r.pk}),
            {**terms, "time_amount": "12"},
            {"openness": 4000},
            ("starts_on", "ends_on"),
        ),
        "entry_create": (
            "resident",
            reverse("residence:entry_create", kwargs={"pk": r.pk}),
            {"date": _today(), "kind": "overleg", "text": TYPED, "visibility": "alle"},
            {"text": 8000},
            ("date",),
        ),
        "entry_edit": (
            "resident",
            reverse("residence:entry_edit", kwargs={"pk": w["entry"].pk}),
            {"date": _today(), "kind": "advies", "text": TYPED, "visibility": "thuis-gast"},
            {"text": 8000},
            ("date",),
        ),
        "response": (
            "host_member",
            reverse("residence:entry", kwargs={"pk": w["entry"].pk}),
            {"text": TYPED},
            {"text": 2000},
            (),
        ),
        "concern_create": (
            "third_member",
            reverse("residence:concern_create", kwargs={"pk": r.pk}),
            {
                "title": TYPED,
                "severity": "knelpunt",
                "owner": r.host_partner.pk,
                "description": TYPED,
                "actions": TYPED,
                "due_on": _today(),
            },
            {"title": 200, "description": 4000, "actions": 4000},
            ("due_on",),
        ),
        "concern_edit": (
            "resident",
            reverse("residence:concern_edit", kwargs={"pk": w["concern"].pk}),
            {"title": TYPED, "owner": r.home_partner.pk, "description": TYPED, "actions": TYPED},
            {"title": 200, "description": 4000, "actions": 4000},
            ("due_on",),
        ),
        "resolution": (
            "home_beheerder",
            reverse("residence:concern", kwargs={"pk": w["concern"].pk}),
            {"resolution": TYPED},
            {"resolution": 4000},
            (),
        ),
        "activity_create": (
            "resident",
            reverse("residence:activity_create", kwargs={"pk": r.pk}),
            {
                "kind": "workshop",
                "title": TYPED,
                "starts_at": _soon(),
                "place": TYPED,
                "partners": [r.host_partner.pk],
                "description": TYPED,
            },
            {"title": 200, "place": 200, "description": 4000},
            ("starts_at",),
        ),
        "activity_report": (
            "resident",
            reverse("residence:activity", kwargs={"pk": w["held"].pk}),
            {"report": TYPED},
            {"report": 4000},
            (),
        ),
        "end": (
            "resident",
            reverse("residence:end", kwargs={"pk": r.pk}),
            {"end_note": TYPED},
            {"end_note": 4000},
            (),
        ),
    }


# Every write of the residencies but the two without a field to type in (confirm, consent).
FORMS = [name for name in WRITES if name not in ("confirm", "consent")]


def snapshot():
    return {
        "rows": [
            m.objects.count()
            for m in (Residency, LogEntry, Response, Concern, Activity, ModelLogEntry, Notification)
        ],
        "residencies": sorted(
            Residency.objects.values_list(
                "pk", "status", "starts_on", "ends_on", "time_amount", "openness", "end_note"
            )
        ),
        "entries": sorted(LogEntry.objects.values_list("pk", "date", "kind", "text", "visibility")),
        "concerns": sorted(
            Concern.objects.values_list("pk", "title", "description", "actions", "owner", "resolution")
        ),
        "activities": sorted(Activity.objects.values_list("pk", "title", "place", "report")),
    }


def client_for(client, w, who):
    client.force_login(w["residency"].person if who == "resident" else w[who])
    return client


def error_page(response, where):
    """The page of a refused form: its error summary, whose links reach every invalid field."""
    assert response.status_code == 200, where
    soup = BeautifulSoup(response.content, "html.parser")
    summaries = soup.select("[data-error-summary]")
    assert len(summaries) == 1, where
    assert soup.title.get_text().startswith("Fout: "), where
    linked = set()
    for link in summaries[0].find_all("a", href=True):
        target = soup.find(id=link["href"].lstrip("#"))
        assert target is not None, (where, link["href"])
        linked.add(target.get("name"))
    invalid = {element["name"] for element in soup.select('[aria-invalid="true"][name]')}
    assert invalid and invalid <= linked, (where, invalid - linked)
    return soup


def field_error(soup, name):
    element = soup.find(id=f"id_{name}_error")
    return element.get_text(" ", strip=True) if element else ""


def shown(soup, name):
    element = soup.find(["input", "textarea"], attrs={"name": name})
    if element is None:
        return None
    return element.get_text().strip("\r\n") if element.name == "textarea" else element.get("value", "")


def assert_english_free(message, where):
    assert message, where
    for english in ("This field", "Enter a", "Ensure this value", "Select a valid"):
        assert english not in message, (where, message)


@pytest.mark.parametrize("name", FORMS)
def test_an_empty_form_says_in_dutch_what_is_missing_and_saves_nothing(client, world, name):
    who, url, valid, bounded, _dates = forms_of(world)[name]
    client = client_for(client, world, who)
    assert client.get(url).status_code == 200, name
    before = snapshot()
    # as a browser sends it: every field, empty (a POST with no field at all is a GET to Django's forms)
    soup = error_page(client.post(url, dict.fromkeys(valid, "")), name)
    for field in (field for field in valid if field not in OPTIONAL):
        assert_english_free(field_error(soup, field), f"{name}: {field}")
    assert snapshot() == before, name


@pytest.mark.parametrize("name", FORMS)
def test_a_control_character_or_a_text_over_its_bound_is_refused_at_the_field_and_the_rest_kept(
    client, world, name
):
    who, url, valid, bounded, _dates = forms_of(world)[name]
    client = client_for(client, world, who)
    before = snapshot()
    for field, limit in bounded.items():
        for bad, message in (
            (f"{TYPED}\x1b[31m", CONTROL_MESSAGE),
            (f"Nul\x00byte {TYPED}", CONTROL_MESSAGE),
            ("x" * (limit + 1), TOO_LONG_MESSAGE),
        ):
            where = f"{name}: {field} = {bad[:12]!r}"
            soup = error_page(client.post(url, {**valid, field: bad}), where)
            assert message in field_error(soup, field), (where, field_error(soup, field))
            for other in bounded:
                if other != field:
                    assert shown(soup, other) == valid[other], (where, other)
            if message == TOO_LONG_MESSAGE:
                assert shown(soup, field) == bad, where  # what was typed, kept to correct it
    assert snapshot() == before, name


@pytest.mark.parametrize("name", FORMS)
def test_a_date_that_is_no_date_is_refused_in_dutch_and_kept(client, world, name):
    who, url, valid, bounded, dates = forms_of(world)[name]
    if not dates:
        pytest.skip("no date on this form")
    client = client_for(client, world, who)
    before = snapshot()
    for field in dates:
        for bad in ("31-02-2026", "morgen", "99999-01-01"):
            where = f"{name}: {field} = {bad!r}"
            soup = error_page(client.post(url, {**valid, field: bad}), where)
            assert_english_free(field_error(soup, field), where)
            assert shown(soup, field) == bad, where
            for other in bounded:
                assert shown(soup, other) == valid[other], (where, other)
    assert snapshot() == before, name


@pytest.mark.parametrize("name", FORMS)
def test_the_same_form_filled_in_well_goes_through(client, world, name):
    who, url, valid, _bounded, _dates = forms_of(world)[name]
    client = client_for(client, world, who)
    before = snapshot()
    response = client.post(url, valid)
    assert response.status_code == 302, (name, response.content.decode()[:3000])
    assert snapshot() != before, name


def test_the_schouw_summary_says_in_dutch_when_its_period_is_wrong_and_keeps_it(client, world):
    client = client_for(client, world, "host_member")
    url = reverse("residence:schouw", kwargs={"slug": world["residency"].deal.slug})
    soup = BeautifulSoup(client.get(url, {"van": "2026-05-01", "tot": "2026-01-01"}).content, "html.parser")
    assert "De einddatum kan niet vóór de startdatum liggen." in field_error(soup, "tot")
    assert shown(soup, "van") == "2026-05-01" and shown(soup, "tot") == "2026-01-01"
    soup = BeautifulSoup(client.get(url, {"van": "morgen"}).content, "html.parser")
    assert_english_free(field_error(soup, "van"), "van")
    assert shown(soup, "van") == "morgen"


@pytest.mark.parametrize("starts_at", ["0001-01-01T00:00", "9999-12-31T23:59", "2010-01-01T10:00"])
def test_an_activity_far_from_today_is_refused_in_dutch_and_the_pages_stay_up(client, world, starts_at):
    """An activity in the year 1 was saved as a date before Christ (Amsterdam is ahead of UTC), after
    which the residency page, the activity page and /agenda/ failed for everyone with a server error."""
    who, url, valid, _bounded, _dates = forms_of(world)["activity_create"]
    client = client_for(client, world, who)
    before = snapshot()
    soup = error_page(client.post(url, {**valid, "starts_at": starts_at}), starts_at)
    assert "Vul een datum en tijd in binnen tien jaar van vandaag." in field_error(soup, "starts_at")
    assert shown(soup, "starts_at") == starts_at and shown(soup, "title") == TYPED
    assert snapshot() == before
    for page in ("/agenda/", world["residency"].get_absolute_url()):
        assert client.get(page).status_code == 200
