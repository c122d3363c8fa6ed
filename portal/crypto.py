"""Encryption at rest for what witnesses write.

Free text and witnesses' contact details are stored encrypted with Fernet (AES-128-CBC +
HMAC-SHA256) so that a database dump alone does not reveal them. Keys come from the
environment: FIELD_ENCRYPTION_KEYS is a comma-separated list, newest first. New values are
encrypted with the first key; any listed key decrypts, so a key is rotated by putting a
new one in front and running `manage.py rotate_field_keys` before dropping the old one.

Only the `cryptography` package's Fernet recipe is used: no cipher is assembled here.
An encrypted column refuses every lookup but `isnull` (a filter on ciphertext would
silently match nothing), and a value no key decrypts raises UnreadableValue.
"""

import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


class UnreadableValue(ValueError):
    """A stored value that no key in FIELD_ENCRYPTION_KEYS decrypts (or that is not ciphertext)."""


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
        raise UnreadableValue("Value is not encrypted with a field key.")
    try:
        return fernet().decrypt(token[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise UnreadableValue("No key in FIELD_ENCRYPTION_KEYS decrypts a stored value.") from None


def rotate(token: str) -> str:
    """The same value encrypted with the newest key (decrypted with whichever key reads it)."""
    if not token.startswith(PREFIX):
        raise UnreadableValue("Value is not encrypted with a field key.")
    try:
        return PREFIX + fernet().rotate(token[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise UnreadableValue("No key in FIELD_ENCRYPTION_KEYS decrypts a stored value.") from None


def rotate_bytes(data: bytes) -> bytes:
    """A binary Fernet token (an export file's piece) re-encrypted with the newest key."""
    try:
        return fernet().rotate(data)
    except InvalidToken:
        raise UnreadableValue("No key in FIELD_ENCRYPTION_KEYS decrypts a stored file.") from None


def decrypt_bytes(data: bytes) -> bytes:
    try:
        return fernet().decrypt(data)
    except InvalidToken:
        raise UnreadableValue("No key in FIELD_ENCRYPTION_KEYS decrypts a stored file.") from None


def decrypt_json(token: str) -> dict:
    """An encrypted JSON value as stored; the empty string (nothing given) is an empty dict."""
    return json.loads(decrypt(token)) if token else {}


class _RefusesLookups:
    """Only `isnull` is meaningful on ciphertext; anything else is an error, not an empty result."""

    def get_lookup(self, lookup_name):
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_transform(self, lookup_name):
        return None


class EncryptedTextField(_RefusesLookups, models.TextField):
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


class EncryptedJSONField(_RefusesLookups, models.TextField):
    """A JSON object stored as one encrypted value; Python code sees a dict.

    An empty dict is stored as the empty string, so an anonymised or unanswered value needs
    no key to read. Reading a whole object at once is the point: the witness's words are one
    value per referral, not one per question.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt_json(value)

    def to_python(self, value):
        if isinstance(value, dict) or value is None:
            return value
        return json.loads(value) if value else {}

    def get_prep_value(self, value):
        if value is None:
            return value
        if not value:
            return ""
        return encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)
