"""How follow-up codes are stored and checked.

A follow-up code is 16 characters drawn at random from 25 (74 bits, referrals/services.py).
A password needs a slow hash because people choose guessable ones; a random secret of 74
bits does not: nobody can try 2**73 codes, least of all through a form throttled per
reference. So the code is stored as HMAC-SHA256 under a dedicated key
(settings.REFERRALS_FOLLOW_UP_CODE_KEY), which a stolen database alone cannot test
guesses against, and checked in constant time. This costs microseconds where Django's
default Argon2 cost 144 ms of CPU and 100 MiB of memory per hash, the larger part of a
whole report's time on the server.

Codes stored before this change are Argon2 hashes: they still verify, and a code that
verifies is stored again in the new form (see `upgrade`).
"""

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.hashers import check_password

PREFIX = "hmac-sha256$"


def _digest(normalised_code: str) -> str:
    key = settings.REFERRALS_FOLLOW_UP_CODE_KEY.encode()
    return hmac.new(key, normalised_code.encode(), hashlib.sha256).hexdigest()


def hash_code(normalised_code: str) -> str:
    return PREFIX + _digest(normalised_code)


def code_matches(normalised_code: str, stored: str) -> bool:
    if stored.startswith(PREFIX):
        return hmac.compare_digest(stored, hash_code(normalised_code))
    # A code stored before the keyed hash: an Argon2 (or other Django) password hash.
    return bool(stored) and check_password(normalised_code, stored)


def needs_upgrade(stored: str) -> bool:
    return not stored.startswith(PREFIX)


def spend_equal_effort(normalised_code: str) -> None:
    """For a reference that does not exist: the same work as a check, so timing tells nothing."""
    hmac.compare_digest(hash_code(normalised_code), hash_code(""))


__all__ = ["code_matches", "hash_code", "needs_upgrade", "spend_equal_effort"]
