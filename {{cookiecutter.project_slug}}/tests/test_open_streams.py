"""A worker serves at most MAX_OPEN_STREAMS streamed turns at once; past it, a turn gets a
localized 503 with Retry-After before anything is stored, while requests that do not stream
still pass. Tested on a real socket: in-process clients buffer whole streams."""

import json
import time

import httpx

from {{ cookiecutter.package_name }}.http.app import create_app

from .expected_text import EXPECTED
from .live_server import live_server
from .support import auth, create_thread

LOCALE = sorted(EXPECTED)[-1]
THREADS_LIST = json.dumps({"type": "threads.list", "params": {"limit": 10}})


def test_a_turn_past_the_open_streams_limit_gets_a_localized_503_and_stores_nothing(
    settings_with, make_token, log_lines
):
    # A second before each word: the first stream stays open at least that long after its
    # first event, however few words the reply has in this locale (one, without spaces).
    app = create_app(settings_with(max_open_streams=1, offline_model_delay_ms=1000))
    headers = auth(make_token(), LOCALE)

    def start_turn(text: str) -> httpx.Response:
        return http.post("/chatkit", content=json.dumps(create_thread(text)), headers=headers)

    def turn_status(text: str) -> int:
        """The status of a turn, without waiting for its stream to end."""
        body = json.dumps(create_thread(text))
        with http.stream("POST", "/chatkit", content=body, headers=headers) as response:
            return response.status_code

    with live_server(app) as port, httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
        with http.stream(
            "POST", "/chatkit", content=json.dumps(create_thread("first")), headers=headers
        ) as first:
            assert first.status_code == 200
            # Held in a name: a line iterator that is dropped closes the connection.
            lines = first.iter_lines()
            next(line for line in lines if line.startswith("data:"))

            busy = start_turn("second")
            listed = http.post("/chatkit", content=THREADS_LIST, headers=headers)

        assert busy.status_code == 503
        assert busy.headers["retry-after"] == "5"
        assert busy.headers["content-language"] == LOCALE
        assert busy.json()["error"] == {"code": "busy", "message": EXPECTED[LOCALE]["unavailable"]}
        assert listed.status_code == 200  # not a stream: not limited
        assert len(listed.json()["data"]) == 1  # the refused turn stored no thread

        # The first stream was abandoned mid-way: its place is free again once it stops.
        deadline = time.monotonic() + 5
        while True:
            again = turn_status("again")
            if again == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert again == 200

    busy_lines = [line for line in log_lines() if line["event"] == "chatkit.busy"]
    assert busy_lines and busy_lines[0]["open_streams"] == 1
    assert busy_lines[0]["op"] == "threads.create"
