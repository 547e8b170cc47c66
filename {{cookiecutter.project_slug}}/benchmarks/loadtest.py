"""Load test: streamed ChatKit turns against this app and a sample-shaped server, side by side.

Not a test: run it by hand (``make loadtest``). It starts its servers on 127.0.0.1, each one
uvicorn worker answering with the offline model (no API key, nothing leaves the machine):

- **app**: this project as it runs in production (its ``serve`` command), with
  authentication, JSON logging, localization, persistence on a scratch database
  ({{ cookiecutter.database }}, encryption {{ cookiecutter.encryption }});
- **sample**: ``benchmarks/sample_server.py``, shaped like OpenAI's ChatKit samples;
- **floor** (only with ``--servers``): the sample parsing each request with a module-level
  adapter, as this project does: what the SDKs and uvicorn alone cost per turn.

Each concurrent client posts ``threads.create`` turns (a 15-word message, so the offline
model streams 20 text deltas) over a kept-alive connection (``sse_client``: a general HTTP
client costs as much CPU per turn as the server it measures), one after another: after a
warm-up, a fixed number of turns per run, bounded by ``--max-seconds``. For each server and
concurrency it prints turns per second, time to first event (TTFE) and full-turn latency
percentiles, errors, and the server's CPU time per turn (from the operating system, for the
server process alone). Compare ratios within one run: shared machines drift.

    make loadtest                                          # 1, 50 and 200 streams
    make loadtest LOADTEST_ARGS="--delay-ms 20 --concurrency 50,200,500"   # open streams
    make loadtest LOADTEST_ARGS="--servers app,sample,floor --concurrency 50"
    make loadtest LOADTEST_ARGS="--delay-ms 150 --pause-ms 200 --concurrency 200"  # TTFE
"""

import argparse
import asyncio
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from scratch import scratch_database
from sse_client import Connection, ProtocolError

{% if cookiecutter.auth_style == 'api_token' -%}
from {{ cookiecutter.package_name }}.auth.api_tokens import ApiTokens
{% elif cookiecutter.auth_style == 'session' -%}
from {{ cookiecutter.package_name }}.auth.csrf import csrf_token_for
{% endif -%}
{% if cookiecutter.auth_style == 'session' -%}
from {{ cookiecutter.package_name }}.auth.sessions import SESSION_COOKIE, Sessions
from {{ cookiecutter.package_name }}.session_commands import with_sessions
{% else -%}
from {{ cookiecutter.package_name }}.auth.dev_tokens import mint_dev_token
{% endif -%}
from {{ cookiecutter.package_name }}.settings import Settings
{%- if cookiecutter.auth_style == 'api_token' %}
from {{ cookiecutter.package_name }}.token_commands import with_api_tokens
{%- endif %}

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "{{ cookiecutter.package_name }}"
COMBINATION = "{{ cookiecutter.framework }}, {{ cookiecutter.auth_style }}, {{ cookiecutter.database }}, encryption {{ cookiecutter.encryption }}"
# With the offline model's five-word preamble, the reply is 20 words: 20 text deltas.
MESSAGE = " ".join(["load"] * 15)
STARTUP_SECONDS = 60
TURN_TIMEOUT_SECONDS = 120
LOAD_TENANT = "load"
SERVERS = ("app", "sample", "floor")


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    headers_for: "HeaderSource"

    def cpu_seconds(self) -> float:
        times = psutil.Process(self.process.pid).cpu_times()
        return times.user + times.system


class HeaderSource:
    """Request headers for client number ``n`` (each client is its own user on the app)."""

    def __init__(self, tokens: Sequence[str] = ()) -> None:
        self.tokens = tokens

    def __call__(self, n: int) -> dict[str, str]:
        headers = {"content-type": "application/json", "accept-language": "en"}
        if self.tokens:
{%- if cookiecutter.auth_style == 'session' %}
            token = self.tokens[n]
            headers["cookie"] = f"{SESSION_COOKIE}={token}"
            headers["x-csrf-token"] = csrf_token_for(token)
            headers["sec-fetch-site"] = "same-origin"
{%- else %}
            headers["authorization"] = f"Bearer {self.tokens[n]}"
{%- endif %}
        return headers


