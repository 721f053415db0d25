"""The staff roles (groups created by ``reisgids/migrations/0003_role_groups.py``) and who holds them."""

from reisgids.models import User

NETWORK_MANAGERS_GROUP = "Netwerkmanagers"


def network_managers():
    """The active netwerkmanagers, in a stable order."""
    return User.objects.filter(groups__name=NETWORK_MANAGERS_GROUP, is_active=True).order_by("pk")
