"""Identifiers of market subjects: USCC (GB 32100-2015) and resident ID (GB 11643), plus masking.

Resident ID numbers are personal information: no error message here ever contains one.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from domain.errors import InvalidIdentifierError, InvalidInputError

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {char: value for value, char in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

_RESIDENT_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RESIDENT_CHECK = "10X98765432"


def uscc_check_char(first17: str) -> str:
    """The check character (position 18) for the first 17 characters of a USCC."""
    if len(first17) != 17 or any(char not in _USCC_VALUES for char in first17):
        raise InvalidInputError("need 17 characters from the USCC alphabet", field="first17")
    total = sum(
        _USCC_VALUES[char] * weight for char, weight in zip(first17, _USCC_WEIGHTS, strict=True)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _uscc_structure_failure(code: str) -> str | None:
    if len(code) != 18:
        return f"USCC must be 18 characters, got {len(code)}"
    for position, char in enumerate(code, start=1):
        if char not in _USCC_VALUES:
            return (
                f"USCC has invalid character {char!r} at position {position} "
                "(allowed: digits and upper-case letters except I, O, S, V, Z)"
            )
    if not code[2:8].isdigit():
        return "USCC positions 3-8 (administrative division) must be digits"
    return None


def _uscc_check_char_failure(code: str) -> str | None:
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"USCC check character expected {expected!r}, got {code[17]!r}"
    return None


def uscc_check_failure(code: str) -> str | None:
    """None if `code` is a valid USCC, else what is wrong with it."""
    normalised = code.strip().upper()
    return _uscc_structure_failure(normalised) or _uscc_check_char_failure(normalised)


def validate_uscc(code: str, field: str = "id", allow_failing_check: bool = False) -> str:
    """The normalised code, or InvalidIdentifierError naming the problem.

    `allow_failing_check` lets an administrator accept a code whose only fault is its check
    character (a few real codes are known to fail it); structural faults are never accepted.
    """
    normalised = code.strip().upper()
    failure = _uscc_structure_failure(normalised)
    if failure is None and not allow_failing_check:
        failure = _uscc_check_char_failure(normalised)
    if failure is not None:
        raise InvalidIdentifierError(failure, field=field)
    return normalised


def resident_id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits of a resident ID."""
    if len(first17) != 17 or not first17.isdigit():
        raise InvalidInputError("need 17 digits", field="first17")
    total = sum(
        int(digit) * weight for digit, weight in zip(first17, _RESIDENT_WEIGHTS, strict=True)
    )
    return _RESIDENT_CHECK[total % 11]


def _birth_date(digits: str) -> date | None:
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def validate_resident_id(value: str, field: str = "id") -> str:
    """The normalised ID number (upper-case X), or InvalidIdentifierError without the number."""
    normalised = value.strip().upper()
    if len(normalised) != 18:
        problem = f"resident ID number must be 18 characters, got {len(normalised)}"
    elif not normalised[:17].isdigit():
        problem = "resident ID number must have digits in positions 1-17"
    elif _birth_date(normalised[6:14]) is None:
        problem = "resident ID number has no valid birth date (yyyymmdd) in positions 7-14"
    elif normalised[17] != resident_id_check_char(normalised[:17]):
        problem = "resident ID number check character does not match"
    else:
        return normalised
    raise InvalidIdentifierError(problem, field=field)


ERASED = "已删除"
"""What a natural person's erased personal field reads as, everywhere (never masked further)."""


def mask_id_number(value: str) -> str:
    """The one mask for identity numbers in every output: first and last character kept."""
    if value == ERASED:
        return ERASED
    if len(value) <= 2:
        return "*" * len(value)
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_name(name: str) -> str:
    """The one mask for personal names in every output: first character kept."""
    if name == ERASED:
        return ERASED
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)


def _require_division(division: str) -> None:
    if len(division) != 6 or not division.isdigit():
        raise InvalidInputError("division must be 6 digits", field="division")


def generate_uscc(rng: random.Random, division: str = "110000") -> str:
    """A valid synthetic USCC for demo data: enterprise prefix 91, random organisation code."""
    _require_division(division)
    organisation = "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    first17 = "91" + division + organisation
    return first17 + uscc_check_char(first17)


def generate_resident_id(rng: random.Random, division: str = "110105") -> str:
    """A valid synthetic resident ID for demo data, born between 1950 and 2000."""
    _require_division(division)
    first, last = date(1950, 1, 1), date(2000, 12, 31)
    born = first + timedelta(days=rng.randint(0, (last - first).days))
    first17 = division + born.strftime("%Y%m%d") + f"{rng.randint(0, 999):03d}"
    return first17 + resident_id_check_char(first17)
