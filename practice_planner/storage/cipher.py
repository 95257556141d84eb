"""SQLCipher 4 key handling, done in Python so the passphrase never reaches SQL text.

SQLCipher 4 derives its page key as PBKDF2-HMAC-SHA512(passphrase, salt, 256,000 iterations, 32
bytes), the salt being the first 16 bytes of the file. We derive the same key here, once per unlock,
and hand SQLCipher only the raw key as hex (``x'...'``): every later connection skips the KDF, and a
passphrase with quotes, backslashes or emoji can never break or inject into a PRAGMA. The resulting
file is a standard SQLCipher 4 database that any SQLCipher 4 tool opens with the passphrase alone.

The page-HMAC check below repeats SQLCipher's own per-page authentication so that an unlock failure
can be told apart: no page authenticates under the key (wrong passphrase) versus some pages do but
the first does not (the file is damaged).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

KDF_ITERATIONS = 256_000
"""SQLCipher 4 default PBKDF2-HMAC-SHA512 cost: such vaults open in any SQLCipher 4 tool."""

PAGE_SIZE = 4096
SALT_SIZE = 16
KEY_SIZE = 32
_IV_SIZE = 16
_HMAC_SIZE = 64
_RESERVE = _IV_SIZE + _HMAC_SIZE
_HMAC_SALT_MASK = 0x3A
_HMAC_KDF_ITERATIONS = 2
_PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"


def normalize_passphrase(passphrase: str) -> bytes:
    """The bytes SQLCipher sees: the passphrase in Unicode NFC form, UTF-8 encoded.

    NFC makes a passphrase typed on one system (composed "ö") open a vault made on another
    (decomposed "o" + combining diaeresis). Other SQLCipher tools are given the passphrase as text
    and encode it the same way for every NFC-composed passphrase, which is what keyboards produce.
    """
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


@dataclass(eq=False)
class RawKey:
    """A derived page key with the salt it belongs to; ``wipe`` overwrites it in place."""

    key: bytearray
    salt: bytes
    _wiped: bool = field(default=False, repr=False)

    def __repr__(self) -> str:  # never show key material in logs or tracebacks
        return "RawKey(<hidden>)"

    def raw_literal(self, with_salt: bool = False) -> str:
        """SQLCipher's raw-key form ``x'<hex>'``: only hex digits, never user text."""
        if self._wiped:
            raise RuntimeError("key was wiped")
        return f"x'{bytes(self.key).hex()}{self.salt.hex() if with_salt else ''}'"

    def pragma_value(self, with_salt: bool = False) -> str:
        """The quoted value for ``PRAGMA key = ...`` and ``PRAGMA rekey = ...``."""
        return f'"{self.raw_literal(with_salt)}"'

    def wipe(self) -> None:
        """Overwrite the key bytes; Python cannot promise more than this."""
        for i in range(len(self.key)):
            self.key[i] = 0
        self._wiped = True


def derive_key(passphrase: str, salt: bytes, iterations: int = KDF_ITERATIONS) -> RawKey:
    """PBKDF2-HMAC-SHA512 exactly as SQLCipher 4 derives its page key (the costly step)."""
    if len(salt) != SALT_SIZE:
        raise ValueError("salt must be 16 bytes")
    raw = hashlib.pbkdf2_hmac(
        "sha512", normalize_passphrase(passphrase), salt, iterations, KEY_SIZE
    )
    return RawKey(bytearray(raw), bytes(salt))


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_SIZE)


def looks_like_plain_sqlite(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(len(_PLAIN_SQLITE_HEADER)) == _PLAIN_SQLITE_HEADER


def read_salt(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(SALT_SIZE)


def _hmac_key(key: RawKey) -> bytes:
    mask = bytes(b ^ _HMAC_SALT_MASK for b in key.salt)
    return hashlib.pbkdf2_hmac("sha512", bytes(key.key), mask, _HMAC_KDF_ITERATIONS, KEY_SIZE)


def authentic_pages(path: Path, key: RawKey, limit: int = 8) -> list[bool]:
    """For the first ``limit`` pages of the file: does each pass its HMAC under ``key``?"""
    hmac_key = _hmac_key(key)
    results: list[bool] = []
    with path.open("rb") as f:
        for pgno in range(1, limit + 1):
            page = f.read(PAGE_SIZE)
            if len(page) < PAGE_SIZE:
                break
            start = SALT_SIZE if pgno == 1 else 0
            body = page[start : PAGE_SIZE - _RESERVE + _IV_SIZE]
            stored = page[
                PAGE_SIZE - _RESERVE + _IV_SIZE : PAGE_SIZE - _RESERVE + _IV_SIZE + _HMAC_SIZE
            ]
            mac = hmac.new(hmac_key, body + pgno.to_bytes(4, "little"), "sha512").digest()
            results.append(hmac.compare_digest(mac, stored))
    return results


def file_size_is_whole_pages(path: Path) -> bool:
    size = os.path.getsize(path)
    return size >= PAGE_SIZE and size % PAGE_SIZE == 0
