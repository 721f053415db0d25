"""Thin views of the kompas: bind a form or filter, call one service or selector, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kompas import selectors, services
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
from kompas.models import Measure, Proposal, ProposalComment
from reisgids import roles
from reisgids.forms import apply_service_errors
from reisgids.models import Theme, User


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def proposal_list(request):
    filterset = ProposalFilter(request.GET, queryset=selectors.proposal_list(user=request.user))
    page = Paginator(filterset.qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    period, priorities = selectors.latest_priorities()
    context = {
        "filter": filterset,
        "page": page,
        "priorities": priorities,
        "priority_period": period,
        "can_edit": selectors.can_edit(request.user),
    }
    return render(request, "kompas/proposal_list.html", context)


def lesson_inventory(request):
    filterset = LessonInventoryFilter(request.GET, queryset=selectors.lesson_inventory())
    page = Paginator(filterset.qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "kompas/lesson_inventory.html",
        {"filter": filterset, "page": page, "can_edit": selectors.can_edit(request.user)},
    )


def _proposal_form_data(form):
    data = dict(form.cleaned_data)
    return data


@login_required
def proposal_create(request):
    _require(selectors.can_edit(request.user))
    initial = {}
    chosen = [value for value in request.GET.getlist("les") if value.isdigit()][:50]
    if chosen:
        initial["lessons"] = chosen
    form = ProposalForm(request.POST or None, initial=initial, lessons=selectors.lesson_inventory())
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
        "lessons": [lesson.pk for lesson in proposal.lessons.all()],
        "organisations": [organisation.pk for organisation in proposal.organisations.all()],
        "themes": [theme.pk for theme in proposal.themes.all()],
    }
    form = ProposalForm(request.POST or None, initial=initial, lessons=selectors.lesson_inventory())
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(proposal=proposal, actor=request.user, **_proposal_form_data(form))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The proposal is saved."))
            return redirect(proposal.get_absolute_url())
    return render(request, "kompas/proposal_form.html", {"form": form, "proposal": proposal})


def proposal_detail(request, slug):
    proposal = selectors.proposal_get_for_user(user=request.user, slug=slug)
    user = request.user
    organisations = roles.organisations_of(user)
    supported = {support.organisation_id for support in proposal.supports.all()}
    can_support = user.is_authenticated and proposal.status in (
        Proposal.Status.OPEN,
        Proposal.Status.SCHEDULED,
        Proposal.Status.HELD,
    )
    context = {
        "proposal": proposal,
        "comments": selectors.proposal_comments(proposal) if proposal.status != Proposal.Status.DRAFT else [],
        "can_edit": selectors.can_edit(user),
        "can_decide": selectors.can_decide(user) and proposal.status == Proposal.Status.SCHEDULED,
        "support_form": SupportForm(organisations=organisations.exclude(pk__in=supported))
        if can_support
        else None,
        "comment_form": CommentForm()
        if user.is_authenticated and proposal.status != Proposal.Status.DRAFT
        else None,
        "user_id": user.pk,
    }
    return render(request, "kompas/proposal_detail.html", context)


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
    proposals = Proposal.objects.filter(status__in=Proposal.PUBLIC_STATUSES).order_by("title")
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
            errors = error.messages
        else:
            messages.success(request, _("The priorities are set. The deals pages show them."))
            return redirect("kompas:list")
    return render(
        request, "kompas/priorities_form.html", {"forms": forms, "period": period, "errors": errors}
    )


def report_list(request):
    return render(request, "kompas/report_list.html", {"reports": list(selectors.reports())})


def report_detail(request, slug):
    return render(request, "kompas/report_detail.html", {"report": selectors.report_get(slug)})


def report_pdf(request, slug):
    report = selectors.report_get(slug)
    if not report.pdf:
        raise Http404
    return FileResponse(
        report.pdf.open("rb"), content_type="application/pdf", filename=f"kompasrapport-{slug}.pdf"
    )
