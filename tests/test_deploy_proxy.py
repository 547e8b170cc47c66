"""The generated reverse-proxy settings stream a real turn through a real nginx.

The default project is rendered and served on 127.0.0.1 with the offline model pacing its
words (OFFLINE_MODEL_DELAY_MS). nginx (Debian's package; .ci/run installs it) runs in the
foreground from a temporary prefix, with the project's deploy/nginx/locations.conf included in
a test server block whose upstream is that server. That server is as unfriendly to streams as
a common nginx.conf: gzip on for text/event-stream, and the app's X-Accel-Buffering header
ignored, so the included settings alone must keep the stream flowing. Through them, a turn's
first event arrives long before its last; through a plain location of the same server (the
control) the whole turn arrives at once, which shows the measure tells the two apart.
`nginx -t` checks the whole generated configuration, with a throwaway certificate. Loopback
only; every wait is bounded.
"""

from __future__ import annotations

import datetime
import getpass
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from test_generated_suite import nested_environment

from cases import variation_with
from rendering import cookiecutter_context

STARTUP_SECONDS = 60
WORD_DELAY_MS = 50
# Echoed word by word by the offline model: about a second of stream at 50 ms a word.
MESSAGE = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
NGINX_HELP = "install nginx (Debian: apt-get install nginx; .ci/run does)"


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)), None
    )
    if found is None:
        pytest.fail(f"nginx is not installed: {NGINX_HELP}", pytrace=False)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} exited with {process.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing listened on 127.0.0.1:{port} within {STARTUP_SECONDS} s:\n{log.read_text()}")


@contextmanager
def running(command: list[str], port: int, log: Path, **options) -> Iterator[subprocess.Popen]:
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, **options)
    try:
        wait_for_port(port, process, log)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Project:
    """A rendered project, ready to run: catalogs compiled, secrets made, database migrated."""

    def __init__(self, root: Path, scratch: Path) -> None:
        self.root = root
        self.package = root.name
        subprocess.run(
            ["make", "catalogs", f"PYTHON={sys.executable}"],
            cwd=root,
            env=nested_environment(),
            check=True,
            capture_output=True,
        )
        self.env = nested_environment(
            {
                "PYTHONPATH": str(root / "src"),
                "APP_ENV": "development",
                "DATABASE_URL": f"sqlite+aiosqlite:///{scratch / 'app.db'}",
                "ATTACHMENTS_DIR": str(scratch / "attachments"),
                "OFFLINE_MODEL_DELAY_MS": str(WORD_DELAY_MS),
                "LOG_FORMAT": "json",
            }
        )
        for name in ("OPENAI_API_KEY", "HOSTNAMES", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS"):
            self.env.pop(name, None)
        secrets = self.cli("secrets")
        self.env.update(line.split("=", 1) for line in secrets.splitlines())
        self.cli("migrate")

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", self.package, *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=STARTUP_SECONDS,
        )
        assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout}{done.stderr}"
        return done.stdout


@pytest.fixture(scope="module")
def project(bakes, tmp_path_factory) -> Project:
    # A copy: running the project writes catalogs into it, and the render is shared.
    render = bakes.cookiecutter("default")
    root = shutil.copytree(render, tmp_path_factory.mktemp("project") / render.name)
    return Project(root, tmp_path_factory.mktemp("state"))


def nginx_prefix(directory: Path, project: Project) -> Path:
    """An nginx prefix holding the project's files where its includes expect them."""
    slug = project.root.name
    (directory / "conf" / slug).mkdir(parents=True)
    (directory / "logs").mkdir()
    shutil.copy(project.root / "deploy" / "nginx" / "locations.conf", directory / "conf" / slug)
    return directory


def nginx_main_conf(http: str) -> str:
    # As root, nginx would switch its workers to a user who cannot read a private temp dir.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    # Every file nginx writes goes under the prefix, not where the package put its defaults.
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp_paths = "".join(f"    {kind}_temp_path {kind}_temp;\n" for kind in kinds)
    return (
        f"{user}daemon off;\nworker_processes 1;\npid nginx.pid;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n    access_log off;\n{temp_paths}{http}\n}}\n"
    )


