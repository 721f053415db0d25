"""Thin views of the kompas: bind a form or filter, call one service or selector, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from atlas.caching import ATLAS
from kompas import selectors, services
from kompas.apps import CACHE_NAMESPACE
from kompas.filters import LessonInventoryFilter, ProposalFilter
from kompas.forms import (
    CloseMeasureForm,
    CommentForm,
    DecisionForm,
    MonitoringForm,
    PriorityForm,
    ProposalForm,
    ReportCommentForm,
    ScheduleForm,
    SupportForm,
)
from kompas.models import MAX_LESSONS, Measure, Proposal, ProposalComment
from reisgids import roles
from reisgids.caching import DIRECTORY, PAGE_PARTS_TEMPLATE, fragment, kept, page_parts
from reisgids.forms import Refusal, apply_service_errors
from reisgids.models import Organisation, Theme, User

NAMESPACES = (CACHE_NAMESPACE, DIRECTORY)  # reisgids.caching: the kompas, with names from the directory
LESSON_NAMESPACES = (ATLAS, CACHE_NAMESPACE, DIRECTORY)  # the lessons are pages of the atlas
EDITORS, PUBLIC = "editors", "public"
SUPPORTABLE = (Proposal.Status.OPEN, Proposal.Status.SCHEDULED, Proposal.Status.HELD)


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _audience(user):
    """Who a shared part is for: kompas editors also see drafts (and the inventory's checkboxes)."""
    return EDITORS if selectors.can_edit(user) else PUBLIC


def proposal_list(request):
    """The proposals and priorities are the same for every visitor of one audience with this
    language and query string: from the fragment cache (reisgids.caching)."""
    audience = _audience(request.user)

    def render_listing():
        queryset = selectors.proposal_list(drafts=audience == EDITORS)
        filterset = ProposalFilter(request.GET, queryset=queryset)
        page = Paginator(filterset.qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        period, priorities = selectors.latest_priorities()
        context = {"filter": filterset, "page": page, "priorities": priorities, "priority_period": period}
        return render_to_string("kompas/_proposal_listing.html", context, request)

    listing = fragment(request, "kompas_list", render_listing, namespaces=NAMESPACES, key_parts=(audience,))
    context = {"listing": listing, "can_edit": audience == EDITORS}
    return render(request, "kompas/proposal_list.html", context)


def lesson_inventory(request):
    audience = _audience(request.user)

    def render_listing():
        filterset = LessonInventoryFilter(request.GET, queryset=selectors.lesson_inventory())
        page = Paginator(filterset.qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"filter": filterset, "page": page, "can_edit": audience == EDITORS}
        return render_to_string("kompas/_lesson_listing.html", context, request)

    listing = fragment(
        request, "kompas_lessons", render_listing, namespaces=LESSON_NAMESPACES, key_parts=(audience,)
    )
    return render(request, "kompas/lesson_inventory.html", {"listing": listing})


def _proposal_form_data(form):
    data = dict(form.cleaned_data)
    return data


@login_required
def proposal_create(request):
    _require(selectors.can_edit(request.user))
    initial = {}
    chosen = [int(value) for value in request.GET.getlist("les") if value.isdigit()][:MAX_LESSONS]
    if chosen:  # ticked on the inventory page: their titles in the chooser, one query
        initial["lessons"] = selectors.lessons_chosen(chosen)
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(actor=request.user, **_proposal_form_data(form))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The proposal is saved as a draft."))
            return redirect(proposal.get_absolute_url())
    return render(request, "kompas/proposal_form.html", {"form": form})


@login_required
def proposal_edit(request, slug):
    _require(selectors.can_edit(request.user))
    proposal = selectors.proposal_get_for_user(user=request.user, slug=slug)
    initial = {
        "title": proposal.title,
        "kind": proposal.kind,
        "problem": proposal.problem,
        "change": proposal.change,
        "intended_effect": proposal.intended_effect,
        "lessons": list(proposal.lessons.all()),
        "organisations": list(proposal.organisations.all()),
        "themes": [theme.pk for theme in proposal.themes.all()],
    }
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(proposal=proposal, actor=request.user, **_proposal_form_data(form))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The proposal is saved."))
            return redirect(proposal.get_absolute_url())
    return render(request, "kompas/proposal_form.html", {"form": form, "proposal": proposal})


def _proposal_page(slug, audience):
    proposal = selectors.proposal_get(slug=slug, drafts=audience == EDITORS)
    context = {
        "proposal": proposal,
        "comments": selectors.proposal_comments(proposal) if proposal.status != Proposal.Status.DRAFT else [],
        "supported": ".".join(str(support.organisation_id) for support in proposal.supports.all()) or "-",
    }
    return {
        "title": f"{proposal.title} – {_('Kompas')}",
        "description": Truncator(proposal.problem).chars(160),
        "content": render_to_string("kompas/_proposal_page.html", context),
    }


def proposal_detail(request, slug):
    """A proposal page: the same for every visitor of one audience (drafts only for kompas
    editors), so from the fragment cache; what is personal (the editor's and the bestuur's buttons,
    the measure owner's links, the forms to support and comment, the links to report a comment) are
    slots filled per request."""
    audience = _audience(request.user)
    parts = page_parts(
        request,
        "kompas_proposal",
        lambda: _proposal_page(slug, audience),
        namespaces=NAMESPACES,
        key_parts=(slug, audience),
        shared=True,
    )
    return render(request, PAGE_PARTS_TEMPLATE, parts)


# --- the personal parts of a proposal page (reisgids.caching slots) ----------------------------


def actions_part(request, slug, status):
    user = request.user
    can_edit, can_decide = selectors.can_edit(user), selectors.can_decide(user)
    if not (can_edit or can_decide):
        return ""
    context = {
        "proposal": {"slug": slug, "status": status},
        "can_edit": can_edit,
        "can_decide": can_decide and status == Proposal.Status.SCHEDULED,
    }
    return render_to_string("kompas/_proposal_actions.html", context, request)


def measure_part(request, pk, owner_id):
    user = request.user
    if not user.is_authenticated or not (str(user.pk) == owner_id or selectors.can_edit(user)):
        return ""
    return format_html(
        '<p class="utrecht-paragraph"><a class="utrecht-link" href="{}">{}</a> · '
        '<a class="utrecht-link" href="{}">{}</a></p>',
        reverse("kompas:monitor", args=[pk]),
        _("Report on the indicator"),
        reverse("kompas:close_measure", args=[pk]),
        _("Close the measure"),
    )


def support_part(request, slug, status, supported):
    if status not in SUPPORTABLE:
        return ""
    ids = roles.organisation_ids(request.user) - {int(pk) for pk in supported.split(".") if pk.isdigit()}
    if not ids:  # not signed in, in no organisation, or all of them support it already
        return ""
    organisations = Organisation.objects.filter(pk__in=ids).order_by("name")
    choices = kept(  # the names, until the directory changes: no query on a warm page
        "kompas_support_choices",
        lambda: list(organisations.values_list("pk", "name")),
        namespaces=(DIRECTORY,),
        key_parts=sorted(ids),
    )
    form = SupportForm(organisations=organisations, choices=choices)
    return render_to_string("kompas/_proposal_support.html", {"support_form": form, "slug": slug}, request)


def comment_report_part(request, slug, pk, author_id):
    user = request.user
    if not user.is_authenticated or str(user.pk) == author_id:
        return ""
    return format_html(
        '<p class="utrecht-paragraph"><a class="utrecht-link" href="{}">{}</a></p>',
        reverse("kompas:comment_report", args=[slug, pk]),
        _("Report as inappropriate"),
    )


def comment_form_part(request, slug):
    context = {
        "proposal": {"slug": slug},
        "comment_form": CommentForm() if request.user.is_authenticated else None,
    }
    return render_to_string("kompas/_proposal_comment_form.html", context, request)


SLOTS = {
    "kompas_actions": actions_part,
    "kompas_measure": measure_part,
    "kompas_support": support_part,
    "kompas_comment_report": comment_report_part,
    "kompas_comment_form": comment_form_part,
}


@login_required
@require_POST
def proposal_submit(request, slug):
    proposal = selectors.proposal_get_for_user(user=request.user, slug=slug)
    try:
        services.proposal_submit(proposal=proposal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal is open for support and comments."))
    return redirect(proposal.get_absolute_url())


@login_required
@require_POST
def proposal_support(request, slug):
    proposal = selectors.proposal_get_for_user(user=request.user, slug=slug)
    form = SupportForm(request.POST, organisations=roles.organisations_of(request.user))
    if form.is_valid():
        try:
            services.proposal_support(
                proposal=proposal, actor=request.user, organisation=form.cleaned_data["organisation"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your organisation supports this proposal."))
    else:
        raise PermissionDenied
    return redirect(proposal.get_absolute_url() + "#steun")


@login_required
def comment_create(request, slug):
    proposal = selectors.proposal_get_for_user(user=request.user, slug=slug)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.comment_create(
                actor=request.user, proposal=proposal, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your comment is posted."))
            return redirect(comment.get_absolute_url())
    return render(
        request,
        "kompas/simple_form.html",
        {"form": form, "proposal": proposal, "title": _("Comment"), "submit": _("Post comment")},
    )


@login_required
def comment_report(request, slug, pk):
    proposal = selectors.proposal_get_for_user(user=request.user, slug=slug)
    comment = get_object_or_404(ProposalComment, pk=pk, proposal=proposal, hidden_at__isnull=True)
    form = ReportCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(actor=request.user, comment=comment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at this comment."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "kompas/simple_form.html",
        {"form": form, "proposal": proposal, "title": _("Report comment"), "submit": _("Report")},
    )


@login_required
def proposal_schedule(request, slug):
    _require(selectors.can_edit(request.user))
    proposal = selectors.proposal_get_for_user(user=request.user, slug=slug)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_schedule(proposal=proposal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The proposal is on the agenda."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "kompas/simple_form.html",
        {
            "form": form,
            "proposal": proposal,
            "title": _("Put on the agenda"),
            "submit": _("Put on the agenda"),
        },
    )


@login_required
def proposal_decide(request, slug):
    _require(selectors.can_decide(request.user))
    proposal = selectors.proposal_get_for_user(user=request.user, slug=slug)
    owners = User.objects.filter(is_active=True, anonymised_at__isnull=True).order_by(
        "first_name", "last_name"
    )
    form = DecisionForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_decide(proposal=proposal, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded; everyone behind the proposal is told."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "kompas/simple_form.html",
        {
            "form": form,
            "proposal": proposal,
            "title": _("Record the decision"),
            "submit": _("Record the decision"),
        },
    )


def _measure(request, pk):
    measure = get_object_or_404(Measure.objects.select_related("proposal", "owner"), pk=pk)
    if measure.proposal.status == Proposal.Status.DRAFT:
        raise Http404
    if not (measure.owner_id == request.user.pk or selectors.can_edit(request.user)):
        raise PermissionDenied
    return measure


@login_required
def monitoring_update(request, pk):
    measure = _measure(request, pk)
    form = MonitoringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.monitoring_update(measure=measure, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The update is saved."))
            return redirect(measure.proposal.get_absolute_url() + "#monitoring")
    return render(
        request,
        "kompas/simple_form.html",
        {
            "form": form,
            "proposal": measure.proposal,
            "title": _("Report on the indicator"),
            "submit": _("Save update"),
        },
    )


@login_required
def measure_close(request, pk):
    measure = _measure(request, pk)
    form = CloseMeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_close(measure=measure, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The measure is closed."))
            return redirect(measure.proposal.get_absolute_url() + "#monitoring")
    return render(
        request,
        "kompas/simple_form.html",
        {"form": form, "proposal": measure.proposal, "title": _("Close the measure"), "submit": _("Close")},
    )


@login_required
def priorities_edit(request):
    _require(selectors.can_edit(request.user))
    period = services.period_for()
    current = {p.theme_id: p for p in selectors.priorities(period)}
    proposals = selectors.priority_proposal_options(period)
    forms = []
    for theme in Theme.objects.order_by("name"):
        priority = current.get(theme.pk)
        initial = (
            {"chosen": True, "reason": priority.reason, "proposals": [p.pk for p in priority.proposals.all()]}
            if priority
            else {}
        )
        forms.append(
            PriorityForm(
                request.POST or None,
                prefix=f"thema-{theme.pk}",
                initial=initial,
                theme=theme,
                proposals=proposals,
            )
        )
    errors = []
    if request.method == "POST" and all(form.is_valid() for form in forms):
        items = [
            (form.theme, form.cleaned_data["reason"], form.cleaned_data["proposals"])
            for form in forms
            if form.cleaned_data["chosen"]
        ]
        try:
            services.priorities_set(period=period, actor=request.user, items=items)
        except ValidationError as error:
            errors = Refusal.of(error)
        else:
            messages.success(request, _("The priorities are set. The deals pages show them."))
            return redirect("kompas:list")
    return render(
        request, "kompas/priorities_form.html", {"forms": forms, "period": period, "errors": errors}
    )


def report_list(request):
    def render_reports():
        return render_to_string("kompas/_report_list.html", {"reports": list(selectors.reports())})

    reports = fragment(request, "kompas_reports", render_reports, namespaces=NAMESPACES, vary_on_query=False)
    return render(request, "kompas/report_list.html", {"reports": reports})


def _report_page(slug):
    report = selectors.report_get(slug)
    return {
        "title": _("Kompas report %(period)s") % {"period": report.period},
        "description": "",
        "content": render_to_string("kompas/_report_page.html", {"report": report}),
    }


def report_detail(request, slug):
    parts = page_parts(
        request,
        "kompas_report",
        lambda: _report_page(slug),
        namespaces=NAMESPACES,
        key_parts=(slug,),
        shared=True,
    )
    return render(request, PAGE_PARTS_TEMPLATE, parts)


def report_pdf(request, slug):
    report = selectors.report_get(slug)
    if not report.pdf:
        raise Http404
    return FileResponse(
        report.pdf.open("rb"), content_type="application/pdf", filename=f"kompasrapport-{slug}.pdf"
    )
