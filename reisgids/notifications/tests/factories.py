import factory
from django.utils import timezone

from reisgids.notifications.models import Notification
from reisgids.tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unread notification; ``read=True`` for one already read."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "general"
    subject = factory.Sequence(lambda n: f"Melding {n}")
    body = "Er is iets nieuws voor je."
    url = "/partijen/"

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(timezone.now))
