"""The app on a real socket on 127.0.0.1, for clients that must see it as a browser would.

In-process clients (httpx, TestClient) buffer whole responses; a server in a thread of the
test process streams for real, and its log lines reach the test's handlers as usual.
"""

import contextlib
import threading
import time
from collections.abc import Iterator

import uvicorn

from .framework import App

START_TIMEOUT_SECONDS = 15


@contextlib.contextmanager
def live_server(app: App) -> Iterator[int]:
    """Serve ``app`` on a free port of 127.0.0.1 until the block ends; yields the port."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.02)
    try:
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=START_TIMEOUT_SECONDS)