@dataclass
class Run:
    server: str
    streams: int
    seconds: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    ttfe: list[float] = field(default_factory=list)
    turn: list[float] = field(default_factory=list)
    events: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    log_lines: int = 0

    @property
    def turns(self) -> int:
        return len(self.turn)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.environ["TZ"] = "UTC"
    time.tzset()
    with ExitStack() as stack:
        servers = []
        for name in args.servers:
            start = _start_app if name == "app" else _start_sample
            servers.append(stack.enter_context(start(name, args)))
        _print_header(args)
        runs: list[Run] = []
        for streams in args.concurrency:
            for server in servers:
                run = asyncio.run(_load(server, streams, args))
                runs.append(run)
                _print_run(run)
        _print_ratios(runs)
    return 1 if any(run.errors for run in runs) else 0


# The servers


@contextmanager
def _start_app(name: str, args: argparse.Namespace) -> Iterator[Server]:
    with ExitStack() as stack:
        directory = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="loadtest-")))
        environment = _base_environment() | {
            "APP_ENV": "development",
            "DATABASE_URL": stack.enter_context(scratch_database("loadtest")),
            "ATTACHMENTS_DIR": str(directory / "attachments"),
            "OFFLINE_MODEL_DELAY_MS": str(args.delay_ms),
            # The kit measures what a worker does with every stream it is sent.
            "MAX_OPEN_STREAMS": str(max(args.concurrency)),
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
        }
        environment |= _fresh_secrets(environment, directory)
        _run_quietly([sys.executable, "-m", PACKAGE, "migrate"], environment, directory)
        # Fields given by name from a dict: a type checker cannot see the required ones.
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            **{
                name.lower(): value
                for name, value in environment.items()
                if name.lower() in Settings.model_fields
            },
        )
        port = _free_port()
        command = [sys.executable, "-m", PACKAGE, "serve", "--host", "127.0.0.1"]
        command += ["--port", str(port)]
        tokens = _dev_tokens(settings, max(args.concurrency))
        yield stack.enter_context(
            _serving("app", command, port, environment, directory, HeaderSource(tokens))
        )


{% if cookiecutter.auth_style == 'api_token' -%}
def _dev_tokens(settings: Settings, count: int) -> list[str]:
    """A development API token per client, each client its own user."""

    async def issue(tokens: ApiTokens) -> list[str]:
        return [
            await mint_dev_token(settings, tokens, f"load-user-{n}", LOAD_TENANT)
            for n in range(count)
        ]

    return with_api_tokens(settings, issue)
{%- elif cookiecutter.auth_style == 'session' -%}
def _dev_tokens(settings: Settings, count: int) -> list[str]:
    """A session per client, each client its own user: the tokens of their cookies."""

    async def start(sessions: Sessions) -> list[str]:
        started = [
            await sessions.start(tenant_id=LOAD_TENANT, user_id=f"load-user-{n}")
            for n in range(count)
        ]
        return [session.token for session in started]

    return with_sessions(settings, start)
{%- else -%}
def _dev_tokens(settings: Settings, count: int) -> list[str]:
    """A development token per client, each client its own user."""
    return [mint_dev_token(settings, f"load-user-{n}", LOAD_TENANT) for n in range(count)]
{%- endif %}


@contextmanager
def _start_sample(name: str, args: argparse.Namespace) -> Iterator[Server]:
    with tempfile.TemporaryDirectory(prefix=f"loadtest-{name}-") as directory_name:
        directory = Path(directory_name)
        port = _free_port()
        command = [sys.executable, str(PROJECT_ROOT / "benchmarks" / "sample_server.py")]
        command += ["--port", str(port), "--delay-ms", str(args.delay_ms)]
        if name == "floor":
            command.append("--parse-once")
        with _serving(
            name, command, port, _base_environment(), directory, HeaderSource()
        ) as server:
            yield server


@contextmanager
def _serving(
    name: str,
    command: list[str],
    port: int,
    environment: dict[str, str],
    directory: Path,
    headers_for: HeaderSource,
) -> Iterator[Server]:
    log = directory / f"{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and scripts)
            command, cwd=directory, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_listening(process, port, log)
        yield Server(name, port, process, log, headers_for)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _base_environment() -> dict[str, str]:
    """A clean environment: no OPENAI_API_KEY, OTEL_* or .env of the developer's leaks in
    (the servers run in a temporary directory, so they read no ``.env`` either)."""
    environment = {
        name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ
    }
    return environment | {"PYTHONPATH": str(PROJECT_ROOT / "src"), "TZ": "UTC"}


