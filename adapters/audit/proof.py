"""Pure proof primitives: chain links, canonical JSON, Ed25519 checks of checkpoints, receipts and
audit bundles. No database and no settings: an auditor can verify offline with this module alone.

Chain: link_0 = 32 zero bytes; link_n = SHA-256(link_{n-1} || event_bytes(row n)), where the
event bytes are the stored row exactly as the event store holds it (the encrypted state included):
    originator_id (16 bytes) || originator_version (8 bytes, big-endian)
    || len(topic) (4 bytes, big-endian) || topic (UTF-8) || state (the rest).
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from domain.canonical import canonical_json

GENESIS = bytes(32)
CHECKPOINT_CONTEXT = "credit-energy/checkpoint/v1"
RECEIPT_CONTEXT = "credit-energy/receipt/v1"
BUNDLE_FORMAT = "credit-energy/audit-bundle/v1"


def event_bytes(originator_id: uuid.UUID, version: int, topic: str, state: bytes) -> bytes:
    t = topic.encode()
    return originator_id.bytes + version.to_bytes(8, "big") + len(t).to_bytes(4, "big") + t + state


def next_link(previous: bytes, stored: bytes) -> bytes:
    return hashlib.sha256(previous + stored).digest()


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def public_key(public_key_b64: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64))


def signature_ok(public_key_b64: str, message: bytes, signature_b64: str) -> bool:
    try:
        public_key(public_key_b64).verify(base64.b64decode(signature_b64), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def checkpoint_message(checkpoint: dict[str, Any]) -> bytes:
    """What a checkpoint's signature covers."""
    fields = {k: checkpoint[k] for k in ("seq", "position", "head", "signed_at", "key_id")}
    return canonical_json({"context": CHECKPOINT_CONTEXT, **fields})


def checkpoint_ok(checkpoint: dict[str, Any], public_key_b64: str) -> bool:
    if checkpoint.get("key_id") != key_id_of(base64.b64decode(public_key_b64)):
        return False
    return signature_ok(public_key_b64, checkpoint_message(checkpoint), checkpoint["signature"])


# -- receipts ----------------------------------------------------------------------------------


def receipt_message(payload: dict[str, Any], receipt: dict[str, Any]) -> bytes:
    """What a receipt's signature covers: the answer without its receipt, the position and the
    latest checkpoint (which binds the answer to a signed state of the whole log).
    adapters.audit.receipts builds the same bytes faster."""
    return canonical_json(
        {
            "context": RECEIPT_CONTEXT,
            "alg": receipt["alg"],
            "key_id": receipt["key_id"],
            "position": receipt["position"],
            "checkpoint": receipt["checkpoint"],
            "payload": payload,
        }
    )


def verify_receipt(answer: dict[str, Any], public_key_b64: str) -> bool:
    """True if `answer["receipt"]` signs the rest of `answer` under this public key."""
    receipt = answer.get("receipt")
    if not isinstance(receipt, dict) or receipt.get("alg") != "Ed25519":
        return False
    if receipt.get("key_id") != key_id_of(base64.b64decode(public_key_b64)):
        return False
    payload = {k: v for k, v in answer.items() if k != "receipt"}
    try:
        message = receipt_message(payload, receipt)
    except (KeyError, TypeError, ValueError):
        return False
    return signature_ok(public_key_b64, message, receipt.get("signature", ""))


# -- audit bundles -----------------------------------------------------------------------------


@dataclass
class BundleReport:
    ok: bool
    events: int = 0
    anchored: int = 0
    problems: list[str] = field(default_factory=list)


def verify_bundle(bundle: dict[str, Any], public_key_b64: str) -> BundleReport:
    """Recompute every event's link from its previous link and its stored bytes; check the
    checkpoint's signature; an event is anchored when the checkpoint covers its position."""
    report = BundleReport(ok=True)
    if bundle.get("format") != BUNDLE_FORMAT:
        report.problems.append(f"not a {BUNDLE_FORMAT} bundle")
    checkpoint = bundle.get("checkpoint")
    if checkpoint is None:
        report.problems.append("no checkpoint: nothing anchors these events")
    elif not checkpoint_ok(checkpoint, public_key_b64):
        report.problems.append(f"checkpoint {checkpoint.get('seq')}: signature does not verify")
    for item in bundle.get("events", []):
        report.events += 1
        position = item["position"]
        stored = event_bytes(
            uuid.UUID(item["originator_id"]),
            int(item["originator_version"]),
            item["topic"],
            base64.b64decode(item["state"]),
        )
        link = next_link(bytes.fromhex(item["previous_link"]), stored)
        if link.hex() != item["link"]:
            report.problems.append(f"position {position}: link does not match the stored event")
            continue
        if checkpoint is not None and position <= checkpoint["position"]:
            report.anchored += 1
            if position == checkpoint["position"] and link.hex() != checkpoint["head"]:
                report.problems.append(f"position {position}: link differs from the signed head")
    report.ok = not report.problems
    return report
