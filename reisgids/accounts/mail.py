"""allauth's mails (address confirmation, password reset, login codes, security notices) through the
outbox, like every other mail: rendered in the request, sent after commit by a worker, retried while
the mail server is unreachable. A mail server that is down never turns a sign-up or a password reset
into an error page."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from reisgids.outbox.services import enqueue
from reisgids.tasks import send_email


class OutboxMailAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        # The context allauth's own send_mail gives its templates.
        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, context)
        html = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), "")
        body = message.body
        if message.content_subtype == "html":  # an HTML-only template
            body, html = "", message.body
        for to in message.to:
            enqueue(send_email, to, message.subject, body, html)
