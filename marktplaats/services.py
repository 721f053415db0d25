"""Every write in the marktplaats: one service per state change. Each runs in one transaction,
checks who may do it, saves with ``update_fields``, writes an audit row and notifies the other
side after commit. Notifications never contain an email address."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from marktplaats.models import Conversation, Follow, Listing, Message, Report, VoucherClaim
from reisgids.audit import record
from reisgids.models import User
from reisgids.notifications.services import notify
from reisgids.ratelimits import check_rate_limit
from reisgids.roles import is_member, is_network_manager, members_of, network_managers

DEFAULT_VALIDITY_DAYS = 90
MAX_VALIDITY_DAYS = 365
RATE_LIMIT = 10  # listings per user
RATE_WINDOW = datetime.timedelta(hours=1)
CONTENT_FIELDS = ("kind", "category", "title", "description", "starts_on", "ends_on", "valid_until")
M2M_FIELDS = ("themes", "areas", "neighbourhoods")


# --- helpers -----------------------------------------------------------------------------------


def _lock(listing):
    return Listing.objects.select_for_update().get(pk=listing.pk)


def _require_member(actor, organisation_id):
    if not actor.is_authenticated or not is_member(actor, organisation_id):
        raise PermissionDenied


def _members(organisation_id):
    return list(members_of(organisation_id))


def _notify(*, about, actor=None, **message):
    """Tell about a listing or a conversation (``about``): ``message`` as ``notify`` takes it."""
    notify(url=about.get_absolute_url(), actor=actor, kind="marktplaats", target=about, **message)


def _poster_recipients(listing):
    """The contact person first, then the other members of the posting organisation."""
    users = _members(listing.organisation_id)
    if listing.contact_person_id:
        users.sort(key=lambda u: u.pk != listing.contact_person_id)
    return users


def _clean_dates(*, starts_on, ends_on, valid_until, today):
    errors = {}
    if starts_on and starts_on < today:
        errors["starts_on"] = _("The date cannot be in the past.")
    if ends_on:
        if ends_on < today:
            errors["ends_on"] = _("The last day cannot be in the past.")
        elif starts_on and ends_on < starts_on:
            errors["ends_on"] = _("The last day cannot be before the first day.")
    if valid_until is None:
        valid_until = ends_on or starts_on or today + datetime.timedelta(days=DEFAULT_VALIDITY_DAYS)
    if valid_until < today:
        errors["valid_until"] = _("The end date cannot be in the past.")
    elif valid_until > today + datetime.timedelta(days=MAX_VALIDITY_DAYS):
        errors["valid_until"] = _("A listing can be valid for at most a year.")
    if errors:
        raise ValidationError(errors)
    return valid_until


def _validate_content(data):
    errors = {}
    if not (data.get("title") or "").strip():
        errors["title"] = _("Give the listing a title.")
    if not (data.get("description") or "").strip():
        errors["description"] = _("Describe what you ask or offer.")
    if errors:
        raise ValidationError(errors)


# --- listings ----------------------------------------------------------------------------------


@transaction.atomic
def listing_create(*, actor, organisation, data):
    """Post a vraag or aanbod for ``organisation``. ``data`` holds the fields of ``CONTENT_FIELDS``,
    the m2m fields, ``vouchers_total`` and optionally ``deal``."""
    _require_member(actor, organisation.pk)
    check_rate_limit(
        kind="listing",
        user=actor,
        recent=Listing.objects.filter(created_by=actor, created_at__gte=timezone.now() - RATE_WINDOW),
        limit=RATE_LIMIT,
        message=_("You have posted many listings in a short time. Try again in an hour."),
    )
    _validate_content(data)
    today = timezone.localdate()
    valid_until = _clean_dates(
        starts_on=data.get("starts_on"),
        ends_on=data.get("ends_on"),
        valid_until=data.get("valid_until"),
        today=today,
    )
    vouchers = data.get("vouchers_total") or 0
    if vouchers and data.get("kind") != Listing.Kind.AANBOD:
        raise ValidationError({"vouchers_total": _("Only an offer can be given as vouchers.")})
    listing = Listing.objects.create(
        kind=data["kind"],
        category=data["category"],
        title=data["title"].strip(),
        description=data["description"].strip(),
        starts_on=data.get("starts_on"),
        ends_on=data.get("ends_on"),
        valid_until=valid_until,
        organisation=organisation,
        contact_person=actor,
        created_by=actor,
        vouchers_total=vouchers,
        deal=data.get("deal"),
    )
    for field in M2M_FIELDS:
        if data.get(field) is not None:
            getattr(listing, field).set(data[field])
    record(listing, "marktplaats.listing.create", actor=actor, data={"listing": listing.pk})
    _notify_followers(listing, actor)
    return listing


def _notify_followers(listing, actor):
    """Members of organisations following this listing's category, a theme or an area of it (every
    field a follow sets must match) hear of it, by their own email preference. Two queries."""
    theme_ids = [t.pk for t in listing.themes.all()]
    area_ids = {a.pk for a in listing.areas.all()} | {n.area_id for n in listing.neighbourhoods.all()}
    follows = (
        Follow.objects.exclude(organisation_id=listing.organisation_id)
        .filter(Q(category="") | Q(category=listing.category))
        .filter(Q(theme__isnull=True) | Q(theme_id__in=theme_ids))
        .filter(Q(area__isnull=True) | Q(area_id__in=area_ids))
    )
    recipients = list(
        User.objects.filter(
            memberships__organisation__in=follows.values("organisation_id"), is_active=True
        ).distinct()
    )
    if not recipients:
        return
    _notify(
        recipients=recipients,
        subject=_("New in the marketplace: “%(title)s” (%(org)s)"),
        params={"title": listing.title, "org": listing.organisation.name},
        body=listing.description[:500],
        about=listing,
        actor=actor,
    )


@transaction.atomic
def follow_create(*, actor, organisation, category="", theme=None, area=None):
    """``organisation`` follows new listings of a category, theme and/or area."""
    _require_member(actor, organisation.pk)
    if not (category or theme or area):
        raise ValidationError(_("Choose a category, a theme or an area to follow."))
    follow, created = Follow.objects.get_or_create(
        organisation=organisation,
        category=category or "",
        theme=theme,
        area=area,
        defaults={"created_by": actor},
    )
    if not created:
        raise ValidationError(_("Your organisation already follows this."))
    record(follow, "marktplaats.follow.create", actor=actor, data={"organisation": organisation.pk})
    return follow


@transaction.atomic
def follow_delete(*, actor, follow):
    _require_member(actor, follow.organisation_id)
    record(follow, "marktplaats.follow.delete", actor=actor, data={"organisation": follow.organisation_id})
    follow.delete()


@transaction.atomic
def listing_update(*, actor, listing, data):
    listing = _lock(listing)
    _require_member(actor, listing.organisation_id)
    if listing.status not in Listing.ACTIVE_STATUSES:
        raise ValidationError(_("This listing is closed and can no longer be changed."))
    _validate_content(data)
    today = timezone.localdate()
    data = {**data}
    data["valid_until"] = _clean_dates(
        starts_on=data.get("starts_on"),
        ends_on=data.get("ends_on"),
        valid_until=data.get("valid_until"),
        today=today,
    )
    vouchers = data.get("vouchers_total") or 0
    if vouchers and data.get("kind") != Listing.Kind.AANBOD:
        raise ValidationError({"vouchers_total": _("Only an offer can be given as vouchers.")})
    claimed = listing.voucher_claims.exclude(status=VoucherClaim.Status.CANCELLED).count()
    if vouchers < claimed:
        raise ValidationError(
            {"vouchers_total": _("%(count)s vouchers have already been claimed.") % {"count": claimed}}
        )
    changed = []
    for field in CONTENT_FIELDS:
        value = data.get(field)
        if isinstance(value, str):
            value = value.strip()
        if getattr(listing, field) != value:
            setattr(listing, field, value)
            changed.append(field)
    if listing.vouchers_total != vouchers:
        listing.vouchers_total = vouchers
        changed.append("vouchers_total")
    if valid_changed := ("valid_until" in changed):
        listing.reminder_sent_at = None
        changed.append("reminder_sent_at")
    listing.save(update_fields=[*changed, "updated_at"])
    for field in M2M_FIELDS:
        if data.get(field) is not None:
            getattr(listing, field).set(data[field])
    record(
        listing,
        "marktplaats.listing.update",
        actor=actor,
        data={"listing": listing.pk, "fields": changed, "valid_until_changed": valid_changed},
    )
    return listing


@transaction.atomic
def listing_withdraw(*, actor, listing):
    listing = _lock(listing)
    _require_member(actor, listing.organisation_id)
    if listing.status not in Listing.ACTIVE_STATUSES:
        raise ValidationError(_("This listing is already closed."))
    listing.status = Listing.Status.INGETROKKEN
    listing.closed_at = timezone.now()
    listing.save(update_fields=["status", "closed_at", "updated_at"])
    record(listing, "marktplaats.listing.withdraw", actor=actor, data={"listing": listing.pk})
    return listing


@transaction.atomic
def listing_mark_filled(*, actor, listing, matched_organisation=None, invite_to_deal=False):
    """The poster marks the listing fulfilled, optionally with the organisation it matched. For a
    listing about a deal in the making, ``invite_to_deal`` also invites that organisation to the
    deal (through ``deals.services.partner_invite``: only the trekker may)."""
    listing = _lock(listing)
    _require_member(actor, listing.organisation_id)
    if listing.status not in Listing.ACTIVE_STATUSES:
        raise ValidationError(_("This listing is already closed."))
    if matched_organisation is not None and matched_organisation.pk == listing.organisation_id:
        raise ValidationError(
            {"matched_organisation": _("Choose another organisation than the one that posted it.")}
        )
    listing.status = Listing.Status.INGEVULD
    listing.matched_organisation = matched_organisation
    listing.closed_at = timezone.now()
    listing.save(update_fields=["status", "matched_organisation", "closed_at", "updated_at"])
    if invite_to_deal:
        _invite_to_deal(actor=actor, listing=listing, organisation=matched_organisation)
    record(
        listing,
        "marktplaats.listing.fill",
        actor=actor,
        data={"listing": listing.pk, "matched": matched_organisation.pk if matched_organisation else None},
    )
    if matched_organisation is not None:
        _notify(
            recipients=_members(matched_organisation.pk),
            subject=_("%(org)s marked “%(title)s” as fulfilled with your organisation"),
            body=_("Thank you for helping. The match is counted for the themes and neighbourhoods."),
            params={"org": listing.organisation.name, "title": listing.title},
            about=listing,
            actor=actor,
        )
    return listing


def _invite_to_deal(*, actor, listing, organisation):
    from deals import services as deal_services

    if listing.deal_id is None or organisation is None:
        raise ValidationError(
            {"invite_to_deal": _("Choose the organisation to invite; this listing is about a deal.")}
        )
    try:
        deal_services.partner_invite(
            deal=listing.deal,
            actor=actor,
            organisation=organisation,
            message=gettext("Through the marketplace: %(title)s") % {"title": listing.title},
        )
    except PermissionDenied:
        raise ValidationError(
            {"invite_to_deal": _("Only members of the deal's trekker can invite partners.")}
        ) from None


@transaction.atomic
def listing_hide(*, actor, listing, reason):
    """A network manager hides a listing with a reason; the poster is told."""
    if not is_network_manager(actor):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason; the poster will see it.")})
    listing = _lock(listing)
    listing.hidden_at = timezone.now()
    listing.hidden_reason = reason.strip()
    listing.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])
    Report.objects.filter(listing=listing, handled_at__isnull=True).update(handled_at=listing.hidden_at)
    record(listing, "marktplaats.listing.hide", actor=actor, data={"listing": listing.pk})
    _notify(
        recipients=_poster_recipients(listing),
        subject=_("Your listing “%(title)s” has been hidden"),
        body=_("The network manager hid it for this reason: %(reason)s"),
        params={"title": listing.title, "reason": listing.hidden_reason},
        about=listing,
        actor=actor,
    )
    return listing


def _expire_one(listing_id, today):
    with transaction.atomic():
        listing = Listing.objects.select_for_update().filter(pk=listing_id).first()
        if listing is None or listing.status not in Listing.ACTIVE_STATUSES or listing.valid_until >= today:
            return False
        listing.status = Listing.Status.VERLOPEN
        listing.closed_at = timezone.now()
        listing.save(update_fields=["status", "closed_at", "updated_at"])
        record(listing, "marktplaats.listing.expire", actor=None, data={"listing": listing.pk})
    return True


def _remind_one(listing_id, today):
    """Send the one reminder a week before a listing expires. The row lock and ``reminder_sent_at``
    make a second run (or a retry) send nothing."""
    with transaction.atomic():
        listing = (
            Listing.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=listing_id, reminder_sent_at__isnull=True)
            .first()
        )
        if listing is None or listing.status not in Listing.ACTIVE_STATUSES:
            return False
        listing.reminder_sent_at = timezone.now()
        listing.save(update_fields=["reminder_sent_at"])
        _notify(
            recipients=_poster_recipients(listing)[:1] or _members(listing.organisation_id),
            subject=_("Your listing “%(title)s” expires on %(date)s"),
            body=_("Still relevant? Change the end date on the listing page; otherwise it expires."),
            params={"title": listing.title, "date": listing.valid_until.strftime("%d-%m-%Y")},
            about=listing,
        )
    return True


def expire_and_remind(*, today=None):
    """Expire active listings past their end date; remind posters of listings that expire within a
    week. Returns (expired, reminded)."""
    today = today or timezone.localdate()
    due = list(
        Listing.objects.filter(status__in=Listing.ACTIVE_STATUSES, valid_until__lt=today).values_list(
            "pk", flat=True
        )
    )
    expired = sum(_expire_one(pk, today) for pk in due)
    soon = list(
        Listing.objects.filter(
            status__in=Listing.ACTIVE_STATUSES,
            reminder_sent_at__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=7),
        ).values_list("pk", flat=True)
    )
    reminded = sum(_remind_one(pk, today) for pk in soon)
    return expired, reminded


# --- conversations -----------------------------------------------------------------------------


@transaction.atomic
def conversation_start(*, actor, listing, organisation, body):
    """``organisation`` (one of the actor's) responds to ``listing`` with a first message. Starting
    twice returns the existing conversation with the message added."""
    _require_member(actor, organisation.pk)
    listing = _lock(listing)
    if organisation.pk == listing.organisation_id:
        raise ValidationError(_("You cannot respond to your own organisation's listing."))
    if listing.status not in Listing.ACTIVE_STATUSES or listing.hidden_at is not None:
        raise ValidationError(_("This listing is closed; you can no longer respond."))
    conversation, created = Conversation.objects.get_or_create(
        listing=listing, organisation=organisation, defaults={"started_by": actor}
    )
    if created:
        record(
            conversation,
            "marktplaats.conversation.start",
            actor=actor,
            data={"listing": listing.pk, "organisation": organisation.pk},
        )
    if listing.status == Listing.Status.OPEN:
        listing.status = Listing.Status.IN_GESPREK
        listing.save(update_fields=["status", "updated_at"])
    message_send(actor=actor, conversation=conversation, body=body)
    return conversation


@transaction.atomic
def message_send(*, actor, conversation, body):
    """Send a message in a conversation, on behalf of the side the actor belongs to."""
    if not actor.is_authenticated:
        raise PermissionDenied
    listing = conversation.listing
    if is_member(actor, conversation.organisation_id):
        side, other = conversation.organisation, listing.organisation
    elif is_member(actor, listing.organisation_id):
        side, other = listing.organisation, conversation.organisation
    else:
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    if len(body) > Message._meta.get_field("body").max_length:
        raise ValidationError({"body": _("A message can be at most 5,000 characters.")})
    message = Message.objects.create(
        conversation=conversation, sender=actor, sender_organisation=side, body=body
    )
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=["last_message_at"])
    record(message, "marktplaats.message.send", actor=actor, data={"conversation": conversation.pk})
    recipients = _poster_recipients(listing) if other.pk == listing.organisation_id else _members(other.pk)
    _notify(
        recipients=recipients,
        subject=_("New message from %(org)s about “%(title)s”"),
        params={"org": side.name, "title": listing.title},
        body=body[:500],
        about=conversation,
        actor=actor,
    )
    return message


# --- vouchers ----------------------------------------------------------------------------------


class VouchersGone(ValidationError):
    pass


@transaction.atomic
def voucher_claim(*, actor, listing, organisation):
    """Claim one voucher for ``organisation``. The listing row is locked, so N is never exceeded
    however many claim at the same time."""
    _require_member(actor, organisation.pk)
    listing = _lock(listing)
    if organisation.pk == listing.organisation_id:
        raise ValidationError(_("You cannot claim a voucher of your own organisation."))
    if listing.vouchers_total == 0 or listing.status not in Listing.ACTIVE_STATUSES or listing.hidden_at:
        raise ValidationError(_("This listing has no vouchers to claim."))
    active = VoucherClaim.objects.filter(listing=listing).exclude(status=VoucherClaim.Status.CANCELLED)
    if active.filter(claimed_by=actor).exists():
        raise ValidationError(_("You have already claimed a voucher for this offer."))
    if active.count() >= listing.vouchers_total:
        raise VouchersGone(_("Sorry, all vouchers have been claimed."))
    claim = VoucherClaim.objects.create(listing=listing, organisation=organisation, claimed_by=actor)
    record(claim, "marktplaats.voucher.claim", actor=actor, data={"listing": listing.pk})
    _notify(
        recipients=_poster_recipients(listing),
        subject=_("%(org)s claimed a voucher: “%(title)s”"),
        body=_("See the claims on the listing page."),
        params={"org": organisation.name, "title": listing.title},
        about=listing,
        actor=actor,
    )
    return claim


@transaction.atomic
def voucher_cancel(*, actor, claim):
    """The claimant (or the poster) cancels a claim; the voucher is free again."""
    claim = VoucherClaim.objects.select_for_update().select_related("listing").get(pk=claim.pk)
    if not (
        actor.is_authenticated
        and (claim.claimed_by_id == actor.pk or is_member(actor, claim.listing.organisation_id))
    ):
        raise PermissionDenied
    if claim.status != VoucherClaim.Status.CLAIMED:
        raise ValidationError(_("Only an open claim can be cancelled."))
    claim.status = VoucherClaim.Status.CANCELLED
    claim.save(update_fields=["status"])
    record(claim, "marktplaats.voucher.cancel", actor=actor, data={"listing": claim.listing_id})
    return claim


@transaction.atomic
def voucher_redeem(*, actor, claim):
    """The poster marks a claimed voucher as redeemed."""
    claim = VoucherClaim.objects.select_for_update().select_related("listing").get(pk=claim.pk)
    _require_member(actor, claim.listing.organisation_id)
    if claim.status != VoucherClaim.Status.CLAIMED:
        raise ValidationError(_("Only an open claim can be redeemed."))
    claim.status = VoucherClaim.Status.REDEEMED
    claim.redeemed_at = timezone.now()
    claim.save(update_fields=["status", "redeemed_at"])
    record(claim, "marktplaats.voucher.redeem", actor=actor, data={"listing": claim.listing_id})
    return claim


# --- reports -----------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, actor, listing, reason, message=None):
    """Anyone signed in reports a listing (or one of its messages they can see)."""
    if not actor.is_authenticated:
        raise PermissionDenied
    if message is not None and message.conversation.listing_id != listing.pk:
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell us what is wrong.")})
    report = Report.objects.create(listing=listing, message=message, reporter=actor, reason=reason[:2000])
    record(report, "marktplaats.report.create", actor=actor, data={"listing": listing.pk})
    _notify(
        recipients=list(network_managers()),
        subject=_("A listing was reported: “%(title)s”"),
        params={"title": listing.title},
        body=reason[:500],
        about=listing,
        actor=actor,
    )
    return report
