"""The kompas' sections of "download my data" (``reisgids.accounts.exports``): the proposals a person
wrote or decided, the supports they gave, their comments and reports, the measures they own and the
monitoring updates they wrote, and the kompas reports mailed to them."""

from kompas.models import (
    Measure,
    MonitoringUpdate,
    Proposal,
    ProposalComment,
    ProposalCommentReport,
    ReportDelivery,
    Support,
)
from reisgids.accounts.exports import iso, register_export_section


@register_export_section("kompas_proposals", models=["kompas.Proposal"])
def export_proposals(user):
    rows = Proposal.objects.filter(created_by=user) | Proposal.objects.filter(decided_by=user)
    return [
        {
            "title": proposal.title,
            "status": proposal.status,
            "created_by_me": proposal.created_by_id == user.pk,
            "decision_recorded_by_me": proposal.decided_by_id == user.pk,
            "created_at": iso(proposal.created_at),
        }
        for proposal in rows.distinct().order_by("created_at", "pk")
    ]


@register_export_section("kompas_supports", models=["kompas.Support"])
def export_supports(user):
    return [
        {
            "proposal": support.proposal.title,
            "organisation": support.organisation.name,
            "at": iso(support.created_at),
        }
        for support in Support.objects.filter(user=user)
        .select_related("proposal", "organisation")
        .order_by("pk")
    ]


@register_export_section("kompas_comments", models=["kompas.ProposalComment", "kompas.ProposalCommentReport"])
def export_comments(user):
    comments = [
        {"proposal": comment.proposal.title, "text": comment.text, "created_at": iso(comment.created_at)}
        for comment in ProposalComment.objects.filter(author=user).select_related("proposal").order_by("pk")
    ]
    reports = [
        {"comment": report.comment_id, "reason": report.reason, "created_at": iso(report.created_at)}
        for report in ProposalCommentReport.objects.filter(reporter=user).order_by("pk")
    ]
    hidden = list(ProposalComment.objects.filter(hidden_by=user).values_list("pk", flat=True))
    return {"comments": comments, "reports": reports, "comments_hidden_by_me": hidden}


@register_export_section("kompas_monitoring", models=["kompas.Measure", "kompas.MonitoringUpdate"])
def export_monitoring(user):
    measures = [
        {
            "indicator": measure.indicator,
            "description": measure.description,
            "closed_at": iso(measure.closed_at),
        }
        for measure in Measure.objects.filter(owner=user).order_by("pk")
    ]
    updates = [
        {"date": iso(update.date), "value": update.value, "note": update.note}
        for update in MonitoringUpdate.objects.filter(author=user).order_by("pk")
    ]
    return {"measures_owned": measures, "updates": updates}


@register_export_section("kompas_reports_mailed", models=["kompas.ReportDelivery"])
def export_deliveries(user):
    return [
        {"period": delivery.period.slug, "sent_at": iso(delivery.sent_at)}
        for delivery in ReportDelivery.objects.filter(recipient=user).select_related("period").order_by("pk")
    ]
