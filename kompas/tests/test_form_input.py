"""Bad input in every form of the kompas: each answers with one error summary at the top (focused,
the page title starting with "Fout: ", every invalid field linked), a Dutch message next to the
field, what was typed still there, control characters and over-long text refused at the field, and
nothing saved (no row, no state change, no audit row)."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from kompas.models import (
    Measure,
    MonitoringUpdate,
    Priority,
    Proposal,
    ProposalComment,
    ProposalCommentReport,
)
from kompas.tests import factories as f
from kompas.tests.test_views import _edit_post
from reisgids.tests.factories import ThemeFactory
from tests.test_form_errors import _check_error_page

pytestmark = pytest.mark.django_db
S = Proposal.Status
TODAY = timezone.localdate
CONTROL = "Tekst met \x1b[31m een stuurteken"
CONTROL_MESSAGE = "Deze tekst bevat een onzichtbaar stuurteken"
TOO_LONG_MESSAGE = "Zorg dat deze waarde niet meer dan"


def _state():
    """What a refused form must leave as it was."""
    return (
        list(Proposal.objects.order_by("pk").values_list("pk", "status", "title", "problem")),
        Measure.objects.filter(closed_at__isnull=False).count(),
        MonitoringUpdate.objects.count(),
        Priority.objects.count(),
        ProposalComment.objects.count(),
        ProposalCommentReport.objects.count(),
        ModelLogEntry.objects.filter(action__startswith="kompas.").count(),
    )


def _field_error(soup, field_id):
    element = soup.find(id=f"{field_id}_error")
    return element.get_text(" ", strip=True) if element else ""


def _value(soup, name):
    element = soup.find(["input", "textarea"], attrs={"name": name})
    if element is None:
        return None
    return element.get_text().strip("\r\n") if element.name == "textarea" else element.get("value", "")


def _refused(client, url, data):
    before = _state()
    response = client.post(url, data)
    assert response.status_code == 200, (url, response.status_code)
    problems = []
    soup = _check_error_page(response, problems, url)
    assert problems == []
    assert _state() == before, "nothing is saved"
    return soup


# Each form: who fills it in, where, and a post that is refused (field -> Dutch message), with the
# typed fields that must come back as typed.


def _create(client):
    client.force_login(f.editor())
    return "/kompas/nieuw/", {"kind": "beleid"}


def _edit(client):
    proposal = f.proposal(state=S.OPEN)
    client.force_login(f.editor())
    return proposal.get_absolute_url() + "bewerken/", _edit_post(proposal)


def _schedule(client):
    proposal = f.proposal(state=S.OPEN)
    f.college()
    client.force_login(f.editor())
    return proposal.get_absolute_url() + "agenderen/", {}


def _decide(client):
    proposal = f.proposal(state=S.SCHEDULED)
    client.force_login(f.board_member())
    return proposal.get_absolute_url() + "besluit/", {"decision": "afgewezen"}


def _monitor(client):
    measure = f.proposal(state=S.ADOPTED).measures.get()
    client.force_login(measure.owner)
    return f"/kompas/maatregelen/{measure.pk}/voortgang/", {"date": TODAY().isoformat()}


def _close(client):
    measure = f.proposal(state=S.ADOPTED).measures.get()
    client.force_login(measure.owner)
    return f"/kompas/maatregelen/{measure.pk}/afsluiten/", {}


def _comment(client):
    proposal = f.proposal(state=S.OPEN)
    client.force_login(f.member())
    return proposal.get_absolute_url() + "reageren/", {}


def _report_comment(client):
    from kompas import services

    proposal = f.proposal(state=S.OPEN)
    comment = services.comment_create(actor=f.member(), proposal=proposal, text="Een reactie.")
    client.force_login(f.member())
    return proposal.get_absolute_url() + f"reacties/{comment.pk}/melden/", {}


FORMS = {
    # form: (setup, [(field, kind of value)...] the text fields, the empty post's {field: message})
    "create": (
        _create,
        ["title", "problem", "change", "intended_effect"],
        {
            "title": "Geef het voorstel een titel.",
            "problem": "Beschrijf het probleem dat de lessen laten zien.",
            "lessons": "Kies ten minste één les als onderbouwing.",
            "organisations": "Kies de organisaties die het voorstellen.",
        },
    ),
    "edit": (
        _edit,
        ["title", "problem", "change", "intended_effect"],
        {"title": "Geef het voorstel een titel."},
    ),
    "schedule": (  # no text to type: a choice and a date
        _schedule,
        [],
        {"gremium": "Kies het gremium dat besluit.", "meeting_date": "Geef de datum van de vergadering."},
    ),
    "decide": (
        _decide,
        ["reasoning", "measure", "indicator"],
        {"reasoning": "Geef de motivering van het besluit."},
    ),
    "monitor": (_monitor, ["value", "note"], {"value": "Geef de waarde van de indicator."}),
    "close": (_close, ["note"], {"note": "Zeg waarom de monitoring stopt."}),
    "comment": (_comment, ["text"], {"text": "Schrijf een reactie."}),
    "report_comment": (_report_comment, ["reason"], {}),
}


@pytest.mark.parametrize("name", [name for name, (_setup, _fields, messages) in FORMS.items() if messages])
def test_an_empty_form_gets_a_dutch_message_at_each_field_and_saves_nothing(client, name):
    setup, fields, messages = FORMS[name]
    url, base = setup(client)
    soup = _refused(client, url, base | dict.fromkeys(fields, "") | dict.fromkeys(messages, ""))
    for field, message in messages.items():
        assert message in _field_error(soup, f"id_{field}"), (field, _field_error(soup, f"id_{field}"))


@pytest.mark.parametrize("name", [name for name, (_setup, fields, _messages) in FORMS.items() if fields])
def test_a_control_character_is_refused_at_its_field_and_the_rest_is_kept(client, name):
    setup, fields, _messages = FORMS[name]
    url, base = setup(client)
    for field in fields:
        typed = {other: f"Bewaard {other}" for other in fields if other != field}
        soup = _refused(client, url, base | typed | {field: CONTROL})
        assert CONTROL_MESSAGE in _field_error(soup, f"id_{field}"), field
        for other, value in typed.items():
            assert _value(soup, other) == value, (other, _value(soup, other))


LIMITS = {
    "create": {"title": 200, "problem": 5000},
    "edit": {"title": 200, "intended_effect": 5000},
    "decide": {"reasoning": 5000, "indicator": 300},
    "monitor": {"value": 200, "note": 5000},
    "close": {"note": 5000},
    "comment": {"text": None},
    "report_comment": {"reason": None},
}


@pytest.mark.parametrize("name", list(LIMITS))
def test_over_long_text_is_refused_at_its_field(client, name):
    from reisgids.comments import COMMENT_MAX_LENGTH, REPORT_REASON_MAX_LENGTH

    setup, _fields, _messages = FORMS[name]
    url, base = setup(client)
    for field, limit in LIMITS[name].items():
        limit = limit or {"text": COMMENT_MAX_LENGTH, "reason": REPORT_REASON_MAX_LENGTH}[field]
        soup = _refused(client, url, base | {field: "x" * (limit + 1)})
        assert TOO_LONG_MESSAGE in _field_error(soup, f"id_{field}"), field
        assert _value(soup, field) == "x" * (limit + 1), "the text is kept to shorten it"


def test_a_decision_to_adopt_without_measure_gets_a_message_at_each_field(client):
    """The service's checks of an adoption come back at the fields, with the typed text kept."""
    url, _base = _decide(client)
    soup = _refused(
        client,
        url,
        {"decision": "aangenomen", "reasoning": "Goed plan", "review_dates": "31-12-2020"},
    )
    assert "Een evaluatiedatum moet in de toekomst liggen." in _field_error(soup, "id_review_dates")
    assert _value(soup, "reasoning") == "Goed plan"
    assert _value(soup, "review_dates") == "31-12-2020"
    soup = _refused(
        client,
        url,
        {
            "decision": "aangenomen",
            "reasoning": "Goed plan",
            "review_dates": (TODAY() + datetime.timedelta(days=30)).strftime("%d-%m-%Y"),
        },
    )
    assert "Beschrijf de maatregel die is aangenomen." in _field_error(soup, "id_measure")
    assert "Geef de indicator waarmee het effect wordt gevolgd." in _field_error(soup, "id_indicator")
    assert "Kies wie eigenaar is van de maatregel." in _field_error(soup, "id_owner")
    soup = _refused(client, url, {"decision": "aangenomen", "reasoning": "Goed", "review_dates": "morgen"})
    assert "is geen datum zoals 31-12-2026" in _field_error(soup, "id_review_dates")
    many = ", ".join((TODAY() + datetime.timedelta(days=n)).strftime("%d-%m-%Y") for n in range(1, 14))
    soup = _refused(client, url, {"decision": "aangenomen", "reasoning": "Goed", "review_dates": many})
    assert "Geef hoogstens 12 evaluatiedata." in _field_error(soup, "id_review_dates")