def _fresh_secrets(environment: dict[str, str], directory: Path) -> dict[str, str]:
    output = _run_quietly([sys.executable, "-m", PACKAGE, "secrets"], environment, directory)
    return dict(line.split("=", 1) for line in output.splitlines() if "=" in line)


def _run_quietly(command: list[str], environment: dict[str, str], directory: Path) -> str:
    done = subprocess.run(  # noqa: S603 (our own interpreter and package)
        command, cwd=directory, env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[1:])} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not listen on 127.0.0.1:{port} in {STARTUP_SECONDS} s")


# The load


async def _load(server: Server, streams: int, args: argparse.Namespace) -> Run:
    body = (
        '{"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"'
        + MESSAGE
        + '"}],"attachments":[],"inference_options":{}}}}'
    ).encode()
    # One kept-alive connection per client, each client its own user.
    clients = [
        (Connection("127.0.0.1", server.port), server.headers_for(n)) for n in range(streams)
    ]
    try:
        warmup = Run(server.name, streams)
        await _drive(clients, body, args.warmup, None, args.pause_ms, warmup)
        run = Run(server.name, streams, errors=warmup.errors)
        lines_before = _count_lines(server.log)
        cpu_before, client_before = server.cpu_seconds(), time.process_time()
        started = time.perf_counter()
        await _drive(clients, body, args.turns, args.max_seconds, args.pause_ms, run)
        run.seconds = time.perf_counter() - started
        run.server_cpu = server.cpu_seconds() - cpu_before
        run.client_cpu = time.process_time() - client_before
    finally:
        for connection, _ in clients:
            connection.close()
    # The log is written as the turns end; give the last lines a moment to land.
    await asyncio.sleep(0.2)
    run.log_lines = _count_lines(server.log) - lines_before
    return run


async def _drive(
    clients: list[tuple[Connection, dict[str, str]]],
    body: bytes,
    turns: int,
    max_seconds: float | None,
    pause_ms: int,
    run: Run,
) -> None:
    """The clients take turns from one budget until it or the time runs out.

    With ``pause_ms`` each client pauses before each turn, for a random time of that mean
    (as people read and type): without it, clients whose turns last equally long stay in
    step, and each first event waits behind a burst of simultaneous requests.
    """
    remaining = turns
    deadline = None if max_seconds is None else time.perf_counter() + max_seconds
    # The same pauses on every server of a run (timing, not security).
    pauses = random.Random(len(clients))  # noqa: S311

    def running() -> bool:
        return remaining > 0 and (deadline is None or time.perf_counter() < deadline)

    async def client_loop(connection: Connection, headers: dict[str, str]) -> None:
        nonlocal remaining
        while running():
            if pause_ms:
                await asyncio.sleep(pauses.expovariate(1000 / pause_ms))
                if not running():
                    break
            remaining -= 1
            await _turn(connection, body, headers, run)

    await asyncio.gather(*(client_loop(connection, headers) for connection, headers in clients))


async def _turn(connection: Connection, body: bytes, headers: dict[str, str], run: Run) -> None:
    started = time.perf_counter()
    first_event: float | None = None
    events = 0
    tail = b""
    try:
        async with asyncio.timeout(TURN_TIMEOUT_SECONDS):
            response = await connection.post("/chatkit", headers, body)
            if response.status != 200:
                async for _ in response.chunks:
                    pass
                run.error(f"HTTP {response.status}")
                return
            async for chunk in response.chunks:
                if first_event is None:
                    first_event = time.perf_counter()
                events += chunk.count(b"data: ")
                tail = (tail + chunk)[-4096:]
                if b'"type":"error"' in tail:
                    run.error("error event")
                    return
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ProtocolError, ValueError) as error:
        run.error(type(error).__name__)
        return
    if first_event is None or b'"type":"thread.item.done"' not in tail:
        run.error("truncated stream")
        return
    run.turn.append(time.perf_counter() - started)
    run.ttfe.append(first_event - started)
    run.events += events


def _count_lines(path: Path) -> int:
    with path.open("rb") as log:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: log.read(1 << 20), b""))


# The report


