"""Pick the response locale from an ``Accept-Language`` header.

The result is always one of ``SUPPORTED_LOCALES``: it selects a catalog file and is sent to
the model, so nothing the client typed may pass through.
"""

from functools import cache

from babel import Locale
{%- set locales = cookiecutter.supported_locales.split(',') | map('trim') | list %}

{% if locales | length == 1 -%}
SUPPORTED_LOCALES: tuple[str, ...] = ({{ locales[0] | tojson }},)
{%- else -%}
SUPPORTED_LOCALES: tuple[str, ...] = (
{%- for locale in locales %}
    {{ locale | tojson }},
{%- endfor %}
)
{%- endif %}
DEFAULT_LOCALE = SUPPORTED_LOCALES[0]

_BY_LOWER = {locale.lower(): locale for locale in SUPPORTED_LOCALES}
# The first supported locale of each language, for a request in another region of it.
_BY_LANGUAGE: dict[str, str] = {}
for _locale in SUPPORTED_LOCALES:
    _BY_LANGUAGE.setdefault(_locale.split("-")[0].lower(), _locale)
_MAX_HEADER_LENGTH = 512
_MAX_ENTRIES = 16


@cache
def babel_locale(locale: str) -> Locale:
    """Babel's ``Locale`` for a supported locale: names, numbers and units as it writes them."""
    return Locale.parse(locale, sep="-")


def negotiate_locale(accept_language: str | None) -> str:
    """Return the best supported locale for the header, else the default.

    Entries are tried in quality order (stable for equal ``q``); each matches exactly
    (``de-de`` → ``de-DE``), then less specifically (``zh-Hant-TW`` → ``zh-Hant`` → ``zh``,
    ``fr-CA`` → ``fr``), then another region of its language (``pt-PT`` → ``pt-BR``): the
    front end resolves a locale the same way (``frontend/src/config/locales.ts``).
    """
    for tag in _ranked_tags(accept_language or ""):
        match = _match(tag)
        if match:
            return match
    return DEFAULT_LOCALE


def _match(tag: str) -> str | None:
    subtags = tag.split("-")
    for length in range(len(subtags), 0, -1):
        match = _BY_LOWER.get("-".join(subtags[:length]))
        if match:
            return match
    return _BY_LANGUAGE.get(subtags[0])


def _ranked_tags(header: str) -> list[str]:
    ranked: list[tuple[float, int, str]] = []
    for position, entry in enumerate(header[:_MAX_HEADER_LENGTH].split(",")[:_MAX_ENTRIES]):
        tag, _, params = entry.strip().partition(";")
        tag = tag.strip().lower().replace("_", "-")
        quality = _quality(params)
        if tag and tag != "*" and quality > 0:
            ranked.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(ranked)]


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                return 0.0
            return quality if 0.0 <= quality <= 1.0 else 0.0
    return 1.0
