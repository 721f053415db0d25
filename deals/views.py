"""Thin views: bind a form or FilterSet, call one selector or service, render."""

import datetime
import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deals import extensions, selectors, services
from deals.apps import CACHE_NAMESPACE
from deals.filters import DealFilter
from deals.forms import (
    ContributionForm,
    DealForm,
    DealStartForm,
    FinishForm,
    InviteForm,
    JoinForm,
    MilestoneFormSet,
    PlanningForm,
    ResponderForm,
    ResultFormSet,
    RiskFormSet,
    SeekingForm,
    StopForm,
    SuggestForm,
    TestingForm,
)
from deals.models import DEAL_STEPS, Contribution, Deal, DealPartner
from reisgids import roles
from reisgids.caching import DIRECTORY, PAGE_PARTS_TEMPLATE, csrf_context, fragment
from reisgids.csvexport import csv_response
from reisgids.forms import Refusal, apply_service_errors
from reisgids.models import Organisation, Theme
from reisgids.pagination import CappedPaginator

NAMESPACES = (CACHE_NAMESPACE, DIRECTORY)  # reisgids.caching: deals, with names from the directory


def _partner(access, pk, *statuses):
    for partner in access.deal.partners.all():
        if partner.pk == pk and (not statuses or partner.status in statuses):
            return partner
    raise Http404


# --- public pages ------------------------------------------------------------------------------


def _filtered(request):
    filterset = DealFilter(request.GET or None, queryset=selectors.deal_register())
    return filterset, filterset.qs


def deal_list(request):
    """The register. Its filters and results are the same for every visitor with this language
    and query string, so they come from the fragment cache (see reisgids.caching)."""

    def render_listing():
        filterset, queryset = _filtered(request)
        page = CappedPaginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"filter": filterset, "page": page, "welcome_themes": selectors.welcome_themes()}
        return render_to_string("deals/_deal_listing.html", context, request)

    namespaces = (*NAMESPACES, *extensions.welcome_namespaces())  # what stands behind a welcome theme
    listing = fragment(request, "deal_list", render_listing, namespaces=namespaces)
    return render(request, "deals/deal_list.html", {"listing": listing})


EXPORT_FIELDS = [
    "title", "url", "status", "goal", "idea", "themes", "areas", "neighbourhoods", "partners",
    "partner_kinds", "contribution_kinds", "start_date", "end_date", "closed_at", "kickoff_at",
    "financing", "milestones",
]  # fmt: skip


def _export_records(request, queryset):
    base = settings.SITE_URL
    for deal in selectors.export_rows(queryset).iterator(chunk_size=500):
        partners = deal.export_partners
        yield {
            "title": deal.title,
            "url": base + deal.get_absolute_url(),
            "status": deal.status,
            "goal": deal.goal,
            "idea": deal.idea,
            "themes": [t.name for t in deal.themes.all()],
            "areas": [a.name for a in deal.areas.all()],
            "neighbourhoods": [n.name for n in deal.neighbourhoods.all()],
            "partners": [
                {
                    "name": p.organisation.name,
                    "kind": p.organisation.kind,
                    "role": p.role,
                    "contributions": [
                        {
                            "kind": c.kind,
                            "amount_eur": str(c.amount_eur) if c.amount_eur is not None else None,
                            "hours": c.hours,
                            "description": c.description,
                        }
                        for c in p.contributions.all()
                    ],
                }
                for p in partners
            ],
            "partner_kinds": sorted({p.organisation.kind for p in partners}),
            "contribution_kinds": sorted({c.kind for p in partners for c in p.contributions.all()}),
            "start_date": deal.start_date.isoformat() if deal.start_date else None,
            "end_date": deal.end_date.isoformat() if deal.end_date else None,
            "closed_at": deal.closed_at.isoformat() if deal.closed_at else None,
            "kickoff_at": deal.kickoff_at.isoformat() if deal.kickoff_at else None,
            "financing": deal.financing,
            "milestones": [{"title": m.title, "date": m.due_date.isoformat()} for m in deal.milestones.all()],
        }


