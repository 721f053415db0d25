"""Audit rows for every state change, kept in Wagtail's log so staff see them in /beheer/
(Reports → Site history). Services call ``record``; every action used is listed in ACTIONS."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

# action id -> (label, message shown in the admin's history)
ACTIONS = {
    "reisgids.organisation.create": (_("Register organisation"), _("Organisation registered")),
    "reisgids.organisation.update": (_("Edit organisation profile"), _("Organisation profile edited")),
    "reisgids.membership.request": (_("Ask to join"), _("Asked to join")),
    "reisgids.membership.approve": (_("Approve join request"), _("Join request approved")),
    "reisgids.membership.refuse": (_("Refuse join request"), _("Join request refused")),
    "reisgids.membership.role": (_("Change member role"), _("Member role changed")),
    "reisgids.membership.remove": (_("Remove member"), _("Member removed")),
    "reisgids.account.export": (_("Download personal data"), _("Personal data downloaded")),
    "reisgids.account.delete": (_("Delete account"), _("Account deleted and anonymised")),
    "reisgids.account.profile": (_("Edit profile"), _("Profile edited")),
    "deals.deal.create": (_("Start deal"), _("Deal started")),
    "deals.deal.update": (_("Edit deal"), _("Deal edited")),
    "deals.deal.publish": (_("Publish deal in the making"), _("Published as a deal in the making")),
    "deals.deal.unpublish": (
        _("Withdraw deal in the making"),
        _("No longer published as a deal in the making"),
    ),
    "deals.deal.idea": (_("Move deal to idea"), _("Moved to the step: developing the idea")),
    "deals.deal.test": (_("Move deal to testing"), _("Moved to the step: testing and risk analysis")),
    "deals.deal.plan": (_("Move deal to planning"), _("Moved to the step: planning (concept deal)")),
    "deals.deal.close": (_("Close deal"), _("Deal closed")),
    "deals.deal.kickoff": (_("Record kick-off"), _("Kick-off held")),
    "deals.deal.run": (_("Start carrying out deal"), _("Deal in progress")),
    "deals.deal.finish": (_("Finish deal"), _("Deal finished")),
    "deals.deal.stop": (_("Stop deal"), _("Deal stopped")),
    "deals.partner.invite": (_("Invite deal partner"), _("Partner invited")),
    "deals.partner.accept": (_("Accept deal invitation"), _("Invitation accepted")),
    "deals.partner.decline": (_("Decline deal invitation"), _("Invitation declined")),
    "deals.partner.request": (_("Ask to join deal"), _("Asked to join the deal")),
    "deals.partner.request_accept": (_("Accept request to join deal"), _("Request to join accepted")),
    "deals.partner.request_refuse": (_("Refuse request to join deal"), _("Request to join refused")),
    "deals.partner.suggest": (_("Suggest deal partner"), _("Partner suggested by the network manager")),
    "deals.partner.suggest_accept": (_("Agree to suggested partner"), _("Suggested partner invited")),
    "deals.partner.suggest_refuse": (_("Refuse suggested partner"), _("Suggested partner not invited")),
    "deals.partner.assign_responder": (
        _("Assign who answers a deal invitation"),
        _("Member assigned to answer the invitation"),
    ),
    "deals.partner.withdraw": (_("Withdraw deal invitation"), _("Invitation withdrawn")),
    "deals.partner.lapse": (_("Let deal invitation lapse"), _("Invitation lapsed, not answered in time")),
    "deals.partner.confirm": (_("Confirm input"), _("Input confirmed")),
    "deals.partner.unconfirm": (_("Withdraw confirmation of input"), _("Confirmation of input withdrawn")),
    "deals.contribution.create": (_("Add input"), _("Input added")),
    "deals.contribution.update": (_("Change input"), _("Input changed")),
    "deals.contribution.delete": (_("Remove input"), _("Input removed")),
    "marktplaats.listing.create": (_("Post listing"), _("Listing posted")),
    "marktplaats.listing.update": (_("Edit listing"), _("Listing edited")),
    "marktplaats.listing.withdraw": (_("Withdraw listing"), _("Listing withdrawn")),
    "marktplaats.listing.fill": (_("Mark listing fulfilled"), _("Listing marked fulfilled")),
    "marktplaats.listing.expire": (_("Expire listing"), _("Listing expired")),
    "marktplaats.listing.hide": (_("Hide listing"), _("Listing hidden by the network manager")),
    "marktplaats.conversation.start": (_("Respond to listing"), _("Conversation started")),
    "marktplaats.message.send": (_("Send message"), _("Message sent")),
    "marktplaats.voucher.claim": (_("Claim voucher"), _("Voucher claimed")),
    "marktplaats.voucher.cancel": (_("Cancel voucher"), _("Voucher claim cancelled")),
    "marktplaats.voucher.redeem": (_("Redeem voucher"), _("Voucher redeemed")),
    "marktplaats.report.create": (_("Report listing or message"), _("Reported")),
    "marktplaats.follow.create": (_("Follow listings"), _("Started following listings")),
    "marktplaats.follow.delete": (_("Stop following listings"), _("Stopped following listings")),
}


def record(instance, action, *, actor=None, data=None):
    """Write one audit row for ``action`` on ``instance`` by ``actor``."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}; add it to reisgids.audit.ACTIONS")
    user = actor if actor is not None and actor.is_authenticated else None
    return log(instance, action, user=user, data=data or {})
