"""A rate limit takes ``request.user`` as it comes: a lazy object. On SQLite (``make run`` without
``DATABASE_URL``) the lock is a row lock on the person, and it looked the model up with ``type(user)``,
which is ``SimpleLazyObject`` for ``request.user``: every rate-limited write (a comment, a listing)
answered 500 in the demo."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.functional import SimpleLazyObject

from reisgids.models import User
from reisgids.ratelimits import check_rate_limit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_a_lazy_request_user_is_locked_and_limited(monkeypatch, vendor):
    user = User.objects.create_user(email="lid@example.org", password="x-geheim-123")
    lazy = SimpleLazyObject(lambda: User.objects.get(pk=user.pk))
    monkeypatch.setattr(connection, "vendor", vendor)
    with transaction.atomic():
        check_rate_limit(kind="test", user=lazy, recent=User.objects.none(), limit=1, message="Te vaak.")
        with pytest.raises(ValidationError, match="Te vaak."):
            check_rate_limit(kind="test", user=lazy, recent=User.objects.all(), limit=1, message="Te vaak.")
