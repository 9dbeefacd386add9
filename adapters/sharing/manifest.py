"""Sharing (issue 6): subscriptions, the webhook deliverer and the Credit China export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from adapters.core.capability import Capability, Core
from adapters.core.db import create_db_engine
from adapters.sharing.credit_china import CreditChinaExporter
from adapters.sharing.delivery import DeliveryProcesses
from adapters.sharing.delivery_job import DeliveryConfig
from adapters.sharing.public_feed import PublicFeedProjection
from adapters.sharing.subscriptions import SecretBox, Subscriptions
from adapters.sharing.webhooks import Deliverer


@dataclass(frozen=True)
class Sharing:
    subscriptions: Subscriptions
    deliverer: Deliverer
    credit_china: CreditChinaExporter
    # CREDIT_DELIVERY_PROCESSES=N ≥ 1: deliveries in processes of their own, which this keeps
    delivery_processes: DeliveryProcesses | None
    # the public feed: every public change as a CloudEvent, the rows the deliverer sends
    public_feed: PublicFeedProjection

    def close(self) -> None:
        if self.delivery_processes is not None:
            self.delivery_processes.close()
        self.deliverer.close()
        self.deliverer.engine.dispose()


def build(core: Core, *, shard: tuple[int, int] | None = None) -> Capability[Sharing]:
    """`shard` (k, n): a delivery process's deliverer, for shard k of n of the subscriptions."""
    settings = core.settings
    store = Subscriptions(
        core.engine,
        SecretBox(core.cipher_key),
        allow_private=settings.webhook_allow_private,
        grace=timedelta(seconds=settings.webhook_secret_grace),
        now=core.clock.now,
    )
    config = DeliveryConfig(
        schedule=tuple(float(x) for x in settings.webhook_retry_schedule.split(",") if x.strip()),
        timeout=settings.webhook_timeout,
        disable_after=settings.webhook_disable_after,
        concurrency=settings.webhook_concurrency,
        allow_private=settings.webhook_allow_private,
    )
    # an engine of its own: each delivery thread keeps a connection between jobs, which must
    # not come out of the pool the API and the views draw on
    deliverer_engine = create_db_engine(
        settings.resolved_database_url, pool_size=settings.webhook_concurrency + 2
    )
    deliverer = Deliverer(
        deliverer_engine,
        store,
        core.files.save_all,
        config,
        now=core.clock.now,
        wake=core.wakeup.set,
        shard=shard,
    )
    exporter = CreditChinaExporter(core.engine, settings.export_dir or settings.var_dir / "export")
    processes = (
        DeliveryProcesses(settings, settings.delivery_processes)
        if settings.delivery_processes
        else None
    )
    public_feed = PublicFeedProjection(core.personal)
    sharing = Sharing(store, deliverer, exporter, processes, public_feed)
    # the worker's task: the delivery processes, or else the deliverer itself (its jobs are
    # threads), first of the tasks so that delivery jobs start as soon as a page of the views
    # (the public feed among them) is committed, before the policies' work of the same round
    task = processes if processes is not None else deliverer
    return Capability(
        sharing,
        projections=(public_feed,),
        tasks=(task,),
        sweeps=(("credit_china_export", exporter.sweep),),
    )
