"""Demo-like data for the portal tests, loaded through the HTTP API (any client with .post)."""

from __future__ import annotations

from typing import Any

HENGYUAN = "91350200776049653A"  # 厦门恒源电力有限公司: a serious penalty within publicity
MINGYANG = "91440101MA5CJQ4N59"  # 广州明阳新能源有限公司: black-listed
ZHENGTAI = "914403003429409755"  # 深圳正泰燃气有限公司: black-listed, then delisted
JIAHE = "91350213678251743X"  # 厦门嘉禾煤业有限公司: red-listed
PERSON_ID = "11010519491231002X"  # a natural person: 王伟明

COMPANIES = [
    (HENGYUAN, "厦门恒源电力有限公司", "power", "350200"),
    (MINGYANG, "广州明阳新能源有限公司", "new_energy", "440100"),
    (ZHENGTAI, "深圳正泰燃气有限公司", "oil_gas", "440300"),
    (JIAHE, "厦门嘉禾煤业有限公司", "coal", "350200"),
]
PENALTY_ID = "NEA-NB-2026-000123"


def penalty(record_id: str, summary: str, decided_on: str = "2026-05-01") -> dict[str, Any]:
    return {
        "record_id": record_id,
        "catalogue_code": "administrative_penalty",
        "tier": "serious",
        "decision_no": f"国能监罚〔2026〕{record_id[-3:]}号",
        "decided_on": decided_on,
        "legal_basis": "《电力监管条例》第三十一条",
        "summary": summary,
        "content": {"penalty_type": "罚款"},
    }


def post(client: Any, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    response = client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    return response.json()


def seed(client: Any, provider: dict[str, str]) -> None:
    for uscc, name, sector, region in COMPANIES:
        post(
            client,
            "/v1/subjects",
            {
                "id_type": "uscc",
                "id": uscc,
                "name": name,
                "kind": "legal_person",
                "sectors": [sector],
                "region": region,
            },
            provider,
        )
    post(
        client,
        "/v1/subjects",
        {
            "id_type": "resident_id",
            "id": PERSON_ID,
            "name": "王伟明",
            "kind": "natural_person",
            "sectors": ["power"],
            "region": "110000",
        },
        provider,
    )
    records = {
        HENGYUAN: [
            penalty(PENALTY_ID, "违规参与电力市场交易"),
            {
                "record_id": "NEA-LIC-2026-000001",
                "catalogue_code": "administrative_licence",
                "decision_no": "国能许可〔2026〕1号",
                "decided_on": "2026-04-10",
                "summary": "电力业务许可证（发电类）",
                "content": {"licence_type": "普通", "licence_no": "1041626-00001"},
            },
            {
                "record_id": "TAX-2026-000007",
                "catalogue_code": "tax_arrears",
                "decided_on": "2026-03-01",
                "summary": "欠缴税款（仅共享给政府部门）",
                "content": {"amount": 120000},
            },
        ],
        MINGYANG: [penalty("NEA-NB-2026-000201", "未按规定报送电力调度信息")],
        ZHENGTAI: [penalty("NEA-NB-2026-000301", "天然气管网设施公平开放信息未公开")],
    }
    for uscc, bodies in records.items():
        for body in bodies:
            post(client, f"/v1/subjects/{uscc}/records", body, provider)


def list_subject(
    files: Any, uscc: str, listing_id: str, list_name: str, basis: list[str], *, delist: bool
) -> None:
    """A listing made with the domain's Listings part (the red rule needs years of history)."""
    subject = files.get_subject(uscc)
    subject.propose_listing(
        listing_id=listing_id,
        list_name=list_name,
        rule_id="demo-rule",
        rulebook_version="2026-01",
        reasons=["示例认定理由"],
        basis_record_ids=basis,
        legal_basis="《能源行业市场主体信用信息管理办法》",
        objection_deadline="2026-05-20",
        until="2029-05-01",
        removal_conditions=["公示期满", "信用修复"],
    )
    subject.confirm_listing(listing_id, until=None, by="资质中心")
    if delist:
        subject.delist(listing_id, reason="repaired", on=files.today().isoformat())
    files.save_all(subject)


def confirm_black(files: Any, uscc: str, basis: str, *, delist: bool) -> None:
    """Confirm the black listing the listing policy proposed on a serious penalty, as a reviewer
    would once the advance-notice window closed (the seed does not wait for it)."""
    subject = files.get_subject(uscc)
    proposed = [
        item
        for item in subject.listings.values()
        if item["list"] == "black" and item["status"] == "proposed"
        and basis in item["basis_record_ids"]
    ]  # fmt: skip
    assert len(proposed) == 1, f"the listing policy proposed {proposed} for {basis}"
    subject.confirm_listing(proposed[0]["listing_id"], until="2029-05-01", by="资质中心")
    if delist:
        subject.delist(proposed[0]["listing_id"], reason="repaired", on=files.today().isoformat())
    files.save_all(subject)


def make_listings(files: Any) -> None:
    """Run after the worker has caught up with `seed` (the policy's proposals exist)."""
    confirm_black(files, MINGYANG, "NEA-NB-2026-000201", delist=False)
    confirm_black(files, ZHENGTAI, "NEA-NB-2026-000301", delist=True)
    list_subject(files, JIAHE, "L-RED-1", "red", [], delist=False)
