"""Thin views of the intake: bind a form, call one service or selector, render."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from intake import selectors, services
from intake.apps import CACHE_NAMESPACE, PAGES_NAMESPACE
from intake.forms import (
    AdviceAnswerForm,
    AdviceForm,
    AnswerForm,
    AssignContactForm,
    CoInitiatorForm,
    DecisionForm,
    GuideForm,
    HandOverForm,
    IdeaForm,
    InfluenceForm,
    MeetingForm,
    NotMunicipalForm,
    PlanForm,
    ReasonForm,
    RequestForm,
    TeamFilterForm,
)
from intake.ical import meeting_ical
from intake.models import INTAKE_STEPS, PLAN_ELEMENTS, PLAN_FIELDS, Intake, Request
from reisgids.caching import DIRECTORY, PAGE_PARTS_TEMPLATE, fragment, page_parts
from reisgids.forms import Refusal, apply_service_errors
from reisgids.userinput import parse_positive_int

PER_PAGE = 25
# reisgids.caching: the team's list and an intake's page, with names from the directory.
PAGE_NAMESPACES = (PAGES_NAMESPACE, DIRECTORY)


# --- public ------------------------------------------------------------------------------------


def index(request):
    """The counts per step are the same for everyone: from the fragment cache (reisgids.caching),
    outdated by any write of an intake or a step; one's own ideas, and whether one may use the
    team's list, are kept per person (``selectors``)."""
    user = request.user
    stats = fragment(
        request,
        "intake_stats",
        lambda: render_to_string("intake/_stats.html", {"stats": selectors.public_stats()}),
        namespaces=(CACHE_NAMESPACE,),
        vary_on_query=False,
    )
    context = {"stats": stats, "triage_days": settings.INTAKE_TRIAGE_WORKING_DAYS}
    if user.is_authenticated:
        context["mine"] = selectors.own_intakes(user, limit=PER_PAGE)
        context["may_use_team_list"] = selectors.may_use_team_list(user)
    return render(request, "intake/index.html", context)


