"""Typical trustworthy cases (诚信典型) announced on the portal: dated YAML under policy/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from adapters.policy_data.loader import POLICY_DIR, load_versioned


@dataclass(frozen=True)
class Announcement:
    title: str
    published_on: date
    unit: str
    summary: str
    uscc: str | None = None


def parse_announcements(doc: dict[str, Any]) -> list[Announcement]:
    items = doc.get("items")
    if not isinstance(items, list):
        raise ValueError("'items' must be a list")
    out = []
    for raw in items:
        if not isinstance(raw, dict):
            raise ValueError("each announcement must be a mapping")
        published = raw.get("published_on")
        if isinstance(published, str):
            published = date.fromisoformat(published)
        if not isinstance(published, date):
            raise ValueError("published_on must be a date")
        for key in ("title", "unit", "summary"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise ValueError(f"{key!r} is required")
        out.append(
            Announcement(raw["title"], published, raw["unit"], raw["summary"], raw.get("uscc"))
        )
    return out


def load_announcements(policy_dir: Path = POLICY_DIR) -> list[Announcement]:
    """Every announcement of every file, newest first (validated at start-up)."""
    if not (policy_dir / "announcements").is_dir():
        return []  # a deployment may publish none
    history = load_versioned("announcements", parse_announcements, policy_dir)
    items = [a for v in history.versions() for a in v.value]
    return sorted(items, key=lambda a: a.published_on, reverse=True)
