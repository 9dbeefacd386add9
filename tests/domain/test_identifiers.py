from __future__ import annotations

import random
from datetime import date

import pytest

from domain.errors import InvalidIdentifierError
from domain.identifiers import (
    generate_resident_id,
    generate_uscc,
    mask_id_number,
    mask_name,
    resident_id_check_char,
    uscc_check_char,
    uscc_check_failure,
    validate_resident_id,
    validate_uscc,
)

VALID_USCC = [
    "91350200776049653A",
    "91440101MA5CJQ4N59",
    "914403003429409755",
    "91350213678251743X",
]
FAILING_CHECK = "91350203M0001QAY9B"
RESIDENT_ID = "11010519491231002X"


@pytest.mark.parametrize("code", VALID_USCC)
def test_published_uscc_vectors_are_valid(code: str) -> None:
    assert validate_uscc(code) == code
    assert uscc_check_failure(code) is None
    assert uscc_check_char(code[:17]) == code[17]


def test_uscc_is_normalised_to_upper_case_without_surrounding_spaces() -> None:
    assert validate_uscc("  91440101ma5cjq4n59 ") == "91440101MA5CJQ4N59"


def test_uscc_with_wrong_check_character_is_rejected_naming_the_expected_character() -> None:
    with pytest.raises(InvalidIdentifierError) as raised:
        validate_uscc(FAILING_CHECK, field="party_code")
    assert raised.value.field == "party_code"
    assert "expected '9'" in raised.value.message
    assert "got 'B'" in raised.value.message


def test_uscc_check_failure_returns_the_message_for_a_failing_code() -> None:
    assert uscc_check_failure(FAILING_CHECK) == "USCC check character expected '9', got 'B'"


def test_administrator_override_accepts_a_code_whose_only_fault_is_the_check_character() -> None:
    assert validate_uscc(FAILING_CHECK, allow_failing_check=True) == FAILING_CHECK


def test_administrator_override_does_not_accept_a_structurally_invalid_code() -> None:
    with pytest.raises(InvalidIdentifierError, match="position 9"):
        validate_uscc("91350200I76049653A", allow_failing_check=True)


def test_uscc_of_wrong_length_is_rejected_stating_the_length() -> None:
    with pytest.raises(InvalidIdentifierError, match="18 characters, got 17"):
        validate_uscc("91350200776049653")


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_uscc_letters_outside_the_alphabet_are_rejected_naming_the_position(letter: str) -> None:
    code = "9135020077604965" + letter + "A"
    with pytest.raises(InvalidIdentifierError, match=f"'{letter}' at position 17"):
        validate_uscc(code)


def test_uscc_division_must_be_digits() -> None:
    first17 = "91A50200776049653"
    with pytest.raises(InvalidIdentifierError, match="positions 3-8"):
        validate_uscc(first17 + uscc_check_char(first17))


def test_resident_id_vector_is_valid() -> None:
    assert validate_resident_id(RESIDENT_ID) == RESIDENT_ID
    assert resident_id_check_char(RESIDENT_ID[:17]) == "X"


def test_resident_id_lower_case_x_is_accepted_and_normalised() -> None:
    assert validate_resident_id("11010519491231002x") == RESIDENT_ID


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("110105194912310021", "check character"),
        ("11010519490231002X", "birth date"),
        ("1101051949123100AX", "digits in positions 1-17"),
        ("11010519491231002", "18 characters"),
    ],
)
def test_invalid_resident_id_is_rejected_without_echoing_the_number(
    value: str, problem: str
) -> None:
    with pytest.raises(InvalidIdentifierError) as raised:
        validate_resident_id(value, field="id_number")
    assert problem in raised.value.message
    assert raised.value.field == "id_number"
    assert value[:10] not in str(raised.value)
    assert value[-8:] not in str(raised.value)


def test_id_numbers_are_masked_keeping_only_first_and_last_character() -> None:
    assert mask_id_number(RESIDENT_ID) == "1****************X"
    assert mask_id_number("91350200776049653A") == "9****************A"


def test_names_are_masked_keeping_only_the_first_character() -> None:
    assert mask_name("张三丰") == "张**"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("李") == "*"


def test_generated_usccs_are_valid_deterministic_and_use_the_division() -> None:
    codes = [generate_uscc(random.Random(7), division="330100") for _ in range(2)]
    assert codes[0] == codes[1]
    assert codes[0].startswith("91330100")
    rng = random.Random(1)
    for _ in range(200):
        assert uscc_check_failure(generate_uscc(rng)) is None


def test_generated_resident_ids_are_valid_with_birth_dates_from_1950_to_2000() -> None:
    assert generate_resident_id(random.Random(3)) == generate_resident_id(random.Random(3))
    rng = random.Random(2)
    for _ in range(200):
        value = generate_resident_id(rng)
        assert validate_resident_id(value) == value
        assert value.startswith("110105")
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
        assert date(1950, 1, 1) <= born <= date(2000, 12, 31)
