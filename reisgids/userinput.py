"""Bounds on what visitors send, in one place.

- **Control characters.** Text that people type never holds the C0 control characters (other than
  tab, line feed and carriage return), DEL or the C1 control characters; they come from pasted
  binary, escape codes or attacks, and a NUL byte even makes PostgreSQL refuse the query. Forms
  refuse them with a Dutch message next to the field (``reisgids.forms.CleanInputMixin``); in the
  address or query string they make the request a 400 (``reisgids.middleware.InputBoundsMiddleware``).
- **Numbers** from the query string or a form are parsed strictly: ASCII digits only, within a bound
  (``"²".isdigit()`` is true but ``int("²")`` fails; ``int("٣")`` is 3).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
DIGITS = re.compile(r"[0-9]{1,18}")
INT_MAX = 2**31 - 1  # the largest id of an integer primary key


def has_control_characters(value):
    return CONTROL_CHARACTERS.search(value) is not None


@deconstructible
class ControlCharacterValidator:
    message = _(
        "This text contains an invisible control character (for example from copying and pasting). "
        "Remove it and try again."
    )
    code = "control_characters"

    def __call__(self, value):
        if value is not None and has_control_characters(str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, ControlCharacterValidator)


def parse_positive_int(value, *, maximum=INT_MAX):
    """``value`` (a string) as a number from 1 to ``maximum``, or None when it is anything else."""
    if not isinstance(value, str) or not DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= maximum else None
