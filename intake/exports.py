"""The intake's section of "download my data" (``reisgids.accounts.exports``), registered from
``IntakeConfig.ready()``: the ideas the person submitted with their plan, the advice they wrote, the
requests they raised or answered, the meetings they were invited to, and the co-initiators they
invited or were invited as."""

from django.db.models import Q

from intake.models import PLAN_FIELDS, Advice, CoInitiator, Intake, Meeting, Request
from reisgids.accounts.exports import iso, register_export_section


@register_export_section(
    "intake",
    models=["intake.Intake", "intake.Advice", "intake.Request", "intake.Meeting", "intake.CoInitiator"],
)
def export_intake(user):
    ideas = Intake.objects.filter(
        Q(initiator=user) | Q(holder=user) | Q(contact_person=user) | Q(process_guide=user)
    ).order_by("created_at", "pk")
    return {
        "ideas": [
            {
                "title": intake.title,
                "submitted_at": iso(intake.created_at),
                "submitted_by_me": intake.initiator_id == user.pk,
                "status": intake.status,
                "what": intake.what,
                "for_whom": intake.for_whom,
                "needs": intake.needs,
                "brings": intake.brings,
                "email": intake.email if intake.initiator_id == user.pk else None,
                "plan": {name: getattr(intake, name) for name in PLAN_FIELDS},
                "amount_eur": str(intake.amount_eur) if intake.amount_eur is not None else None,
            }
            for intake in ideas
        ],
        "advice": [
            {"intake": a.intake.title, "kind": a.kind, "text": a.text, "written_at": iso(a.created_at)}
            for a in Advice.objects.filter(author=user).select_related("intake")
        ],
        "requests": [
            {
                "intake": r.intake.title,
                "kind": r.kind,
                "text": r.text,
                "answer": r.answer,
                "raised_by_me": r.author_id == user.pk,
                "raised_at": iso(r.created_at),
            }
            for r in Request.objects.filter(Q(author=user) | Q(answered_by=user)).select_related("intake")
        ],
        "meetings": [
            {"intake": m.intake.title, "starts_at": iso(m.starts_at), "place": m.place}
            for m in Meeting.objects.filter(attendees=user).select_related("intake")
        ],
        "co_initiators": [
            {
                "intake": c.intake.title,
                "name": c.name,
                "email": c.email,
                "invited_by_me": c.invited_by_id == user.pk,
                "invited_at": iso(c.created_at),
                "accepted_at": iso(c.accepted_at),
                "status": c.status,
            }
            for c in CoInitiator.objects.filter(Q(user=user) | Q(invited_by=user)).select_related("intake")
        ],
    }
