"""Periodic work of the kompas (Celery beat, ``reisgids.settings.CELERY_BEAT_SCHEDULE``).

``generate_reports``: for every period that has ended, the report is generated once (archived at
/kompas/rapporten/) and mailed to the bestuur and the kompas editors through the exactly-once fan-out
of ``reisgids.notifications.once``: pages of recipient ids, batch tasks that take ids, one unique
(recipient, period, kind) ``ReportDelivery`` row per mail, committed only after the mail server
accepted it. Running the beat task twice, two workers racing, or a worker dying mid-run sends every
recipient exactly one mail. ``flag_overdue_reviews``: owners hear about overdue reviews once."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kompas import services
from kompas.models import Period, Report, ReportDelivery
from reisgids import roles
from reisgids.models import User
from reisgids.notifications import once

REPORT_FAN_OUT = "kompas.report"
# A report is (re)fanned out to recipients who did not get it yet for this long after its period.
MAIL_WINDOW = datetime.timedelta(days=30)


def report_recipients():
    """The active bestuur members and kompas editors with an e-mail address."""
    return User.objects.filter(
        Q(groups__name=roles.BOARD_GROUP) | Q(groups__name=roles.KOMPAS_EDITORS_GROUP),
        is_active=True,
        anonymised_at__isnull=True,
    ).exclude(email="")


def _recipients(params, after_id, limit):
    delivered = ReportDelivery.objects.filter(
        recipient_id=OuterRef("pk"), period_id=params["period"], kind=ReportDelivery.Kind.REPORT
    )
    return (
        report_recipients()
        .filter(~Exists(delivered), pk__gt=after_id)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[:limit]
    )


@shared_task(name="kompas.generate_reports")
def generate_reports(today_iso=None):
    """Beat task (daily): generate the report of every ended period without one, and fan out its
    mail to whoever has not had it (also for recently ended periods, so an interrupted round is
    finished). Makes sure the current period exists. Returns the periods fanned out (slugs)."""
    today = datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    services.period_for(today)
    fanned = []
    for period in Period.objects.filter(end__lte=today).order_by("start"):
        report = Report.objects.filter(period=period).first()
        if report is None:
            report = services.report_generate(period=period)
        elif period.end < today - MAIL_WINDOW:
            continue
        once.fan_out_page(REPORT_FAN_OUT, {"period": period.pk})
        fanned.append(period.slug)
    return fanned


@shared_task(name="kompas.send_report_batch", acks_late=True)
def send_report_batch(recipient_ids, params):
    """Mail the report of ``params["period"]`` to each recipient in ``recipient_ids`` who did not
    get it yet; returns how many mails were sent."""
    report = Report.objects.select_related("period").get(period_id=params["period"])
    return sum(1 for recipient_id in recipient_ids if _send_report(report, recipient_id))


def _send_report(report, recipient_id):
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    if recipient is None or not recipient.email:
        return False

    def claim():
        return ReportDelivery.objects.create(
            period=report.period, recipient=recipient, kind=ReportDelivery.Kind.REPORT
        )

    def send(_delivery):
        with translation.override(recipient.language):
            context = {
                "recipient": recipient,
                "report": report,
                "link": f"{settings.SITE_URL}{report.get_absolute_url()}",
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            subject = render_to_string("kompas/email/report_subject.txt", context).strip()
            text = render_to_string("kompas/email/report.txt", context)
        message = EmailMultiAlternatives(
            subject=f"[Reisgids] {subject}",
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
        )
        if report.pdf:
            with report.pdf.open("rb") as file:
                message.attach(f"kompasrapport-{report.period.slug}.pdf", file.read(), "application/pdf")
        message.send()

    return once.send_once(claim=claim, send=send)


@shared_task(name="kompas.flag_overdue_reviews")
def flag_overdue_reviews(today_iso=None):
    today = datetime.date.fromisoformat(today_iso) if today_iso else None
    return services.flag_overdue_reviews(today=today)


once.register_fan_out(REPORT_FAN_OUT, recipients=_recipients, task=send_report_batch.name)
