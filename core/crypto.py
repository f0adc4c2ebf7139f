"""Field encryption and blind indexes.

Ciphertexts are AES-256-GCM with a random 96-bit nonce, stored as
``<key id>$<base64url(nonce || ciphertext)>``. The key id lets several keys live side
by side so that keys can be rotated: new values are written under the primary key and
old ones stay readable until re-encrypted. The column name is bound into every
ciphertext as associated data, so a value copied into another column does not decrypt.

Blind indexes are keyed HMAC-SHA256 digests of normalised values, under a key separate
from the encryption keys, so equality search works without storing plaintext.

Files (attachments) use the same keys in a binary layout,
``<key id>$<nonce><ciphertext>``, with the record they belong to bound in as
associated data, so a file swapped for another one on disk does not decrypt.
"""

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
NONCE_BYTES = 12
BLIND_INDEX_HEX_CHARS = 32

# Development keys: public, so the production settings refuse to start with them.
DEVELOPMENT_FIELD_KEYS = "dev1:ZGV2ZWxvcG1lbnQtb25seS1maWVsZC1rZXktMDAwMDA="
DEVELOPMENT_BLIND_INDEX_KEY = "ZGV2ZWxvcG1lbnQtb25seS1ibGluZC1pbmRleC1rZXk="


class DecryptionError(Exception):
    """A stored value cannot be decrypted with any configured key."""


def _decode_key(name: str, encoded: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(encoded.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise ImproperlyConfigured(f"{name}: a key is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(f"{name}: each key must decode to {KEY_BYTES} bytes, not {len(key)}.")
    return key


def parse_field_keys(spec: str, *, name: str = "HOANHAP_FIELD_KEYS") -> dict[str, bytes]:
    """Parse ``id:base64key,id:base64key``; the first key is the one new values use."""
    keys: dict[str, bytes] = {}
    for item in spec.split(","):
        key_id, sep, encoded = item.strip().partition(":")
        if not sep or not key_id.isalnum():
            raise ImproperlyConfigured(f"{name} must look like 'id:base64key,...' with alphanumeric ids.")
        if key_id in keys:
            raise ImproperlyConfigured(f"{name}: key id {key_id!r} appears twice.")
        keys[key_id] = _decode_key(name, encoded)
    return keys


def parse_blind_index_key(encoded: str, *, name: str = "HOANHAP_BLIND_INDEX_KEY") -> bytes:
    return _decode_key(name, encoded)


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    blind_index_key: bytes

    @property
    def primary_id(self) -> str:
        return next(iter(self.keys))


@cache
def keyring() -> Keyring:
    return Keyring(keys=dict(settings.FIELD_ENCRYPTION_KEYS), blind_index_key=settings.BLIND_INDEX_KEY)


def encrypt(plaintext: str, *, context: str) -> str:
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.keys[ring.primary_id]).encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
    return f"{ring.primary_id}${base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def decrypt(token: str, *, context: str) -> str:
    key_id, sep, payload = token.partition("$")
    key = keyring().keys.get(key_id)
    if not sep or key is None:
        raise DecryptionError(f"no configured key with id {key_id!r}")
    try:
        raw = base64.urlsafe_b64decode(payload.encode("ascii"))
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode("utf-8"))
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionError("value does not authenticate under its key") from exc
    return plain.decode("utf-8")


def encrypt_bytes(data: bytes, *, context: str) -> bytes:
    """Seal a file's bytes under the primary key; ``context`` names the record it belongs to."""
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.keys[ring.primary_id]).encrypt(nonce, data, context.encode("utf-8"))
    return ring.primary_id.encode("ascii") + b"$" + nonce + sealed


def decrypt_bytes(blob: bytes, *, context: str) -> bytes:
    key_id, sep, payload = blob.partition(b"$")
    key = keyring().keys.get(key_id.decode("ascii", errors="replace"))
    if not sep or key is None:
        raise DecryptionError("no configured key for this file")
    try:
        return AESGCM(key).decrypt(payload[:NONCE_BYTES], payload[NONCE_BYTES:], context.encode("utf-8"))
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError("file does not authenticate under its key") from exc


def key_id_of(token: str) -> str:
    return token.partition("$")[0]


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed digest of an already-normalised value; ``purpose`` separates namespaces."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(keyring().blind_index_key, message, hashlib.sha256).hexdigest()[:BLIND_INDEX_HEX_CHARS]
