"""When a person deletes their account (``reisgids.accounts.services.account_delete`` anonymises the
user), the copies of their name and email address on the ideas they submitted, and on the
invitations they accepted as co-initiator, go too."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from intake.models import CoInitiator, Intake
from reisgids.caching import bump_for
from reisgids.models import User

DELETED_NAME = _("(deleted account)")


@receiver(post_save, sender=User, dispatch_uid="intake-forget-initiator")
def forget_initiator(sender, instance, update_fields=None, **kwargs):
    if instance.anonymised_at is not None and (update_fields is None or "anonymised_at" in update_fields):
        Intake.objects.filter(initiator=instance).update(email=instance.email, name=str(DELETED_NAME))
        # and the copies on the invitations they accepted as co-initiator
        CoInitiator.objects.filter(user=instance).update(email=instance.email, name=str(DELETED_NAME))
        bump_for(Intake)  # an update sends no signals: the intake's page shows the name
