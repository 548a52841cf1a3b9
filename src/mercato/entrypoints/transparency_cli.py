"""`mercato transparency ...`: publish and sign, verify the stored log, audit a remote log, check a proof bundle.

Exit status: 0 when everything holds, 1 when tampering, a fork or a bad proof is found, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

DEFAULT_AUDIT_STATE = Path.home() / ".mercato-audit" / "last-verified-head.json"


def cmd_publish(_: argparse.Namespace) -> int:
    from mercato.contexts.transparency.selectors import latest_tree_head
    from mercato.contexts.transparency.services import log_publish

    appended = log_publish()
    head = latest_tree_head()
    print(f"appended {appended} queued facts; signed head at size {head.tree_size if head else 0}")
    return 0


def cmd_verify(_: argparse.Namespace) -> int:
    from mercato.contexts.transparency.verification import log_verify

    result = log_verify()
    print(f"log of {result.tree_size} leaves, {result.signed_heads} signed heads")
    for finding in result.findings:
        print(f"TAMPERED: {finding.reason}")
    if result.ok:
        print("OK: every leaf re-hashed, the tree re-derived, every head signed and consistent with the next")
        return 0
    print(f"first tampered leaf index: {result.first_tampered_leaf}")
    return 1


def cmd_audit(args: argparse.Namespace) -> int:
    from mercato.contexts.transparency.auditor import AuditError, audit

    try:
        report = audit(args.url, Path(args.state), samples=args.samples)
    except AuditError as exc:
        print(f"error: cannot audit {args.url}: {exc}", file=sys.stderr)
        return 2
    for line in report.checked:
        print(f"ok: {line}")
    for line in report.failures:
        print(f"FAILED: {line}")
    if report.ok:
        print(f"OK: {args.url} at size {report.tree_size}; remembered in {args.state}")
        return 0
    print(f"AUDIT FAILED for {args.url}: the remembered head in {args.state} is kept as evidence")
    return 1


def commitment_checks() -> Mapping[str, Callable[[bytes, Mapping[str, Any]], bool]]:
    """Rules for what bundle entries disclose, beyond the built-in salted records."""
    try:
        from mercato.contexts.provenance.bundle_checks import CHECKS
    except ImportError:
        return {}
    checks: Mapping[str, Callable[[bytes, Mapping[str, Any]], bool]] = CHECKS
    return checks


def cmd_verify_bundle(args: argparse.Namespace) -> int:
    from mercato.contexts.transparency.domain.proof_bundle import verify_bundle

    try:
        bundle = json.loads(Path(args.file).read_text(encoding="utf-8"))
        key = base64.b64decode(args.public_key, validate=True) if args.public_key else None
    except (OSError, ValueError, binascii.Error) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not isinstance(bundle, dict):
        print("error: a proof bundle is a JSON object", file=sys.stderr)
        return 2
    report = verify_bundle(bundle, public_key=key, checks=commitment_checks())
    if key is None:
        print("note: checked against the key inside the bundle; pass --public-key (from GET "
              "/api/v1/transparency/public-key) to pin the log's key")
    for problem in report.problems:
        print(f"FAILED: {problem}")
    print(f"{report.verified} entries proven in the signed tree of {report.tree_size}; {report.pending} not yet logged")
    return 0 if report.ok else 1


def add_commands(sub: Any) -> None:
    group = sub.add_parser("transparency", help="the transparency log: publish, verify, audit, verify-bundle")
    actions = group.add_subparsers(dest="action", required=True)
    actions.add_parser("publish", help="append queued facts and sign the new tree head").set_defaults(
        fn=cmd_publish)
    actions.add_parser("verify", help="re-derive the stored tree and check every signed head").set_defaults(
        fn=cmd_verify)
    audit = actions.add_parser("audit", help="audit a running instance over HTTP as a third party")
    audit.add_argument("--url", required=True, help="the instance, e.g. https://shop.example.com")
    audit.add_argument("--state", default=str(DEFAULT_AUDIT_STATE), help="file holding the last verified head")
    audit.add_argument("--samples", type=int, default=8, help="leaves whose inclusion to spot-check")
    audit.set_defaults(fn=cmd_audit)
    bundle = actions.add_parser("verify-bundle", help="check a downloaded proof bundle offline")
    bundle.add_argument("file")
    bundle.add_argument("--public-key", help="the log's base64 Ed25519 public key, obtained independently")
    bundle.set_defaults(fn=cmd_verify_bundle)
