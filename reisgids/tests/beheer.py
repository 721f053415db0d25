"""Signing in to /beheer/ in tests: a staff user with two-factor authentication (TOTP) activated, in
a staff group that holds the given permissions (put back here, since a transactional test elsewhere
in the run may have flushed what the migrations granted)."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission

from reisgids.tests.factories import UserFactory


def staff_client(client, *permissions, group=None, superuser=False):
    """Sign ``client`` in to /beheer/ as a new staff user; returns the user. ``permissions`` are
    ``app_label.codename`` strings granted to ``group`` (the user's staff group)."""
    user = UserFactory(verified=True, is_staff=True, is_superuser=superuser)
    TOTP.activate(user, generate_totp_secret())
    if group:
        staff_group = Group.objects.get_or_create(name=group)[0]
        for name in ("wagtailadmin.access_admin", *permissions):
            app_label, codename = name.split(".")
            staff_group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        user.groups.add(staff_group)
    client.force_login(user)
    return user
