"""The launch checklist, as a command: ``{{ cookiecutter.package_name }} preflight``.

Each check returns one line per problem, saying what is wrong and what to do; the command
prints them and exits 1 if there is any, so a deployment pipeline can stop on it.
"""

from collections.abc import Callable

from .i18n.coverage import incomplete_locales
from .i18n.negotiation import DEFAULT_LOCALE
from .settings import Settings


def untranslated_locales(settings: Settings) -> list[str]:
    """Every supported locale is fully translated (its users would read another language)."""
    return [
        f"locale {each.locale}: {each.translated} of {each.total} messages translated; the rest "
        f"is shown in {DEFAULT_LOCALE}. Translate i18n/locales/{each.locale}.po "
        "(README: Translations)"
        for each in incomplete_locales()
    ]


CHECKS: tuple[Callable[[Settings], list[str]], ...] = (untranslated_locales,)


def run_checks(settings: Settings) -> list[str]:
    """The problems found, in check order; empty when the deployment is ready."""
    return [problem for check in CHECKS for problem in check(settings)]
