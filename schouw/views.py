"""The schouw in the front end: thin views over ``schouw.selectors`` (who sees what) and
``schouw.services`` (every write). Participants (members of the partners, ambtenaren) work on the
schouw's pages; invited outsiders only on the appraisal form behind their link; the published report
is public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from deals import selectors as deal_selectors
from deals.extensions import evaluation_inputs
from reisgids.caching import csrf_context, fragment
from reisgids.forms import apply_service_errors
from reisgids.models import Organisation
from schouw import report, selectors, services
from schouw.forms import (
    AgreementForm,
    CriterionFormSet,
    DiscussionForm,
    LessonForm,
    NoSchouwForm,
    ObservationForm,
    ReportForm,
    appraisal_entries,
    appraisal_form_class,
)
from schouw.models import Schouw

Ph = Schouw.Phase


def _partners(schouw):
    return list(schouw.partners.all())


def _criteria(schouw):
    return [c for p in _partners(schouw) for c in p.criteria.all()]


def _context(access, **extra):
    schouw = access.schouw
    return {"access": access, "schouw": schouw, "partners": _partners(schouw), **extra}


def _try(form, call):
    """Call the service; its ValidationError lands on ``form``. Returns the result or None."""
    try:
        return call()
    except ValidationError as error:
        apply_service_errors(form, error)
        return None


@login_required
def my_schouwen(request):
    return render(
        request, "schouw/my_schouwen.html", {"schouwen": selectors.schouwen_for_user(user=request.user)}
    )


@login_required
def detail(request, pk):
    access = selectors.schouw_get_for_user(user=request.user, pk=pk)
    schouw = access.schouw
    context = _context(access, observations=selectors.observations(schouw))
    if schouw.phase in (Ph.PLANNED, Ph.OPEN):
        context["deal"] = selectors.deal_context(schouw)
        context["linked_deals"] = selectors.linked_deals_context(schouw)
        if schouw.deal_id:
            context["inputs"] = evaluation_inputs(schouw.deal, schouw.period_start, schouw.period_end)
    return render(request, "schouw/detail.html", context)


@login_required
def observation_add(request, pk):
    access = selectors.schouw_get_for_user(user=request.user, pk=pk)
    schouw = access.schouw
    organisations = Organisation.objects.filter(
        pk__in=[p.organisation_id for p in _partners(schouw)]
    ).order_by("name")
    form = ObservationForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        if _try(
            form, lambda: services.observation_add(schouw=schouw, actor=request.user, **form.cleaned_data)
        ):
            messages.success(request, _("Your observation is added."))
            return redirect(schouw.get_absolute_url() + "#observaties")
    return render(request, "schouw/observation_form.html", _context(access, form=form))


def _partner(access, partner_pk):
    partner = next((p for p in _partners(access.schouw) if p.pk == partner_pk), None)
    if partner is None:
        raise Http404
    return partner


@login_required
def meetlat(request, pk, partner_pk):
    access = selectors.schouw_get_for_user(user=request.user, pk=pk)
    partner = _partner(access, partner_pk)
    initial = [
        {"title": c.title, "description": c.description, "is_inbreng": c.is_inbreng}
        for c in partner.criteria.all()
    ]
    formset = CriterionFormSet(request.POST or None, initial=initial, prefix="criteria")
    errors = []
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset.forms if f.cleaned_data]
        try:
            services.meetlat_save(partner=partner, actor=request.user, criteria=rows)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The meetlat is saved. The partner confirms it."))
            return redirect(access.schouw.get_absolute_url() + f"#meetlat-{partner.pk}")
    return render(
        request, "schouw/meetlat_form.html", _context(access, partner=partner, formset=formset, errors=errors)
    )


@login_required
@require_POST
def meetlat_confirm(request, pk, partner_pk):
    access = selectors.schouw_get_for_user(user=request.user, pk=pk)
    partner = _partner(access, partner_pk)
    try:
        services.meetlat_confirm(partner=partner, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The meetlat of %(organisation)s is confirmed.") % {"organisation": partner.organisation.name},
        )
    return redirect(access.schouw.get_absolute_url() + f"#meetlat-{partner.pk}")


def _appraisal_page(request, *, access, actor=None, participant=None, template, done_url):
    schouw = access.schouw if access else participant.schouw
    criteria = _criteria(schouw)
    form_class = appraisal_form_class(criteria)
    initial = {}
    if actor is not None:
        for criterion_id, appraisal in selectors.my_appraisals(schouw, actor).items():
            initial[f"c{criterion_id}"] = appraisal.text
            initial[f"s{criterion_id}"] = appraisal.score
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        entries = appraisal_entries(form, criteria)
        saved = _try(
            form,
            lambda: services.appraisal_save(
                schouw=schouw, entries=entries, actor=actor, participant=participant
            ),
        )
        if saved:
            return done_url()
    rows = [
        (partner, [(c, form[f"c{c.pk}"], form[f"s{c.pk}"]) for c in partner.criteria.all()])
        for partner in _partners(schouw)
    ]
    return render(
        request,
        template,
        {"access": access, "schouw": schouw, "form": form, "rows": rows, "participant": participant},
        status=200,
    )


@login_required
def appraise(request, pk):
    access = selectors.schouw_get_for_user(user=request.user, pk=pk)
    if access.schouw.phase != Ph.APPRAISAL:
        messages.error(request, _("Appraising is possible in the appreciative schouw only."))
        return redirect(access.schouw.get_absolute_url())

    def done():
        messages.success(request, _("Your appraisals are saved. You can change them while this phase lasts."))
        return redirect(access.schouw.get_absolute_url())

    return _appraisal_page(
        request, access=access, actor=request.user, template="schouw/appraise.html", done_url=done
    )


def _link_refusal(state):
    return {
        "unknown": _("This link is not valid. Check that you copied the whole link from the email."),
        "revoked": _("This link has been revoked. Ask the ambtenaar who invited you for a new one."),
        "expired": _("This link has expired. Ask the ambtenaar who invited you for a new one."),
        "used": _("You have already handed in your appraisal with this link. Thank you!"),
        "phase": _("The appreciative schouw is not open now, so the form cannot be filled in."),
    }[state]


@never_cache
def invitation(request, token):
    """The outsider's appraisal form: no account, nothing else of the platform. A link that is
    unknown, revoked, expired or used up is refused with a Dutch message (status 410/404)."""
    participant = selectors.participant_for_token(token)
    state = "unknown" if participant is None else participant.link_state
    if state == "open" and participant.schouw.phase != Ph.APPRAISAL:
        state = "phase"
    if state != "open":
        status = 404 if state == "unknown" else 410
        return render(
            request, "schouw/invitation_refused.html", {"message": _link_refusal(state)}, status=status
        )

    def done():
        return render(request, "schouw/invitation_done.html", {"participant": participant})

    return _appraisal_page(
        request, access=None, participant=participant, template="schouw/invitation.html", done_url=done
    )


@login_required
def discussion(request, pk):
    """The bespreking. Read (GET), it is the same for every participant, so the page is kept per
    schouw (``schouw.selectors.PAGE_NAMESPACES``) and page of the appraisal texts, and only the CSRF
    token of its forms is filled per request; a bespreking sent with errors is rendered for its
    sender."""
    if request.method != "POST":
        access, appraisals = selectors.schouw_kept_for_user(user=request.user, pk=pk)
        number = selectors.appraisal_page_number(request.GET.get("page"), appraisals)
        body = fragment(
            request,
            "schouw_discussion",
            lambda: _discussion_body(access, None, number=number, appraisals=appraisals),
            namespaces=selectors.PAGE_NAMESPACES,
            key_parts=(pk, number),
            vary_on_query=False,
        )
        return render(request, "schouw/discussion.html", {"schouw": access.schouw, "body": body})
    access = selectors.schouw_get_for_user(user=request.user, pk=pk)
    schouw = access.schouw
    partners = _partners(schouw)
    form = DiscussionForm(request.POST, instance=schouw, partners=partners)
    if schouw.phase == Ph.DISCUSSION and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.DISCUSSION_FIELDS}
        if _try(
            form,
            lambda: services.discussion_save(
                schouw=schouw, actor=request.user, fields=fields, advice=form.advice(partners)
            ),
        ):
            messages.success(request, _("The bespreking is saved."))
            return redirect("schouw:discussion", pk=schouw.pk)
    appraisals = selectors.appraisal_count(schouw)
    number = selectors.appraisal_page_number(request.GET.get("page"), appraisals)
    body = _discussion_body(access, form, request, number=number, appraisals=appraisals)
    return render(request, "schouw/discussion.html", {"schouw": schouw, "body": body})


class _TextsPageRequest:
    """What the page links of the appraisal texts read of the request (``query_with``): only the
    page number, so the kept page holds nothing of the query string of whoever's request rendered it."""

    def __init__(self, number):
        self.GET = QueryDict(mutable=True)
        self.GET["page"] = str(number)