def test_a_meeting_in_the_past_and_a_monitoring_date_in_the_future_are_refused_at_the_field(client):
    url, _base = _schedule(client)
    past = (TODAY() - datetime.timedelta(days=1)).isoformat()
    soup = _refused(client, url, {"gremium": f.college().pk, "meeting_date": past})
    assert "De vergaderdatum kan niet in het verleden liggen." in _field_error(soup, "id_meeting_date")
    assert _value(soup, "meeting_date") == past
    soup = _refused(client, url, {"gremium": f.college().pk, "meeting_date": "31-02-2026"})
    assert "Geef een datum zoals 31-12-2026." in _field_error(soup, "id_meeting_date")

    url, _base = _monitor(client)
    future = (TODAY() + datetime.timedelta(days=2)).isoformat()
    soup = _refused(client, url, {"date": future, "value": "12%", "note": "Bewaard"})
    assert "De datum kan niet in de toekomst liggen." in _field_error(soup, "id_date")
    assert (_value(soup, "value"), _value(soup, "note")) == ("12%", "Bewaard")


def test_a_priority_without_its_reason_is_refused_at_the_field_and_nothing_is_set(client):
    theme, other = ThemeFactory(name="Eenzaamheid"), ThemeFactory(name="Armoede")
    welcome = [(t.deals_welcome, t.deals_welcome_text) for t in (theme, other)]
    client.force_login(f.editor())
    url = "/kompas/prioriteiten/"
    data = {
        f"thema-{theme.pk}-chosen": "on",
        f"thema-{theme.pk}-reason": "",
        f"thema-{other.pk}-chosen": "on",
        f"thema-{other.pk}-reason": "Bewaard ✓",
    }
    soup = _refused(client, url, data)
    assert "Geef de reden waarom deals over Eenzaamheid welkom zijn." in _field_error(
        soup, f"id_thema-{theme.pk}-reason"
    )
    assert _value(soup, f"thema-{other.pk}-reason") == "Bewaard ✓"
    assert soup.find("input", attrs={"name": f"thema-{other.pk}-chosen"}).has_attr("checked")
    soup = _refused(client, url, data | {f"thema-{theme.pk}-reason": CONTROL})
    assert CONTROL_MESSAGE in _field_error(soup, f"id_thema-{theme.pk}-reason")
    soup = _refused(client, url, data | {f"thema-{theme.pk}-reason": "x" * 5001})
    assert TOO_LONG_MESSAGE in _field_error(soup, f"id_thema-{theme.pk}-reason")
    for t in (theme, other):
        t.refresh_from_db()
    assert [(t.deals_welcome, t.deals_welcome_text) for t in (theme, other)] == welcome


def test_a_priority_naming_a_proposal_not_on_offer_is_refused(client):
    """The proposals behind a priority come from the form's own list: a draft or a made-up id is
    refused at the field, not saved."""
    theme = ThemeFactory(name="Eenzaamheid")
    draft = f.proposal(title="Een concept")
    client.force_login(f.editor())
    for value in (draft.pk, 99999999, "x"):
        soup = _refused(
            client,
            "/kompas/prioriteiten/",
            {
                f"thema-{theme.pk}-chosen": "on",
                f"thema-{theme.pk}-reason": "Veel signalen",
                f"thema-{theme.pk}-proposals": [value],
            },
        )
        assert _field_error(soup, f"id_thema-{theme.pk}-proposals"), value
