import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reisgids.accounts import selectors, services
from reisgids.accounts.forms import AccountDeleteForm, ProfileForm
from reisgids.caching import csrf_context
from reisgids.middleware import user_has_mfa


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=request.user, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("profile")

    def render_body():
        context = {
            "form": form,
            "memberships": selectors.membership_list_for_user(user=request.user),
            "has_mfa": user_has_mfa(request.user),
            **csrf_context(),
        }
        return render_to_string("accounts/_profile_body.html", context, request)

    # The page as first shown is kept per user (a form with errors is rendered afresh): a warm request
    # renders only the frame, and each form gets this visitor's CSRF token on the way out.
    body = render_body() if form.is_bound else selectors.kept_profile(user=request.user, load=render_body)
    return render(request, "accounts/profile.html", {"body": mark_safe(body), "form": form})  # noqa: S308 - our own rendered template


@login_required
@require_POST
def data_export(request):
    data = services.account_export(user=request.user, actor=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"mijn-gegevens-reisgids-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user, actor=request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted. Your personal data has been removed."))
        return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form})