def stream_times(url: str, host: str, token: str) -> list[float]:
    """Seconds from sending a turn to the arrival of each of its events."""
    body = {
        "type": "threads.create",
        "params": {
            "input": {
                "content": [{"type": "input_text", "text": MESSAGE}],
                "attachments": [],
                "inference_options": {},
            }
        },
    }
    headers = {"Host": host, "Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    arrivals = []
    started = time.monotonic()
    with (
        httpx.Client(timeout=30) as client,
        client.stream("POST", url, content=json.dumps(body), headers=headers) as response,
    ):
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("data: "):
                arrivals.append(time.monotonic() - started)
    return arrivals


@pytest.mark.slow
def test_a_turn_streams_through_nginx_unbuffered(project, tmp_path):
    nginx = nginx_binary()
    slug = project.root.name
    host = cookiecutter_context()["hostnames"].split(",")[0]
    app_port, proxy_port, control_port = free_port(), free_port(), free_port()
    prefix = nginx_prefix(tmp_path / "nginx", project)
    (prefix / "conf" / "nginx.conf").write_text(
        nginx_main_conf(
            f"""
    upstream {slug}_app {{ server 127.0.0.1:{app_port}; keepalive 4; }}
    # Compression holds events back until a block fills, and nginx obeys no header of the app.
    gzip on;
    gzip_types text/event-stream;
    proxy_ignore_headers X-Accel-Buffering;
    # The project's routes.
    server {{
        listen 127.0.0.1:{proxy_port};
        server_name {host};
        include {slug}/locations.conf;
    }}
    # Control: the same upstream without the project's streaming settings.
    server {{
        listen 127.0.0.1:{control_port};
        location / {{
            proxy_pass http://{slug}_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
        }}
    }}"""
        ),
        encoding="utf-8",
    )
    token = project.cli("dev-token", "--user", "proxy-user", "--tenant", "proxy-tenant").strip()
    serve = [sys.executable, "-m", project.package, "serve", "--port", str(app_port)]
    nginx_command = [nginx, "-p", str(prefix), "-c", "conf/nginx.conf", "-e", "logs/error.log"]

    with (
        running(serve, app_port, tmp_path / "app.log", cwd=project.root, env=project.env),
        running(nginx_command, proxy_port, tmp_path / "nginx.log"),
    ):
        health = httpx.get(f"http://127.0.0.1:{proxy_port}/healthz", headers={"Host": host}, timeout=10)
        ready = httpx.get(f"http://127.0.0.1:{proxy_port}/readyz", headers={"Host": host}, timeout=10)
        through_proxy = stream_times(f"http://127.0.0.1:{proxy_port}/chatkit", host, token)
        buffered = stream_times(f"http://127.0.0.1:{control_port}/chatkit", host, token)

    assert (health.status_code, health.json()) == (200, {"status": "ok"})
    assert ready.status_code == 200
    words = len(MESSAGE.split())
    assert len(through_proxy) > words, through_proxy
    total = through_proxy[-1]
    assert total >= words * WORD_DELAY_MS / 1000 * 0.8, through_proxy
    assert through_proxy[0] < total / 2, f"first event at {through_proxy[0]:.2f} s of {total:.2f} s"
    # The measure tells the difference: held back, the first event comes with the last.
    assert buffered[0] > buffered[-1] / 2, f"control: first at {buffered[0]:.2f} s of {buffered[-1]:.2f} s"


def self_signed_certificate(directory: Path, hostname: str) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True)
    (directory / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (directory / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "variation", ["default", variation_with(hostnames="app.example.com,*.staging.example.com:8443")]
)
def test_the_whole_generated_configuration_passes_nginx_t(bakes, tmp_path, variation):
    nginx = nginx_binary()
    root = bakes.cookiecutter(variation)
    slug = root.name
    prefix = tmp_path / "nginx"
    (prefix / "conf" / slug).mkdir(parents=True)
    (prefix / "logs").mkdir()
    shutil.copy(root / "deploy" / "nginx" / "locations.conf", prefix / "conf" / slug)
    self_signed_certificate(prefix / "certs", "app.example.com")
    conf = (root / "deploy" / "nginx" / f"{slug}.conf").read_text(encoding="utf-8")
    # The two things only a deployment has: the app's address and the certificate.
    assert conf.count("server app:8000;") == 1
    assert "/etc/nginx/certs/" in conf
    conf = conf.replace("server app:8000;", "server 127.0.0.1:8000;")
    conf = conf.replace("/etc/nginx/certs/", f"{prefix / 'certs'}/")
    (prefix / "conf" / f"{slug}.conf").write_text(conf, encoding="utf-8")
    main_conf = nginx_main_conf(f"    include {slug}.conf;")
    (prefix / "conf" / "nginx.conf").write_text(main_conf, encoding="utf-8")

    checked = subprocess.run(
        [nginx, "-t", "-p", str(prefix), "-c", "conf/nginx.conf", "-e", "logs/error.log"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    output = checked.stdout + checked.stderr
    assert checked.returncode == 0, output
    assert "syntax is ok" in output
    assert "[warn]" not in output, output
