"""Fernet decryption for exports of many rows, several times cheaper per value.

An export of 100,000 referrals decrypts up to 1.6 million values; `cryptography`'s Fernet
builds a cipher object, an HMAC object and a base64 decoder for each one. Here a batch of
values (one column of a chunk of rows) is checked and decrypted together: the HMAC key's
hash states are prepared once, and the whole batch goes through one AES-CBC call
(`decrypt_many`). Batches that need more care (an older key, a damaged value) and single
values go value by value, with one AES-ECB context per key and CBC undone by hand (each
plaintext block is the ECB decryption of its ciphertext block XOR the previous ciphertext
block), the HMAC checked with the standard library's hmac.digest. The token format and
the checks are Fernet's (spec: github.com/fernet/spec): version byte, HMAC-SHA256 over
everything before it, PKCS7 padding. Any value this cannot read goes to portal.crypto's
decrypt, which raises the same errors as everywhere else.
"""

import base64
import binascii
import hashlib
import hmac
import itertools
import operator

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

from portal import crypto

_PREFIX = crypto.PREFIX
_PREFIX_LENGTH = len(_PREFIX)
_VERSION = 0x80
_BLOCK = 16


def make_decryptor():
    """A decrypt(token) function with the keys prepared once, for one export."""
    keys = []
    for key in settings.FIELD_ENCRYPTION_KEYS:
        raw = base64.urlsafe_b64decode(key)
        # CBC is undone by hand below, block by block, from this ECB context.
        keys.append((raw[:16], Cipher(algorithms.AES(raw[16:]), modes.ECB()).decryptor()))  # noqa: S305
    translate = bytes.maketrans(b"-_", b"+/")
    digest, compare, a2b = hmac.digest, hmac.compare_digest, binascii.a2b_base64

    def decrypt(token: str) -> str:
        if not token:
            return token
        if not token.startswith(_PREFIX):
            return crypto.decrypt(token)
        try:
            data = a2b(token[_PREFIX_LENGTH:].encode().translate(translate), strict_mode=True)
        except (binascii.Error, ValueError):
            return crypto.decrypt(token)
        length = len(data) - 57  # version 1 + timestamp 8 + IV 16 + HMAC 32
        if length < _BLOCK or length % _BLOCK or data[0] != _VERSION:
            return crypto.decrypt(token)
        signed, signature = data[:-32], data[-32:]
        for signing, ecb in keys:
            if not compare(digest(signing, signed, "sha256"), signature):
                continue
            ciphertext = data[25:-32]
            chained = data[9:-48]  # the IV, then every ciphertext block but the last
            plain = (int.from_bytes(ecb.update(ciphertext), "big") ^ int.from_bytes(chained, "big")).to_bytes(
                length, "big"
            )
            pad = plain[-1]
            if not 1 <= pad <= _BLOCK or plain[-pad:] != _PADS[pad]:
                return crypto.decrypt(token)
            return plain[:-pad].decode()
        return crypto.decrypt(token)

    def decrypt_each(tokens: list[str]) -> list[str]:
        """Decrypt a batch token by token: the general path, for batches the fast path declines."""
        out = [""] * len(tokens)
        groups = [[] for _key in keys]
        for position, token in enumerate(tokens):
            if not token:
                continue
            try:
                data = a2b(token[_PREFIX_LENGTH:].encode().translate(translate), strict_mode=True)
            except (binascii.Error, ValueError):
                data = b""
            length = len(data) - 57
            if not token.startswith(_PREFIX) or length < _BLOCK or length % _BLOCK or data[0] != _VERSION:
                out[position] = crypto.decrypt(token)  # raises what portal.crypto raises
                continue
            signed, signature = data[:-32], data[-32:]
            for index, (signing, _ecb) in enumerate(keys):
                if compare(digest(signing, signed, "sha256"), signature):
                    groups[index].append((position, data[25:-32], data[9:-48]))
                    break
            else:
                out[position] = crypto.decrypt(token)
        for (_signing, ecb), items in zip(keys, groups, strict=True):
            if not items:
                continue
            ciphertext = b"".join(item[1] for item in items)
            chained = b"".join(item[2] for item in items)
            size = len(ciphertext)
            plain = (int.from_bytes(ecb.update(ciphertext), "big") ^ int.from_bytes(chained, "big")).to_bytes(
                size, "big"
            )
            start = 0
            for position, block, _chain in items:
                end = start + len(block)
                pad = plain[end - 1]
                if not 1 <= pad <= _BLOCK or plain[end - pad : end] != _PADS[pad]:
                    out[position] = crypto.decrypt(tokens[position])
                else:
                    out[position] = plain[start : end - pad].decode()
                start = end
        return out

    if not keys:  # portal.crypto says what is wrong with the settings
        decrypt.many = decrypt_each
        return decrypt
    # The fast path below reads batches written with the newest key, as nearly all values are.
    newest = base64.urlsafe_b64decode(settings.FIELD_ENCRYPTION_KEYS[0])
    hmac_sha256 = _prepared_hmac_sha256(newest[:16])
    newest_encryption = newest[16:]
    strip_prefix = operator.itemgetter(slice(_PREFIX_LENGTH, None))
    signed_part = operator.itemgetter(slice(None, -32))
    signature_part = operator.itemgetter(slice(-32, None))
    iv_and_ciphertext = operator.itemgetter(slice(9, -32))
    first_byte = operator.itemgetter(0)

    def decrypt_many(tokens: list[str]) -> list[str]:
        """Decrypt a batch: Fernet's checks, each done over the whole batch at once.

        An export decrypts one column of a chunk of rows at a time. Each step runs over the
        whole batch with map() and C functions rather than in a Python loop doing a dozen
        operations per value, and the whole batch is decrypted with one AES-CBC call. The
        HMAC of every value is checked, all of them before anything is decrypted. A batch
        with anything unusual in it (a value written with an older key, a malformed or
        tampered value) goes to `decrypt_each`, which sorts it out value by value and
        raises what portal.crypto raises.
        """
        present = list(filter(None, tokens))  # blanks ("not answered") stay blank
        if not present:
            return [""] * len(tokens)
        if not all(map(str.startswith, present, itertools.repeat(_PREFIX))):
            return decrypt_each(tokens)
        # Not strict: Fernet decodes with base64.urlsafe_b64decode, which is not strict either.
        encoded = map(bytes.translate, map(str.encode, map(strip_prefix, present)), itertools.repeat(translate))
        try:
            datas = list(map(a2b, encoded))
        except (binascii.Error, ValueError):
            return decrypt_each(tokens)
        # Fernet's framing: version byte, then whole AES blocks between the header and the HMAC.
        # (Checked with C calls over the batch; sizes first, so no value is empty by the time
        # its version byte is read.)
        sizes = [len(data) - 57 for data in datas]  # version 1 + timestamp 8 + IV 16 + HMAC 32
        if (
            min(sizes) < _BLOCK
            or any(map(operator.mod, sizes, itertools.repeat(_BLOCK)))
            or set(map(first_byte, datas)) != {_VERSION}
        ):
            return decrypt_each(tokens)
        # Every value's HMAC, before any value is decrypted.
        if not all(map(compare, map(hmac_sha256, map(signed_part, datas)), map(signature_part, datas))):
            return decrypt_each(tokens)
        # One CBC decryption for the whole batch. Each value's IV is kept just before its
        # ciphertext in the stream, so each value's first block is chained from its own IV,
        # as Fernet does. What the IV blocks themselves decrypt to is skipped.
        stream = b"".join(map(iv_and_ciphertext, datas))
        cipher = Cipher(algorithms.AES(newest_encryption), modes.CBC(bytes(_BLOCK)))
        plain = cipher.decryptor().update(stream)
        ends = list(itertools.accumulate(size + _BLOCK for size in sizes))
        pads = [plain[end - 1] for end in ends]
        # PKCS7 padding, checked in full as Fernet's unpadder does: each value's last `pad`
        # bytes must all be `pad`, from 1 to 16 (_PADDING has None for impossible values).
        paddings = map(plain.__getitem__, map(slice, map(operator.sub, ends, pads), ends))
        if not all(map(operator.eq, paddings, map(_PADDING.__getitem__, pads))):
            return decrypt_each(tokens)
        texts = [plain[end - size : end - pad].decode() for end, size, pad in zip(ends, sizes, pads, strict=True)]
        if len(texts) == len(tokens):
            return texts
        out = [""] * len(tokens)
        for position, text in zip(itertools.compress(range(len(tokens)), tokens), texts, strict=True):
            out[position] = text
        return out

    decrypt.many = decrypt_many
    return decrypt


def _prepared_hmac_sha256(key: bytes):
    """HMAC-SHA256 with one key, for many short messages: about twice as fast as hmac.digest.

    HMAC (RFC 2104) is SHA-256(key ^ opad || SHA-256(key ^ ipad || message)). The hash states
    after the two key blocks are the same for every message, so they are computed once and
    copied for each message; hmac.digest (OpenSSL's one-shot HMAC) redoes them each time.
    """
    block = key.ljust(64, b"\0")  # Fernet's signing keys are 16 bytes: shorter than a block
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def hmac_sha256(message: bytes) -> bytes:
        state = inner.copy()
        state.update(message)
        result = outer.copy()
        result.update(state.digest())
        return result.digest()

    # The same as the standard library's, or this module is not used at all.
    if hmac_sha256(b"Fernet") != hmac.digest(key, b"Fernet", "sha256"):
        raise RuntimeError("Prepared HMAC-SHA256 differs from hmac.digest.")
    return hmac_sha256


_PADS = {n: bytes([n]) * n for n in range(1, _BLOCK + 1)}
_PADDING = [_PADS.get(n) for n in range(256)]
