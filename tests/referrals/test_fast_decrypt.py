"""The exports' decryption gives exactly what portal.crypto gives, and refuses what it refuses."""

import base64

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from portal import crypto
from referrals.fast_decrypt import make_decryptor

TEXTS = ["", "a", "x" * 15, "y" * 16, "z" * 17, "Күдікті қара күртеше киген", "=SUM(A1)", "ё" * 500]


@pytest.mark.parametrize("text", TEXTS)
def test_it_decrypts_like_fernet(text):
    token = crypto.encrypt(text) if text else ""
    assert make_decryptor()(token) == text


def test_it_reads_values_written_with_an_older_key(settings):
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    token = crypto.encrypt("written before the rotation")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old]
    assert make_decryptor()(token) == "written before the rotation"


def test_it_refuses_a_tampered_value():
    token = crypto.encrypt("genuine")
    body = bytearray(token[len(crypto.PREFIX) :].encode())
    body[40] = ord("A") if body[40] != ord("A") else ord("B")
    with pytest.raises(ImproperlyConfigured):
        make_decryptor()(crypto.PREFIX + body.decode())


def test_it_refuses_plain_text():
    with pytest.raises(ValueError):
        make_decryptor()("not encrypted")


def test_it_decrypts_a_batch_with_blanks_and_two_keys(settings):
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    tokens_old = [crypto.encrypt(t) if t else "" for t in TEXTS]
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old]
    tokens_new = [crypto.encrypt(t) if t else "" for t in TEXTS]
    mixed = [token for pair in zip(tokens_old, tokens_new, strict=True) for token in pair]
    assert make_decryptor().many(mixed) == [text for text in TEXTS for _twice in (1, 2)]


def test_a_batch_refuses_a_tampered_value():
    good = crypto.encrypt("genuine")
    body = bytearray(good[len(crypto.PREFIX) :].encode())
    body[40] = ord("A") if body[40] != ord("A") else ord("B")
    with pytest.raises(ImproperlyConfigured):
        make_decryptor().many([good, crypto.PREFIX + body.decode()])


def test_a_batch_written_with_the_newest_key_decrypts_like_fernet():
    tokens = [crypto.encrypt(t) if t else "" for t in TEXTS * 3]
    assert make_decryptor().many(tokens) == [crypto.decrypt(t) if t else "" for t in tokens]


def test_a_batch_refuses_a_value_whose_signature_was_swapped():
    first, second = crypto.encrypt("first"), crypto.encrypt("second")
    body = base64.urlsafe_b64decode(second[len(crypto.PREFIX) :])
    other = base64.urlsafe_b64decode(first[len(crypto.PREFIX) :])
    forged = crypto.PREFIX + base64.urlsafe_b64encode(body[:-32] + other[-32:]).decode()
    with pytest.raises(ImproperlyConfigured):
        make_decryptor().many([first, forged, ""])


@pytest.mark.parametrize("last_byte", [0, 17, 2])
def test_a_batch_refuses_a_signed_value_with_bad_padding(settings, last_byte):
    # Signed with the right key, so only the padding check can catch it.
    import hmac
    import os
    import struct
    import time

    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    raw = base64.urlsafe_b64decode(settings.FIELD_ENCRYPTION_KEYS[0])
    iv = os.urandom(16)
    block = b"fifteen bytes.." + bytes([last_byte])  # 2: only one byte of its padding is 2
    encryptor = Cipher(algorithms.AES(raw[16:]), modes.CBC(iv)).encryptor()
    signed = b"\x80" + struct.pack(">Q", int(time.time())) + iv + encryptor.update(block) + encryptor.finalize()
    token = crypto.PREFIX + base64.urlsafe_b64encode(signed + hmac.digest(raw[:16], signed, "sha256")).decode()
    with pytest.raises(ImproperlyConfigured):
        make_decryptor().many([crypto.encrypt("genuine"), token])
