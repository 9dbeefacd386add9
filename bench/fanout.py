"""Fan-out: E events to S webhook subscribers on loopback; deliveries/s and p50/p95 event→receipt.

    .venv/bin/python bench/fanout.py --postgres                  # 1,000 x 100, both modes
    .venv/bin/python bench/fanout.py --postgres --mode batched --batch-size 100
    .venv/bin/python bench/fanout.py --postgres --mode batched --delivery-processes 0
    .venv/bin/python bench/fanout.py --events 300 --subscribers 30 --mode structured

Modes: `structured` is the default delivery (one structured-mode CloudEvent per POST); `batched`
subscribes with the opt-in `batch_size` (a JSON array of up to N CloudEvents per POST); `both`
runs one after the other, each on a fresh database. `--delivery-processes N` is
CREDIT_DELIVERY_PROCESSES: 2 (the default here, the README's production layout) delivers from two
processes beside the worker, 0 from the worker itself.

After a warm-up event has reached every subscriber (processes, threads and connections up, as in
a running service), all E records are added in one batch, so E x S deliveries fall due at once.
The latency of a delivery is its receipt time minus the CloudEvent's `time` (when the change was
recorded), so it includes the time to record the batch and the views' lag: `recorded_s` and
`in_feed_s` say when add_records returned and when the public feed (the deliverer's source) held
every event. The CPU seconds each part used over the run: `service_cpu_s` (this process: the
records, the views and policies, and the deliveries when N is 0), `delivery_processes_cpu_s`,
`receiver_cpu_s` and `postgres_cpu_s`. FANOUT_HISTOGRAM=1 prints deliveries per 0.1 s of latency.

Storage: `--postgres` creates a database perf_fanout_<pid>_<mode> on 127.0.0.1:5432 (user root)
and drops it afterwards; `--database-url URL` uses a fresh database of yours (one mode only);
otherwise a fresh SQLite file. The receiver runs in its own process (see `serve`) so that it
shares no interpreter with the service.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from application.commands import RegisterSubject

USCC = "91350200776049653A"
PG_SERVER = "postgresql+psycopg2://root@127.0.0.1:5432"

# -- the receiver (its own process) ------------------------------------------------------------


def serve(port_file: str) -> None:
    """A bare HTTP/1.1 receiver (asyncio on uvloop, httptools' parser): notes each POST's
    receipt time and body and answers 204. The latencies (receipt - event time, per CloudEvent)
    are worked out when asked for, after the run, so that the receiver takes as little of the
    two cores as it can while the service works: a real subscriber is on another machine."""
    import asyncio
    import socket

    import httptools
    import orjson
    import uvloop

    received: list[tuple[float, bytes]] = []
    count = [0]  # CloudEvents received (a batch counts its events)

    def latencies() -> list[float]:
        out = []
        for at, body in received:
            parsed = orjson.loads(body)
            for event in parsed if isinstance(parsed, list) else [parsed]:
                out.append(at - datetime.fromisoformat(event["time"]).timestamp())
        return out

    def answer(method: bytes, path: bytes, body: bytes) -> bytes:
        if method != b"GET":
            received.append((time.time(), body))
            # a batch is a JSON array of CloudEvents, each with one "specversion"
            count[0] += body.count(b'"specversion"') if body[:1] == b"[" else 1
            return b"HTTP/1.1 204 No Content\r\n\r\n"
        if path == b"/reset":  # after the warm-up
            received.clear()
            count[0] = 0
        what: dict[str, Any] = {"count": count[0]}
        if path == b"/latencies":
            what["latencies"] = latencies()
        data = orjson.dumps(what)
        head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n"
        return head % len(data) + data

    class Connection(asyncio.Protocol):
        def connection_made(self, transport: Any) -> None:
            self.transport = transport
            self.parser = httptools.HttpRequestParser(self)
            self.url = b""
            self.body: list[bytes] = []

        def data_received(self, data: bytes) -> None:
            try:
                self.parser.feed_data(data)
            except httptools.HttpParserError:
                self.transport.close()

        def on_url(self, url: bytes) -> None:
            self.url += url

        def on_body(self, body: bytes) -> None:
            self.body.append(body)

        def on_message_complete(self) -> None:
            reply = answer(self.parser.get_method(), self.url, b"".join(self.body))
            self.url, self.body = b"", []
            self.transport.write(reply)

    async def main() -> None:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        server = await asyncio.get_running_loop().create_server(Connection, sock=sock, backlog=4096)
        Path(port_file).write_text(str(sock.getsockname()[1]))
        await server.serve_forever()

    uvloop.run(main())


def start_receiver(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    port_file = tmp / f"port-{time.monotonic_ns()}"
    proc = subprocess.Popen([sys.executable, __file__, "--serve", str(port_file)])
    deadline = time.time() + 30
    while not port_file.exists() or not port_file.read_text():
        if time.time() > deadline or proc.poll() is not None:
            raise RuntimeError("the receiver did not start")
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port_file.read_text()}"
    while True:  # listening?
        try:
            httpx.get(f"{base}/count", timeout=1.0)
            return proc, base
        except httpx.HTTPError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)


# -- one run -----------------------------------------------------------------------------------


def run(args: argparse.Namespace, mode: str, database_url: str, tmp: Path) -> dict[str, Any]:
    from adapters.core.settings import Settings
    from api.bootstrap import bootstrap
    from application.ports import Actor

    settings = Settings(
        CREDIT_DATABASE_URL=database_url,
        CIPHER_KEY=base64.b64encode(b"b" * 32).decode(),
        CREDIT_SIGNING_KEY=base64.b64encode(b"s" * 32).decode(),
        CREDIT_VAR_DIR=tmp / f"var-{mode}",
        CREDIT_WEBHOOK_ALLOW_PRIVATE=True,
        CREDIT_WEBHOOK_CONCURRENCY=args.concurrency,
        CREDIT_POLL_INTERVAL=0.02,
        CREDIT_DELIVERY_PROCESSES=args.delivery_processes,
    )
    services = bootstrap(settings)
    receiver, base = start_receiver(tmp)
    try:
        admin = Actor(role="admin", org="bench")
        services.files.register_subject(
            RegisterSubject.of(
                {
                    "id_type": "uscc",
                    "id": USCC,
                    "name": "厦门恒源电力有限公司",
                    "kind": "legal_person",
                    "sectors": ["power"],
                    "region": "350200",
                }
            ),
            admin,
        )
        services.runner.catch_up()
        store = services.sharing.subscriptions
        batch_size = args.batch_size if mode == "batched" else None
        for i in range(args.subscribers):
            bank = Actor(role="subscriber", org=f"bank-{i}")
            # record.published only, so that E x S is exactly what arrives (no class changes)
            opt_in = {"batch_size": batch_size} if batch_size else {}
            store.create(bank, f"{base}/hook", {"types": ["record.published"]}, **opt_in)
        services.worker.start()
        provider = Actor(role="provider", org="华北能源监管局")
        today = datetime.now().date().isoformat()
        # warm-up: one event to every subscriber first (threads, connections and HTTP clients
        # up, as in a running service); the burst is measured from a clean slate
        warm = {
            "subject": USCC,
            "record_id": "W-000000",
            "catalogue_code": "administrative_penalty",
            "tier": "general",
            "decision_no": "罚〔2026〕0号",
            "decided_on": today,
            "legal_basis": "《电力监管条例》",
            "content": {"penalty_type": "罚款"},
        }
        services.files.add_records([(0, warm)], provider)
        with httpx.Client(timeout=30) as client:
            deadline = time.time() + 120
            while client.get(f"{base}/count").json()["count"] < args.subscribers:
                if time.time() > deadline:
                    raise RuntimeError("the warm-up event did not reach every subscriber")
                time.sleep(0.05)
            time.sleep(0.5)  # the views and the deliverer settle
            client.get(f"{base}/reset")
        rows = [
            (
                n,
                {
                    "subject": USCC,
                    "record_id": f"B-{n:06d}",
                    "catalogue_code": "administrative_penalty",
                    "tier": "general",
                    "decision_no": f"罚〔2026〕{n}号",
                    "decided_on": today,
                    "legal_basis": "《电力监管条例》",
                    "content": {"penalty_type": "罚款"},
                },
            )
            for n in range(1, args.events + 1)
        ]
        expected = args.events * args.subscribers
        cpu_before = _cpu_seconds(os.getpid())
        delivery = services.sharing.delivery_processes
        delivery_pids = [pid for pid in delivery.pids if pid] if delivery else []
        delivery_before = sum(_cpu_seconds(pid) for pid in delivery_pids)
        postgres_before = _postgres_cpu_seconds()
        receiver_before = _cpu_seconds(receiver.pid)
        started = time.time()
        services.files.add_records(rows, provider)
        recorded = time.time() - started
        published: float | None = None
        got = 0
        with httpx.Client(timeout=30) as client:
            while got < expected and time.time() - started < args.timeout:
                time.sleep(0.1)
                got = client.get(f"{base}/count").json()["count"]
                if published is None and _published(services.engine) >= args.events:
                    published = time.time() - started
            elapsed = time.time() - started
            # the CPU each used over the run, before the receiver works out the latencies
            postgres_cpu = _postgres_cpu_seconds() - postgres_before
            receiver_cpu = _cpu_seconds(receiver.pid) - receiver_before
            own_cpu = _cpu_seconds(os.getpid()) - cpu_before
            delivery_cpu = (
                sum(_cpu_seconds(pid) for pid in delivery_pids) - delivery_before
                if delivery_pids
                else None
            )
            latencies = client.get(f"{base}/latencies").json()["latencies"]
    finally:
        services.close()
        receiver.terminate()
        receiver.wait(10)
    if os.environ.get("FANOUT_HISTOGRAM"):  # deliveries per 0.1 s of latency (a diagnosis aid)
        bins: dict[int, int] = {}
        for latency in latencies:
            bins[int(latency * 10)] = bins.get(int(latency * 10), 0) + 1
        print(" ".join(f"{k / 10:.1f}:{v}" for k, v in sorted(bins.items())), file=sys.stderr)
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) >= 20 else max(latencies)
    return {
        "mode": mode if mode == "structured" else f"batched (batch_size {args.batch_size})",
        "events": args.events,
        "subscribers": args.subscribers,
        "delivered": len(latencies),
        "expected": expected,
        "elapsed_s": round(elapsed, 2),
        "deliveries_per_s": round(len(latencies) / elapsed),
        "events_per_s": round(len(latencies) / elapsed / args.subscribers, 1),
        "p50_s": round(statistics.median(latencies), 3),
        "p95_s": round(p95, 3),
        "min_s": round(min(latencies), 3),
        "max_s": round(max(latencies), 3),
        # where the time goes: the records' commit, then the public feed view (the deliverer's
        # source) holding them all, both from the start of add_records
        "recorded_s": round(recorded, 2),
        "in_feed_s": round(published, 2) if published is not None else None,
        # CPU seconds from add_records on: the service process (recording, views, deliverer)
        # and the receiver process
        "service_cpu_s": round(own_cpu, 1),
        "delivery_processes": args.delivery_processes,
        "delivery_processes_cpu_s": round(delivery_cpu, 1) if delivery_cpu is not None else None,
        "receiver_cpu_s": round(receiver_cpu, 1),
        # PostgreSQL's server processes (new ones, e.g. connections opened during the run, count
        # whole; ended ones are missed), over the same span
        "postgres_cpu_s": round(postgres_cpu, 1),
    }


def _stat_cpu_seconds(stat: str) -> float:
    """User + system CPU seconds from the text of a /proc/<pid>/stat."""
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    return _stat_cpu_seconds(Path(f"/proc/{pid}/stat").read_text())


def _postgres_cpu_seconds() -> float:
    """CPU seconds of every PostgreSQL server process on this machine (0 without any)."""
    total = 0.0
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            stat = path.read_text()
        except OSError:
            continue
        if "(postgres)" in stat:
            total += _stat_cpu_seconds(stat)
    return total


def _published(engine: Any) -> int:
    with engine.connect() as conn:
        query = "SELECT count(*) FROM public_feed WHERE type = 'record.published'"
        return int(conn.execute(text(query)).scalar() or 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--mode", choices=("structured", "batched", "both"), default="both")
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--postgres", action="store_true", help="fresh perf_fanout_* databases")
    parser.add_argument(
        "--delivery-processes",
        type=int,
        default=2,
        help="CREDIT_DELIVERY_PROCESSES: 0 delivers in the worker, N in N processes beside it",
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    modes = ["structured", "batched"] if args.mode == "both" else [args.mode]
    if args.database_url and len(modes) > 1:
        parser.error("--database-url names one fresh database: give one --mode")
    tmp = Path(tempfile.mkdtemp(prefix="fanout-"))
    for mode in modes:
        name = f"perf_fanout_{os.getpid()}_{mode}"
        if args.database_url:
            url = args.database_url
        elif args.postgres:
            admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = f"{PG_SERVER}/{name}"
        else:
            url = f"sqlite:///{tmp / f'{mode}.db'}"
        try:
            print(json.dumps(run(args, mode, url, tmp), ensure_ascii=False), flush=True)
        finally:
            if args.postgres and not args.database_url:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
