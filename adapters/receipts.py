"""Signed check receipts: every check answer carries an Ed25519 signature over its content, the
log position it was answered at and the latest signed checkpoint (`services.extras["receipts"]`).

Verify offline with `adapters.proof.verify_receipt(answer, public_key_b64)` or
`credit-energy verify-receipt FILE --key PUB`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from adapters import proof
from adapters.chain import Chain, Signer

verify_receipt = proof.verify_receipt

CHECKPOINT_CACHE_SECONDS = 1.0


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
        receipt["signature"] = self.signer.sign(proof.receipt_message(body, receipt))
        return receipt

    def _checkpoint(self) -> dict[str, Any] | None:
        with self._lock:
            expires, cached = self._cached
        if expires > time.monotonic():
            return cached
        latest = self.chain.latest_checkpoint()
        value = {k: latest[k] for k in ("seq", "position", "head")} if latest is not None else None
        with self._lock:
            self._cached = (time.monotonic() + CHECKPOINT_CACHE_SECONDS, value)
        return value
