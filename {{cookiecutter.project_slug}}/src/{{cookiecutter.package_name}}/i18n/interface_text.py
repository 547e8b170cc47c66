"""The front end's own text, translated in the backend's catalogs.

ChatKit shows the greeting, prompts, placeholder and disclaimer it is given as they are, so
each locale needs its own. Keeping them here puts them in ``messages.pot`` next to every
other message: one extraction, one set of ``.po`` files, one completeness test. ``make
catalogs`` writes them, per supported locale, to the JSON module the front end imports.
"""

import json

from .catalogs import translations
from .negotiation import SUPPORTED_LOCALES


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated when a locale asks for it."""
    return message


GREETING = N_("Hi! How can I help you today?")
COMPOSER_PLACEHOLDER = N_("Ask me anything…")
# (label on the start screen, message sent when it is chosen)
PROMPTS = (
    (N_("What can you do?"), N_("What kinds of things can you help me with?")),
    (N_("Draft an email"), N_("Help me write a short, friendly email to a colleague.")),
    (N_("Explain a concept"), N_("Explain a technical concept to me in simple terms.")),
)
DISCLAIMER = N_("The assistant can make mistakes. Check important information.")
FRAME_TITLE = N_("Chat assistant")
SCRIPT_TIMEOUT = N_(
    "The chat could not be loaded. Check your connection or turn off content blockers "
    "for this site, then reload the page."
)
CONFIG_ERROR = N_(
    "The chat is not available at this address yet. Please contact the site's administrators."
)


def interface_strings(locale: str) -> dict[str, object]:
    """The front end's strings for a supported locale (keys as in ``UiStrings``)."""
    _ = translations(locale).gettext
    return {
        "greeting": _(GREETING),
        "composerPlaceholder": _(COMPOSER_PLACEHOLDER),
        "prompts": [{"label": _(label), "prompt": _(prompt)} for label, prompt in PROMPTS],
        "disclaimer": _(DISCLAIMER),
        "frameTitle": _(FRAME_TITLE),
        "scriptTimeout": _(SCRIPT_TIMEOUT),
        "configError": _(CONFIG_ERROR),
    }


def interface_strings_json() -> str:
    """Every supported locale's strings, as the front end's ``ui-strings.json``."""
    strings = {locale: interface_strings(locale) for locale in SUPPORTED_LOCALES}
    return json.dumps(strings, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # make catalogs
    print(interface_strings_json(), end="")
