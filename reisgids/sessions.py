"""The session engine (``SESSION_ENGINE``): Django's cached database sessions (read from the cache,
kept in the database behind it, so with Redis down they are read from the database), except that a
session cookie holding a control character (see ``reisgids.userinput``) counts as no session at
all. Django only checks the key's length, so a cookie with a NUL byte reached PostgreSQL, which
refuses it: every page answered 500 until the cookie was removed."""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseSessionStore

from reisgids.userinput import has_control_characters


class SessionStore(CachedDatabaseSessionStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and not has_control_characters(key)
