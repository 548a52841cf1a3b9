"""The log's Ed25519 key and the RFC 6962 §3.5 TreeHeadSignature bytes it signs.

The key comes from MERCATO_TRANSPARENCY_KEY (base64 of the raw 32-byte private key) when set, else from
`transparency_ed25519.key` under settings.HOME, created with 0600 permissions on first use.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from django.conf import settings

from .domain.tree_head import tree_head_signature_input, verify_tree_head

__all__ = ["public_key_raw", "sign_tree_head", "signing_key", "tree_head_signature_input", "verify_tree_head"]

KEY_ENV = "MERCATO_TRANSPARENCY_KEY"
KEY_FILE_NAME = "transparency_ed25519.key"


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


def sign_tree_head(*, timestamp_ms: int, tree_size: int, root_hash: bytes) -> bytes:
    data = tree_head_signature_input(timestamp_ms=timestamp_ms, tree_size=tree_size, root_hash=root_hash)
    return signing_key().sign(data)
