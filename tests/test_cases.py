"""The answers the tests render: every combination, and every free-form class meeting every value."""

from __future__ import annotations

import itertools
import re

from cases import (
    CHOICE_OPTIONS,
    CHOICE_VALUES,
    COMBINATIONS,
    FREE_FORM_CLASS_OF,
    FREE_FORM_CLASSES,
    SUITE_VARIATIONS,
    VARIATIONS,
    combination_id,
)
from rendering import cookiecutter_context


def test_the_choice_options_are_cookiecutter_json_lists():
    context = cookiecutter_context()
    assert CHOICE_OPTIONS == ("framework", "auth_style", "database", "frontend", "encryption")
    assert all(CHOICE_VALUES[name] == context[name] for name in CHOICE_OPTIONS)


def test_the_combinations_are_the_full_product_with_readable_ids():
    product = list(itertools.product(*CHOICE_VALUES.values()))

    assert len(COMBINATIONS) == len(product)
    assert set(COMBINATIONS) == {"-".join(values) for values in product}
    assert "fastapi-jwt-sqlite-react-aes_gcm" in COMBINATIONS
    for name, answers in COMBINATIONS.items():
        assert re.fullmatch(r"[a-z0-9_]+(-[a-z0-9_]+)+", name)
        assert combination_id(answers) == name


def test_every_combination_renders_and_runs_its_own_suite():
    assert set(COMBINATIONS) <= VARIATIONS.keys()
    assert set(SUITE_VARIATIONS) == set(COMBINATIONS)


def test_every_free_form_class_meets_every_value_of_every_choice_option():
    unmet = []
    for option, classes in FREE_FORM_CLASSES.items():
        for index in range(len(classes)):
            holders = [COMBINATIONS[name] for name, of in FREE_FORM_CLASS_OF.items() if of[option] == index]
            for name in CHOICE_OPTIONS:
                met = {combination[name] for combination in holders}
                missing = [value for value in CHOICE_VALUES[name] if value not in met]
                unmet += [f"{option}[{index}] x {name}={value}" for value in missing]
    assert not unmet, unmet


def test_each_combination_holds_the_answers_of_its_classes():
    for name, given in FREE_FORM_CLASS_OF.items():
        for option, index in given.items():
            assert FREE_FORM_CLASSES[option][index].items() <= COMBINATIONS[name].items()
