"""Thin views: bind a form or FilterSet, call one selector or service, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reisgids import selectors, services
from reisgids.caching import PAGE_PARTS_TEMPLATE, fragment, page_parts
from reisgids.filters import ContactPointFilter, InstrumentFilter, OrganisationFilter
from reisgids.forms import JoinRequestForm, OrganisationForm, Refusal, RoleForm
from reisgids.pagination import capped_page
from reisgids.registries import cycle_steps, glossary_terms


def _filtered_page(request, filterset_class, queryset):
    """Bind a FilterSet to the query string and return it with the requested page of results.
    An invalid choice in the URL shows the error next to the filter and lists everything."""
    filterset = filterset_class(request.GET or None, queryset=queryset)
    results = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    return filterset, capped_page(results, settings.PAGE_SIZE, request.GET.get("page"))


def _directory_listing(request, name, filterset_class, queryset):
    """The filters and results of a directory list page: the same for every visitor with this
    language and query string, so served from the fragment cache (see reisgids.caching)."""

    def render_listing():
        filterset, page = _filtered_page(request, filterset_class, queryset)
        return render_to_string(
            f"reisgids/_{name}_listing.html", {"filter": filterset, "page": page}, request
        )

    return fragment(request, name, render_listing)  # namespace "directory"


def organisation_list(request):
    listing = _directory_listing(request, "organisation", OrganisationFilter, selectors.organisation_list())
    return render(request, "reisgids/organisation_list.html", {"listing": listing})


def _organisation_page(request, slug):
    organisation = selectors.organisation_get_public(slug=slug)
    return {
        "title": organisation.name,
        "description": organisation.summary or organisation.name,
        "content": render_to_string(
            "reisgids/_organisation_content.html", {"organisation": organisation}, request
        ),
    }


def organisation_detail(request, slug):
    """An organisation's page: the same for every visitor, so from the directory's fragment cache
    for everyone; a signed-in user's own buttons (edit, ask to join) are a slot filled per request
    (``organisation_actions``)."""
    page = page_parts(
        request,
        "organisation_page",
        lambda: _organisation_page(request, slug),
        key_parts=(slug,),
        shared=True,
    )
    return render(request, PAGE_PARTS_TEMPLATE, page)


def organisation_actions(request, pk):
    """The personal part of an organisation's page (``reisgids.caching.slot``): edit and manage
    for its members, ask to join for others, nothing for visitors who are not signed in."""
    if not request.user.is_authenticated:
        return ""
    viewer = selectors.organisation_viewer(user=request.user, pk=pk)
    if viewer is None:
        return ""
    return render_to_string("reisgids/_organisation_actions.html", {"organisation": viewer}, request)


def header_tools(request):
    """The personal part of every page's header: the user's menu with the unread count, or the
    links to sign in and sign up."""
    return render_to_string("reisgids/_header_tools.html", request=request)


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, **form.profile_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your organisation is registered. You are its manager."))
            return redirect(organisation)
    return render(request, "reisgids/organisation_form.html", {"form": form, "organisation": None})


@login_required
def organisation_edit(request, slug):
    organisation, membership = selectors.organisation_get_for_member(user=request.user, slug=slug)
    form = OrganisationForm(
        request.POST or None, request.FILES or None, instance=organisation, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, actor=request.user, **form.profile_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect(organisation)
    elif request.method == "POST":
        # The bound ModelForm has already copied the invalid values onto the instance.
        organisation.refresh_from_db()
    return render(request, "reisgids/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
def organisation_join(request, slug):
    organisation = selectors.organisation_get(slug=slug)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_request(
                organisation=organisation, user=request.user, motivation=form.cleaned_data["motivation"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your request has been sent. The managers will let you know by email.")
            )
            return redirect(organisation)
    return render(request, "reisgids/organisation_join.html", {"form": form, "organisation": organisation})


def _members_page(request, organisation, *, refused=None, status=200):
    """The members page; ``refused``: (membership, error) of a change the service refused, said next
    to that member and in the error summary above."""
    memberships = selectors.organisation_members(organisation=organisation)
    rows = [
        (membership, RoleForm(initial={"role": membership.role}, prefix=f"m{membership.pk}"))
        for membership in memberships
    ]
    return render(
        request,
        "reisgids/organisation_members.html",
        {
            "organisation": organisation,
            "rows": rows,
            "refused_pk": refused[0].pk if refused else None,
            "refusal": Refusal.of(refused[1], anchor=f"lid-{refused[0].pk}-error") if refused else None,
            "join_requests": selectors.join_requests_pending(organisation=organisation),
        },
        status=status,
    )


@login_required
def organisation_members(request, slug):
    organisation = selectors.organisation_get_for_manager(user=request.user, slug=slug)
    return _members_page(request, organisation)


@login_required
@require_POST
def membership_role(request, slug, pk):
    membership = selectors.membership_get_for_manager(user=request.user, slug=slug, pk=pk)
    form = RoleForm(request.POST, prefix=f"m{membership.pk}")
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a valid role."))
        services.membership_set_role(
            membership=membership, role=form.cleaned_data["role"], actor=request.user
        )
    except ValidationError as error:
        return _members_page(request, membership.organisation, refused=(membership, error), status=400)
    messages.success(request, _("The role of %(name)s is changed.") % {"name": membership.user})
    return redirect("organisation_members", slug=slug)


@login_required
@require_POST
def membership_remove(request, slug, pk):
    membership = selectors.membership_get_for_manager(user=request.user, slug=slug, pk=pk)
    try:
        services.membership_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        return _members_page(request, membership.organisation, refused=(membership, error), status=400)
    messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user})
    if membership.user_id == request.user.pk:
        return redirect(membership.organisation)
    return redirect("organisation_members", slug=slug)


@login_required
@require_POST
def join_request_decide(request, slug, pk, decision):
    join_request = selectors.join_request_get_for_manager(user=request.user, slug=slug, pk=pk)
    try:
        if decision == "goedkeuren":
            services.join_request_approve(join_request=join_request, actor=request.user)
            messages.success(request, _("%(name)s is now a member.") % {"name": join_request.user})
        else:
            services.join_request_refuse(join_request=join_request, actor=request.user)
            messages.success(request, _("The request of %(name)s is refused.") % {"name": join_request.user})
    except ValidationError as error:
        for message in Refusal.of(error):
            messages.error(request, message)
    return redirect("organisation_members", slug=slug)


def contactpoint_list(request):
    listing = _directory_listing(request, "contactpoint", ContactPointFilter, selectors.contactpoint_list())
    return render(request, "reisgids/contactpoint_list.html", {"listing": listing})


def instrument_list(request):
    listing = _directory_listing(request, "instrument", InstrumentFilter, selectors.instrument_list())
    return render(request, "reisgids/instrument_list.html", {"listing": listing})


def instrument_detail(request, slug):
    instrument = selectors.instrument_get_public(slug=slug)
    return render(request, "reisgids/instrument_detail.html", {"instrument": instrument})


def bad_request(request, exception):
    """The 400 page (``handler400``): a request with a control character in its address, a body or
    a number of fields over the bounds in the settings, or a broken form submission. Rendered with
    the request, unlike Django's own, so the page has the site's header and the visitor's menu."""
    return render(request, "400.html", {"max_size": settings.REQUEST_BODY_MAX_SIZE}, status=400)


# --- orientation (issue 16): what the platform is, and what its words mean -------------------------


def about_context():
    """What ``reisgids/_about.html`` shows (the page, and its text in the site search)."""
    return {
        "steps": cycle_steps(),
        "platform_organisation": settings.PLATFORM_ORGANISATION,
        "contact_url": reverse("contactpoint_list"),
    }


def about(request):
    """``/over/``: what the platform is for, the cycle it supports, the roles, who runs it."""
    return render(request, "reisgids/about.html", about_context())


def glossary(request):
    """``/wat-betekent/``: the words of the platform, each registered by the app it belongs to."""
    return render(request, "reisgids/glossary.html", {"terms": glossary_terms()})
