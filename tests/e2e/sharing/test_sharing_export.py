"""Credit China export: the day's published records in the national layout, then retractions."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from tests.conftest import Harness
from tests.e2e.sharing.helpers import WATCHED, add_record, penalty, register

LICENCE = {
    "record_id": "LIC-2026-001",
    "catalogue_code": "administrative_licence",
    "decision_no": "国能许可〔2026〕7号",
    "decided_on": "2026-05-21",
    "summary": "电力业务许可证（发电类）",
    "content": {
        "licence_type": "普通",
        "licence_no": "1010226-00123",
        "certificate_name": "电力业务许可证",
        "valid_to": "2046-05-20",
    },
}


def _run_sweeps(h: Harness) -> Path:
    r = h.client.post("/v1/admin/sweeps:run", headers=h.key("admin"))
    assert r.status_code == 200, r.text
    return Path(h.services.settings.var_dir) / "export"


def _rows(batch: Path, name: str) -> list[dict[str, str]]:
    with (batch / f"{name}.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows == json.loads((batch / f"{name}.json").read_text(encoding="utf-8"))
    return rows


def test_the_export_matches_published_records_field_by_field_and_retracts_after_repair(
    harness: Harness,
):
    h = harness
    register(h, WATCHED)
    add_record(h, WATCHED, penalty("NEA-2026-001"))
    add_record(h, WATCHED, LICENCE)
    h.catch_up()
    out = _run_sweeps(h)
    [first] = sorted(out.iterdir())
    file = h.client.get(f"/v1/subjects/{WATCHED}", headers=h.key("auditor")).json()
    records = {r["record_id"]: r for r in file["records"]}

    [p] = _rows(first, "penalties")
    rec = records["NEA-2026-001"]
    assert p["行政相对人名称"] == file["name"]
    assert p["行政相对人类别"] == "法人及非法人组织"
    assert p["统一社会信用代码"] == WATCHED
    assert p["法定代表人"] == "王某某"
    assert p["行政处罚决定书文号"] == rec["decision_no"]
    assert p["违法事实"] == rec["summary"]
    assert p["处罚依据"] == rec["legal_basis"]
    assert p["处罚类别"] == rec["content"]["penalty_type"]
    assert p["罚款金额（万元）"] == rec["content"]["fine_amount"]
    assert p["处罚决定日期"] == rec["decided_on"]
    assert p["公示截止期"] == rec["publicity"]["max_until"]
    assert p["处罚机关"] == p["数据来源单位"] == rec["source_unit"]
    assert (p["记录编号"], p["操作"]) == ("NEA-2026-001", "新增")

    [lic] = _rows(first, "licences")
    rec = records["LIC-2026-001"]
    assert lic["行政许可决定文书号"] == rec["decision_no"]
    assert lic["许可类别"] == rec["content"]["licence_type"]
    assert lic["许可编号"] == rec["content"]["licence_no"]
    assert lic["许可证书名称"] == rec["content"]["certificate_name"]
    assert lic["许可内容"] == rec["summary"]
    assert (lic["有效期自"], lic["有效期至"]) == (rec["decided_on"], "2046-05-20")
    assert lic["许可机关"] == rec["source_unit"]

    manifest = json.loads((first / "manifest.json").read_text())
    for entry in manifest["files"]:
        raw = (first / entry["name"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
    assert {e["name"]: e["rows"] for e in manifest["files"]}["penalties.csv"] == 1

    # the source unit approves a repair: publicity ends, Credit China must withdraw the record
    subject = h.services.files.get_subject(WATCHED)
    subject.end_publicity("NEA-2026-001", reason="repaired", on="2026-06-01")
    h.services.files.save_all(subject)
    h.catch_up()
    _run_sweeps(h)
    second = sorted(out.iterdir())[-1]
    assert second != first
    assert _rows(second, "penalties") == [] and _rows(second, "licences") == []
    [retraction] = _rows(second, "retractions")
    assert (retraction["记录编号"], retraction["撤回原因"]) == ("NEA-2026-001", "信用修复")
    assert retraction["决定文书号"] == records["NEA-2026-001"]["decision_no"]
    [repair] = _rows(second, "repairs")
    assert repair["对象编号"] == "NEA-2026-001"
    # nothing new: no third batch
    _run_sweeps(h)
    assert len(list(out.iterdir())) == 2


def test_export_since_a_date_re_exports_without_moving_the_cursor(harness: Harness, tmp_path):
    h = harness
    register(h, WATCHED)
    add_record(h, WATCHED, penalty("NEA-2026-001"))
    h.catch_up()
    exporter = h.services.sharing.credit_china
    batch = exporter.export_since(__import__("datetime").date(2026, 6, 1), tmp_path / "manual")
    assert batch.rows["penalties"] == 1
    assert exporter.position() == 0
