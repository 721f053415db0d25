"""The marktplaats' sections of "download my data" (``reisgids.accounts.exports``), registered from
``MarktplaatsConfig.ready()``: listings the person posted or is the contact person of, conversations
they started, messages they sent, their reports, follows and voucher claims."""

from marktplaats.models import Conversation, Follow, Listing, Message, Report, VoucherClaim
from reisgids.accounts.exports import iso, register_export_section


@register_export_section("listings", models=["marktplaats.Listing"])
def export_listings(user):
    listings = (
        Listing.objects.filter(created_by=user) | Listing.objects.filter(contact_person=user)
    ).distinct()
    return [
        {
            "title": listing.title,
            "kind": listing.kind,
            "category": listing.category,
            "description": listing.description,
            "organisation": listing.organisation.name,
            "status": listing.status,
            "posted_by_me": listing.created_by_id == user.pk,
            "contact_person": listing.contact_person_id == user.pk,
            "valid_until": iso(listing.valid_until),
            "created_at": iso(listing.created_at),
        }
        for listing in listings.select_related("organisation").order_by("created_at", "pk")
    ]


@register_export_section("listing_conversations", models=["marktplaats.Conversation"])
def export_conversations(user):
    """Responses to a listing that the person started."""
    return [
        {
            "listing": conversation.listing.title,
            "on_behalf_of": conversation.organisation.name,
            "started_at": iso(conversation.created_at),
        }
        for conversation in Conversation.objects.filter(started_by=user)
        .select_related("listing", "organisation")
        .order_by("created_at", "pk")
    ]


@register_export_section("listing_messages", models=["marktplaats.Message"])
def export_messages(user):
    return [
        {
            "listing": message.conversation.listing.title,
            "on_behalf_of": message.sender_organisation.name,
            "text": message.body,
            "sent_at": iso(message.created_at),
        }
        for message in Message.objects.filter(sender=user)
        .select_related("conversation__listing", "sender_organisation")
        .order_by("created_at", "pk")
    ]


@register_export_section("listing_reports", models=["marktplaats.Report"])
def export_reports(user):
    return [
        {
            "listing": report.listing.title,
            "about_a_message": report.message_id is not None,
            "reason": report.reason,
            "reported_at": iso(report.created_at),
            "handled_at": iso(report.handled_at),
        }
        for report in Report.objects.filter(reporter=user)
        .select_related("listing")
        .order_by("created_at", "pk")
    ]


@register_export_section("listing_follows", models=["marktplaats.Follow"])
def export_follows(user):
    return [
        {
            "organisation": follow.organisation.name,
            "category": follow.category,
            "theme": follow.theme.name if follow.theme else "",
            "area": follow.area.name if follow.area else "",
            "created_at": iso(follow.created_at),
        }
        for follow in Follow.objects.filter(created_by=user)
        .select_related("organisation", "theme", "area")
        .order_by("created_at", "pk")
    ]


@register_export_section("voucher_claims", models=["marktplaats.VoucherClaim"])
def export_voucher_claims(user):
    return [
        {
            "listing": claim.listing.title,
            "organisation": claim.organisation.name,
            "status": claim.status,
            "claimed_at": iso(claim.created_at),
            "redeemed_at": iso(claim.redeemed_at),
        }
        for claim in VoucherClaim.objects.filter(claimed_by=user)
        .select_related("listing", "organisation")
        .order_by("created_at", "pk")
    ]
