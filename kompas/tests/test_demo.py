"""The kompas demo: four proposals in different states (one adopted with two monitoring updates),
priorities, an archived report; the bestuur demo user can open the kompas and decide. Idempotent."""

import pytest
from django.core.management import call_command

from kompas.models import MonitoringUpdate, Priority, Proposal, Report
from reisgids.demo import _demo_email
from reisgids.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_period_to_decide_on_and_runs_twice_without_duplicates(client, demo_data):
    call_command("seed_demo", verbosity=0)
    assert Proposal.objects.count() == 4
    assert set(Proposal.objects.values_list("status", flat=True)) == {
        "aangenomen",
        "geagendeerd",
        "open",
        "afgewezen",
    }
    assert MonitoringUpdate.objects.count() == 2
    assert Priority.objects.filter(theme__slug="eenzaamheid").exists()
    assert Report.objects.count() == 1

    client.force_login(User.objects.get(email=_demo_email("bestuur")))
    scheduled = Proposal.objects.get(status="geagendeerd")
    assert client.get("/kompas/").status_code == 200
    page = client.get(scheduled.get_absolute_url()).content.decode()
    assert "Besluit vastleggen" in page
    assert client.get(scheduled.get_absolute_url() + "besluit/").status_code == 200
    report = Report.objects.get()
    assert client.get(report.get_absolute_url()).status_code == 200


def test_the_bestuur_demo_user_decides_on_the_scheduled_proposal(client, demo_data):
    client.force_login(User.objects.get(email=_demo_email("bestuur")))
    scheduled = Proposal.objects.get(status="geagendeerd")
    response = client.post(
        scheduled.get_absolute_url() + "besluit/",
        {"decision": "aangehouden", "reasoning": "Eerst de kosten laten uitzoeken."},
    )
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert (
        scheduled.status == "aangehouden"
        and scheduled.decision_reasoning == "Eerst de kosten laten uitzoeken."
    )
    assert "Eerst de kosten laten uitzoeken." in client.get(scheduled.get_absolute_url()).content.decode()
