"""A turn streams through the real server as it happens, and stops when the client goes away.

On a real socket on 127.0.0.1 (``live_server``): some frameworks' in-process test clients
buffer whole streams, and a disconnect only exists on a real connection.
"""

import json
import time

import httpx

from {{ cookiecutter.package_name }}.http.app import create_app

from .live_server import live_server
from .support import auth, create_thread

WORD_DELAY_MS = 300


def test_events_reach_the_client_as_the_model_produces_them(settings_with, make_token):
    app = create_app(settings_with(offline_model_delay_ms=WORD_DELAY_MS))
    body = json.dumps(create_thread("Tell me something"))

    arrivals: list[float] = []
    with live_server(app) as port, httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
        with http.stream("POST", "/chatkit", content=body, headers=auth(make_token())) as reply:
            assert reply.status_code == 200
            assert reply.headers["content-type"].startswith("text/event-stream")
            for line in reply.iter_lines():
                if line.startswith("data:"):
                    arrivals.append(time.monotonic())

    # A buffered response would deliver every event at once, at the end of the turn.
    assert len(arrivals) > 3
    assert arrivals[-1] - arrivals[0] > WORD_DELAY_MS / 1000 / 2


def test_a_client_that_goes_away_cancels_its_turn(settings_with, make_token, log_lines):
    app = create_app(settings_with(offline_model_delay_ms=WORD_DELAY_MS))
    body = json.dumps(create_thread("Tell me something long"))

    with live_server(app) as port:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            with http.stream("POST", "/chatkit", content=body, headers=auth(make_token())) as reply:
                lines = reply.iter_lines()
                next(line for line in lines if line.startswith("data:"))
        # The connection is closed: the server notices and stops the turn.
        ends: list[dict] = []
        deadline = time.monotonic() + 10
        while not ends and time.monotonic() < deadline:
            time.sleep(0.1)
            ends = [line for line in log_lines() if line["event"] == "chatkit.request.end"]

    assert [(end["status"], end["outcome"]) for end in ends] == [(200, "cancelled")]
