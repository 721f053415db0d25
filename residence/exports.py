"""The residencies' sections of "download my data" (``reisgids.accounts.exports``): the person's
residencies, the log entries they wrote (with the name of an attachment), their responses, the
concerns they raised and the side activities they organised."""

from reisgids.accounts.exports import iso, register_export_section
from residence.models import Activity, Concern, LogEntry, Residency, Response, plain_amount


@register_export_section("residencies", models=["residence.Residency"])
def export_residencies(user):
    return [
        {
            "deal": r.deal.title,
            "home_partner": r.home_partner.name,
            "host_partner": r.host_partner.name,
            "status": r.status,
            "starts_on": iso(r.starts_on),
            "ends_on": iso(r.ends_on),
            "time_amount": str(plain_amount(r.time_amount)),
            "time_unit": r.time_unit,
            "functions": r.functions,
            "openness": r.openness,
            "name_public": r.name_public,
            "end_note": r.end_note,
        }
        for r in Residency.objects.filter(person=user)
        .select_related("deal", "home_partner", "host_partner")
        .order_by("starts_on", "pk")
    ]


@register_export_section("residency_log", models=["residence.LogEntry"])
def export_residency_log(user):
    return [
        {
            "deal": e.residency.deal.title,
            "date": iso(e.date),
            "kind": e.kind,
            "text": e.text,
            "visibility": e.visibility,
            "attachment": e.attachment_name,
            "written_at": iso(e.created_at),
        }
        for e in LogEntry.objects.filter(author=user).select_related("residency__deal").order_by("date", "pk")
    ]


@register_export_section("residency_responses", models=["residence.Response"])
def export_residency_responses(user):
    return [
        {"deal": r.entry.residency.deal.title, "text": r.text, "written_at": iso(r.created_at)}
        for r in Response.objects.filter(author=user).select_related("entry__residency__deal").order_by("pk")
    ]


@register_export_section("residency_concerns", models=["residence.Concern"])
def export_concerns(user):
    return [
        {
            "deal": c.deal.title,
            "title": c.title,
            "description": c.description,
            "severity": c.severity,
            "status": c.status,
            "raised_at": iso(c.raised_at),
        }
        for c in Concern.objects.filter(raised_by=user).select_related("deal").order_by("raised_at", "pk")
    ]


@register_export_section("residency_activities", models=["residence.Activity"])
def export_activities(user):
    return [
        {
            "deal": a.residency.deal.title,
            "kind": a.kind,
            "title": a.title,
            "starts_at": iso(a.starts_at),
            "place": a.place,
            "description": a.description,
            "report": a.report,
            "public": a.is_public,
        }
        for a in Activity.objects.filter(created_by=user)
        .select_related("residency__deal")
        .order_by("starts_at", "pk")
    ]
