"""Pages of the residencies, for the partners of a deal: thin views that bind a form, call one service
or selector and render. Public: an activity marked public (also on /agenda/)."""

import datetime
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from deals.selectors import deal_get_for_user
from reisgids.caching import csrf_context, fragment
from reisgids.forms import apply_service_errors
from reisgids.models import Organisation, User
from residence import selectors, services
from residence.forms import (
    ActivityForm,
    ConcernEditForm,
    ConcernForm,
    ConsentForm,
    EndForm,
    LogEntryForm,
    PeriodForm,
    ReportForm,
    ResidencyEditForm,
    ResidencyForm,
    ResolutionForm,
    ResponseForm,
)
from residence.models import Concern, LogEntry, Residency


def _deal_partner_access(request, slug):
    access = deal_get_for_user(user=request.user, slug=slug)
    if not access.is_partner:
        raise Http404
    return access


def _partners(deal_id):
    return Organisation.objects.filter(pk__in=services.partner_org_ids(deal_id)).order_by("name")


def _submit(form, call):
    """Call the service with the bound, valid form; its refusal shows on the form. The result or None."""
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except ValidationError as error:
        apply_service_errors(form, error)
        return None


def _form_page(request, form, call, *, done, context, template="residence/form_page.html", to=None):
    """Every form page of the residencies: on a valid POST call the service (``call(data)``), show
    ``done`` (a message, or ``done(result)`` -> (level, message)) and go to ``to(result)`` (default: the
    result's page); otherwise render the form with its messages and what was typed."""
    if request.method == "POST":
        result = _submit(form, call)
        if result is not None:
            level, text = done(result) if callable(done) else (messages.SUCCESS, done)
            messages.add_message(request, level, text)
            return redirect(to(result) if to else result.get_absolute_url())
    return render(request, template, {"form": form, **context})


def _page(residency, heading, submit, **extra):
    return {"residency": residency, "deal": residency.deal, "heading": heading, "submit": submit, **extra}


