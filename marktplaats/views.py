"""Thin views: bind a form or FilterSet, call one selector or service, render."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deals.apps import CACHE_NAMESPACE as DEALS
from marktplaats import selectors, services
from marktplaats.apps import CACHE_NAMESPACE
from marktplaats.filters import ListingFilter
from marktplaats.forms import (
    FillForm,
    FollowForm,
    HideForm,
    ListingForm,
    MessageForm,
    ReportForm,
    RespondForm,
    VoucherClaimForm,
)
from marktplaats.models import Follow, VoucherClaim
from reisgids import roles
from reisgids.caching import DIRECTORY, PAGE_PARTS_TEMPLATE, fragment, page_parts
from reisgids.forms import apply_service_errors
from reisgids.pagination import CappedPaginator

# reisgids.caching: the marktplaats with names from the directory; a listing page also shows the
# title of its deal.
NAMESPACES = (CACHE_NAMESPACE, DIRECTORY)
DETAIL_NAMESPACES = (CACHE_NAMESPACE, DIRECTORY, DEALS)


def listing_list(request):
    """The list. Its filters, count and results are the same for every visitor with this language
    and query string, so they come from the fragment cache (see reisgids.caching)."""

    def render_listing():
        filterset = ListingFilter(request.GET or None, queryset=selectors.listing_browse())
        page = CappedPaginator(filterset.qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        return render_to_string(
            "marktplaats/_listing_listing.html", {"filter": filterset, "page": page}, request
        )

    listing = fragment(request, "listing_list", render_listing, namespaces=NAMESPACES)
    return render(request, "marktplaats/listing_list.html", {"listing": listing})


def _matches(request, listing):
    """The matches section of an active listing's page, the same for everyone: from the cache."""

    def render_matches():
        context = {"listing": listing, "matches": selectors.matches_for(listing)}
        return render_to_string("marktplaats/_listing_matches.html", context, request)

    return fragment(
        request,
        "listing_matches",
        render_matches,
        namespaces=NAMESPACES,
        key_parts=(listing.pk,),
        vary_on_query=False,
    )


def _listing_page(request, pk):
    """The parts of a listing page that are the same for everyone who may see it, with what decides
    who may (``organisation_id``, ``hidden``) and what its personal parts need (the poster's table
    of claims, kept here and shown only to the poster's members)."""
    listing = selectors.listing_get(pk=pk)
    claims = selectors.voucher_claims(listing=listing) if listing.vouchers_total else []
    context = {
        "listing": listing,
        "matches": _matches(request, listing) if listing.is_active else "",
        "vouchers_left": max(listing.vouchers_total - len(claims), 0),
    }
    return {
        "title": listing.title,
        "description": Truncator(listing.description).words(30),
        "content": render_to_string("marktplaats/_listing_content.html", context, request),
        "pk": listing.pk,
        "organisation_id": listing.organisation_id,
        "hidden": listing.hidden_at is not None,
        "active": listing.is_active,
        "vouchers_total": listing.vouchers_total,
        "vouchers_left": context["vouchers_left"],
        "claims": [
            {
                "pk": claim.pk,
                "organisation": claim.organisation.name,
                "created_at": claim.created_at.isoformat(),
                "status": claim.status,
                "status_display": claim.get_status_display(),
            }
            for claim in claims
        ],
    }


def listing_detail(request, pk):
    """A listing page: the same for everyone who may see it, so from the fragment cache for
    everyone; what is personal (the poster's buttons and claims, the forms to respond and claim,
    one's conversations, the links to hide and report) are slots filled per request
    (``listing_part``)."""
    page = page_parts(
        request,
        "listing_page",
        lambda: _listing_page(request, pk),
        namespaces=DETAIL_NAMESPACES,
        key_parts=(pk,),
        shared=True,
    )
    if not selectors.may_see(request.user, organisation_id=page["organisation_id"], hidden=page["hidden"]):
        raise Http404
    request._listing_page = page
    return render(request, PAGE_PARTS_TEMPLATE, page)


