"""The current two-step verification code of a TOTP secret, for tests that sign in with one."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

# allauth accepts the code of the current period only (``MFA_TOTP_TOLERANCE`` 0): a code taken in the
# last seconds of a period was refused when the browser sent it in the next one (a journey timed out
# on the verification page in a loaded CI run). So a code is not taken that close to the period's end.
MARGIN_SECONDS = 8


def current_code(secret):
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < MARGIN_SECONDS:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))
