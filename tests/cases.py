"""The answers the template is rendered with, and the answers it must refuse."""

from __future__ import annotations

from pre_gen_project import SHIPPED_LOCALES

# Answers that must render, identically with both renderers. Each id names what it varies;
# a choice option's other values get a variation each, free-form answers ride on the defaults.
VARIATIONS: dict[str, dict[str, str]] = {
    "default": {},
    "locale-fr": {"supported_locales": "fr"},
    "locales-de-en": {"supported_locales": "de,en"},
    "all-shipped-locales": {"supported_locales": ",".join(SHIPPED_LOCALES)},
    # Non-Latin default, right-to-left, regional, and one locale without shipped translations.
    "locales-unshipped": {"supported_locales": "en,sv,fr-CA,zh-Hant,sr-Latn-RS"},
    "host-localhost": {"hostnames": "localhost"},
    "hosts-wildcard-port": {"hostnames": "app.example.com,*.staging.example.com:8443"},
    "retention-7": {"retention_days": "7"},
    "names": {"project_name": "Support Desk", "package_name": "desk_core"},
    # Every free-form answer away from its default at once; its own suite runs too.
    "contrast": {
        "project_name": "Help Desk",
        "package_name": "desk_core",
        "supported_locales": "ja,ar,pt-BR,sv,ar-EG",
        "hostnames": "chat.example.org,*.staging.example.org:8443",
        "retention_days": "7",
    },
    "postgres": {"database": "postgres"},
    "no-encryption": {"encryption": "none"},
    "web-component": {"frontend": "web_component"},
    # Every non-default choice value, with every free-form answer away from the defaults and
    # from "contrast": an explicit slug, quotes, ampersands and accents in the free text.
    "postgres-no-encryption-contrast": {
        "database": "postgres",
        "encryption": "none",
        "frontend": "web_component",
        "project_name": "L'Atelier & Co",
        "project_slug": "atelier",
        "package_name": "atelier_chat",
        "description": "Chat für das Team d'exploitation: Übergaben & Schichten",
        "author": "Équipe Exploitation",
        "supported_locales": "es",
        "hostnames": "localhost,chat.example.net:8080",
        "retention_days": "365",
    },
}

# The variations whose generated project runs its own `make test` (the slow tier). Those with
# database=postgres get a database of their own on the server of TEST_POSTGRES_URL.
SUITE_VARIATIONS = (
    "default",
    "contrast",
    "all-shipped-locales",
    "postgres",
    "no-encryption",
    "web-component",
    "postgres-no-encryption-contrast",
)

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
