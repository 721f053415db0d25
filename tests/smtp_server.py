"""A real SMTP server in this process (aiosmtpd, on a free port of its own) for mail fault tests.

``smtp_server``: a server that is NOT running yet, so connections to ``.port`` are refused until the
test calls ``.start()``; ``.stop()`` refuses them again. ``.messages`` holds the mails it accepted (as
``email.message.Message``). ``.hold()`` makes it keep each mail's DATA unanswered (a slow mail server)
until ``.release()`` (``.hold(after=n)``: from the mail after the n-th accepted one on); ``.fail(after=n)``
answers every mail after the n-th accepted one with a temporary error (451) until ``.recover()``;
``.sessions`` counts the connections (EHLO); ``.held`` counts the mails it is holding or held,
``.gone`` those whose client went away meanwhile. A mail whose client went away while it was held is
not accepted, as a real mail server drops a transaction it never confirmed. The fixture also points
Django's mail at it
(``EMAIL_BACKEND`` smtp, ``EMAIL_HOST``/``EMAIL_PORT``)."""

import asyncio
import email
import threading

import pytest
from aiosmtpd.controller import Controller

from tests.redis_server import free_port


class SMTPServer:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.messages = []
        self.held = 0
        self.sessions = 0  # connections that greeted the server (EHLO)
        self.gone = 0  # held mails whose client went away before release (never accepted)
        self._controller = None
        self._released = threading.Event()
        self._released.set()
        self._hold_after = 0
        self._fail_after = None
        self._lock = threading.Lock()

    @property
    def running(self):
        return self._controller is not None

    def start(self):
        if self._controller is None:
            self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
            self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def hold(self, after=0):
        self._hold_after = after
        self._released.clear()

    def release(self):
        self._released.set()

    def fail(self, after=0):
        self._fail_after = after

    def recover(self):
        self._fail_after = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self._lock:
            self.sessions += 1
        return responses

    async def handle_DATA(self, server, session, envelope):
        if self._fail_after is not None and len(self.messages) >= self._fail_after:
            return "451 Requested action aborted: local error in processing"
        if not self._released.is_set() and len(self.messages) >= self._hold_after:
            with self._lock:
                self.held += 1
            try:
                while not self._released.is_set():
                    await asyncio.sleep(0.02)
            except asyncio.CancelledError:  # aiosmtpd cancels the handler when the client goes away
                with self._lock:
                    self.gone += 1
                raise
            await asyncio.sleep(0.05)  # let the event loop notice a client that went away
            if server.transport is None or server.transport.is_closing() or server._reader.at_eof():
                return "421 Client went away"
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    server = SMTPServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield server
    finally:
        server.release()
        server.stop()
