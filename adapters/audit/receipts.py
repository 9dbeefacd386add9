"""Signed check receipts: every check answer carries an Ed25519 signature over its content, the
log position it was answered at and the latest signed checkpoint (`services.receipts`).

Verify offline with `adapters.audit.proof.verify_receipt(answer, public_key_b64)` or
`credit-energy verify-receipt FILE --key PUB`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import orjson

from adapters.audit import proof
from adapters.audit.chain import Chain, Signer
from domain.canonical import canonical_json_of_answer

verify_receipt = proof.verify_receipt

CHECKPOINT_CACHE_SECONDS = 1.0


def receipt_message(encoded_payload: bytes, receipt: dict[str, Any]) -> bytes:
    """proof.receipt_message's bytes from the payload's canonical bytes: canonical JSON nests, and
    the message's keys sort as alg, checkpoint, context, key_id, payload, position."""
    head = canonical_json_of_answer(
        {
            "alg": receipt["alg"],
            "checkpoint": receipt["checkpoint"],
            "context": proof.RECEIPT_CONTEXT,
            "key_id": receipt["key_id"],
        }
    )
    return (
        head[:-1]
        + b',"payload":'
        + encoded_payload
        + b',"position":'
        + canonical_json_of_answer(receipt["position"])
        + b"}"
    )


class ReceiptSigner:
    def __init__(self, signer: Signer, chain: Chain, head: Callable[[], int]) -> None:
        self.signer = signer
        self.chain = chain
        self.head = head
        self._cached: tuple[float, dict[str, Any] | None] = (0.0, None)
        self._lock = threading.Lock()

    def sign(self, payload: dict[str, Any], position: int | None = None) -> dict[str, Any]:
        """The `receipt` to embed in `payload` (which must hold plain JSON values only).

        The position is `position`, else the payload's `as_of.position`, else the log head.
        """
        return self.signed(payload, position)[0]

    def signed(
        self, payload: dict[str, Any], position: int | None = None
    ) -> tuple[dict[str, Any], bytes]:
        """The receipt and the JSON of `payload` with it (the payload is encoded once: the
        canonical bytes the signature covers are the answer's bytes too)."""
        if position is None:
            as_of = payload.get("as_of")
            position = as_of.get("position") if isinstance(as_of, dict) else None
        if position is None:
            position = self.head()
        receipt: dict[str, Any] = {
            "alg": "Ed25519",
            "key_id": self.signer.key_id,
            "position": position,
            "checkpoint": self._checkpoint(),
        }
        body = {k: v for k, v in payload.items() if k != "receipt"}
        encoded = canonical_json_of_answer(body)
        receipt["signature"] = self.signer.sign(receipt_message(encoded, receipt))
        if encoded == b"{}":
            return receipt, orjson.dumps({"receipt": receipt})
        return receipt, encoded[:-1] + b',"receipt":' + orjson.dumps(receipt) + b"}"

    def checkpoint_due(self) -> bool:
        """True when the next receipt would read the latest checkpoint from the database (an
        event-loop caller refreshes it in a thread first: `refresh_checkpoint`)."""
        return self._cached[0] <= time.monotonic()

    def refresh_checkpoint(self) -> None:
        self._checkpoint(refresh=True)

    def _checkpoint(self, refresh: bool = False) -> dict[str, Any] | None:
        with self._lock:
            expires, cached = self._cached
        if expires > time.monotonic() and not refresh:
            return cached
        latest = self.chain.latest_checkpoint()
        value = {k: latest[k] for k in ("seq", "position", "head")} if latest is not None else None
        with self._lock:
            self._cached = (time.monotonic() + CHECKPOINT_CACHE_SECONDS, value)
        return value
