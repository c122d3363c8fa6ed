"""Encryption keys can be rotated without losing anything: fields, drafts and export files."""

import io

import pytest
from cryptography.fernet import Fernet
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from factories import make_referral

from portal import crypto
from referrals import drafts
from referrals.export_records import _file_chunks, _store_file
from referrals.models import CaseNote, ExportRecord, Referral

pytestmark = pytest.mark.django_db


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - fixed names
        return cursor.fetchone()[0]


@pytest.fixture
def keys(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    yield settings, old, new
    crypto._fernet.cache_clear()


def test_rotating_re_encrypts_fields_drafts_and_export_files_so_the_old_key_can_go(keys, region_a, coordinator):
    settings, old, new = keys
    referral = make_referral(region_a, account="Ол баланы алып кетті", witness_phone="+77011234567")
    note = CaseNote.objects.create(referral=referral, author=coordinator, text="Мектепке қоңырау шалдым")
    session = SessionStore()
    draft = drafts.Draft.start(session)
    draft.set_cleaned("what", {"account": "Жартылай жазылған"})
    session.save()
    record = ExportRecord.objects.create(actor=coordinator, format="xlsx", language="kk", purpose="test")
    _store_file(record, io.BytesIO(b"PK the file's bytes"))
    before = raw("referrals_referral", "witness_words", referral.pk), raw("referrals_casenote", "text", note.pk)

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    after = raw("referrals_referral", "witness_words", referral.pk), raw("referrals_casenote", "text", note.pk)
    assert all(a != b and a.startswith("fernet:") for a, b in zip(after, before, strict=True))
    assert "Sessions (drafts): 1" in out.getvalue() and "Export files: 1" in out.getvalue()

    # The old key can now go: everything reads with the new one alone.
    settings.FIELD_ENCRYPTION_KEYS = [new]
    again = Referral.objects.get(pk=referral.pk)
    assert again.account == "Ол баланы алып кетті" and again.witness_phone == "+77011234567"
    assert CaseNote.objects.get(pk=note.pk).text == "Мектепке қоңырау шалдым"
    assert drafts.Draft.get(SessionStore(session.session_key)).cleaned("what")["account"] == "Жартылай жазылған"
    assert b"".join(_file_chunks(record)) == b"PK the file's bytes"

    # And with only the old key, nothing reads: the portal's own error, not a settings error.
    settings.FIELD_ENCRYPTION_KEYS = [old]
    with pytest.raises(crypto.UnreadableValue):
        Referral.objects.get(pk=referral.pk)
    with pytest.raises(crypto.UnreadableValue):
        b"".join(_file_chunks(record))


def test_an_encrypted_field_refuses_lookups_on_ciphertext(region_a):
    make_referral(region_a)
    with pytest.raises(FieldError):
        list(Referral.objects.filter(witness_words__contains="jacket"))
    with pytest.raises(FieldError):
        list(CaseNote.objects.filter(text="x"))
    assert Referral.objects.filter(identity__isnull=False).count() == 1
