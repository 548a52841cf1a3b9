"""The log's Ed25519 key and the RFC 6962 §3.5 TreeHeadSignature bytes it signs.

The key comes from MERCATO_TRANSPARENCY_KEY (base64 of the raw 32-byte private key) when set, else from
`transparency_ed25519.key` under settings.HOME, created with 0600 permissions on first use.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from django.conf import settings

KEY_ENV = "MERCATO_TRANSPARENCY_KEY"
KEY_FILE_NAME = "transparency_ed25519.key"
_VERSION_V1 = 0
_SIGNATURE_TYPE_TREE_HASH = 1


class SigningKeyError(RuntimeError):
    """The configured key is not base64 of 32 raw bytes."""


def _decode(text: str, source: str) -> Ed25519PrivateKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SigningKeyError(f"{source}: not base64") from exc
    if len(raw) != 32:
        raise SigningKeyError(f"{source}: an Ed25519 private key is 32 raw bytes, not {len(raw)}")
    return Ed25519PrivateKey.from_private_bytes(raw)


def _key_file() -> Path:
    home = getattr(settings, "HOME", None) or Path.home() / ".mercato"  # noqa: B009
    return Path(home) / KEY_FILE_NAME


def signing_key() -> Ed25519PrivateKey:
    """The log's private key (env first, then the key file, generated on first use)."""
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return _decode(from_env, KEY_ENV)
    path = _key_file()
    if not path.exists():
        raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: use theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(base64.b64encode(raw).decode() + "\n")
    return _decode(path.read_text(), str(path))


def public_key_raw() -> bytes:
    """The raw 32-byte Ed25519 public key verifiers need."""
    return signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def tree_head_signature_input(*, timestamp_ms: int, tree_size: int, root_hash: bytes) -> bytes:
    """RFC 6962 §3.5 TreeHeadSignature: version v1, signature_type tree_hash, uint64 timestamp, uint64 tree_size,
    the 32-byte root hash — big-endian, exactly the bytes any RFC 6962 verifier reconstructs."""
    if len(root_hash) != 32:
        raise ValueError(f"a root hash is 32 bytes, not {len(root_hash)}")
    return struct.pack(">BBQQ", _VERSION_V1, _SIGNATURE_TYPE_TREE_HASH, timestamp_ms, tree_size) + root_hash


def sign_tree_head(*, timestamp_ms: int, tree_size: int, root_hash: bytes) -> bytes:
    data = tree_head_signature_input(timestamp_ms=timestamp_ms, tree_size=tree_size, root_hash=root_hash)
    return signing_key().sign(data)


def verify_tree_head(
    *, public_key: bytes, timestamp_ms: int, tree_size: int, root_hash: bytes, signature: bytes
) -> bool:
    """Does `signature` sign this tree head under the raw Ed25519 `public_key`? Never raises on bad input."""
    try:
        data = tree_head_signature_input(timestamp_ms=timestamp_ms, tree_size=tree_size, root_hash=root_hash)
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError, struct.error, TypeError):
        return False
    return True
