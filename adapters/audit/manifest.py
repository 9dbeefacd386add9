"""Audit (issue 7): the signed hash chain, receipts and the auditors' replay."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.audit.chain import Chain, Signer
from adapters.audit.receipts import ReceiptSigner
from adapters.core.capability import Capability, Core
from application.grading import Grading
from application.replay import Replay


@dataclass(frozen=True)
class Audit:
    chain: Chain
    receipts: ReceiptSigner
    replay: Replay


def build(core: Core, *, grading: Grading) -> Capability[Audit]:
    """The chain (a worker task: it checkpoints the log), receipts signed on it, the replay."""
    settings = core.settings
    signer = Signer(settings.resolved_signing_key())
    chain = Chain(
        core.engine,
        signer,
        core.clock.now,
        every_events=settings.checkpoint_every_events,
        every_seconds=settings.checkpoint_every_seconds,
    )
    return Capability(
        Audit(
            chain=chain,
            receipts=ReceiptSigner(signer, chain, core.files.position),
            replay=Replay(core.files, grading, core.measures, core.history),
        ),
        tasks=(chain,),
    )
