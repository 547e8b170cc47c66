"""The answers the template is rendered with, and the answers it must refuse."""

from __future__ import annotations

import itertools

from pre_gen_project import SHIPPED_LOCALES
from rendering import cookiecutter_context

# Every combination of the choice options' values renders with both tools and passes its own
# suite. The free-form answers ride along as equivalence classes, spread over the combinations
# so that each class meets every value of every choice option (tests/test_cases.py checks it).
CHOICE_OPTIONS: tuple[str, ...] = tuple(
    name for name, value in cookiecutter_context().items() if isinstance(value, list)
)
CHOICE_VALUES: dict[str, list[str]] = {name: cookiecutter_context()[name] for name in CHOICE_OPTIONS}

FREE_FORM_CLASSES: dict[str, list[dict[str, str]]] = {
    "locales": [
        {},  # the default: en,fr,de
        {"supported_locales": "fr"},  # one locale, not English
        # Non-Latin default, right-to-left, regional, scripts; three without shipped catalogs.
        {"supported_locales": "ja,ar,pt-BR,zh-Hant,sr-Latn-RS,ar-EG"},
        {"supported_locales": ",".join(SHIPPED_LOCALES)},
    ],
    "hostnames": [
        {},  # the default: app.example.com
        {"hostnames": "localhost"},
        {"hostnames": "app.example.com,*.staging.example.com:8443"},
        {"hostnames": "chat.example.net:8080,localhost"},
    ],
    "names": [
        {},
        {"project_name": "Support Desk", "package_name": "desk_core"},
        # An explicit slug, quotes, ampersands and accents in the free text.
        {
            "project_name": "L'Atelier & Co",
            "project_slug": "atelier",
            "package_name": "atelier_chat",
            "description": "Chat für das Team d'exploitation: Übergaben & Schichten",
            "author": "Équipe Exploitation",
        },
    ],
    "retention": [{}, {"retention_days": "7"}, {"retention_days": "365"}],
}


def combination_id(choices: dict[str, str]) -> str:
    """`fastapi-jwt-sqlite-react-aes_gcm`: the choice values, in the questions' order."""
    return "-".join(choices[name] for name in CHOICE_OPTIONS)


def spread(combinations: list[dict[str, str]], classes: list[dict[str, str]]) -> list[int]:
    """A class per combination (by index), greedily covering every (class, option value) pair.

    Each combination takes the class that meets the most option values it has not met yet;
    ties go to the class used least, then to the first.
    """
    unmet = {
        (index, name, value)
        for index in range(len(classes))
        for name in CHOICE_OPTIONS
        for value in CHOICE_VALUES[name]
    }
    uses = [0] * len(classes)
    chosen = []
    for combination in combinations:
        pairs = [
            {(index, name, combination[name]) for name in CHOICE_OPTIONS} for index in range(len(classes))
        ]
        best = max(range(len(classes)), key=lambda index: (len(pairs[index] & unmet), -uses[index], -index))
        unmet -= pairs[best]
        uses[best] += 1
        chosen.append(best)
    return chosen


def build_combinations() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, int]]]:
    """Every combination's answers, and the class each free-form option got, by combination id."""
    products = [
        dict(zip(CHOICE_OPTIONS, values, strict=True))
        for values in itertools.product(*(CHOICE_VALUES[name] for name in CHOICE_OPTIONS))
    ]
    ids = [combination_id(choices) for choices in products]
    answers = {name: dict(choices) for name, choices in zip(ids, products, strict=True)}
    classes_of: dict[str, dict[str, int]] = {name: {} for name in ids}
    # Relabelled per option (a rotation keeps the coverage), so that the first class of each
    # option does not always land on the same combination.
    for shift, (option, classes) in enumerate(FREE_FORM_CLASSES.items()):
        for name, index in zip(ids, spread(products, classes), strict=True):
            chosen = (index + shift) % len(classes)
            answers[name].update(classes[chosen])
            classes_of[name][option] = chosen
    return answers, classes_of


COMBINATIONS, FREE_FORM_CLASS_OF = build_combinations()

