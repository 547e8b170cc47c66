"""``GET /app-config.json``: the domain keys the page needs on this deployment's hostnames.

Read by the page at start, so one front-end build serves every environment. Domain keys are
public (the page hands them to ChatKit), so nothing secret is in here. Revalidated on every
load: a changed DOMAIN_KEYS applies at the next page view.
"""

import json

from ..settings import Settings
from .replies import Reply

REVALIDATE = "no-cache"


def runtime_config(settings: Settings) -> Reply:
    body = json.dumps({"domainKeys": dict(settings.domain_keys)}).encode()
    headers = {
        "content-type": "application/json",
        "cache-control": REVALIDATE,
        "x-content-type-options": "nosniff",
    }
    return Reply(200, headers, body=body)
