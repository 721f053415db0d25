"""Bad input on the deal pages: the row formsets are bounded (a huge TOTAL_FORMS is a form error, not
minutes of work), a NUL byte in the query string is refused, and the CSV export escapes formulas."""

import csv
import io

import pytest
from django.urls import reverse

from deals.forms import MilestoneFormSet, ResultFormSet, RiskFormSet
from deals.tests.factories import DealFactory, DealPartnerFactory, MilestoneFactory
from deals.tests.test_views import EDIT_BASE, member_of, trekker_of
from reisgids.tests.factories import OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "formset_class", "row"),
    [
        ("results", ResultFormSet, {"description": "Resultaat"}),
        ("risks", RiskFormSet, {"description": "Risico", "likelihood": "middel", "impact": "middel"}),
        ("milestones", MilestoneFormSet, {"title": "Mijlpaal", "due_date": "2026-06-01"}),
    ],
)
def test_a_huge_total_forms_builds_at_most_absolute_max_rows_and_says_so_in_dutch(
    client, django_assert_max_num_queries, prefix, formset_class, row
):
    deal = DealFactory()
    client.force_login(member_of(trekker_of(deal).organisation))
    data = {**EDIT_BASE, "title": "Titel", "goal": "Doel", f"{prefix}-TOTAL_FORMS": 100_000}
    data.update({f"{prefix}-0-{name}": value for name, value in row.items()})
    with django_assert_max_num_queries(40):
        response = client.post(reverse("deals:edit", args=[deal.slug]), data)
    assert response.status_code == 200
    formset = response.context[prefix]
    assert formset_class.absolute_max == formset_class.max_num
    assert len(formset.forms) <= formset_class.absolute_max
    assert len(response.content) < 300_000
    content = response.content.decode()
    message = f"Hier passen hoogstens {formset_class.max_num} regels"
    # In the error summary at the top of the form, and next to the rows.
    assert content.count(message) == 2
    assert content.index(message) < content.index('name="title"')
    assert "Titel" in content  # what was typed is kept
    deal.refresh_from_db()
    assert deal.version == 1 and deal.title != "Titel"


def test_one_row_too_many_is_refused(client):
    deal = DealFactory()
    client.force_login(member_of(trekker_of(deal).organisation))
    limit = MilestoneFormSet.max_num
    data = {**EDIT_BASE, "title": "Titel", "goal": "Doel", "milestones-TOTAL_FORMS": limit + 1}
    for index in range(limit + 1):
        data[f"milestones-{index}-title"] = f"Mijlpaal {index}"
        data[f"milestones-{index}-due_date"] = "2026-06-01"
    response = client.post(reverse("deals:edit", args=[deal.slug]), data)
    assert response.status_code == 200
    assert f"Hier passen hoogstens {limit} regels" in response.content.decode()
    data["milestones-TOTAL_FORMS"] = limit
    del data[f"milestones-{limit}-title"], data[f"milestones-{limit}-due_date"]
    assert client.post(reverse("deals:edit", args=[deal.slug]), data).status_code == 302
    assert deal.milestones.count() == limit


def test_start_with_a_nul_byte_in_the_theme_is_a_bad_request(client):
    client.force_login(member_of(OrganisationFactory()))
    response = client.get(reverse("deals:start") + "?thema=%00")
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.content.decode()


FORMULAS = ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", '+HYPERLINK("http://x","klik")', "-2+3"]


def test_csv_export_escapes_formulas_in_every_text_cell(client):
    theme = ThemeFactory(name=FORMULAS[3])
    deal = DealFactory(closed=True, title=FORMULAS[0], goal=FORMULAS[1], idea="\t=1+1", themes=[theme])
    DealPartnerFactory(deal=deal, organisation=OrganisationFactory(name=FORMULAS[2]), confirmed=True)
    MilestoneFactory(deal=deal, title="\r=1+1")
    response = client.get(reverse("deals:export_csv"))
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";")
    )
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Titel"] == "'" + FORMULAS[0]
    assert record["Gezamenlijk doel"] == "'" + FORMULAS[1]
    assert record["Vernieuwend idee"] == "'\t=1+1"
    assert record["Mijlpalen"] == "'\r=1+1"
    assert record["Thema's"] == "'" + FORMULAS[3]
    assert record["Partners"].startswith(("'", trekker_of(deal).organisation.name))
    assert f"{FORMULAS[2]} (Partner)" in record["Partners"]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
