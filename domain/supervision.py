"""Supervision by class (分类监管): a reproducible random-inspection sample (双随机).

The sample depends only on its inputs (the population per class, the ratios and the seed), so
an auditor holding the recorded draw can draw it again and compare.
"""

from __future__ import annotations

import hashlib
import math
import random
import uuid
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import event

from domain.base import SubjectPart

INSPECTION_NAMESPACE = uuid.UUID("8a1c2e77-5b40-4a3f-9d2e-71c0f4b6a903")


def draw_sample(
    population: dict[str, list[str]], ratios: dict[str, float], seed: str
) -> dict[str, list[str]]:
    """Per class: ceil(ratio x size) ids, drawn without replacement from the sorted ids."""
    sample: dict[str, list[str]] = {}
    for grade_class in sorted(population):
        ids = sorted(population[grade_class])
        size = min(len(ids), math.ceil(ratios.get(grade_class, 0.0) * len(ids)))
        rng = random.Random(hashlib.sha256(f"{seed}:{grade_class}".encode()).hexdigest())
        sample[grade_class] = sorted(rng.sample(ids, size))
    return sample


def population_digest(population: dict[str, list[str]]) -> str:
    raw = "|".join(f"{c}:{','.join(sorted(ids))}" for c, ids in sorted(population.items()))
    return hashlib.sha256(raw.encode()).hexdigest()


class InspectionDraw(SubjectPart):
    """One recorded draw: its inputs (filter, seed, ratios, population) and its sample."""

    if TYPE_CHECKING:
        sample: dict[str, list[str]]

    @classmethod
    def draw(
        cls,
        sector: str | None,
        region: str | None,
        seed: str,
        ratios: dict[str, float],
        rulebook_version: str,
        population: dict[str, list[str]],
        drawn_by: str,
    ) -> InspectionDraw:
        draw_id = uuid.uuid4()
        return cls._create(
            cls.Drawn,  # type: ignore[attr-defined]
            id=draw_id,
            sector=sector,
            region=region,
            seed=seed,
            ratios=dict(ratios),
            rulebook_version=rulebook_version,
            population={c: sorted(ids) for c, ids in population.items()},
            population_digest=population_digest(population),
            sample=draw_sample(population, ratios, seed),
            drawn_by=drawn_by,
        )

    @event("Drawn")
    def __init__(
        self,
        sector: str | None,
        region: str | None,
        seed: str,
        ratios: dict[str, float],
        rulebook_version: str,
        population: dict[str, list[str]],
        population_digest: str,
        sample: dict[str, list[str]],
        drawn_by: str,
    ) -> None:
        self.sector = sector
        self.region = region
        self.seed = seed
        self.ratios = ratios
        self.rulebook_version = rulebook_version
        self.population = population
        self.population_digest = population_digest
        self.sample = sample
        self.drawn_by = drawn_by

    def as_dict(self) -> dict[str, Any]:
        return {
            "draw_id": str(self.id),
            "sector": self.sector,
            "region": self.region,
            "seed": self.seed,
            "ratios": self.ratios,
            "rulebook_version": self.rulebook_version,
            "population": {c: len(ids) for c, ids in self.population.items()},
            "population_digest": self.population_digest,
            "sample": self.sample,
            "drawn_by": self.drawn_by,
            "drawn_at": self.created_on.isoformat(),
        }
