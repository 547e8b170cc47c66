"""``GET /healthz`` and ``GET /readyz``: what load balancers and orchestrators ask."""

import json

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ..store.availability import DATABASE_UNAVAILABLE
from .replies import Reply


def liveness() -> Reply:
    """The process answers. It does not touch the database."""
    return _status(200, "ok")


async def readiness(engine: AsyncEngine) -> Reply:
    """The database answers, so a load balancer can route here."""
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except DATABASE_UNAVAILABLE:
        return _status(503, "unavailable")
    return _status(200, "ok")


def _status(status: int, word: str) -> Reply:
    body = json.dumps({"status": word}).encode()
    return Reply(status, {"content-type": "application/json"}, body=body)