def _discussion_body(access, form, request=None, *, number, appraisals):
    """The bespreking's content with page ``number`` of the appraisal texts; with ``form`` None, the
    unbound form, to be kept for every participant (rendered without the request, the CSRF token as
    a slot)."""
    schouw = access.schouw
    partners = _partners(schouw)
    editable = schouw.phase == Ph.DISCUSSION
    form = form or DiscussionForm(None, instance=schouw, partners=partners)
    context = _context(
        access,
        results=selectors.results(schouw),
        texts=selectors.appraisal_texts(schouw, number, appraisals),
        form=form if editable else None,
        advice_fields=[form[f"advice_{p.pk}"] for p in partners],
        agreement_form=AgreementForm(
            initial={"agreements": schouw.deal.process_agreements if schouw.deal_id else ""}
        )
        if editable and schouw.deal_id
        else None,
        lesson_form=LessonForm() if schouw.phase in (Ph.DISCUSSION, Ph.REPORT) else None,
        lessons=selectors.lessons(schouw),
        revisions=list(schouw.agreement_revisions.select_related("author").order_by("created_at", "id")),
    )
    if request is None:
        context = {**context, **csrf_context(), "request": _TextsPageRequest(number)}
        return render_to_string("schouw/_discussion_body.html", context)
    return render_to_string("schouw/_discussion_body.html", context, request)


