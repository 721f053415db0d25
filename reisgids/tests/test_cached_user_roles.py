"""The cached signed-in user (``reisgids.accounts.backends``) carries the names of their groups
(``reisgids.roles.remember``), so a page that asks for a role (an ambtenaar, a kompas editor …) runs
no query for it; a change of their groups outdates it at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reisgids import roles
from reisgids.accounts.backends import cached_user
from reisgids.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_role_checks_of_the_cached_user_run_no_query():
    user = UserFactory()
    roles.grant(user, roles.CIVIL_SERVANTS_GROUP)
    cached_user(user.pk)  # kept
    with CaptureQueriesContext(connection) as captured:
        kept = cached_user(user.pk)
        assert roles.is_civil_servant(kept) is True
        assert roles.is_kompas_editor(kept) is False
        assert roles.is_network_manager(kept) is False
        assert roles.group_names(kept) == {roles.CIVIL_SERVANTS_GROUP}
    assert len(captured) == 0


def test_a_group_change_shows_at_once():
    user = UserFactory()
    assert roles.is_network_manager(cached_user(user.pk)) is False
    user.groups.add(roles.ensure_group(roles.NETWORK_MANAGERS_GROUP))
    kept = cached_user(user.pk)
    assert roles.is_network_manager(kept) is True
    assert roles.NETWORK_MANAGERS_GROUP in roles.group_names(kept)
    user.groups.clear()
    assert roles.group_names(cached_user(user.pk)) == set()


def test_a_cold_user_loads_with_their_organisations_and_groups_in_one_query():
    from reisgids.accounts.backends import forget_user
    from reisgids.tests.factories import MembershipFactory

    user = UserFactory()
    first, second = MembershipFactory(user=user), MembershipFactory(user=user)
    roles.grant(user, roles.NETWORK_MANAGERS_GROUP)
    roles.grant(user, roles.KOMPAS_EDITORS_GROUP)
    forget_user(user.pk)
    with CaptureQueriesContext(connection) as captured:
        loaded = cached_user(user.pk)
    assert len(captured) == 1, [query["sql"] for query in captured]
    with CaptureQueriesContext(connection) as captured:
        assert roles.organisation_ids(loaded) == {first.organisation_id, second.organisation_id}
        assert roles.group_names(loaded) == {roles.NETWORK_MANAGERS_GROUP, roles.KOMPAS_EDITORS_GROUP}
        assert roles.is_network_manager(loaded) is True
    assert len(captured) == 0
    assert not hasattr(loaded, "roles_loaded_group_names")  # the row's arrays are not kept twice


def test_a_cold_user_without_organisations_or_groups():
    from reisgids.accounts.backends import forget_user

    user = UserFactory()
    forget_user(user.pk)
    loaded = cached_user(user.pk)
    assert roles.organisation_ids(loaded) == set()
    assert roles.group_names(loaded) == set()
    assert roles.is_network_manager(loaded) is False
    assert cached_user(10**9) is None