EXPORT_LABELS = {
    "title": gettext_lazy("Title"), "url": gettext_lazy("Web address"), "status": gettext_lazy("Step"),
    "goal": gettext_lazy("Shared goal"), "idea": gettext_lazy("Innovative idea"),
    "themes": gettext_lazy("Themes"), "areas": gettext_lazy("Areas"),
    "neighbourhoods": gettext_lazy("Neighbourhoods"), "partners": gettext_lazy("Partners"),
    "partner_kinds": gettext_lazy("Kinds of partner"), "contribution_kinds": gettext_lazy("Kinds of input"),
    "start_date": gettext_lazy("Start date"), "end_date": gettext_lazy("End date"),
    "closed_at": gettext_lazy("Closed at"), "kickoff_at": gettext_lazy("Kick-off"),
    "financing": gettext_lazy("Financing"), "milestones": gettext_lazy("Milestones"),
}  # fmt: skip


def _csv_cells():
    """How each column of the CSV writes its value: codes as their labels in the request's language,
    lists joined with "; "."""
    statuses, financing = dict(Deal.Status.choices), dict(Deal.Financing.choices)
    kinds, inputs = dict(Organisation.Kind.choices), dict(Contribution.Kind.choices)
    roles = dict(DealPartner.Role.choices)

    def labels(choices):
        return lambda values: "; ".join(str(choices.get(value, value)) for value in values)

    def names(values):
        return "; ".join(values)

    return {
        "status": lambda value: str(statuses.get(value, value)),
        "financing": lambda value: str(financing.get(value, value)) if value else "",
        "themes": names, "areas": names, "neighbourhoods": names,
        "partners": lambda partners: "; ".join(
            f"{p['name']} ({roles.get(p['role'], p['role'])})" for p in partners
        ),
        "partner_kinds": labels(kinds),
        "contribution_kinds": labels(inputs),
        "milestones": lambda items: "; ".join(item["title"] for item in items),
    }  # fmt: skip


def deal_export_csv(request):
    """The register as CSV for Dutch Excel (``reisgids.csvexport``: ``;``, a byte order mark, formula
    cells escaped), headers in the request's language and codes written out."""
    _, queryset = _filtered(request)
    cells = _csv_cells()
    language = get_language()

    def rows():
        yield [str(EXPORT_LABELS[name]) for name in EXPORT_FIELDS]
        with override(language):  # the response streams after the view returned
            for record in _export_records(request, queryset):
                yield [
                    cells[name](record[name])
                    if name in cells
                    else ("" if record[name] is None else record[name])
                    for name in EXPORT_FIELDS
                ]

    return csv_response(rows(), filename="deals.csv")


