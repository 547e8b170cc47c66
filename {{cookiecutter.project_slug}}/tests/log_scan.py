"""What no log line may contain, and the check the whole test session's logs go through.

Helpers register what the tests send (tokens, secrets, message text); ``conftest`` writes
every line the session logs to a file and fails the run if any of it appears there, or if
any e-mail address does.
"""

import re

# Shorter values ("Hi", "First") could match unrelated text by chance.
MIN_SCANNED_LENGTH = 8
NEVER_LOGGED: set[str] = set()
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def never_logged(value: str) -> str:
    """Register ``value`` as something no log line may contain; returns it unchanged."""
    if len(value) >= MIN_SCANNED_LENGTH:
        NEVER_LOGGED.add(value)
    return value


def find_leaks(log_text: str, secrets: set[str]) -> list[str]:
    """Each registered value, and each e-mail address, found in ``log_text``."""
    leaks = [secret for secret in secrets if secret in log_text]
    leaks.extend(EMAIL.findall(log_text))
    return leaks
