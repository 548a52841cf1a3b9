"""RFC 6962 §3.5 TreeHeadSignature bytes and their Ed25519 verification: what every verifier (the log itself,
the auditor, an offline bundle check) reconstructs and checks."""

from __future__ import annotations

import struct

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

_VERSION_V1 = 0
_SIGNATURE_TYPE_TREE_HASH = 1


def tree_head_signature_input(*, timestamp_ms: int, tree_size: int, root_hash: bytes) -> bytes:
    """Version v1, signature_type tree_hash, uint64 timestamp (ms), uint64 tree_size, the 32-byte root hash —
    big-endian, exactly the bytes any RFC 6962 verifier reconstructs."""
    if len(root_hash) != 32:
        raise ValueError(f"a root hash is 32 bytes, not {len(root_hash)}")
    return struct.pack(">BBQQ", _VERSION_V1, _SIGNATURE_TYPE_TREE_HASH, timestamp_ms, tree_size) + root_hash


def verify_tree_head(
    *, public_key: bytes, timestamp_ms: int, tree_size: int, root_hash: bytes, signature: bytes
) -> bool:
    """Does `signature` sign this tree head under the raw Ed25519 `public_key`? Never raises on bad input."""
    try:
        data = tree_head_signature_input(timestamp_ms=timestamp_ms, tree_size=tree_size, root_hash=root_hash)
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError, struct.error, TypeError, OverflowError):
        return False
    return True
