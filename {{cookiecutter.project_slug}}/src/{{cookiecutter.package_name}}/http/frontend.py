"""The built front end, served on the backend's own origin (no CORS, one hostname to register)."""

from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

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
