"""A draft that can no longer be read is no draft: the witness starts again, never a 500."""

from cryptography.fernet import Fernet

from portal import crypto
from referrals.drafts import DRAFT_KEY, Draft


def test_a_draft_written_with_a_key_rotated_out_is_treated_as_none(settings):
    old_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    session = {}
    Draft.start(session)
    assert Draft.get(session) is not None
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    assert DRAFT_KEY in session
    assert Draft.get(session) is None
    crypto._fernet.cache_clear()
