"""The deals' sections of "download my data" (``reisgids.accounts.exports``), registered from
``DealsConfig.ready()``: deals the person started, partnerships they invited, suggested or asked for
and the inbreng they confirmed, and the lines of deal timelines written by them."""

from deals.models import Deal, DealEvent, DealPartner
from reisgids.accounts.exports import iso, register_export_section


def _contribution(contribution):
    return {
        "kind": contribution.kind,
        "amount_eur": str(contribution.amount_eur) if contribution.amount_eur is not None else None,
        "hours": contribution.hours,
        "description": contribution.description,
        "expectations": contribution.expectations,
    }


@register_export_section("deals", models=["deals.Deal"])
def export_deals(user):
    return [
        {
            "title": deal.title,
            "slug": deal.slug,
            "status": deal.status,
            "goal": deal.goal,
            "started_at": iso(deal.created_at),
        }
        for deal in Deal.objects.filter(created_by=user).order_by("created_at", "pk")
    ]


@register_export_section("deal_partnerships", models=["deals.DealPartner", "deals.Contribution"])
def export_deal_partnerships(user):
    """Partnerships the person invited, suggested or asked for, and those whose inbreng they
    confirmed (with that inbreng)."""
    partners = (
        DealPartner.objects.filter(requested_by=user) | DealPartner.objects.filter(confirmed_by=user)
    ).select_related("deal", "organisation")
    return [
        {
            "deal": partner.deal.title,
            "organisation": partner.organisation.name,
            "role": partner.role,
            "status": partner.status,
            "message": partner.message if partner.requested_by_id == user.pk else "",
            "requested_by_me": partner.requested_by_id == user.pk,
            "confirmed_by_me": partner.confirmed_by_id == user.pk,
            "confirmed_at": iso(partner.confirmed_at) if partner.confirmed_by_id == user.pk else None,
            "confirmed_contributions": (
                [_contribution(c) for c in partner.contributions.all()]
                if partner.confirmed_by_id == user.pk
                else []
            ),
            "created_at": iso(partner.created_at),
        }
        for partner in partners.prefetch_related("contributions").order_by("created_at", "pk")
    ]


@register_export_section("deal_events", models=["deals.DealEvent"])
def export_deal_events(user):
    """What the person did in deals, as their timelines show it (adding or changing inbreng too)."""
    return [
        {
            "deal": event.deal.title,
            "action": event.action,
            "label": str(event.label),
            "organisation": event.organisation_name,
            "detail": event.detail,
            "at": iso(event.created_at),
        }
        for event in DealEvent.objects.filter(actor=user).select_related("deal").order_by("created_at", "pk")
    ]
