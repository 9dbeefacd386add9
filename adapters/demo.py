"""Realistic synthetic subjects and records, deterministic by seed (`credit-energy demo`)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from application.ports import Actor
from domain.identifiers import generate_resident_id, generate_uscc

PLACES = [
    ("110000", "北京"),
    ("310000", "上海"),
    ("440100", "广州"),
    ("440300", "深圳"),
    ("350200", "厦门"),
    ("320100", "南京"),
    ("330100", "杭州"),
    ("510100", "成都"),
    ("610100", "西安"),
    ("140100", "太原"),
    ("150200", "包头"),
    ("650100", "乌鲁木齐"),
    ("370200", "青岛"),
    ("420100", "武汉"),
    ("230100", "哈尔滨"),
    ("620100", "兰州"),
]
WORDS = [
    "华能",
    "国润",
    "恒源",
    "瑞丰",
    "中泰",
    "鑫达",
    "宏远",
    "长青",
    "金泽",
    "汇通",
    "天元",
    "东方",
    "新海",
    "安泰",
    "博源",
    "嘉禾",
    "永盛",
    "明阳",
    "远景",
    "正泰",
]
SECTOR_SUFFIX = {
    "power": ["电力有限公司", "发电有限责任公司", "售电有限公司", "电网工程有限公司"],
    "coal": ["煤业有限公司", "矿业集团有限公司", "煤炭运销有限公司"],
    "oil_gas": ["燃气有限公司", "石油化工有限公司", "天然气管道有限公司"],
    "new_energy": ["新能源有限公司", "光伏科技有限公司", "风电有限公司", "储能技术有限公司"],
    "other": ["能源服务有限公司", "节能科技有限公司"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静磊洋勇艳杰军强平刚桂英华明辉"
UNITS = [
    ("国家能源局市场监管司", "11100000MB0169262X"),
    ("国家能源局电力安全监管司", "11100000MB0169262X"),
    ("华北能源监管局", "11100000MB01692704"),
    ("南方能源监管局", "11100000MB0169297G"),
    ("中国电力企业联合会", "51100000500000511L"),
]
PENALTY_TYPES = ["警告", "罚款", "没收违法所得", "暂扣许可证", "责令停产停业", "通报批评"]
VIOLATIONS = [
    "未按规定报送电力调度信息",
    "违规参与电力市场交易",
    "安全生产责任落实不到位",
    "未按规定办理电力业务许可变更",
    "煤矿超能力生产",
    "天然气管网设施公平开放信息未公开",
]
LICENCE_TYPES = ["普通", "特许", "认可", "核准", "登记"]


def _company(rng: random.Random) -> dict[str, Any]:
    division, place = rng.choice(PLACES)
    sector = rng.choice(list(SECTOR_SUFFIX))
    name = place + rng.choice(WORDS) + rng.choice(SECTOR_SUFFIX[sector])
    return {
        "id_type": "uscc",
        "id": generate_uscc(rng, division=division),
        "name": name,
        "kind": rng.choice(["legal_person"] * 8 + ["other_org", "individual_business"]),
        "sectors": [sector],
        "region": division,
        "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
    }


def _person(rng: random.Random) -> dict[str, Any]:
    division, _ = rng.choice(PLACES)
    return {
        "id_type": "resident_id",
        "id": generate_resident_id(rng, division=division),
        "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
        "kind": "natural_person",
        "sectors": [rng.choice(["power", "coal"])],
        "region": division,
    }


def _records(rng: random.Random, n: int, today: date, serial: list[int]) -> list[dict[str, Any]]:
    out = []
    for _ in range(n):
        serial[0] += 1
        unit, _code = rng.choice(UNITS)
        # decisions since the first catalogue we hold (2025-01-01), none in the future
        span = max(6, min(1400, (today - date(2025, 1, 2)).days))
        decided = today - timedelta(days=rng.randint(5, span))
        kind = rng.random()
        rid = f"DEMO-{decided.year}-{serial[0]:07d}"
        if kind < 0.45:
            out.append(
                {
                    "record_id": rid,
                    "catalogue_code": "administrative_licence",
                    "decision_no": f"国能许可〔{decided.year}〕{serial[0] % 997}号",
                    "decided_on": decided.isoformat(),
                    "legal_basis": "《电力业务许可证管理规定》",
                    "summary": "电力业务许可证（发电类）",
                    "content": {
                        "licence_type": rng.choice(LICENCE_TYPES),
                        "licence_no": f"1{serial[0]:010d}",
                        "unit": unit,
                    },
                }
            )
        elif kind < 0.85:
            tier = rng.choice(["light", "general", "general", "serious"])
            out.append(
                {
                    "record_id": rid,
                    "catalogue_code": "administrative_penalty",
                    "tier": tier,
                    "decision_no": f"国能监罚〔{decided.year}〕{serial[0] % 997}号",
                    "decided_on": decided.isoformat(),
                    "legal_basis": "《电力监管条例》第三十一条",
                    "summary": rng.choice(VIOLATIONS),
                    "content": {
                        "penalty_type": rng.choice(PENALTY_TYPES),
                        "fine": rng.choice([0, 10000, 50000, 200000]),
                        "unit": unit,
                    },
                }
            )
        else:
            out.append(
                {
                    "record_id": rid,
                    "catalogue_code": "honour",
                    "decision_no": f"中电联〔{decided.year}〕{serial[0] % 97}号",
                    "decided_on": decided.isoformat(),
                    "legal_basis": "行业评优办法",
                    "summary": "年度安全生产先进单位",
                    "content": {
                        "honour_name": "年度安全生产先进单位",
                        "awarding_body": "中国电力企业联合会",
                        "unit": unit,
                    },
                }
            )
    return out


def load_demo(services: Any, *, subjects: int = 200, seed: int = 2026) -> str:
    rng = random.Random(seed)
    files = services.files
    admin = Actor(role="admin", org="资质中心")
    provider = Actor(role="provider", org=UNITS[0][0], org_code=UNITS[0][1])
    today = files.today()
    serial = [0]
    rows: list[tuple[int, dict[str, Any]]] = []
    registered = 0
    for i in range(subjects):
        body = _person(rng) if i % 25 == 24 else _company(rng)
        reg = files.register_subject(body, admin)
        registered += 1
        for rec in _records(rng, rng.randint(1, 6), today, serial):
            rows.append((len(rows) + 1, {**rec, "subject": reg.subject_id}))
    outcome = files.add_records(rows, provider)
    return (
        f"demo: {registered} subjects, {outcome.accepted} records "
        f"({len(outcome.rejected)} rejected) at position {outcome.position}"
    )


DEMO_AGENCY = "国家发展和改革委员会"


def create_demo_keys(services: Any) -> list[tuple[str, str, str]]:
    """One key per role for trying the API: (role, org, key). The subject key is bound to the
    first demo company."""
    from sqlalchemy import select

    from adapters.tables import subject_summary

    t = subject_summary.c
    with services.engine.connect() as conn:
        subject_id = conn.execute(
            select(t.subject_id).where(t.uscc.is_not(None)).order_by(t.position).limit(1)
        ).scalar()
    unit, code = UNITS[0]
    wanted = [
        ("provider", unit, code, None),
        ("reviewer", unit, code, None),
        ("agency", DEMO_AGENCY, None, None),
        ("subject", "demo subject", None, subject_id),
        ("subscriber", "示例银行", None, None),
        ("auditor", "审计署", None, None),
        ("admin", "资质中心", None, None),
    ]
    return [
        (role, org, services.keys.create(role, org, org_code, sid))
        for role, org, org_code, sid in wanted
        if role != "subject" or sid
    ]
