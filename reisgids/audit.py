"""Audit rows for every state change, kept in Wagtail's log so staff see them in /beheer/
(Reports → Site history). Services call ``record``; every action used is listed in ACTIONS."""

import re

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_action_registry

# action id -> (label, message shown in the admin's history)
ACTIONS = {
    "reisgids.organisation.create": (_("Register organisation"), _("Organisation registered")),
    "reisgids.organisation.update": (_("Edit organisation profile"), _("Organisation profile edited")),
    "reisgids.organisation.unmanaged": (
        _("Organisation without manager"),
        _("Last manager deleted their account; the network managers are responsible"),
    ),
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
    "deals.deal.agreements": (_("Revise deal agreements"), _("Agreements revised")),
    "deals.deal.publish": (_("Publish deal in the making"), _("Published as a deal in the making")),
    "deals.deal.unpublish": (
        _("Withdraw deal in the making"),
        _("No longer published as a deal in the making"),
    ),
    "deals.partner.invite": (_("Invite deal partner"), _("Partner invited")),
    "deals.partner.request": (_("Ask to join deal"), _("Asked to join the deal")),
    "deals.partner.suggest": (_("Suggest deal partner"), _("Partner suggested by the network manager")),
    "deals.partner.assign_responder": (
        _("Assign who answers a deal invitation"),
        _("Member assigned to answer the invitation"),
    ),
    "deals.partner.message": (_("Change message of deal partner"), _("Message of the partner changed")),
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


def register_actions(actions):
    """Add audit actions (id -> (label, message)), as a state machine does for its transitions
    (``reisgids.statemachine``). Registering the same id with other words is an error."""
    for action, words in actions.items():
        if ACTIONS.setdefault(action, words) != words:
            raise ValueError(f"Audit action {action!r} is registered twice")


def record(instance, action, *, actor=None, data=None):
    """Write one audit row for ``action`` on ``instance`` by ``actor``."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}; add it to reisgids.audit.ACTIONS")
    user = actor if actor is not None and actor.is_authenticated else None
    return log(instance, action, user=user, data=data or {})


def _mention_pattern(words):
    """A case-insensitive pattern for any of ``words`` as a whole (not inside a longer word)."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _replace_in(value, pattern, replacement):
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, dict):
        return {key: _replace_in(item, pattern, replacement) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_in(item, pattern, replacement) for item in value]
    return value


def _scrub(rows, words, replacement):
    """Replace ``words`` in the label and data of the rows that mention one of them."""
    if not words:
        return 0
    mentions = Q()
    for word in words:
        mentions |= Q(label__icontains=word) | Q(data_text__icontains=word)
    pattern = _mention_pattern(words)
    changed = 0
    for row in rows.annotate(data_text=Cast("data", TextField())).filter(mentions):
        label, data = pattern.sub(replacement, row.label), _replace_in(row.data, pattern, replacement)
        if (label, data) != (row.label, row.data):
            # An update, not a save: Wagtail's save validates the row, and the person may be gone.
            rows.model.objects.filter(pk=row.pk).update(label=label, data=data)
            changed += 1
    return changed


def anonymise_mentions(*, user_id, emails, name, replacement):
    """Remove a deleted person from the audit: in every audit row (this project's and Wagtail's own,
    shown in /beheer/) their e-mail addresses and their full name become ``replacement``, in the
    label and anywhere in the data. A name of one word (only a first name) is too common to replace
    everywhere: it is replaced in the rows of what the person did. Returns the number of rows changed."""
    emails = sorted({email for email in emails if email})
    name = (name or "").strip()
    full_name = [name] if len(name.split()) > 1 else []
    single_name = [name] if name and not full_name else []
    changed = 0
    for model in log_action_registry.get_log_entry_models():
        changed += _scrub(model.objects.all(), [*emails, *full_name], replacement)
        changed += _scrub(model.objects.filter(user_id=user_id), single_name, replacement)
    return changed