def _print_header(args: argparse.Namespace) -> None:
    paced = f", {args.delay_ms} ms between words" if args.delay_ms else ""
    if args.pause_ms:
        paced += f"; clients pause {args.pause_ms} ms on average before each turn"
    print(
        f"Load test: {PACKAGE} ({COMBINATION}) and the sample shape; Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, one uvicorn worker each"
    )
    print(
        f"Each run: {args.warmup} warm-up turns, then {args.turns} threads.create turns "
        f"(at most {args.max_seconds:g} s); offline model, 20 words{paced}."
    )
    print()
    print(
        f"{'server':<7} {'streams':>7} {'turns':>6} {'errors':>6} {'turns/s':>8} "
        f"{'ttfe p50':>9} {'p95':>7} {'p99':>7} {'turn p50':>9} {'p95':>7} {'p99':>7} "
        f"{'events':>6} {'server CPU':>10} {'busy':>5} {'client CPU':>10} {'log':>4}"
    )
    print(
        f"{'':<7} {'':>7} {'':>6} {'':>6} {'':>8} {'ms':>9} {'ms':>7} {'ms':>7} {'ms':>9} "
        f"{'ms':>7} {'ms':>7} {'/turn':>6} {'ms/turn':>10} {'%':>5} {'ms/turn':>10} "
        f"{'/turn':>4}"
    )


def _print_run(run: Run) -> None:
    turns = max(run.turns, 1)
    errors = sum(run.errors.values())
    print(
        f"{run.server:<7} {run.streams:>7} {run.turns:>6} {errors:>6} "
        f"{run.turns / run.seconds if run.seconds else 0:>8.1f} "
        f"{_ms(run.ttfe, 0.50):>9} {_ms(run.ttfe, 0.95):>7} {_ms(run.ttfe, 0.99):>7} "
        f"{_ms(run.turn, 0.50):>9} {_ms(run.turn, 0.95):>7} {_ms(run.turn, 0.99):>7} "
        f"{run.events / turns:>6.1f} {run.server_cpu * 1000 / turns:>10.2f} "
        f"{100 * run.server_cpu / run.seconds if run.seconds else 0:>5.0f} "
        f"{run.client_cpu * 1000 / turns:>10.2f} {run.log_lines / turns:>4.1f}",
        flush=True,
    )
    for kind, count in sorted(run.errors.items()):
        print(f"        ! {count} x {kind}")


def _print_ratios(runs: list[Run]) -> None:
    by_key = {(run.server, run.streams): run for run in runs}
    lines = []
    for name in ("app", "floor"):
        ratios = []
        for (server, streams), run in by_key.items():
            sample = by_key.get(("sample", streams))
            if server != name or sample is None or not run.turns or not sample.turns:
                continue
            ratio = (run.server_cpu / run.turns) / (sample.server_cpu / sample.turns)
            ratios.append(f"{streams} streams {ratio:.2f}x")
        if ratios:
            lines.append(f"Server CPU per turn, {name} / sample: " + ", ".join(ratios))
    if lines:
        print()
        print("\n".join(lines))


def _ms(samples: list[float], fraction: float) -> str:
    if not samples:
        return "-"
    ordered = sorted(samples)
    return f"{ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000:.1f}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loadtest", description="Streamed turns against this app and the sample shape."
    )
    parser.add_argument(
        "--concurrency",
        type=_counts,
        default=(1, 50, 200),
        help="concurrent streams per run, comma-separated (1,50,200)",
    )
    parser.add_argument("--turns", type=_positive_int, default=600, help="turns per run (600)")
    parser.add_argument(
        "--warmup", type=_positive_int, default=50, help="unmeasured turns first (50)"
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=60.0,
        help="stop a run's measured part after this long (60)",
    )
    parser.add_argument(
        "--delay-ms",
        type=int,
        default=0,
        help="the offline model's pause between words: holds streams open (0)",
    )
    parser.add_argument(
        "--pause-ms",
        type=int,
        default=0,
        help="each client's mean pause before a turn, at random: arrivals out of step (0)",
    )
    parser.add_argument(
        "--servers",
        type=_servers,
        default=("app", "sample"),
        help="servers to load, comma-separated, of app, sample and floor (app,sample); "
        "floor is the sample parsing once per process: the SDKs' own cost per turn",
    )
    return parser


def _servers(value: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",")))
    unknown = [name for name in names if name not in SERVERS]
    if unknown:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(SERVERS)}")
    return names


def _counts(value: str) -> tuple[int, ...]:
    return tuple(_positive_int(part) for part in value.split(","))


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


if __name__ == "__main__":
    sys.exit(main())