def deal_export_json(request):
    _, queryset = _filtered(request)

    def chunks():
        yield '{"generated_at": ' + json.dumps(timezone.now().isoformat()) + ', "deals": ['
        for index, record in enumerate(_export_records(request, queryset)):
            yield ("," if index else "") + json.dumps(record, ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="deals.json"'
    return response


def deal_making_list(request):
    page = Paginator(selectors.deals_in_the_making(user=request.user), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "deals/deal_making_list.html",
        {
            "page": page,
            "welcome_themes": selectors.welcome_themes(),
            "network_manager": roles.is_network_manager(request.user),
        },
    )


def _deal_body(request, access):
    """The main content of a deal page, from the fragment cache per audience: the public body,
    the same for every visitor who is not a partner (private fields are never part of it); or the
    partners' body with the private fields, per set of partnerships whose inbreng this viewer may
    edit (its buttons: the only part of it that depends on the viewer, besides the CSRF token, a slot
    filled when served). Loaded from the database only when it is not in the cache."""
    deal, private = access.deal, access.can_see_private
    editable = tuple(p.pk for p in access.my_partners) if private and access.can_edit else ()

    def render_body():
        selectors.deal_prefetch_detail(deal, private=private)
        # the partners' body depends on ``access`` only through what its key holds: is_partner,
        # can_edit and my_partners
        context = {
            "deal": deal,
            "access": access if private else selectors.DealAccess(deal=deal),
            "steps": Deal.Status.choices,
            "events": selectors.deal_events_for_partners(deal=deal) if private else (),
            **csrf_context(),
        }
        return render_to_string("deals/_deal_body.html", context, request)

    audience = ("partner", *editable) if private else ("public",)
    return fragment(
        request,
        "deal_body",
        render_body,
        namespaces=NAMESPACES,
        key_parts=(deal.pk, *audience),
        vary_on_query=False,
    )


def _next_steps(request, access):
    """The trekker's next steps, each with what the registered step guards say stands in its way
    now (``deals.extensions``: a handrem, "afgerond" without a schouw report) and, in plannen, why
    the deal cannot be closed yet: the same for every trekker of this deal, so from the fragment
    cache, renewed when the deal or what a guard reads changes."""
    deal = access.deal

    def render_steps():
        steps = DEAL_STEPS.available(deal.status, offered=True)
        context = {
            "deal": deal,
            "next_steps": [(t.slug, t.label, extensions.step_refusals(deal, t)) for t in steps],
            "close_problems": services.close_problems(deal) if deal.status == Deal.Status.PLANNING else (),
        }
        return render_to_string("deals/_deal_next_steps.html", context, request)

    return fragment(
        request,
        "deal_steps",
        render_steps,
        namespaces=(*NAMESPACES, *extensions.step_guard_namespaces()),
        key_parts=(deal.pk,),
        vary_on_query=False,
    )


def _deal_page(request, slug):
    """The title, description and content of a deal page for this user (404 when hidden): one
    fetch of the deal decides what the user may do and feeds the parts that are theirs
    (invitations, buttons, forms); the body and the next steps come from the cache."""
    access = selectors.deal_get_for_user(user=request.user, slug=slug, detail=False)
    deal = access.deal
    context = {"access": access, "deal": deal}
    if deal.in_the_making:
        context["seeking_partner_labels"] = [Organisation.Kind(k).label for k in deal.seeking_partner_kinds]
        context["seeking_contribution_labels"] = [
            Contribution.Kind(k).label for k in deal.seeking_contribution_kinds
        ]
    if access.is_trekker:
        context["next_steps"] = _next_steps(request, access)
    context["open_invitations"] = _open_invitations(access)
    context["body"] = _deal_body(request, access)
    context["sections"] = extensions.deal_sections(request, access)
    return {
        "title": deal.title,
        "description": Truncator(deal.goal).words(30),
        "content": render_to_string("deals/_deal_content.html", context, request),
    }


def _responder_form(partner, members, data=None):
    return ResponderForm(
        data,
        members=members,
        organisation=partner.organisation,
        auto_id=f"id_responder_{partner.pk}_%s",
        initial={"user": partner.responder_id},
    )


def _open_invitations(access):
    """The open invitations with what this user may do with them on the deal page: the trekker
    withdraws, a network manager assigns who answers."""
    if not (access.can_withdraw_invitations or access.can_assign_responders):
        return []
    invitations = access.open_invitations
    members = selectors.invitation_members(partners=invitations) if access.can_assign_responders else {}
    lapse = datetime.timedelta(days=settings.DEAL_INVITATION_LAPSE_DAYS)
    return [
        {
            "partner": partner,
            "lapses_on": partner.invited_at + lapse if partner.invited_at else None,
            "form": _responder_form(partner, members[partner.pk]) if partner.pk in members else None,
            "responder": next((u for u in members.get(partner.pk, ()) if u.pk == partner.responder_id), None),
        }
        for partner in invitations
    ]


def deal_detail(request, slug):
    """A deal page. Anonymous visitors all get the same page, so it comes from the fragment cache
    whole (it has no forms); signed-in users get their own invitations, buttons and forms around
    the body, which comes from the cache per audience (see ``_deal_body``)."""
    if request.user.is_authenticated:
        page = _deal_page(request, slug)
    else:
        namespaces = (*NAMESPACES, *extensions.section_namespaces())
        cached = fragment(
            request,
            "deal_page",
            lambda: json.dumps(_deal_page(request, slug)),
            namespaces=tuple(dict.fromkeys(namespaces)),
            key_parts=(slug,),
            vary_on_query=False,
        )
        page = json.loads(cached)
        page["content"] = mark_safe(page["content"])  # noqa: S308 - our own rendered, auto-escaped template output
    return render(request, PAGE_PARTS_TEMPLATE, page)


@login_required
def my_deals(request):
    page = Paginator(selectors.deals_for_user(user=request.user), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "deals/my_deals.html", {"page": page})


# --- starting and editing ----------------------------------------------------------------------


def _followed_deal(request):
    """The deal a new deal follows up (``?vervolg=<slug>``, the schouw's "start a follow-up deal"),
    when ``request.user`` may see it; else None (the start form is then the usual one)."""
    slug = request.GET.get("vervolg", "")
    if not slug:
        return None
    try:
        return selectors.deal_get_for_user(user=request.user, slug=slug, detail=False).deal
    except Http404:
        return None


@login_required
def deal_start(request):
    organisations = roles.organisations_of(request.user)
    theme = None
    if request.GET.get("thema"):
        theme = get_object_or_404(Theme, slug=request.GET["thema"])
    if not organisations.exists():
        return render(request, "deals/deal_start_no_organisation.html", {"theme": theme}, status=403)
    initial = {"themes": [theme]} if theme else {}
    previous = _followed_deal(request)
    form = DealStartForm(
        request.POST or None,
        organisations=organisations,
        initial=initial,
        previous=previous,
    )
    if request.method == "POST" and form.is_valid():
        try:
            deal = services.deal_start(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The deal is started. Now add the details and invite partners."))
            return redirect("deals:edit", slug=deal.slug)
    return render(
        request,
        "deals/deal_start.html",
        {"form": form, "theme": theme, "previous": previous, "welcome_themes": selectors.welcome_themes()},
    )


def _row_initial(deal):
    return (
        [
            {"description": r.description, "indicator": r.indicator, "target": r.target}
            for r in deal.results.all()
        ],
        [
            {
                "description": r.description,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "mitigation": r.mitigation,
                "owner": r.owner,
            }
            for r in deal.risks.all()
        ],  # fmt: skip
        [{"title": m.title, "due_date": m.due_date} for m in deal.milestones.all()],
    )


def _edit_forms(deal, data=None):
    results, risks, milestones = _row_initial(deal)
    return (
        DealForm(data, instance=deal),
        ResultFormSet(data, initial=results, prefix="results"),
        RiskFormSet(data, initial=risks, prefix="risks"),
        MilestoneFormSet(data, initial=milestones, prefix="milestones"),
    )


@login_required
def deal_edit(request, slug):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    if not access.can_edit:
        raise PermissionDenied
    deal = access.deal
    form, results, risks, milestones = _edit_forms(deal, request.POST or None)
    stale_errors = []
    if request.method == "POST" and all(f.is_valid() for f in (form, results, risks, milestones)):
        data = form.cleaned_data
        try:
            services.deal_update(
                deal=deal,
                actor=request.user,
                version=data["version"],
                fields={name: data[name] for name in services.EDITABLE_FIELDS},
                m2m={name: data[name] for name in services.M2M_FIELDS},
                results=results.rows(),
                risks=risks.rows(),
                milestones=milestones.rows(),
            )
        except services.ConcurrentEditError as error:
            stale_errors = Refusal.of(error)
            deal = selectors.deal_get_for_user(user=request.user, slug=slug).deal
            form, results, risks, milestones = _edit_forms(deal)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The deal is saved."))
            return redirect(deal.get_absolute_url())
    return render(
        request,
        "deals/deal_edit.html",
        {
            "deal": deal,
            "form": form,
            "results": results,
            "risks": risks,
            "milestones": milestones,
            "stale_errors": stale_errors,
        },
    )


@login_required
def deal_seeking(request, slug):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    if not access.is_trekker:
        raise PermissionDenied
    deal = access.deal
    initial = {
        "seeking": deal.seeking_partners,
        "partner_kinds": deal.seeking_partner_kinds,
        "contribution_kinds": deal.seeking_contribution_kinds,
        "text": deal.seeking_text,
    }
    form = SeekingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.deal_set_seeking(deal=deal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(deal.get_absolute_url())
    return render(
        request,
        "deals/deal_form.html",
        {"deal": deal, "form": form, "heading": _("Look for partners"), "submit": _("Save")},
    )


# --- partners ----------------------------------------------------------------------------------


@login_required
def partner_invite(request, slug):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    if not access.is_trekker:
        raise PermissionDenied
    deal = access.deal
    involved = [p.organisation_id for p in deal.partners.all() if not p.is_ended]
    organisations = Organisation.objects.exclude(pk__in=involved).only("id", "name", "kind")
    form = InviteForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_invite(deal=deal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s is invited. Its managers get a message.")
                % {"organisation": form.cleaned_data["organisation"].name},
            )
            return redirect(deal.get_absolute_url())
    return render(
        request,
        "deals/deal_form.html",
        {"deal": deal, "form": form, "heading": _("Invite a partner"), "submit": _("Send invitation")},
    )


def _decision(request):
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        raise Http404
    return decision == "accept"


@require_POST
@login_required
def partner_respond(request, slug, pk):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    partner = _partner(access, pk, DealPartner.Status.INVITED)
    accept = _decision(request)
    try:
        services.partner_respond(partner=partner, actor=request.user, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You take part in the deal. Now state your input.")
            if accept
            else _("You declined the invitation."),
        )
    return redirect(access.deal.get_absolute_url())


@require_POST
@login_required
def partner_withdraw(request, slug, pk):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    if not access.is_trekker:
        raise PermissionDenied
    partner = _partner(access, pk)
    try:
        services.partner_withdraw(partner=partner, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation to %(organisation)s is withdrawn.")
            % {"organisation": partner.organisation.name},
        )
    return redirect(access.deal.get_absolute_url())


@login_required
def partner_assign_responder(request, slug, pk):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    if not access.can_assign_responders:
        raise PermissionDenied
    partner = _partner(access, pk, DealPartner.Status.INVITED)
    members = selectors.invitation_members(partners=[partner])[partner.pk]
    form = _responder_form(partner, members, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_assign_responder(
                partner=partner, actor=request.user, user=form.cleaned_data["user"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s answers the invitation for %(organisation)s and gets a message.")
                % {"name": form.cleaned_data["user"], "organisation": partner.organisation.name},
            )
            return redirect(access.deal.get_absolute_url())
    return render(
        request,
        "deals/deal_form.html",
        {
            "deal": access.deal,
            "form": form,
            "heading": _("Who answers the invitation for %(organisation)s")
            % {"organisation": partner.organisation.name},
            "submit": _("Assign"),
        },
    )


@require_POST
@login_required
def partner_decide(request, slug, pk):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    partner = _partner(access, pk, DealPartner.Status.REQUESTED, DealPartner.Status.SUGGESTED)
    try:
        services.partner_decide(partner=partner, actor=request.user, accept=_decision(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your answer is saved."))
    return redirect(access.deal.get_absolute_url())


@login_required
def partner_join(request, slug):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    deal = access.deal
    organisations = Organisation.objects.filter(pk__in=access.joinable_organisation_ids)
    if not deal.in_the_making or not access.joinable_organisation_ids:
        raise PermissionDenied
    form = JoinForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_request_join(deal=deal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your request is sent to the trekker of the deal."))
            return redirect(deal.get_absolute_url())
    return render(
        request,
        "deals/deal_form.html",
        {"deal": deal, "form": form, "heading": _("Join this deal"), "submit": _("Ask to join the deal")},
    )


@login_required
def partner_suggest(request, slug):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    if not access.can_suggest:
        raise PermissionDenied
    deal = access.deal
    involved = [p.organisation_id for p in deal.partners.all() if not p.is_ended]
    form = SuggestForm(request.POST or None, organisations=Organisation.objects.exclude(pk__in=involved))
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_suggest(deal=deal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your suggestion is sent to the trekker of the deal."))
            return redirect(deal.get_absolute_url())
    return render(
        request,
        "deals/deal_form.html",
        {"deal": deal, "form": form, "heading": _("Suggest a partner"), "submit": _("Suggest")},
    )


# --- inbreng -----------------------------------------------------------------------------------


def _own_partner(access, pk):
    partner = _partner(access, pk)
    if partner not in access.my_partners or not access.can_edit:
        raise PermissionDenied
    return partner


def _contribution(access, pk):
    for partner in access.deal.partners.all():
        for contribution in partner.contributions.all():
            if contribution.pk == pk:
                if partner not in access.my_partners or not access.can_edit:
                    raise PermissionDenied
                contribution.partner = partner
                return contribution
    raise Http404


def _contribution_form_page(request, access, form, partner, contribution=None, stale_errors=()):
    return render(
        request,
        "deals/contribution_form.html",
        {
            "deal": access.deal,
            "form": form,
            "partner": partner,
            "contribution": contribution,
            "stale_errors": stale_errors,
        },
    )


@login_required
def contribution_add(request, slug, pk):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    partner = _own_partner(access, pk)
    form = ContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
            services.contribution_create(partner=partner, actor=request.user, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your input is added."))
            return redirect(access.deal.get_absolute_url() + "#inbreng")
    return _contribution_form_page(request, access, form, partner)


@login_required
def contribution_edit(request, slug, pk):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    contribution = _contribution(access, pk)
    form = ContributionForm(request.POST or None, initial=_contribution_initial(contribution))
    stale_errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contribution_update(
                contribution=contribution,
                actor=request.user,
                version=data.pop("version"),
                **data,
            )
        except services.ConcurrentEditError as error:
            # Someone else saved first: show the current values, keep nothing of this attempt.
            stale_errors = Refusal.of(error)
            access = selectors.deal_get_for_user(user=request.user, slug=slug)
            contribution = _contribution(access, pk)
            form = ContributionForm(initial=_contribution_initial(contribution))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your input is changed."))
            return redirect(access.deal.get_absolute_url() + "#inbreng")
    return _contribution_form_page(
        request, access, form, contribution.partner, contribution, stale_errors=stale_errors
    )


def _contribution_initial(contribution):
    return {
        "kind": contribution.kind,
        "amount_eur": contribution.amount_eur,
        "hours": contribution.hours,
        "description": contribution.description,
        "expectations": contribution.expectations,
        "version": contribution.version,
    }


@login_required
def contribution_delete(request, slug, pk):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    contribution = _contribution(access, pk)
    if request.method == "POST":
        services.contribution_delete(contribution=contribution, actor=request.user)
        messages.success(request, _("The input is removed."))
        return redirect(access.deal.get_absolute_url() + "#inbreng")
    return render(
        request, "deals/contribution_delete.html", {"deal": access.deal, "contribution": contribution}
    )


@require_POST
@login_required
def partner_confirm(request, slug, pk):
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    partner = _own_partner(access, pk)
    try:
        services.partner_confirm(partner=partner, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your input is confirmed."))
    return redirect(access.deal.get_absolute_url() + "#inbreng")


# --- steps -------------------------------------------------------------------------------------
# The steps are declared in deals.models.DEAL_STEPS; this only adds the form for what comes with some.

STEP_FORMS = {"test": TestingForm, "plan": PlanningForm, "finish": FinishForm, "stop": StopForm}
STEP_FIELD_ERRORS = {"test_method": "method", "test_findings": "findings", "stop_reason": "reason"}


@login_required
def deal_step(request, slug, step):
    transition = DEAL_STEPS.by_slug(step)
    if transition is None:
        raise Http404
    form_class, heading = STEP_FORMS.get(transition.name), transition.label
    access = selectors.deal_get_for_user(user=request.user, slug=slug)
    if not access.is_trekker:
        raise PermissionDenied
    deal = access.deal
    form = form_class(request.POST or None) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        arguments = dict(form.cleaned_data) if form else {}
        if transition.name == "plan" and deal.status != Deal.Status.TESTING:
            arguments = {}
        try:
            services.STEP_SERVICES[transition.name](deal=deal, actor=request.user, **arguments)
        except ValidationError as error:
            if form is None:
                form = forms.Form(request.POST)
                form.full_clean()
            if hasattr(error, "error_dict"):
                error = ValidationError(
                    {
                        STEP_FIELD_ERRORS.get(field, field): errors
                        for field, errors in error.error_dict.items()
                    }
                )
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("The deal is now in the step: %(status)s") % {"status": deal_status(deal)}
            )
            return redirect(deal.get_absolute_url())
    return render(
        request,
        "deals/deal_step.html",
        {"deal": deal, "form": form, "heading": heading, "step": step, "access": access},
    )


def deal_status(deal):
    deal.refresh_from_db(fields=["status"])
    return deal.get_status_display()