def submit(request):
    form = IdeaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            intake = services.intake_submit(
                actor=request.user,
                data=form.cleaned_data,
                confirm_url=lambda token: request.build_absolute_uri(reverse("intake:confirm", args=[token])),
                link_url=lambda token: request.build_absolute_uri(reverse("intake:link", args=[token])),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if request.user.is_authenticated:
                messages.success(request, _("Your idea is with the initiative team."))
                return redirect(intake)
            return render(request, "intake/submitted.html", {"intake": intake})
    return render(
        request,
        "intake/submit.html",
        {"form": form, "triage_days": settings.INTAKE_TRIAGE_WORKING_DAYS},
    )


def confirm(request, token):
    intake = services.intake_from_token(token)
    if intake is None:
        raise Http404
    if intake.status == Intake.Status.UNVERIFIED:
        intake = services.intake_confirm(intake=intake, actor=request.user)
    return render(
        request,
        "intake/confirmed.html",
        {"intake": intake, "triage_days": settings.INTAKE_TRIAGE_WORKING_DAYS},
    )


def _signed_link(request, found, template, context, act, done):
    """A page behind a signed link in a mail: 404 with ``template``'s "not valid" text when the link
    found nothing; on POST, ``act()`` (a service) and ``done`` as message, on to the idea; a refusal
    of the service is shown on the page (400)."""
    if found is None:
        return render(request, template, {"invalid": True}, status=404)
    error = None
    if request.method == "POST":
        try:
            intake = act()
        except ValidationError as refused:
            error = Refusal.of(refused)
        else:
            messages.success(request, done)
            return redirect(intake)
    return render(request, template, {**context, "error": error}, status=400 if error else 200)


@login_required
def link(request, token):
    """The submitter ties an idea sent without an account to their account (the link in the mail)."""
    intake = services.intake_from_link_token(token)
    return _signed_link(
        request,
        intake,
        "intake/link.html",
        {"intake": intake},
        lambda: services.intake_link_account(intake=intake, actor=request.user),
        _("The idea is linked to your account."),
    )


def status(request, pk, token):
    """The status of an idea sent in without an account: the signed link in every mail to its
    initiator (``services.status_url``). Another idea's link, a changed or an old one: 404. While the
    advice waits for the initiators' answer, they answer it here (``services.intake_answer_advice``
    with the link as proof of the address): agree, or disagree with a reason."""
    intake = services.intake_from_status_token(pk=pk, token=token)
    if intake is None:
        raise Http404
    answering = intake.status == Intake.Status.ADVISED
    form = AdviceAnswerForm(request.POST or None) if answering or request.method == "POST" else None
    error, code = None, 200
    if request.method == "POST":
        if not answering:
            error, code = _("The advice can be answered while it waits for the initiators’ answer."), 400
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.intake_answer_advice(
                    intake=intake,
                    actor=request.user,
                    agree=data["agree"],
                    reason=data["reason"],
                    status_token=token,
                )
            except ValidationError as refused:
                apply_service_errors(form, refused)
                code = 400
            else:
                messages.success(request, _("Your answer to the advice is sent."))
                return redirect("intake:status", pk=pk, token=token)
        else:
            code = 400
    response = render(
        request,
        "intake/status.html",
        {
            "intake": intake,
            "step_times": selectors.step_times(intake),
            "overdue": selectors.is_overdue(intake),
            "form": form if answering else None,
            "error": error,
        },
        status=code,
    )
    response["X-Robots-Tag"] = "noindex"
    # The link's token stays on this site: no referrer to others. Not "no-referrer": a browser then
    # posts the answer with "Origin: null", which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


# --- the team ----------------------------------------------------------------------------------


@login_required
def team_list(request):
    """The initiative team sees every intake: its list is the same for the whole team with this
    language, query string and day (what is overdue), so it comes from the fragment cache
    (reisgids.caching). The others who may use it (the officials an intake was handed to, the
    advisers, the deciders) each see their own intakes: theirs is rendered per request."""
    user = request.user
    if not selectors.may_use_team_list(user):
        raise PermissionDenied
    today = timezone.localdate()
    form = TeamFilterForm(request.GET or None)  # no query: also in the page's context (its title)
    valid = form.is_valid()
    status = form.cleaned_data["status"] if valid else ""
    overdue = form.cleaned_data["overdue"] if valid else False

    def render_listing():
        intakes = selectors.intake_list_for_user(user=user, status=status, overdue=overdue)
        page = Paginator(intakes, PER_PAGE).get_page(parse_positive_int(request.GET.get("page", "")) or 1)
        for intake in page.object_list:
            intake.overdue = selectors.is_overdue(intake, today=today)
        return render_to_string("intake/_team_listing.html", {"page": page, "form": form}, request)

    if selectors.sees_every_intake(user):
        listing = fragment(
            request,
            "intake_team_list",
            render_listing,
            namespaces=PAGE_NAMESPACES,
            key_parts=("team", today.isoformat()),
        )
    else:
        listing = render_listing()
    return render(request, "intake/team_list.html", {"listing": listing, "form": form})


# --- one intake --------------------------------------------------------------------------------


def _access(request, pk):
    return selectors.intake_get_for_user(user=request.user, pk=pk)


# Which viewers may take each step (the services check it again).
STEP_ALLOWED = {
    "hand_over": lambda a: a.is_team,
    "not_municipal": lambda a: a.is_team,
    "assign_contact": lambda a: a.is_team,
    "take_on": lambda a: a.is_contact_point,
    "pass_on": lambda a: a.is_contact_point,
    "plan_meeting": lambda a: a.is_contact_person,
    "submit_plan": lambda a: a.is_initiator or a.is_contact_person,
    "advise": lambda a: a.is_advisor,
    "agree": lambda a: a.is_initiator,
    "disagree": lambda a: a.is_initiator,
    "second_opinion": lambda a: a.is_second_opinion,
    "approve": lambda a: a.is_decider,
    "refuse": lambda a: a.is_decider,
    "to_deal": lambda a: a.acts_for_organisation,
}


def _reason_form(message):
    return lambda data: ReasonForm(data, message=message)


STEP_FORMS = {
    "hand_over": HandOverForm,
    "not_municipal": NotMunicipalForm,
    "assign_contact": AssignContactForm,
    "pass_on": _reason_form(gettext_lazy("Give the reason why you pass it on.")),
    "plan_meeting": MeetingForm,
    "advise": AdviceForm,
    "disagree": _reason_form(gettext_lazy("Say why you disagree.")),
    "second_opinion": AdviceForm,
    "approve": DecisionForm,
    "refuse": DecisionForm,
}


def _run_step(name, intake, actor, data):
    s = services
    calls = {
        "hand_over": lambda: s.intake_hand_over(
            intake=intake, actor=actor, contact_point=data["contact_point"], note=data["note"]
        ),
        "not_municipal": lambda: s.intake_not_municipal(
            intake=intake, actor=actor, reasons=data["reasons"], pointers=data["pointers"]
        ),
        "assign_contact": lambda: s.intake_assign_contact(
            intake=intake, actor=actor, route=data["route"], contact_person=data["contact_person"]
        ),
        "take_on": lambda: s.intake_take_on(intake=intake, actor=actor),
        "pass_on": lambda: s.intake_pass_on(intake=intake, actor=actor, reason=data["reason"]),
        "plan_meeting": lambda: s.intake_plan_meeting(intake=intake, actor=actor, **data),
        "submit_plan": lambda: s.plan_submit(intake=intake, actor=actor),
        "advise": lambda: s.intake_advise(intake=intake, actor=actor, **data),
        "agree": lambda: s.intake_answer_advice(intake=intake, actor=actor, agree=True),
        "disagree": lambda: s.intake_answer_advice(
            intake=intake, actor=actor, agree=False, reason=data["reason"]
        ),
        "second_opinion": lambda: s.intake_second_opinion(intake=intake, actor=actor, **data),
        "approve": lambda: s.intake_decide(intake=intake, actor=actor, approve=True, reasons=data["reasons"]),
        "refuse": lambda: s.intake_decide(intake=intake, actor=actor, approve=False, reasons=data["reasons"]),
        "to_deal": lambda: s.intake_to_deal(intake=intake, actor=actor),
    }
    return calls[name]()


def offered_steps(access):
    return [
        t
        for t in INTAKE_STEPS.available(access.intake.status, offered=True)
        if STEP_ALLOWED.get(t.name, lambda a: False)(access)
    ]


def _intake_page(pk):
    """The parts of an intake's page that are the same for everyone who may open it."""
    intake = selectors.intake_page_get(pk=pk)
    context = {
        "intake": intake,
        "step_times": selectors.step_times(intake),
        "overdue": selectors.is_overdue(intake),
        "plan": [(label, getattr(intake, name)) for name, label, _help in PLAN_ELEMENTS],
    }
    return {
        "title": intake.title,
        "description": "",
        "content": render_to_string("intake/_detail_page.html", context),
    }


@login_required
def detail(request, pk):
    """An intake's page. Who may open it is asked of the database (one query); what it shows is the
    same for everyone who may (the team, the initiator, the people it was handed to …), so it comes
    from the fragment cache (reisgids.caching), per day (what is overdue). What this visitor may do
    (the steps, the plan, answering a request) and the time in the current step are slots, filled
    per request from the access the view found."""
    access = selectors.intake_access_for_user(user=request.user, pk=pk)
    request.intake_access = access  # for the slots (SLOTS)
    parts = page_parts(
        request,
        "intake_page",
        lambda: _intake_page(pk),
        namespaces=PAGE_NAMESPACES,
        key_parts=(pk, timezone.localdate().isoformat()),
        shared=True,
    )
    return render(request, PAGE_PARTS_TEMPLATE, parts)


# --- the personal parts of an intake's page (reisgids.caching slots) -----------------------------


def _page_access(request, pk):
    """The access ``detail`` found for intake ``pk`` in this request, or None."""
    access = getattr(request, "intake_access", None)
    return access if access is not None and str(access.intake.pk) == pk else None


def actions_part(request, pk):
    access = _page_access(request, pk)
    if access is None:
        return ""
    context = {"access": access, "intake": access.intake, "steps": offered_steps(access)}
    return render_to_string("intake/_detail_actions.html", context, request)


def plan_actions_part(request, pk):
    access = _page_access(request, pk)
    if access is None or access.intake.status not in (Intake.Status.CONTACT_ASSIGNED, Intake.Status.PLAN):
        return ""
    if not (access.is_initiator or access.is_contact_person):
        return ""
    context = {"access": access, "intake": access.intake}
    return render_to_string("intake/_detail_plan_actions.html", context, request)


def answer_part(request, pk, request_pk):
    access = _page_access(request, pk)
    if access is None:
        return ""
    context = {"access": access, "intake": access.intake, "request_pk": request_pk}
    return render_to_string("intake/_detail_answer.html", context, request)


def since_part(request, started):
    """How long the intake is in its current step (from the epoch second it started), now."""
    started_at = datetime.datetime.fromtimestamp(int(started), tz=datetime.UTC)
    return render_to_string("intake/_duration.html", {"duration": timezone.now() - started_at})


SLOTS = {
    "intake_actions": actions_part,
    "intake_plan_actions": plan_actions_part,
    "intake_answer": answer_part,
    "intake_since": since_part,
}


def _action_page(request, access, *, heading, form, intro="", status=200):
    return render(
        request,
        "intake/action.html",
        {"intake": access.intake, "heading": heading, "form": form, "intro": intro},
        status=status,
    )


def _apply(request, access, form, call, success):
    """Run ``call(cleaned_data)`` for a valid bound ``form``; on a service's ValidationError the form
    shows it (status 400), else a message and back to the intake page."""
    if form is not None and not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data if form is not None else {})
    except ValidationError as error:
        if form is None:
            for message in error.messages:
                messages.error(request, message)
            return redirect(access.intake)
        apply_service_errors(form, error)
        return None
    messages.success(request, success)
    return result if result is not None and hasattr(result, "status_code") else redirect(access.intake)


