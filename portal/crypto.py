"""Encryption at rest for what witnesses write.

Free text and witnesses' contact details are stored encrypted with Fernet (AES-128-CBC +
HMAC-SHA256) so that a database dump alone does not reveal them. Keys come from the
environment: FIELD_ENCRYPTION_KEYS is a comma-separated list, newest first. New values are
encrypted with the first key; any listed key decrypts, so a key is rotated by putting a
new one in front and running `manage.py rotate_field_keys` before dropping the old one.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must hold at least one key.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds an invalid key: {error}") from None


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("Value is not encrypted with a field key.")
    try:
        return fernet().decrypt(token[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured("No key in FIELD_ENCRYPTION_KEYS decrypts a stored value.") from None


def rotate(token: str) -> str:
    return PREFIX + fernet().rotate(token[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """A text column whose stored form is ciphertext; Python code sees plain text.

    The empty string stays empty (so "not answered" needs no key to read). Such a column
    cannot be searched or filtered in SQL, which is the point.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