# Render-only extras: the answers as they come (`--no-input`), and free-form edge cases the
# classes above do not hold.
EXTRA_VARIATIONS: dict[str, dict[str, str]] = {
    "default": {},
    "locales-de-en": {"supported_locales": "de,en"},
    "locales-unshipped": {"supported_locales": "en,sv,fr-CA,zh-Hant,sr-Latn-RS"},
}

# Answers that must render, identically with both renderers.
VARIATIONS: dict[str, dict[str, str]] = COMBINATIONS | EXTRA_VARIATIONS

# The variations whose generated project runs its own `make test` (the slow tier): all of the
# combinations. Those with database=postgres get a database of their own on the server of
# TEST_POSTGRES_URL.
SUITE_VARIATIONS: tuple[str, ...] = tuple(COMBINATIONS)


def variation_with(**answers: str) -> str:
    """The first variation whose answers include these."""
    return next(name for name, given in VARIATIONS.items() if answers.items() <= given.items())


# (answer, value, what the message must say). Each is refused by the cookiecutter hook and by
# the copier validator with the same message.
INVALID_ANSWERS: list[tuple[str, str, str]] = [
    ("project_name", 'Chat "Pro"', "project_name: 'Chat \"Pro\"' must be one line"),
    ("project_name", "Chat {x}", "'Chat {x}' must be one line of at most 120 characters"),
    ("description", "a \\ b", "description: 'a \\ b' must be one line"),
    ("author", "   ", "author: '   ' must be one line"),
    ("project_slug", "Bad Slug", "'Bad Slug' is not a lowercase Python identifier"),
    ("project_slug", "1chat", "'1chat' is not a lowercase Python identifier"),
    ("project_slug", "test", "'test' is a Python keyword or the name of a standard-library"),
    ("project_slug", "site", "'site' is a Python keyword or the name of a standard-library"),
    ("package_name", "chat-app", "package_name: 'chat-app' is not a lowercase Python identifier"),
    ("package_name", "class", "package_name: 'class' is a Python keyword"),
    ("package_name", "agents", "package_name: 'agents' is a Python keyword or the name of a"),
    ("supported_locales", "xx", "'xx' is not a locale Babel knows (CLDR); use a language code"),
    ("supported_locales", "en_US!", "'en_US!' is not a locale code; write a lowercase language"),
    ("supported_locales", "pt_BR", "'pt_BR' is not a locale code"),
    ("supported_locales", "sv,en", "'sv' comes first, so it would be the default locale"),
    ("supported_locales", "en,sv,pl,tr,uk,cs", "more than 4 locales the template ships no"),
    ("supported_locales", "en,fr,EN", "'EN' is listed twice in 'en,fr,EN'"),
    ("supported_locales", "", "supported_locales: no locale given"),
    ("supported_locales", "en,,fr", "'en,,fr' has an empty entry"),
    ("hostnames", "https://app.example.com", "'https://app.example.com' has a scheme"),
    ("hostnames", "app.example.com/chat", "'app.example.com/chat' has a path"),
    ("hostnames", "app example.com", "'app example.com' contains whitespace"),
    ("hostnames", "App.Example.com", "'App.Example.com' has uppercase letters"),
    ("hostnames", "app.example.com:99999", "invalid port '99999'; use a number from 1 to 65535"),
    ("hostnames", "localhost:0", "'localhost:0' has an invalid port '0'"),
    ("hostnames", "*.com", "'*.com' puts a wildcard on a top-level domain"),
    ("hostnames", "bücher.example", "'bücher.example' is not a valid DNS name"),
    ("hostnames", "intranet", "'intranet' is not a valid DNS name"),
    ("hostnames", "a.example.com,a.example.com", "'a.example.com' is listed twice"),
    ("hostnames", "", "hostnames: no host name given"),
    ("retention_days", "0", "retention_days: '0' is not a positive whole number of days"),
    ("retention_days", "-1", "retention_days: '-1' is not a positive whole number of days"),
    ("retention_days", "abc", "retention_days: 'abc' is not a positive whole number of days"),
    ("retention_days", "007", "retention_days: '007' is not a positive whole number of days"),
    ("retention_days", "36501", "retention_days: '36501' is more than 36500 days"),
]


def invalid_id(case: tuple[str, str, str]) -> str:
    answer, value, _ = case
    return f"{answer}={value!r}"
