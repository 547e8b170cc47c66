"""The app as one server process runs it: what ``serve`` starts, once per worker.

``serve --workers N`` hands uvicorn the import string ``FACTORY``; each worker process imports
it and calls it, so every worker builds its own app (engine, pools, caches) from the
environment. The same for uvicorn's own command line:
``uvicorn {{ cookiecutter.package_name }}.http.asgi:build_app --factory``.
"""

import gc

{% if cookiecutter.framework == 'litestar' -%}
from litestar import Litestar
{% else -%}
from fastapi import FastAPI
{% endif %}
from ..settings import Settings
from .app import create_app

FACTORY = f"{__name__}:build_app"


def build_app(settings: Settings | None = None) -> {{ 'Litestar' if cookiecutter.framework == 'litestar' else 'FastAPI' }}:
    app = create_app(settings)
    # What start-up built (modules, schemas, the app) lives as long as the process: frozen,
    # the garbage collector stops walking it on every full collection under load.
    gc.collect()
    gc.freeze()
    return app
