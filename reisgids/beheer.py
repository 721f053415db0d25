"""No write in /beheer/ skips a service. For each model it shows, an app's ``wagtail_hooks`` either
lets the admin save through the same service as the front end (``ServiceEditView``,
``ServiceCreateView``: same guards, audit row, timeline, notifications and cache bump) or leaves the
action out (``register_service_policy``): what is not listed there is refused to everyone,
superusers included, whatever their Django permissions say."""

from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import CreateView, EditView

from reisgids.forms import apply_service_errors


class ServicePermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, but only for ``actions``: the others are refused."""

    def __init__(self, model, *, actions):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a in self.actions])


def register_service_policy(model, *, actions=("view",)):
    """Allow only ``actions`` on ``model`` in /beheer/ ("view", and "add" or "change" when the
    viewset saves through a service). Call it before the model's viewset is registered."""
    register_permission_policy(model, ServicePermissionPolicy(model, actions=actions), exact_class=True)


class _ServiceRefused(Exception):
    """The service's PermissionDenied, carried past Wagtail's own catch of PermissionDenied around
    ``save_instance`` (which takes it for an outdated revision and shows the form again, empty-
    handed, with status 200)."""


class _ThroughService:
    """Save by calling the view's ``save_through_service(form)``, which calls the service and returns
    the saved instance. The service's ValidationError is shown on the form; its PermissionDenied
    refuses the request (Wagtail's answer to a refusal: back to the dashboard with its message)."""

    def save_instance(self):
        try:
            return self.save_through_service(self.form)
        except PermissionDenied as error:
            raise _ServiceRefused from error

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            apply_service_errors(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        except _ServiceRefused as error:
            raise PermissionDenied from error


class ServiceEditView(_ThroughService, EditView):
    pass


class ServiceCreateView(_ThroughService, CreateView):
    pass
