"""Sharing with Credit China (信用中国): incremental files in the national 双公示 layout.

Built from the public feed only (so nothing non-public can leave), tracked by a cursor in
projection_tracking ("export:credit_china") so that each change is exported once and none is
skipped. A batch is a directory `credit-china-<from>-<to>` (exclusive/inclusive log positions)
holding licences, penalties, list changes, repair results and retractions, each as CSV (UTF-8,
header row) and JSON (an array of objects with the same keys), plus `manifest.json` with row
counts and SHA-256 checksums. A re-run after a crash rewrites the same batch with the same name.
The column names follow the national 双公示 templates (DOMAIN.md "双公示 fields"; verify against
the platform's current template version) and each column's source is in COLUMNS below.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from adapters.core.runner import advance_tracking
from adapters.core.tables import projection_tracking
from adapters.sharing.feed import feed_head
from adapters.sharing.tables import public_feed
from domain.time import day_start

TRACKING = "export:credit_china"
FORMAT = "credit-energy/credit-china/v1"

Getter = Callable[[dict[str, Any]], Any]

PARTY_TYPES = {
    "legal_person": "法人及非法人组织",
    "other_org": "法人及非法人组织",
    "individual_business": "个体工商户",
    "natural_person": "自然人",
}
LIST_NAMES = {"black": "严重失信主体名单", "focus": "重点关注名单", "red": "红名单"}
RETRACTION_REASONS = {
    "repaired": "信用修复",
    "revoked": "撤销",
    "shielded": "暂时屏蔽",
    "unpublished": "停止公示",
}


def _c(key: str, default: str = "") -> Getter:
    return lambda d: d.get("content", {}).get(key, default)


def _d(key: str) -> Getter:
    return lambda d: d.get(key) or ""


def _s(key: str) -> Getter:
    return lambda d: d["subject"].get(key) or ""


def _first(*getters: Getter) -> Getter:
    def get(d: dict[str, Any]) -> Any:
        for g in getters:
            value = g(d)
            if value not in (None, ""):
                return value
        return ""

    return get


OBJECTION_STATES = {
    "objection.filed": "有异议（核查中）",
    "objection.resolved": "异议已处理",
}


OUTCOMES = {"upheld": "异议成立", "rejected": "异议不成立"}


def _mark(d: dict[str, Any]) -> str:
    """异议标注: the objection mark a row carries (set by objection.filed / .resolved rows)."""
    return str(d.get("_mark") or "")


PARTY: list[tuple[str, Getter]] = [
    ("行政相对人名称", _s("name")),  # natural persons: masked name (PIPL)
    ("行政相对人类别", lambda d: PARTY_TYPES.get(d["subject"]["kind"], "其他")),
    ("统一社会信用代码", _s("uscc")),
    ("法定代表人", _s("legal_representative")),
]
AUTHORITY = "deciding_authority"

PENALTY_COLUMNS: list[tuple[str, Getter]] = [
    *PARTY,
    ("行政处罚决定书文号", _d("decision_no")),
    ("违法行为类型", _c("violation_type")),
    ("违法事实", _first(_c("facts"), _d("summary"))),
    ("处罚依据", _d("legal_basis")),
    ("处罚类别", _c("penalty_type")),
    ("处罚内容", _first(_c("penalty_content"), _d("summary"))),
    ("罚款金额（万元）", _c("fine_amount")),
    ("没收违法所得、没收非法财物的金额（万元）", _c("confiscation_amount")),
    ("暂扣或吊销证照名称及编号", _c("licence_affected")),
    ("处罚决定日期", _d("decided_on")),
    ("处罚有效期", _c("valid_until")),
    ("公示截止期", lambda d: d["publicity"]["until"]),
    ("处罚机关", _first(_c(AUTHORITY), _d("source_unit"))),
    ("处罚机关统一社会信用代码", _first(_c(AUTHORITY + "_code"), _d("source_unit_code"))),
    ("数据来源单位", _d("source_unit")),
    ("数据来源单位统一社会信用代码", _d("source_unit_code")),
    ("备注", _c("remarks")),
    ("异议标注", _mark),
]

LICENCE_COLUMNS: list[tuple[str, Getter]] = [
    *PARTY,
    ("行政许可决定文书名称", _c("document_name", "行政许可决定书")),
    ("行政许可决定文书号", _d("decision_no")),
    ("许可类别", _c("licence_type")),
    ("许可证书名称", _c("certificate_name")),
    ("许可编号", _c("licence_no")),
    ("许可内容", _first(_c("licence_content"), _d("summary"))),
    ("许可决定日期", _d("decided_on")),
    ("有效期自", _first(_c("valid_from"), _d("decided_on"))),
    ("有效期至", _c("valid_to")),
    ("许可机关", _first(_c(AUTHORITY), _d("source_unit"))),
    ("许可机关统一社会信用代码", _first(_c(AUTHORITY + "_code"), _d("source_unit_code"))),
    ("当前状态", _c("status", "有效")),
    ("数据来源单位", _d("source_unit")),
    ("数据来源单位统一社会信用代码", _d("source_unit_code")),
    ("备注", _c("remarks")),
    ("异议标注", _mark),
]

RETRACTION_COLUMNS: list[tuple[str, Getter]] = [
    ("行政相对人名称", _s("name")),
    ("统一社会信用代码", _s("uscc")),
    (
        "信息类别",
        lambda d: {"licence": "行政许可", "penalty": "行政处罚"}.get(d["category"], "其他"),
    ),
    ("决定文书号", _d("decision_no")),
    ("撤回原因", lambda d: RETRACTION_REASONS.get(d["reason"], d["reason"])),
    ("撤回日期", _d("on")),
]

LIST_COLUMNS: list[tuple[str, Getter]] = [
    ("名单编号", _d("listing_id")),
    ("名单类别", lambda d: LIST_NAMES.get(d.get("list") or "", d.get("list") or "")),
    ("变更", lambda d: "异议标注" if d.get("_mark") else "列入" if "since" in d else "移出"),
    ("行政相对人名称", _s("name")),
    ("统一社会信用代码", _s("uscc")),
    ("列入日期", lambda d: d["since"][:10] if d.get("since") else ""),
    ("有效期至", _d("until")),
    ("认定依据", _d("legal_basis")),
    ("移出原因", lambda d: "" if d.get("_mark") else d.get("reason") or ""),
    ("移出日期", lambda d: "" if d.get("_mark") else d.get("on") or ""),
    ("异议标注", _mark),
]

REPAIR_COLUMNS: list[tuple[str, Getter]] = [
    ("行政相对人名称", _s("name")),
    ("统一社会信用代码", _s("uscc")),
    ("修复对象", lambda d: "名单" if "listing_id" in d else "信用记录"),
    ("对象编号", _first(_d("listing_id"), _d("record_id"))),
    ("决定文书号", _d("decision_no")),
    ("修复日期", _d("on")),
]

FILES = ("penalties", "licences", "list_changes", "repairs", "retractions")
COLUMNS = {
    "penalties": PENALTY_COLUMNS,
    "licences": LICENCE_COLUMNS,
    "list_changes": LIST_COLUMNS,
    "repairs": REPAIR_COLUMNS,
    "retractions": RETRACTION_COLUMNS,
}
META = ("记录编号", "操作", "序号")  # record id, operation, our log position (sequence)


def _targets(event: dict[str, Any]) -> list[tuple[str, str]]:
    """(file, operation) pairs an event contributes a row to."""
    kind, data = event["type"], event["data"]
    category = data.get("category")
    if kind in ("record.published", "record.corrected"):
        if category in ("penalty", "licence"):
            file = "penalties" if category == "penalty" else "licences"
            return [(file, "新增" if kind == "record.published" else "更新")]
        return []
    if kind == "record.retracted":
        out = [("retractions", "删除")]
        if data.get("reason") == "repaired":
            out.append(("repairs", "新增"))
        return out
    if kind == "listing.created":
        return [("list_changes", "新增")]
    if kind == "listing.removed":
        out = [("list_changes", "新增")]
        if data.get("reason") == "repaired":
            out.append(("repairs", "新增"))
        return out
    if kind in OBJECTION_STATES:
        record = data.get("record") or {}
        if record.get("category") in ("penalty", "licence"):
            return [("penalties" if record["category"] == "penalty" else "licences", "更新")]
        if data.get("listing_id"):
            return [("list_changes", "更新")]
    return []


def _row_data(event: dict[str, Any]) -> dict[str, Any]:
    """What a row's getters read: the item's data; for an objection mark, the public record it
    marks (or the listing's id) with the mark's state in `_mark`."""
    data = event["data"]
    if event["type"] not in OBJECTION_STATES:
        return dict(data)
    state = OBJECTION_STATES[event["type"]]
    if event["type"] == "objection.resolved":
        outcome = str(data.get("outcome") or "")
        state = f"{state}（{OUTCOMES.get(outcome, outcome)}）"
    record = data.get("record") or {}
    return {
        **record,
        "listing_id": data.get("listing_id"),
        "record_id": data.get("record_id"),
        "subject": data["subject"],
        "publicity": record.get("publicity") or {"until": ""},
        "_mark": state,
    }


def rows_for(events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in FILES}
    for event in events:
        data = _row_data(event)
        for file, operation in _targets(event):
            row = {label: get(data) for label, get in COLUMNS[file]}
            row["记录编号"] = data.get("record_id") or data.get("listing_id") or ""
            row["操作"] = operation
            row["序号"] = event["sequence"]
            out[file].append({k: ("" if v is None else v) for k, v in row.items()})
    return out


@dataclass(frozen=True)
class ExportBatch:
    directory: Path
    from_position: int
    to_position: int
    rows: dict[str, int]


def _csv_bytes(file: str, rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=[label for label, _ in COLUMNS[file]] + list(META), lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


class CreditChinaExporter:
    def __init__(self, engine: Engine, out_dir: Path) -> None:
        self.engine = engine
        self.out_dir = out_dir

    def position(self) -> int:
        t = projection_tracking.c
        with self.engine.connect() as conn:
            value = conn.execute(select(t.position).where(t.view == TRACKING)).scalar()
        return int(value or 0)

    def export_incremental(self, now: datetime | None = None) -> ExportBatch | None:
        """Everything public since the last batch; advances the cursor once the files exist."""
        start = self.position()
        with self.engine.connect() as conn:
            head = feed_head(conn)
            events = self._events(conn, public_feed.c.position > start, head)
        if head <= start:
            return None
        batch = self._write(self.out_dir, start, head, events, now, since=None)
        with self.engine.begin() as conn:
            advance_tracking(conn, TRACKING, start, head)
        return batch

    def export_since(self, since: date, out_dir: Path | None = None) -> ExportBatch:
        """A manual re-export of every public change recorded since `since` (China time).

        Does not move the cursor: the incremental batches stay complete and unrepeated.
        """
        instant = day_start(since).astimezone(UTC)
        with self.engine.connect() as conn:
            head = feed_head(conn)
            events = self._events(conn, public_feed.c.time >= instant, head)
        first = min((int(e["sequence"]) for e in events), default=head + 1) - 1
        return self._write(out_dir or self.out_dir, first, head, events, None, since=since)

    def sweep(self, now: datetime) -> int:
        batch = self.export_incremental(now)
        return sum(batch.rows.values()) if batch else 0

    def _events(self, conn: Any, condition: Any, head: int) -> list[dict[str, Any]]:
        t = public_feed.c
        rows = conn.execute(
            select(t.body)
            .where(condition, t.position <= head, t.owner.is_(None))
            .order_by(t.position, t.id)
        ).scalars()
        return [json.loads(body) for body in rows]

    def _write(
        self,
        out_dir: Path,
        start: int,
        head: int,
        events: list[dict[str, Any]],
        now: datetime | None,
        since: date | None,
    ) -> ExportBatch:
        name = f"credit-china-{start:020d}-{head:020d}"
        if since is not None:
            name = f"credit-china-since-{since.isoformat()}-{head:020d}"
        tmp = out_dir / (name + ".tmp")
        final = out_dir / name
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        files = []
        counts: dict[str, int] = {}
        for file, rows in rows_for(events).items():
            counts[file] = len(rows)
            contents = {
                f"{file}.csv": _csv_bytes(file, rows),
                f"{file}.json": json.dumps(rows, ensure_ascii=False, indent=1).encode(),
            }
            for filename, raw in contents.items():
                (tmp / filename).write_bytes(raw)
                files.append(
                    {
                        "name": filename,
                        "rows": len(rows),
                        "bytes": len(raw),
                        "sha256": hashlib.sha256(raw).hexdigest(),
                    }
                )
        manifest = {
            "format": FORMAT,
            "batch": name,
            "created_at": (now or datetime.now(UTC)).isoformat(),
            "from_position": start,
            "to_position": head,
            "since": since.isoformat() if since else None,
            "events": len(events),
            "files": files,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        shutil.rmtree(final, ignore_errors=True)
        tmp.rename(final)
        return ExportBatch(final, start, head, counts)