@login_required
def step(request, pk, slug):
    transition = INTAKE_STEPS.by_slug(slug)
    if transition is None:
        raise Http404
    access = _access(request, pk)
    if not STEP_ALLOWED[transition.name](access):
        raise PermissionDenied
    form_class = STEP_FORMS.get(transition.name)
    form = form_class(request.POST or None) if form_class else None
    if request.method == "POST":
        intake = access.intake

        def call(data):
            result = _run_step(transition.name, intake, request.user, data)
            if transition.name == "to_deal":
                return redirect(result)
            return None

        response = _apply(request, access, form, call, _("Done: %(step)s") % {"step": transition.label})
        if response is not None:
            return response
        return _action_page(request, access, heading=transition.label, form=form, status=400)
    return _action_page(request, access, heading=transition.label, form=form)


@login_required
def plan(request, pk):
    access = _access(request, pk)
    intake = access.intake
    if not (access.is_initiator or access.is_contact_person):
        raise PermissionDenied
    initial = {name: getattr(intake, name) for name in PLAN_FIELDS}
    initial.update(amount_eur=intake.amount_eur, budget_change=intake.budget_change)
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST":

        def call(data):
            fields = {name: data[name] for name in PLAN_FIELDS}
            services.plan_update(
                intake=intake,
                actor=request.user,
                fields=fields,
                amount_eur=data["amount_eur"],
                budget_change=data["budget_change"],
            )

        response = _apply(request, access, form, call, _("The plan is saved."))
        if response is not None:
            return response
        return _action_page(request, access, heading=_("Plan of approach"), form=form, status=400)
    return _action_page(
        request,
        access,
        heading=_("Plan of approach"),
        form=form,
        intro=_("Write the plan together. A short sketch is fine to start with."),
    )