@login_required
def residency_propose(request, slug):
    access = _deal_partner_access(request, slug)
    deal = access.deal
    partners = _partners(deal.pk)
    people = (
        User.objects.filter(
            memberships__organisation__in=partners, is_active=True, anonymised_at__isnull=True
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )
    return _form_page(
        request,
        ResidencyForm(request.POST or None, partners=partners, people=people),
        lambda data: services.residency_propose(deal=deal, actor=request.user, **data),
        done=_("The residency is proposed. A beheerder of the home and of the host partner confirms it."),
        context={"deal": deal},
        template="residence/residency_form.html",
    )


def _confirm_sides(user, residency):
    return [
        organisation
        for organisation in (residency.home_partner, residency.host_partner)
        if services.may_confirm_for(user, organisation.pk)
    ]


def _page_number(request, rows, page_size):
    """The page asked for, within the pages there are for ``rows`` (a number of a key, so bounded)."""
    last = max(1, -(-rows // page_size))
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), last)


def _counted_page(rows, page_size, count, number):
    """Page ``number`` of ``rows``, whose ``count`` the kept facts hold (no query to count them)."""
    paginator = Paginator(rows, page_size)
    paginator.count = count
    return paginator.get_page(number)


@login_required
def residency_detail(request, pk):
    """The residency page: what decides access and the page itself come from the cache, per
    residency, audience (the home and host partner see every log entry, the other partners of the
    deal those for all partners) and page of the log; what is the viewer's own (the resident's
    buttons, confirming, changing one's own entries, the CSRF token) is a slot filled per request.
    It shows the first concerns; all of them are on the residency's list of concerns."""
    access, facts = selectors.residency_page_access(user=request.user, pk=pk)
    residency = access.residency
    audience = "pair" if access.is_pair else "partners"
    entries = facts.entries_for_pair if access.is_pair else facts.entries_for_partners
    number = _page_number(request, entries, selectors.ENTRY_PAGE_SIZE)

    def render_body():
        page = _counted_page(selectors.visible_entries(access), selectors.ENTRY_PAGE_SIZE, entries, number)
        context = {
            "access": access,
            "residency": residency,
            "deal": residency.deal,
            "page": page,
            "concerns": list(selectors.concerns_of(access)[: selectors.CONCERNS_ON_PAGE]),
            "concern_count": facts.concerns,
            "activities": selectors.activities_of(access),
            "request": _LogPageRequest(number),
            **csrf_context(),
        }
        return render_to_string("residence/_residency_body.html", context)

    body = fragment(
        request,
        "residency_page",
        render_body,
        namespaces=selectors.PAGE_NAMESPACES,
        # the concerns show how many days they are open
        key_parts=(residency.pk, audience, number, timezone.localdate().isoformat()),
        vary_on_query=False,
    )
    return render(request, "residence/residency_detail.html", {"residency": residency, "body": body})


@login_required
def concern_list(request, pk):
    """Every concern of a residency, twenty a page, for whoever may see the residency page: kept per
    residency and page (the concerns are the same for every partner of the deal)."""
    access, facts = selectors.residency_page_access(user=request.user, pk=pk)
    residency = access.residency
    number = _page_number(request, facts.concerns, selectors.CONCERN_PAGE_SIZE)

    def render_body():
        page = _counted_page(
            selectors.concerns_of(access), selectors.CONCERN_PAGE_SIZE, facts.concerns, number
        )
        context = {"residency": residency, "deal": residency.deal, "page": page}
        return render_to_string(
            "residence/_concern_list_body.html", {**context, "request": _LogPageRequest(number)}
        )

    body = fragment(
        request,
        "residency_concerns",
        render_body,
        namespaces=selectors.PAGE_NAMESPACES,
        key_parts=(residency.pk, number, timezone.localdate().isoformat()),
        vary_on_query=False,
    )
    return render(request, "residence/concern_list.html", {"residency": residency, "body": body})


class _LogPageRequest:
    """What the page links (of the log, of the concerns) read of the request (``query_with``): only
    the page number, so the kept page holds nothing of the query string of whoever's request
    rendered it."""

    def __init__(self, number):
        self.GET = QueryDict(mutable=True)
        self.GET["page"] = str(number)


def resident_actions(request, residency_pk, person_pk):
    """Slot: the resident's own buttons on an active residency's page."""
    if request.user.pk is None or str(request.user.pk) != person_pk:
        return ""
    return _resident_actions(residency_pk, translation.get_language())


@functools.lru_cache(maxsize=512)
def _resident_actions(residency_pk, language):
    """The buttons depend on nothing but the residency and the language: rendered once per process."""
    return render_to_string("residence/_resident_actions.html", {"residency_pk": residency_pk})


def confirm_form(request, residency_pk):
    """Slot: on a planned residency, the form to confirm it for the viewer's side(s) not yet confirmed."""
    if not request.user.is_authenticated:
        return ""
    residency = (
        Residency.objects.select_related("home_partner", "host_partner").filter(pk=residency_pk).first()
    )
    if residency is None or residency.status != Residency.Status.PLANNED:
        return ""
    sides = [
        o
        for o in _confirm_sides(request.user, residency)
        if getattr(
            residency, "home_confirmed_at" if o.pk == residency.home_partner_id else "host_confirmed_at"
        )
        is None
    ]
    if not sides:
        return ""
    return render_to_string(
        "residence/_confirm_form.html", {"residency": residency, "may_confirm": sides}, request
    )


def entry_edit_link(request, entry_pk, author_pk, kind, date):
    """Slot: the link to change a log entry, for its author (up to ten on a page of the log, on
    every request of the resident)."""
    if request.user.pk is None or str(request.user.pk) != author_pk:
        return ""
    return _entry_edit_link(entry_pk, kind, date, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _entry_edit_link(entry_pk, kind, date, language):
    """The link depends on nothing but its arguments and the language: made once per process."""
    title = _("%(kind)s on %(date)s") % {
        "kind": LogEntry.Kind(kind).label,
        "date": formats.date_format(datetime.date.fromisoformat(date), "j F Y"),
    }
    return format_html(
        ' · <a class="utrecht-link" href="{}">{}<span class="reisgids-visually-hidden"> {}</span></a>',
        reverse("residence:entry_edit", kwargs={"pk": entry_pk}),
        _("Change"),
        title,
    )


@login_required
@require_POST
def residency_confirm(request, pk):
    access = selectors.residency_get_for_user(user=request.user, pk=pk)
    try:
        residency = services.residency_confirm(residency=access.residency, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if residency.status == Residency.Status.ACTIVE:
            messages.success(request, _("Confirmed. Both partners confirmed: the residency is active."))
        else:
            messages.success(
                request, _("Confirmed. The other partner confirms too; then the residency starts.")
            )
    return redirect("residence:detail", pk=pk)


@login_required
def residency_edit(request, pk):
    """A beheerder of the home or the host partner changes the terms of a planned or active residency."""
    access = selectors.residency_get_for_user(user=request.user, pk=pk)
    residency = access.residency
    if not access.is_pair or residency.status == Residency.Status.ENDED:
        raise Http404
    if not services.may_update_residency(request.user, residency):
        raise PermissionDenied  # a member of home or host who is not its beheerder: the 403 page says so
    initial = {name: getattr(residency, name) for name in services.RESIDENCY_EDIT_FIELDS}
    return _form_page(
        request,
        ResidencyEditForm(request.POST or None, initial=initial),
        lambda data: services.residency_update(residency=residency, actor=request.user, **data),
        done=_("The residency is saved."),
        context=_page(residency, _("Change the residency"), _("Save residency")),
    )


@login_required
def residency_consent(request, pk):
    """The partner in residence gives or withdraws consent to be named on the public deal page."""
    access = selectors.residency_get_for_user(user=request.user, pk=pk)
    if not access.is_resident:
        raise Http404
    residency = access.residency

    def done(saved):
        if saved.name_public:
            return messages.SUCCESS, _("Your name and functions show on the public deal page.")
        return messages.SUCCESS, _("Your name no longer shows on the public deal page.")

    return _form_page(
        request,
        # bound on every POST: an unticked box sends nothing but the CSRF token
        ConsentForm(
            request.POST if request.method == "POST" else None, initial={"name_public": residency.name_public}
        ),
        lambda data: services.residency_set_consent(residency=residency, actor=request.user, **data),
        done=done,
        context=_page(residency, _("Your name on the public deal page"), _("Save")),
    )


def consent_link(request, residency_pk, person_pk):
    """Slot: the resident's link to their consent to be named on the public deal page (no query)."""
    if request.user.pk is None or str(request.user.pk) != person_pk:
        return ""
    return format_html(
        '<a class="utrecht-link" href="{}">{}</a>',
        reverse("residence:consent", kwargs={"pk": residency_pk}),
        _("Your name on the public page"),
    )


@login_required
def residency_end(request, pk):
    """The resident or a member of the home or the host partner ends the residency (as the service
    allows: the other partners of the deal get no form)."""
    access = selectors.residency_get_for_user(user=request.user, pk=pk)
    if not access.is_pair:
        raise Http404
    residency = access.residency
    return _form_page(
        request,
        EndForm(request.POST or None),
        lambda data: services.residency_end(residency=residency, actor=request.user, **data),
        done=_("The residency has ended."),
        context=_page(residency, _("End the residency"), _("End the residency")),
    )


# --- the log ----------------------------------------------------------------------------------


@login_required
def entry_create(request, pk):
    access = selectors.residency_get_for_user(user=request.user, pk=pk)
    residency = access.residency
    if not access.is_resident:
        raise Http404
    return _form_page(
        request,
        LogEntryForm(request.POST or None, request.FILES or None),
        lambda data: services.entry_create(residency=residency, actor=request.user, **data),
        done=_("The log entry is saved."),
        context=_page(residency, _("New log entry"), _("Save log entry"), multipart=True),
        to=lambda entry: residency.get_absolute_url(),
    )


@login_required
def entry_edit(request, pk):
    entry, access = selectors.entry_get_for_user(user=request.user, pk=pk)
    residency = access.residency
    if entry.author_id != request.user.pk:
        raise Http404
    initial = {"date": entry.date, "kind": entry.kind, "text": entry.text, "visibility": entry.visibility}
    return _form_page(
        request,
        LogEntryForm(request.POST or None, request.FILES or None, initial=initial),
        lambda data: services.entry_update(entry=entry, actor=request.user, **data),
        done=_("The log entry is saved."),
        context=_page(residency, _("Change log entry"), _("Save log entry"), multipart=True),
        to=lambda saved: residency.get_absolute_url() + f"#entry-{entry.pk}",
    )


@login_required
def entry_detail(request, pk):
    """One entry with its thread, and the form to respond."""
    entry, access = selectors.entry_get_for_user(user=request.user, pk=pk)
    form = ResponseForm(request.POST or None)
    if request.method == "POST":
        response = _submit(
            form,
            lambda data: services.response_create(
                entry=entry, actor=request.user, viewer_may_see=True, **data
            ),
        )
        if response is not None:
            messages.success(request, _("Your response is saved."))
            return redirect("residence:entry", pk=entry.pk)
    return render(
        request,
        "residence/entry_detail.html",
        {
            "entry": entry,
            "residency": access.residency,
            "deal": access.residency.deal,
            "form": form,
            "responses": list(entry.responses.select_related("author", "organisation")),
        },
    )


@login_required
def attachment(request, pk):
    """The attachment of a log entry, only for those who may read the entry."""
    entry, _access = selectors.entry_get_for_user(user=request.user, pk=pk)
    if not entry.attachment:
        raise Http404
    response = FileResponse(
        entry.attachment.open("rb"),
        as_attachment=True,
        filename=entry.attachment_name,
        content_type=entry.attachment_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- concerns ---------------------------------------------------------------------------------


def _raised(concern):
    if concern.is_handrem:
        return messages.WARNING, _(
            "The handrem is pulled. Every partner is told; the deal takes no step until the resolution "
            "is confirmed."
        )
    return messages.SUCCESS, _("The concern is raised.")


@login_required
def concern_create(request, pk):
    residency = selectors.residency_get_for_user(user=request.user, pk=pk).residency
    return _form_page(
        request,
        ConcernForm(request.POST or None, partners=_partners(residency.deal_id)),
        lambda data: services.concern_raise(residency=residency, actor=request.user, **data),
        done=_raised,
        context=_page(residency, _("Raise a concern"), _("Raise concern")),
    )


@login_required
def concern_edit(request, pk):
    """The author of an open concern, or a beheerder of the home, host or owning partner, changes it."""
    concern, access = selectors.concern_get_for_user(user=request.user, pk=pk)
    if not services.may_edit_concern(request.user, concern):
        raise Http404
    initial = {name: getattr(concern, name) for name in services.CONCERN_EDIT_FIELDS}
    return _form_page(
        request,
        ConcernEditForm(request.POST or None, partners=_partners(concern.deal_id), initial=initial),
        lambda data: services.concern_update(concern=concern, actor=request.user, **data),
        done=_("The concern is saved."),
        context=_page(access.residency, _("Change concern"), _("Save concern")),
    )


@login_required
def concern_detail(request, pk):
    concern, access = selectors.concern_get_for_user(user=request.user, pk=pk)
    residency = access.residency
    sides = _confirm_sides(request.user, residency) if concern.status == Concern.Status.OPEN else []
    form = ResolutionForm(request.POST or None, initial={"resolution": concern.resolution}) if sides else None
    if request.method == "POST":
        if form is None:
            raise Http404
        saved = _submit(
            form,
            lambda data: services.concern_confirm_resolution(concern=concern, actor=request.user, **data),
        )
        if saved is not None:
            if saved.status == Concern.Status.CLOSED:
                messages.success(request, _("Both partners confirmed the resolution: the concern is closed."))
            else:
                messages.success(
                    request, _("Your confirmation is saved. The other partner confirms the same text.")
                )
            return redirect(concern.get_absolute_url())
    return render(
        request,
        "residence/concern_detail.html",
        {
            "concern": concern,
            "residency": residency,
            "deal": concern.deal,
            "form": form,
            "sides": sides,
            "may_edit": services.may_edit_concern(request.user, concern),
        },
    )


# --- side activities --------------------------------------------------------------------------


@login_required
def activity_create(request, pk):
    access = selectors.residency_get_for_user(user=request.user, pk=pk)
    residency = access.residency
    if not access.is_resident:
        raise Http404
    return _form_page(
        request,
        ActivityForm(request.POST or None, partners=_partners(residency.deal_id)),
        lambda data: services.activity_create(residency=residency, actor=request.user, **data),
        done=_("The activity is planned."),
        context=_page(residency, _("Plan a side activity"), _("Save activity")),
    )


def activity_detail(request, pk):
    activity, access = selectors.activity_get_for_user(user=request.user, pk=pk)
    form = None
    if access is not None and access.is_resident:
        form = ReportForm(request.POST or None, initial={"report": activity.report})
    if request.method == "POST":
        if form is None:
            raise Http404
        if _submit(
            form, lambda data: services.activity_report(activity=activity, actor=request.user, **data)
        ):
            messages.success(request, _("The report is saved."))
            return redirect(activity.get_absolute_url())
    return render(
        request,
        "residence/activity_detail.html",
        {"activity": activity, "access": access, "form": form, "deal": activity.residency.deal},
    )


# --- the hand-over to the schouw ---------------------------------------------------------------


@login_required
def schouw_summary(request, slug):
    """ "Bereid de schouw voor": the log, concerns and activities of a period on one printable page."""
    access = _deal_partner_access(request, slug)
    form = PeriodForm(request.GET or None)
    start = end = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data.get("van"), form.cleaned_data.get("tot")
    start, end = selectors.schouw_period(start, end)
    summary = selectors.schouw_summary(
        deal=access.deal, member_org_ids=access.member_org_ids, start=start, end=end
    )
    return render(
        request,
        "residence/schouw_summary.html",
        {"deal": access.deal, "form": form, "start": start, "end": end, **summary},
    )
