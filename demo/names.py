"""The demo's vocabulary: places, words, units, names, and a company or a person drawn from them."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

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
# (source unit, its code); UNITS[0] reports licences and the scripted stories' penalties, so the
# demo's provider and reviewer keys (issued to UNITS[0]) see those cases
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


CATALOGUE_FROM = date(2025, 1, 2)  # the first catalogue we hold is in force from 2025-01-01
REGULATORS = UNITS[:4]
ASSOCIATION = UNITS[4]
LICENCE_UNIT = UNITS[0]
TIER_WEIGHTS = (("light", 6), ("general", 12), ("serious", 1))
