"""The built front end, served on the backend's own origin (no CORS, one hostname to register)."""

from pathlib import Path

from starlette.responses import JSONResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from ..settings import Settings

# Vite names every file under assets/ by its content hash: a new build gets new names, so a
# browser may keep them for good. The page itself is revalidated, so a deploy shows at once.
HASHED_ASSETS = "assets/"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class FrontendFiles(StaticFiles):
    """``index.html`` at ``/``, the hashed bundles under ``/assets/``, with cache headers."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory, html=True)

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            hashed = path.replace("\\", "/").startswith(HASHED_ASSETS)
            response.headers["Cache-Control"] = IMMUTABLE if hashed else REVALIDATE
            response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def has_build(directory: Path) -> bool:
    return (directory / "index.html").is_file()


def runtime_config(settings: Settings) -> JSONResponse:
    """``GET /app-config.json``: the domain keys the page needs on this deployment's hostnames.

    Read by the page at start, so one front-end build serves every environment. Domain keys
    are public (the page hands them to ChatKit), so nothing secret is in here. Revalidated on
    every load: a changed DOMAIN_KEYS applies at the next page view.
    """
    body = {"domainKeys": dict(settings.domain_keys)}
    headers = {"Cache-Control": REVALIDATE, "X-Content-Type-Options": "nosniff"}
    return JSONResponse(body, headers=headers)
