"""The schouw's section of "download my data" (``reisgids.accounts.exports``): the schouwen the
person ran, the meetlat they confirmed, and what they wrote (observations, appraisals, revised
agreements, lessons, the reason a deal had no schouw)."""

from reisgids.accounts.exports import iso, register_export_section
from schouw.models import (
    AgreementRevision,
    Appraisal,
    Lesson,
    NoSchouwReason,
    Observation,
    Schouw,
    SchouwPartner,
)

MODELS = [
    "schouw.Schouw",
    "schouw.SchouwPartner",
    "schouw.Observation",
    "schouw.Appraisal",
    "schouw.AgreementRevision",
    "schouw.Lesson",
    "schouw.NoSchouwReason",
]


@register_export_section("schouw", models=MODELS)
def export_schouw(user):
    return {
        "schouwen_run": [
            {"title": s.title, "planned_for": iso(s.planned_for), "phase": s.phase}
            for s in Schouw.objects.filter(coordinator=user).order_by("pk")
        ],
        "meetlat_confirmed": [
            {"schouw": p.schouw.title, "organisation": p.organisation.name, "at": iso(p.meetlat_confirmed_at)}
            for p in SchouwPartner.objects.filter(meetlat_confirmed_by=user).select_related(
                "schouw", "organisation"
            )
        ],
        "observations": [
            {
                "schouw": o.schouw.title,
                "text": o.text,
                "tone": o.tone,
                "expectation": o.expectation,
                "at": iso(o.created_at),
            }
            for o in Observation.objects.filter(author=user).select_related("schouw").order_by("pk")
        ],
        "appraisals": [
            {"criterion": a.criterion.title, "text": a.text, "score": a.score, "at": iso(a.updated_at)}
            for a in Appraisal.objects.filter(author=user).select_related("criterion").order_by("pk")
        ],
        "revised_agreements": [
            {"schouw": r.schouw.title, "agreement": r.agreement, "reason": r.reason, "at": iso(r.created_at)}
            for r in AgreementRevision.objects.filter(author=user).select_related("schouw").order_by("pk")
        ],
        "lessons": [
            {"schouw": lesson.schouw.title, "title": lesson.title, "text": lesson.text, "kind": lesson.kind}
            for lesson in Lesson.objects.filter(author=user).select_related("schouw").order_by("pk")
        ],
        "no_schouw_reasons": [
            {"deal": r.deal.title, "reason": r.reason, "at": iso(r.recorded_at)}
            for r in NoSchouwReason.objects.filter(recorded_by=user).select_related("deal").order_by("pk")
        ],
    }
