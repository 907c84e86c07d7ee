"""The teacher PIN, kept only as a salted scrypt hash (never the PIN itself, never reversibly).

Format of the stored value: ``scrypt$<n>$<r>$<p>$<salt base64>$<hash base64>``, so the cost
parameters can be raised later without breaking PINs already set: `verify_pin` reads them from
the stored value. Comparison is constant-time (`hmac.compare_digest`). No Qt here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

__all__ = ["PIN_KEY", "PIN_LENGTH", "hash_pin", "pin_problem", "verify_pin"]

PIN_KEY = "teacher_pin"  # the key in the store's setting table
PIN_LENGTH = (4, 12)  # digits
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32


def pin_problem(pin: str) -> str | None:
    """Why `pin` cannot be a PIN (4 to 12 digits), or None."""
    low, high = PIN_LENGTH
    if not pin.isascii() or not pin.isdigit():
        return "a PIN is made of digits only"
    if not low <= len(pin) <= high:
        return f"a PIN has {low} to {high} digits"
    return None


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 1_048_576, dklen=HASH_BYTES
    )


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The storable form of `pin`: a fresh 16-byte random salt unless one is given (tests)."""
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_pin(pin: str, stored: str | None) -> bool:
    """True when `pin` is the PIN behind `stored` (False for anything malformed)."""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(hash_b64, validate=True)
        actual = _scrypt(pin, salt, int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)
