"""Random inspection draws by supervision class (双随机一公开), recorded so auditors can re-draw."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from application.credit_files import CreditFiles
from application.grading import Grading
from domain.errors import NoPolicyInForceError, NotFoundError
from domain.supervision import InspectionDraw


class UnknownDrawError(NotFoundError):
    pass


class Inspections:
    def __init__(self, files: CreditFiles, grading: Grading) -> None:
        self.files = files
        self.grading = grading

    def draw(
        self,
        population: dict[str, list[str]],
        sector: str | None,
        region: str | None,
        seed: str,
        drawn_by: str,
    ) -> dict[str, Any]:
        """`population`: subject ids per class (from the grade view), filtered by the caller."""
        rb = self.grading.rulebook_on(self.files.today())
        if rb is None:
            raise NoPolicyInForceError("no rulebook in force today", field="seed")
        draw = InspectionDraw.draw(
            sector, region, seed, rb.sampling, rb.version, population, drawn_by
        )
        position = self.files.save_all(draw)
        return {**draw.as_dict(), "position": position}

    def get_draw(self, draw_id: str) -> dict[str, Any]:
        try:
            draw: Any = self.files.repository.get(uuid.UUID(draw_id))
        except (ValueError, AggregateNotFoundError):
            raise UnknownDrawError(f"no draw {draw_id}", field="draw_id") from None
        if not isinstance(draw, InspectionDraw):
            raise UnknownDrawError(f"no draw {draw_id}", field="draw_id")
        return {**draw.as_dict(), "population_ids": draw.population}