@login_required
@require_POST
def plan_help(request, pk):
    access = _access(request, pk)
    if not access.acts_for_organisation:
        raise PermissionDenied
    try:
        listing = services.plan_ask_help(intake=access.intake, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(access.intake)
    messages.success(request, _("Your request for help is on the marktplaats."))
    return redirect(listing)


@login_required
def co_initiator_invite(request, pk):
    access = _access(request, pk)
    if not access.is_initiator:
        raise PermissionDenied
    form = CoInitiatorForm(request.POST or None)
    heading = _("Invite a co-initiator")
    if request.method == "POST":
        response = _apply(
            request,
            access,
            form,
            lambda data: (
                services.co_initiator_invite(
                    intake=access.intake,
                    actor=request.user,
                    name=data["name"],
                    email=data["email"],
                    accept_url=lambda token: request.build_absolute_uri(
                        reverse("intake:co_initiator_accept", args=[token])
                    ),
                )
                and None
            ),
            _("The invitation is sent."),
        )
        if response is not None:
            return response
        return _action_page(request, access, heading=heading, form=form, status=400)
    return _action_page(
        request,
        access,
        heading=heading,
        form=form,
        intro=_(
            "Someone outside your organisation who works on this idea with you. Once they accept, they "
            "follow the idea and take the initiators’ steps, as you do."
        ),
    )


@login_required
def co_initiators(request, pk):
    """The invitations of an idea, for its initiators: who, the status, who invited them and when.
    Withdraw an invitation not accepted yet (any initiator), remove a co-initiator (an initiator who
    acts for the idea's organisation), leave (a co-initiator, themselves): POST ``co_initiator_end``."""
    access = _access(request, pk)
    if not access.is_initiator:
        raise PermissionDenied
    return render(
        request,
        "intake/co_initiators.html",
        {
            "intake": access.intake,
            "access": access,
            "invitations": selectors.co_initiators_of(access.intake),
            "heading": _("Co-initiators"),
        },
    )


# The three ways an invitation ends, by the word in their URL: (service, message when done).
CO_INITIATOR_ENDINGS = {
    "intrekken": (services.co_initiator_withdraw, gettext_lazy("The invitation of %(name)s is withdrawn.")),
    "verwijderen": (services.co_initiator_remove, gettext_lazy("%(name)s is no longer a co-initiator.")),
    "vertrekken": (
        services.co_initiator_leave,
        gettext_lazy("You are no longer a co-initiator of this idea."),
    ),
}


@login_required
@require_POST
def co_initiator_end(request, pk, invitation_pk, action):
    if action not in CO_INITIATOR_ENDINGS:
        raise Http404
    access = _access(request, pk)
    if not access.is_initiator:
        raise PermissionDenied
    invitation = selectors.co_initiator_get(intake=access.intake, pk=invitation_pk)
    service, done = CO_INITIATOR_ENDINGS[action]
    try:
        service(invitation=invitation, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("intake:co_initiators", pk=access.intake.pk)
    messages.success(request, done % {"name": invitation.name})
    if action == "vertrekken":
        return redirect("intake:index")
    return redirect("intake:co_initiators", pk=access.intake.pk)


@login_required
def co_initiator_accept(request, token):
    """The invited person joins an idea as co-initiator (the link in the invitation mail). A link of
    an invitation that was withdrawn, or of a co-initiator who was removed or left, says so (410)."""
    invitation = services.invitation_from_token(token)
    if invitation is not None and not invitation.is_active:
        return render(request, "intake/co_initiator_accept.html", {"ended": invitation.status}, status=410)
    return _signed_link(
        request,
        invitation,
        "intake/co_initiator_accept.html",
        {"invitation": invitation, "intake": invitation and invitation.intake},
        lambda: services.co_initiator_accept(invitation=invitation, actor=request.user).intake,
        _("You are a co-initiator of this idea."),
    )


@login_required
def guide(request, pk):
    access = _access(request, pk)
    if not access.is_team:
        raise PermissionDenied
    form = GuideForm(request.POST or None)
    heading = _("Attach a process guide")
    if request.method == "POST":
        response = _apply(
            request,
            access,
            form,
            lambda data: (
                services.intake_attach_guide(intake=access.intake, actor=request.user, guide=data["guide"])
                and None
            ),
            _("The process guide is attached."),
        )
        if response is not None:
            return response
        return _action_page(request, access, heading=heading, form=form, status=400)
    return _action_page(request, access, heading=heading, form=form)


@login_required
def influence(request, pk):
    access = _access(request, pk)
    if not access.is_contact_person:
        raise PermissionDenied
    form = InfluenceForm(request.POST or None, initial={"influence": access.intake.influence})
    heading = _("Record the level of influence")
    if request.method == "POST":
        response = _apply(
            request,
            access,
            form,
            lambda data: (
                services.intake_set_influence(
                    intake=access.intake, actor=request.user, influence=data["influence"]
                )
                and None
            ),
            _("The level of influence is recorded."),
        )
        if response is not None:
            return response
        return _action_page(request, access, heading=heading, form=form, status=400)
    return _action_page(
        request,
        access,
        heading=heading,
        form=form,
        intro=_("The Samenspraakwijzer: how much say the initiators have."),
    )


REQUEST_KINDS = {"escalatie": Request.Kind.ESCALATION, "invloed": Request.Kind.INFLUENCE}


@login_required
def request_raise(request, pk, kind):
    if kind not in REQUEST_KINDS:
        raise Http404
    kind = REQUEST_KINDS[kind]
    access = _access(request, pk)
    if not access.is_initiator:
        raise PermissionDenied
    challenge = kind == Request.Kind.INFLUENCE
    form = RequestForm(request.POST or None, challenge=challenge)
    heading = (
        _("Challenge the level of influence")
        if challenge
        else _("Turn to the process guide")
        if access.intake.process_guide_id
        else _("Raise an objection with the municipality")
    )
    if request.method == "POST":
        response = _apply(
            request,
            access,
            form,
            lambda data: (
                services.request_raise(
                    intake=access.intake,
                    actor=request.user,
                    kind=kind,
                    text=data["text"],
                    proposed_influence=data.get("proposed_influence", ""),
                )
                and None
            ),
            _("Your request is sent to the process guide.")
            if access.intake.process_guide_id
            else _("Your request is sent to the municipality."),
        )
        if response is not None:
            return response
        return _action_page(request, access, heading=heading, form=form, status=400)
    return _action_page(request, access, heading=heading, form=form)


@login_required
def request_answer(request, pk, request_pk):
    access = _access(request, pk)
    if not access.answers_requests:
        raise PermissionDenied
    raised = next((r for r in access.intake.requests.all() if r.pk == request_pk), None)
    if raised is None:
        raise Http404
    challenge = raised.kind == Request.Kind.INFLUENCE
    form = AnswerForm(request.POST or None, challenge=challenge)
    heading = _("Answer the request")
    if request.method == "POST":
        response = _apply(
            request,
            access,
            form,
            lambda data: (
                services.request_answer(
                    request=raised, actor=request.user, answer=data["answer"], grant=data.get("grant", False)
                )
                and None
            ),
            _("Your answer is sent to the initiators."),
        )
        if response is not None:
            return response
        return _action_page(request, access, heading=heading, form=form, intro=raised.text, status=400)
    return _action_page(request, access, heading=heading, form=form, intro=raised.text)


@login_required
def meeting_calendar(request, pk, meeting_pk):
    access = _access(request, pk)
    meeting = next((m for m in access.intake.meetings.all() if m.pk == meeting_pk), None)
    if meeting is None:
        raise Http404
    return meeting_ical(access.intake, meeting)
