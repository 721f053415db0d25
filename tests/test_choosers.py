"""The shared chooser field (``reisgids.forms.ChooserField``) in the forms that used to list every
organisation or user in a select: the schouw's invitation and create forms in /beheer/ and the
owner of a kompas measure. Fast with 10,000 organisations: rendering lists none of them, choosing
costs one query, and a name that is not exactly one gets a Dutch message with at most 20 suggestions,
the typed text kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompas.forms import DecisionForm, ProposalForm
from reisgids.models import Organisation, User
from schouw.forms import InviteForm, SchouwCreateForm

pytestmark = pytest.mark.django_db


def organisations(count):
    return Organisation.objects.bulk_create(
        Organisation(name=f"Buurtinitiatief {i:05d}", slug=f"buurtinitiatief-{i:05d}") for i in range(count)
    )


@pytest.mark.parametrize("count", [10, 10_000])
def test_the_forms_render_without_listing_the_organisations(count):
    organisations(count)
    with CaptureQueriesContext(connection) as queries:
        html = str(InviteForm()) + str(SchouwCreateForm())
    assert "Buurtinitiatief" not in html
    # The deal of the create form is a chooser too: rendering the forms lists nothing.
    assert len(queries) == 0
    assert len(html) < 20_000


@pytest.mark.parametrize("count", [10, 10_000])
def test_the_proposal_form_lists_no_organisations(count):
    organisations(count)
    html = str(ProposalForm())
    assert "Buurtinitiatief" not in html and len(html) < 30_000


@pytest.mark.parametrize("count", [10, 10_000])
def test_an_organisation_is_chosen_by_its_exact_name_or_shown_choice_in_one_query(count):
    chosen = organisations(count)[7]
    for typed in ("Buurtinitiatief 00007", "buurtinitiatief 00007 ", f"Buurtinitiatief 00007 (#{chosen.pk})"):
        form = InviteForm({"kind": "peer", "name": "Ayşe", "email": "ayse@example.nl", "organisation": typed})
        with CaptureQueriesContext(connection) as queries:
            assert form.is_valid(), form.errors
        assert form.cleaned_data["organisation"] == chosen
        assert len(queries) == 1


def test_an_ambiguous_or_unknown_name_gets_a_dutch_message_suggestions_and_keeps_the_text():
    organisations(100)
    form = InviteForm({"kind": "peer", "name": "Ayşe", "email": "ayse@example.nl", "organisation": "Buurt"})
    assert not form.is_valid()
    assert form.errors["organisation"] == ["Meerdere passen bij “Buurt”: kies er een uit de suggesties."]
    html = str(form["organisation"])
    assert 'value="Buurt"' in html
    assert html.count("<option") == 20
    assert 'list="id_organisation-keuzes"' in html and '<datalist id="id_organisation-keuzes">' in html

    form = InviteForm({"kind": "peer", "name": "Ayşe", "email": "ayse@example.nl", "organisation": "Xyz"})
    assert not form.is_valid()
    assert form.errors["organisation"] == ["Niets gevonden voor “Xyz”. Controleer de spelling."]


def test_the_create_form_takes_one_organisation_per_line():
    first, second = organisations(3)[:2]
    data = {"kind": "peer-review", "title": "Peer review buurtkamers"}
    form = SchouwCreateForm({**data, "organisations": f"{first.name}\n\n{second.name} (#{second.pk})\n"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisations"] == [first, second]

    form = SchouwCreateForm({**data, "organisations": f"{first.name}\nOnbekend"})
    assert not form.is_valid()
    assert "Niets gevonden voor “Onbekend”. Controleer de spelling." in form.errors["organisations"]


def test_the_measure_owner_is_chosen_among_the_allowed_people_only():
    allowed = User.objects.create(email="eigenaar@example.nl", first_name="Fatima", last_name="Bakker")
    outsider = User.objects.create(email="ander@example.nl", first_name="Fatima", last_name="Bakker2")
    owners = User.objects.filter(pk=allowed.pk)
    base = {"decision": "aangenomen", "reasoning": "Goed onderbouwd"}

    form = DecisionForm({**base, "owner": "Fatima Bakker"}, owners=owners)
    form.is_valid()
    assert "owner" not in form.errors and form.cleaned_data["owner"] == allowed

    form = DecisionForm({**base, "owner": f"Fatima Bakker2 (#{outsider.pk})"}, owners=owners)
    form.is_valid()
    assert "owner" in form.errors