@login_required
def agreement_revise(request, pk):
    access = selectors.schouw_get_for_user(user=request.user, pk=pk)
    schouw = access.schouw
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _try(
            form, lambda: services.agreement_revise(schouw=schouw, actor=request.user, **form.cleaned_data)
        ):
            messages.success(
                request,
                _("The deal's agreements are revised; the deal's timeline says what changed and why."),
            )
            return redirect("schouw:discussion", pk=schouw.pk)
    return render(request, "schouw/agreement_form.html", _context(access, form=form))


@login_required
def lesson_add(request, pk):
    access = selectors.schouw_get_for_user(user=request.user, pk=pk)
    schouw = access.schouw
    form = LessonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _try(form, lambda: services.lesson_add(schouw=schouw, actor=request.user, **form.cleaned_data)):
            messages.success(request, _("The lesson is added."))
            return redirect(
                ("schouw:report" if schouw.phase == Ph.REPORT else "schouw:discussion"), pk=schouw.pk
            )
    return render(request, "schouw/lesson_form.html", _context(access, form=form))


@login_required
@require_POST
def lesson_delete(request, pk, lesson_pk):
    access = selectors.schouw_get_for_user(user=request.user, pk=pk)
    lesson = get_object_or_404(access.schouw.lessons, pk=lesson_pk)
    try:
        services.lesson_delete(lesson=lesson, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("schouw:discussion", pk=access.schouw.pk)


def report_page(request, pk):
    """The report: public once published; before that for participants, with the report form in
    the phase "rapportage"."""
    access = selectors.schouw_get_report(user=request.user, pk=pk)
    schouw = access.schouw
    form = None
    if schouw.phase == Ph.REPORT and access.is_participant:
        form = ReportForm(request.POST or None, initial={"report_summary": schouw.report_summary})
        if request.method == "POST" and form.is_valid():
            if _try(
                form,
                lambda: services.report_save(
                    schouw=schouw, actor=request.user, summary=form.cleaned_data["report_summary"]
                ),
            ):
                messages.success(request, _("The report is saved."))
                return redirect("schouw:report", pk=schouw.pk)
    elif request.method == "POST":
        raise PermissionDenied
    context = {**report.report_context(schouw), "access": access, "form": form}
    if form is not None:
        context["lesson_form"] = LessonForm()
    return render(request, "schouw/report.html", context)


def report_pdf(request, pk):
    access = selectors.schouw_get_report(user=request.user, pk=pk)
    schouw = access.schouw
    pdf = bytes(schouw.report_pdf) if schouw.is_published and schouw.report_pdf else report.render_pdf(schouw)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="schouw-{schouw.pk}.pdf"'
    if not schouw.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
def no_schouw(request, slug):
    """The trekker records why the deal finishes without a schouw (shown publicly on the deal)."""
    access = deal_selectors.deal_get_for_user(user=request.user, slug=slug)
    if not access.is_trekker:
        raise PermissionDenied
    deal = access.deal
    form = NoSchouwForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _try(
            form, lambda: services.no_schouw_reason_record(deal=deal, actor=request.user, **form.cleaned_data)
        ):
            messages.success(request, _("The reason is recorded. You can now finish the deal."))
            return redirect(deal.get_absolute_url())
    return render(request, "schouw/no_schouw_form.html", {"deal": deal, "form": form})
