"""Chinese labels for codes shown on the portal."""

from __future__ import annotations

from typing import Any

SECTORS = {
    "power": "电力",
    "coal": "煤炭",
    "oil_gas": "石油天然气",
    "new_energy": "新能源",
    "other": "其他",
}
KINDS = {
    "legal_person": "法人",
    "other_org": "非法人组织",
    "individual_business": "个体工商户",
    "natural_person": "自然人",
}
LISTS = {
    "black": "严重失信主体名单（黑名单）",
    "focus": "重点关注名单",
    "red": "守信激励名单（红名单）",
}
LIST_SHORT = {"black": "黑名单", "focus": "重点关注", "red": "红名单"}
TIERS = {"light": "轻微", "general": "一般", "serious": "严重"}
CATEGORIES = {"licence": "行政许可", "penalty": "行政处罚", "list": "名单", "other": "其他"}
CLASSES = {"A": "A 类（诚信）", "B": "B 类（较好）", "C": "C 类（一般）", "D": "D 类（较差）"}
UNRATED = "未评价"  # not yet evaluated: no class (the rulebook's evaluation conditions unmet)
TERM_RULES = {
    "from_listing": "自认定之日起计算期限",
    "basis_publicity": "随认定依据信息公示期届满而届满",
}
COMMITMENT_KINDS = {
    "access": "审批替代型承诺",
    "repair": "信用修复承诺",
    "general": "主动型承诺",
    "industry": "行业自律承诺",
}
COMMITMENT_STATUS = {"kept": "履约中", "breached": "已违约"}
OBJECTION_GROUNDS = {
    "error": "信息有误",
    "incomplete": "信息不完整",
    "duplicate": "信息重复",
    "not_public": "不应公开",
    "past_period": "超过公示期限",
    "mismatch": "与决定机关版本不一致",
    "secret_or_privacy": "涉及商业秘密或个人隐私",
}
# Province-level divisions: the first two digits of a 6-digit administrative division code.
PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省",
    "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区",
    "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省",
    "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
}  # fmt: skip


def region_name(code: str | None) -> str:
    if not code:
        return ""
    return f"{PROVINCES.get(code[:2], '')}（{code}）"


def sector_names(sectors: Any) -> str:
    return "、".join(SECTORS.get(s, s) for s in (sectors or []))


NOTICE_TYPES = {"sanction": "惩戒措施", "incentive": "激励措施", "lift": "解除措施"}
NOT_PUBLIC = "非公开信息"


def explanation_text(item: dict[str, Any], catalogue_names: dict[str, str]) -> str:
    """One line of a grade's explanation in Chinese, from its rule code (the stored `detail` is
    the rulebook's English wording); an unknown rule falls back to that detail."""
    rule = str(item.get("rule") or "")
    if item.get("detail") == NOT_PUBLIC and not item.get("record_id"):
        return NOT_PUBLIC
    record = item.get("record_id")
    what = catalogue_names.get(str(item.get("catalogue_code")), "")
    ref = f"（{what + '，' if what else ''}{record}）" if record else ""
    if rule == "score.base":
        return "百分制基础分"
    if rule.startswith("negative.tier."):
        tier = TIERS.get(rule.rsplit(".", 1)[-1], "")
        return f"{tier}失信信息扣分{ref}"
    if rule.startswith("class.band."):
        return f"按得分区间评为 {rule.rsplit('.', 1)[-1]} 类"
    if rule == "class.unrated":
        return f"{UNRATED}：尚不满足评价条件（建档满 12 个月且有正面信息或已公开评价结果）"
    if rule == "score.total":
        return "综合得分"
    if rule == "class.serious_dishonesty":
        if item.get("listing_id"):
            return "列入严重失信主体名单：直接评为 D 类"
        return f"存在有效的严重失信信息：直接评为 D 类{ref}"
    fixed = {
        "negative.commitment_breached": f"违反信用承诺扣分{ref}",
        "negative.cap": "扣分达到上限，超出部分不计",
        "positive.honour": f"表彰奖励加分{ref}",
        "positive.good_evaluation": f"良好评价结果加分{ref}",
        "positive.commitment_kept": "履行信用承诺加分",
        "positive.red_list": "列入守信激励名单加分",
        "positive.cap": "加分达到上限，超出部分不计",
    }
    return fixed.get(rule) or str(item.get("detail") or "—")