def _listing_viewer(request, page):
    """What the personal parts of a listing page show this user, read once per request."""
    viewer = getattr(request, "_listing_viewer", None)
    if viewer is not None:
        return viewer
    user = request.user
    organisation_id = page["organisation_id"]
    can_edit = organisation_id in roles.organisation_ids(user)
    viewer = {"page": page, "listing_id": page["pk"], "can_edit": can_edit}
    viewer["signed_in"] = user.is_authenticated
    viewer["claims"] = [
        {**claim, "created_at": datetime.datetime.fromisoformat(claim["created_at"])}
        for claim in (page["claims"] if can_edit else [])
    ]
    viewer["may_hide"] = not page["hidden"] and roles.is_network_manager(user)
    if user.is_authenticated:
        viewer["conversations"] = selectors.conversations_of_listing(
            user=user, listing_id=page["pk"], organisation_id=organisation_id
        )
        if page["vouchers_total"]:
            viewer["my_claim"] = selectors.voucher_claim_of(user=user, listing_id=page["pk"])
        if page["active"] and not can_edit and roles.organisation_ids(user) - {organisation_id}:
            others = roles.organisations_of(user).exclude(pk=organisation_id)
            forms = [RespondForm(organisations=others)]
            if page["vouchers_total"]:
                forms.append(VoucherClaimForm(organisations=others))
            _share_choices(forms, "organisation", list(others))
            viewer["respond_form"] = forms[0]
            viewer["claim_form"] = forms[1] if len(forms) > 1 else None
    request._listing_viewer = viewer
    return viewer


def _share_choices(forms, name, objects):
    """The choices of the model choice field ``name`` of each form from ``objects``, read once,
    instead of one query per form and per rendering."""
    for form in forms:
        field = form.fields[name]
        field.choices = [(obj.pk, field.label_from_instance(obj)) for obj in objects]


def listing_part(request, part, pk):
    """One personal part of a listing page (``reisgids.caching.slot``): ``actions``, ``vouchers``,
    ``respond``, ``conversations`` or ``links``."""
    page = getattr(request, "_listing_page", None)
    if page is None or str(page["pk"]) != pk:
        return ""
    context = {**_listing_viewer(request, page), "part": part}
    return render_to_string("marktplaats/_listing_personal.html", context, request)


