"""The session engine (``SESSION_ENGINE``): Django's database sessions, except that a session cookie
holding a control character (see ``reisgids.userinput``) counts as no session at all. Django only
checks the key's length, so a cookie with a NUL byte reached PostgreSQL, which refuses it: every
page answered 500 until the cookie was removed."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from reisgids.userinput import has_control_characters


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and not has_control_characters(key)
