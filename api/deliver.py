"""A delivery process (`python -m api.deliver`, adapters/sharing/delivery.py): shard k of n of the
subscriptions, delivered until SIGTERM or SIGINT, or until the worker that started it is gone."""

from __future__ import annotations

import argparse
import os
import signal
import threading
from typing import Any

from adapters.core.lease import WorkerLease
from adapters.core.logs import setup_logging
from adapters.core.settings import Settings
from adapters.sharing.delivery import DeliveryLoop, lease_name
from api.bootstrap import bootstrap


def serve(shard: int = 0, shards: int = 1, parent: int | None = None) -> None:
    """Deliver shard `shard` of `shards` until SIGTERM or SIGINT, or until the parent process
    (when given) is gone."""
    if not 0 <= shard < shards:
        raise ValueError(f"shard {shard} of {shards}: want 0 <= shard < shards")
    stop = threading.Event()  # before anything else: a stop asked for while starting is kept
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    settings = Settings()
    setup_logging(settings)
    wakeup = threading.Event()
    services = bootstrap(settings, run_migrations=False, wakeup=wakeup, shard=(shard, shards))
    lease = WorkerLease(services.engine, lease_name(shard, shards))
    loop = DeliveryLoop(services.sharing.deliverer, lease, settings.poll_interval, wakeup)

    def alive() -> bool:
        return parent is None or os.getppid() == parent

    try:
        loop.run(stop, alive)
    finally:
        services.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shard", type=int, default=0, help="this process's shard, from 0")
    parser.add_argument("--shards", type=int, default=1, help="how many shards in all")
    parser.add_argument("--parent", type=int, help="stop when this process is gone")
    args: Any = parser.parse_args(argv)
    serve(args.shard, args.shards, args.parent)


if __name__ == "__main__":
    main()