@login_required
def listing_create(request):
    organisations = roles.organisations_of(request.user)
    if not organisations.exists():
        return render(request, "marktplaats/listing_no_organisation.html")
    form = ListingForm(
        request.POST or None,
        organisations=organisations,
        deals=selectors.deals_for_linking(request.user),
        initial={"kind": request.GET.get("soort", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(
                actor=request.user, organisation=form.cleaned_data["organisation"], data=form.service_data()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your listing has been posted."))
            return redirect(listing)
    return render(request, "marktplaats/listing_form.html", {"form": form})


@login_required
def listing_edit(request, pk):
    listing = selectors.listing_for_update(user=request.user, pk=pk)
    initial = {
        "kind": listing.kind,
        "category": listing.category,
        "title": listing.title,
        "description": listing.description,
        "themes": list(listing.themes.all()),
        "areas": list(listing.areas.all()),
        "neighbourhoods": list(listing.neighbourhoods.all()),
        "starts_on": listing.starts_on,
        "ends_on": listing.ends_on,
        "valid_until": listing.valid_until,
        "vouchers_total": listing.vouchers_total or None,
    }
    form = ListingForm(request.POST or None, organisations=None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(actor=request.user, listing=listing, data=form.service_data())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(listing)
    return render(request, "marktplaats/listing_form.html", {"form": form, "listing": listing})


@login_required
@require_POST
def listing_withdraw(request, pk):
    listing = selectors.listing_for_update(user=request.user, pk=pk)
    try:
        services.listing_withdraw(actor=request.user, listing=listing)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The listing has been withdrawn."))
    return redirect(listing)


@login_required
def listing_fill(request, pk):
    listing = selectors.listing_for_update(user=request.user, pk=pk)
    if not listing.is_active:
        raise Http404
    form = FillForm(request.POST or None, organisations=selectors.fill_candidates(listing), deal=listing.deal)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_mark_filled(
                actor=request.user,
                listing=listing,
                matched_organisation=form.cleaned_data["matched_organisation"],
                invite_to_deal=form.cleaned_data.get("invite_to_deal", False),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The listing has been marked as fulfilled. Thank you!"))
            return redirect(listing)
    return render(request, "marktplaats/listing_fill.html", {"form": form, "listing": listing})


@login_required
def listing_respond(request, pk):
    listing = selectors.listing_get_for_user(user=request.user, pk=pk)
    others = roles.organisations_of(request.user).exclude(pk=listing.organisation_id)
    if not others.exists():
        raise PermissionDenied
    form = RespondForm(request.POST or None, organisations=others)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.conversation_start(
                actor=request.user,
                listing=listing,
                organisation=form.cleaned_data["organisation"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your response has been sent."))
            return redirect(conversation)
    return render(request, "marktplaats/listing_respond.html", {"form": form, "listing": listing})


@login_required
def conversation_detail(request, pk):
    conversation = selectors.conversation_get_for_user(user=request.user, pk=pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(
                actor=request.user, conversation=conversation, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect(conversation)
    return render(
        request,
        "marktplaats/conversation_detail.html",
        {"conversation": conversation, "listing": conversation.listing, "form": form},
    )


@login_required
def listing_report(request, pk):
    listing = selectors.listing_get_for_user(user=request.user, pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(actor=request.user, listing=listing, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. The network manager will look at your report."))
            return redirect(listing)
    return render(request, "marktplaats/listing_report.html", {"form": form, "listing": listing})


@login_required
def message_report(request, pk, message_pk):
    conversation = selectors.conversation_get_for_user(user=request.user, pk=pk)
    message = next((m for m in conversation.messages.all() if m.pk == message_pk), None)
    if message is None:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                actor=request.user,
                listing=conversation.listing,
                message=message,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. The network manager will look at your report."))
            return redirect(conversation)
    return render(
        request,
        "marktplaats/message_report.html",
        {"form": form, "listing": conversation.listing, "conversation": conversation, "reported": message},
    )


@login_required
def listing_hide(request, pk):
    if not roles.is_network_manager(request.user):
        raise PermissionDenied
    listing = selectors.listing_get_for_user(user=request.user, pk=pk)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_hide(actor=request.user, listing=listing, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The listing has been hidden; the poster has been told."))
            return redirect(listing)
    return render(request, "marktplaats/listing_hide.html", {"form": form, "listing": listing})


@login_required
@require_POST
def voucher_claim(request, pk):
    listing = selectors.listing_get_for_user(user=request.user, pk=pk)
    others = roles.organisations_of(request.user).exclude(pk=listing.organisation_id)
    form = VoucherClaimForm(request.POST, organisations=others)
    if not form.is_valid():
        raise PermissionDenied
    try:
        services.voucher_claim(
            actor=request.user, listing=listing, organisation=form.cleaned_data["organisation"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have claimed a voucher. The offering organisation has been told."))
    return redirect(listing)


def _claim(request, pk):
    claim = VoucherClaim.objects.select_related("listing").filter(pk=pk).first()
    if claim is None:
        raise Http404
    selectors.listing_get_for_user(user=request.user, pk=claim.listing_id)
    return claim


@login_required
@require_POST
def voucher_cancel(request, pk):
    claim = _claim(request, pk)
    try:
        services.voucher_cancel(actor=request.user, claim=claim)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The voucher claim has been cancelled."))
    return redirect(claim.listing)


@login_required
@require_POST
def voucher_redeem(request, pk):
    claim = _claim(request, pk)
    try:
        services.voucher_redeem(actor=request.user, claim=claim)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The voucher has been marked as redeemed."))
    return redirect(claim.listing)


@login_required
def follow_list(request):
    organisations = roles.organisations_of(request.user)
    if not organisations.exists():
        return render(request, "marktplaats/listing_no_organisation.html")
    form = FollowForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("You will now hear of new matching listings."))
            return redirect("marktplaats:follows")
    return render(
        request,
        "marktplaats/follow_list.html",
        {"form": form, "follows": list(selectors.follows_for_user(request.user))},
    )


@login_required
@require_POST
def follow_delete(request, pk):
    follow = Follow.objects.filter(pk=pk).first()
    if follow is None:
        raise Http404
    services.follow_delete(actor=request.user, follow=follow)
    messages.success(request, _("You no longer follow this."))
    return redirect("marktplaats:follows")
