"""Every state change of the kompas writes exactly one audit row (``reisgids.audit``, shown in
/beheer/'s history) on the object it changed, with the person who did it; and every kompas action
registered in ``reisgids.audit`` is covered here."""

import datetime

import pytest
from django.utils import timezone

from kompas import services
from kompas.models import Gremium, Proposal
from kompas.tests import factories as f
from reisgids import comments
from reisgids.audit import ACTIONS
from reisgids.tests.factories import ThemeFactory, UserFactory
from reisgids.tests.helpers import assert_one_audit_row

pytestmark = pytest.mark.django_db
S = Proposal.Status
TODAY = timezone.localdate


def create():
    editor = f.editor()
    return f.proposal(actor=editor), editor


def update():
    editor = f.editor()
    proposal = f.proposal(actor=editor)
    changed = services.proposal_update(
        proposal=proposal,
        actor=editor,
        title="Een andere titel",
        kind=proposal.kind,
        problem=proposal.problem,
        change=proposal.change,
        intended_effect=proposal.intended_effect,
        lessons=proposal.lessons.all(),
        organisations=proposal.organisations.all(),
    )
    return changed, editor


def submit():
    editor = f.editor()
    return services.proposal_submit(proposal=f.proposal(actor=editor), actor=editor), editor


def schedule():
    editor = f.editor()
    proposal = f.proposal(state=S.OPEN, actor=editor)
    scheduled = services.proposal_schedule(
        proposal=proposal,
        actor=editor,
        gremium=f.college(),
        meeting_date=TODAY() + datetime.timedelta(days=3),
    )
    return scheduled, editor


def decision(status):
    def run():
        board = f.board_member()
        return f.decide(f.proposal(state=S.SCHEDULED), status, board=board), board

    return run


def support():
    member = f.member()
    proposal = f.proposal(state=S.OPEN)
    organisation = member.memberships.get().organisation
    return services.proposal_support(proposal=proposal, actor=member, organisation=organisation), member


def comment_create():
    member = f.member()
    return services.comment_create(actor=member, proposal=f.proposal(state=S.OPEN), text="Goed plan."), member


def comment_report():
    comment, _author = comment_create()
    reporter = f.member()
    return services.comment_report(actor=reporter, comment=comment, reason="Klopt niet"), reporter


def comment_hide():
    comment, _author = comment_create()
    moderator = UserFactory(is_superuser=True)
    return comments.comment_hide(actor=moderator, comment=comment, reason="Ongepast"), moderator


def measure_create():
    board = f.board_member()
    proposal = f.decide(f.proposal(state=S.SCHEDULED), S.ADOPTED, board=board)
    return proposal.measures.get(), board


def measure_update():
    measure = f.proposal(state=S.ADOPTED).measures.get()
    update = services.monitoring_update(measure=measure, actor=measure.owner, date=TODAY(), value="12%")
    return update, measure.owner


def measure_close():
    measure = f.proposal(state=S.ADOPTED).measures.get()
    return services.measure_close(measure=measure, actor=measure.owner, note="Doel bereikt."), measure.owner


def priorities_set():
    editor = f.editor()
    period = services.period_for()
    services.priorities_set(period=period, actor=editor, items=[(ThemeFactory(), "Veel signalen", [])])
    return period, editor


def gremium_save():
    editor = f.editor()
    return services.gremium_save(actor=editor, gremium=Gremium(name="Raadscommissie Zorg")), editor


def report_generate():
    return services.report_generate(period=services.period_for()), None


CASES = {
    "kompas.proposal.create": create,
    "kompas.proposal.update": update,
    "kompas.proposal.submit": submit,
    "kompas.proposal.schedule": schedule,
    "kompas.proposal.adopt": decision(S.ADOPTED),
    "kompas.proposal.adopt_amended": decision(S.ADOPTED_AMENDED),
    "kompas.proposal.hold": decision(S.HELD),
    "kompas.proposal.reject": decision(S.REJECTED),
    "kompas.proposal.support": support,
    "kompas.comment.create": comment_create,
    "kompas.comment.report": comment_report,
    "kompas.comment.hide": comment_hide,
    "kompas.measure.create": measure_create,
    "kompas.measure.update": measure_update,
    "kompas.measure.close": measure_close,
    "kompas.priorities.set": priorities_set,
    "kompas.gremium.save": gremium_save,
    "kompas.report.generate": report_generate,  # by Celery beat: no person
}


def test_every_kompas_action_is_covered():
    assert sorted(action for action in ACTIONS if action.startswith("kompas.")) == sorted(CASES)


@pytest.mark.parametrize("action", list(CASES))
def test_every_state_change_writes_one_audit_row_with_its_actor(action):
    instance, actor = CASES[action]()
    assert_one_audit_row(instance, action, actor)
