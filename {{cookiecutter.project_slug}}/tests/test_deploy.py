"""The deployment kit (deploy/, .dockerignore), checked against the code it deploys.

No container engine runs here: the Dockerfile is read with Docker's own parser (the
``dockerfile`` package), compose.yaml as YAML, the nginx files with ``deploy_files``; what they
name is then checked against the CLI, the settings and the app's routes. The ``serve`` options
go through the real CLI, and once through a real server with two workers.
"""

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, get_args

import dockerfile
import httpx
import pytest
import uvicorn
import yaml
from uvicorn.importer import import_from_string

from {{ cookiecutter.package_name }} import cli
from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.healthcheck import PATH as HEALTH_PATH
from {{ cookiecutter.package_name }}.http import asgi
from {{ cookiecutter.package_name }}.http.app import create_app
from {{ cookiecutter.package_name }}.http.files import MULTIPART_OVERHEAD_BYTES
from {{ cookiecutter.package_name }}.settings import Settings

from .deploy_files import (
    Block,
    dockerignore_patterns,
    effective,
    is_ignored,
    matching_location,
    parse_nginx,
    seconds,
    size_in_bytes,
    with_includes,
)
from .framework import App
from .store_support import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
SRC = PROJECT_ROOT / "src"
PACKAGE = "{{ cookiecutter.package_name }}"
SLUG = "{{ cookiecutter.project_slug }}"
UPSTREAM = f"http://{SLUG}_app"
LOCATIONS_INCLUDE = f"{SLUG}/locations.conf"
# Variables that are not settings: serve's (uvicorn's own names){% if cookiecutter.database == 'postgres' %}, the postgres image's{% endif %}
# and OpenTelemetry's. README.md names each one used.
EXTERNAL_VARIABLES = {
    "WEB_CONCURRENCY",
    "FORWARDED_ALLOW_IPS",
{%- if cookiecutter.database == 'postgres' %}
    "POSTGRES_DB",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
{%- endif %}
    "OTEL_EXPORTER_OTLP_ENDPOINT",
}
# RUN steps are run by /bin/sh in the image.
SHELL = shutil.which("sh") or "/bin/sh"
SECRET_NAME = re.compile(r"SECRET|PASSWORD|API_KEY|{% if cookiecutter.encryption == 'aes_gcm' %}ENCRYPTION_KEYS|{% endif %}TOKEN")
INTERPOLATION = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)")
ENV_LINE = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")
# What a production run cannot do without, beyond the settings that have no default.
PRODUCTION_NEEDS = (
    "APP_ENV",
    "OPENAI_API_KEY",
{%- if cookiecutter.auth_style == 'jwt' %}
    "JWT_ISSUER",
    "JWT_AUDIENCE",
{%- elif cookiecutter.auth_style == 'session' %}
    "OIDC_ISSUER",
    "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET",
    "OIDC_STATE_SECRET",
{%- endif %}
    "ATTACHMENT_URL_SECRET",
    "HOSTNAMES",
    "DOMAIN_KEYS",
    "PURGE_SCHEDULE",
)


# The Dockerfile, as Docker reads it


@dataclass
class Stage:
    name: str
    base: str
    commands: list[dockerfile.Command]

    def all(self, instruction: str) -> list[dockerfile.Command]:
        return [command for command in self.commands if command.cmd == instruction]

    def last(self, instruction: str) -> dockerfile.Command:
        found = self.all(instruction)
        assert found, f"stage {self.name} has no {instruction}"
        return found[-1]

    def env(self) -> dict[str, str]:
        pairs: dict[str, str] = {}
        for command in self.all("ENV"):
            pairs.update(zip(command.value[::2], command.value[1::2], strict=True))
        return pairs

    def workdir(self) -> str:
        return self.last("WORKDIR").value[0]


def stages() -> list[Stage]:
    found: list[Stage] = []
    for command in dockerfile.parse_file(str(DEPLOY / "Dockerfile")):
        if command.cmd == "FROM":
            image, *alias = command.value
            assert [word.upper() for word in alias[:1]] in ([], ["AS"]), command.original
            found.append(Stage(alias[1] if alias else "", image, []))
        else:
            assert found, f"before the first FROM: {command.original}"
            found[-1].commands.append(command)
    return found


def stage(predicate) -> Stage:
    [found] = [candidate for candidate in stages() if predicate(candidate)]
    return found


def runs(of: Stage, text: str) -> list[dockerfile.Command]:
    return [command for command in of.all("RUN") if text in command.value[0]]


def image_argv() -> list[str]:
    runtime = stages()[-1]
    entrypoint, command = runtime.last("ENTRYPOINT"), runtime.last("CMD")
    # Exec form: Python is PID 1's child of no shell, so SIGTERM reaches the server.
    assert entrypoint.json and command.json
    return [*entrypoint.value, *command.value]


def cli_args(argv: list[str]):
    assert argv[:3] == ["python", "-m", PACKAGE], argv
    return cli._parser().parse_args(argv[3:])


def served_port() -> int:
    return cli_args(image_argv()).port


def test_every_base_image_is_pinned_to_a_version():
    names: set[str] = set()
    for each in stages():
        if each.base not in names:
            assert re.fullmatch(r"[a-z0-9./_-]+:\d+(\.\d+)*(-[a-z0-9.-]+)?", each.base), each.base
        names.add(each.name)


def test_the_images_match_the_versions_ci_tests_with():
    ci = yaml.safe_load((PROJECT_ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    steps = [step for job in ci["jobs"].values() for step in job["steps"]]
    versions = {
        step["uses"].split("/")[1].split("@")[0]: str(next(iter(step["with"].values())))
        for step in steps
        if step.get("uses", "").startswith(("actions/setup-python", "actions/setup-node"))
    }
    bases = [each.base for each in stages()]
    assert any(base.startswith(f"python:{versions['setup-python']}-") for base in bases), bases
    assert any(base.startswith(f"node:{versions['setup-node']}.") for base in bases), bases


def test_the_image_runs_as_a_non_root_user():
    runtime = stages()[-1]
    user = runtime.last("USER").value[0]
    uid = user.split(":")[0]
    assert uid not in ("root", "0")
    if uid.isdigit():
        assert any(f"--uid {uid}" in command.value[0] for command in runtime.all("RUN"))


def test_every_copy_source_is_in_the_build_context_or_an_earlier_stage():
    patterns = dockerignore_patterns(PROJECT_ROOT / ".dockerignore")
    earlier: set[str] = set()
    for each in stages():
        # ADD also fetches URLs and unpacks archives; COPY only copies.
        assert not each.all("ADD")
        for command in each.all("COPY"):
            sources = command.value[:-1]
            origin = [flag.split("=", 1)[1] for flag in command.flags if flag.startswith("--from=")]
            if origin:
                assert origin[0] in earlier, command.original
                continue
            for source in sources:
                assert (PROJECT_ROOT / source).exists(), f"{source} is not in the project"
                assert not is_ignored(source, patterns), f"{source} is in .dockerignore"
        earlier.add(each.name)


def test_the_dependency_layer_depends_on_pyproject_toml_alone():
    deps = stage(lambda each: runs(each, "pip install"))
    [install] = runs(deps, "pip install")
    before = deps.commands[: deps.commands.index(install)]
    assert [command.value for command in before if command.cmd == "COPY"] == [
        ("pyproject.toml", "./")
    ]
    # The RUN's own Python lists [project].dependencies: run it on this project.
    words = shlex.split(install.value[0])
    code = words[words.index("-c") + 1]
    listed = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert listed == pyproject["project"]["dependencies"]
    assert all("==" in requirement for requirement in listed)
    assert "pip install --requirement requirements.txt" in install.value[0]


def test_the_catalogs_are_compiled_and_the_front_end_gets_their_strings():
    ui_strings = re.search(
        r"^UI_STRINGS := (\S+)$", (PROJECT_ROOT / "Makefile").read_text(), re.MULTILINE
    ).group(1)
    catalogs = stage(lambda each: runs(each, f"{PACKAGE}.i18n.compile"))
    [build] = runs(catalogs, f"{PACKAGE}.i18n.compile")
    glob = re.search(r"for po in (\S+);", build.value[0]).group(1)
    every_po = sorted((SRC / PACKAGE / "i18n" / "locales").glob("*.po"))
    assert every_po and sorted(PROJECT_ROOT.glob(glob)) == every_po
    assert f"python -m {PACKAGE}.i18n.interface_text > {ui_strings}" in build.value[0]

    frontend = stage(lambda each: each.base.startswith("node:"))
    [copy] = [command for command in frontend.all("COPY") if "--from=catalogs" in command.flags]
    source, target = copy.value
    # Wherever the stages work, the file lands where the project keeps it.
    assert source == f"{stages()[0].workdir()}/{ui_strings}"
    assert f"{frontend.workdir()}/{target}".endswith(ui_strings)


def test_the_catalog_step_of_the_build_writes_what_make_catalogs_writes(tmp_path):
    catalogs = stage(lambda each: runs(each, f"{PACKAGE}.i18n.compile"))
    [build] = runs(catalogs, f"{PACKAGE}.i18n.compile")
    [copy] = catalogs.all("COPY")
    assert copy.value == ("src/", "src/")
    workdir = tmp_path / "app"
    shutil.copytree(SRC, workdir / "src", ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    # As in the image: `python` is this environment's, the package is found on PYTHONPATH.
    env = os.environ | {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
        "PYTHONPATH": str(workdir / "src"),
    }
    done = subprocess.run(
        [SHELL, "-ec", build.value[0]], cwd=workdir, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    locales = workdir / "src" / PACKAGE / "i18n" / "locales"
    assert sorted(mo.stem for mo in locales.glob("*.mo")) == sorted(
        po.stem for po in locales.glob("*.po")
    )
    written = (workdir / "frontend" / "src" / "config" / "ui-strings.json").read_text()
    expected = subprocess.run(
        [sys.executable, "-m", f"{PACKAGE}.i18n.interface_text"],
        env=os.environ | {"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert written == expected


def test_every_run_step_is_valid_shell():
    for each in stages():
        for command in each.all("RUN"):
            assert not command.json, command.original
            checked = subprocess.run([SHELL, "-n", "-c", command.value[0]], capture_output=True)
            assert checked.returncode == 0, command.original


def test_the_front_end_is_built_with_its_domain_keys():
    frontend = stage(lambda each: each.base.startswith("node:"))
    order = [(command.cmd, " ".join(command.value)) for command in frontend.commands]

    def position(instruction: str, text: str) -> int:
        return next(
            index
            for index, (cmd, value) in enumerate(order)
            if cmd == instruction and text in value
        )

    # The packages are installed from the lock file before the sources and the keys arrive,
    # so neither a code change nor a new key reinstalls them.
    assert (
        position("COPY", "package-lock.json")
        < position("RUN", "npm ci")
        < position("COPY", "frontend/ ")
        < position("ARG", "DOMAIN_KEYS")
        < position("RUN", "npm run build")
    )
    runtime = stages()[-1]
    [dist] = [
        command for command in runtime.all("COPY") if f"--from={frontend.name}" in command.flags
    ]
    assert dist.value[0].rstrip("/") == f"{frontend.workdir()}/dist"


def landed(of: Stage) -> dict[str, PurePosixPath]:
    """Where each source of the stage's COPYs ends up: a directory's content goes into the
    target, a file into the target directory under its own name."""
    places = {}
    for command in of.all("COPY"):
        *sources, target = command.value
        for source in sources:
            place = PurePosixPath(of.workdir(), target)
            if not source.endswith("/") and (target.endswith("/") or target in (".", "./")):
                place /= PurePosixPath(source).name
            places[source] = place
    return places


def test_the_runtime_keeps_the_source_tree_layout():
    runtime = stages()[-1]
    root = PurePosixPath(runtime.workdir())
    places = landed(runtime)
    # `migrate` finds alembic.ini and migrations/ next to src/, as in a checkout.
    assert places["alembic.ini"] == root / "alembic.ini"
    assert places["migrations/"] == root / "migrations"
    assert places[f"{stages()[0].workdir()}/src/"] == root / "src"
    assert runtime.env()["PYTHONPATH"] == str(root / "src")
    # The built front end where the backend looks for it.
    frontend_dir = Settings.model_fields["frontend_dir"].default
    frontend = stage(lambda each: each.base.startswith("node:"))
    assert places[f"{frontend.workdir()}/dist/"] == root / frontend_dir.as_posix()


def test_var_is_the_writable_volume_for_the_apps_files():
    runtime = stages()[-1]
    root = runtime.workdir()
    [volume] = runtime.all("VOLUME")
    assert volume.value == (f"{root}/var",)
    assert any(
        "chown" in command.value[0] and "var" in command.value[0] for command in runtime.all("RUN")
    )
    assert Settings.model_fields["attachments_dir"].default.parts[0] == "var"
{%- if cookiecutter.database == 'sqlite' %}
    database = Settings.model_fields["database_url"].default.split(":///", 1)[1]
    assert PurePosixPath(database).parts[0] == "var"
{%- endif %}


def test_the_image_runs_in_production_with_json_logs():
    env = stages()[-1].env()
    assert env["APP_ENV"] == "production"
    assert env["LOG_FORMAT"] == "json"
    assert env["APP_ENV"] in get_args(Settings.model_fields["app_env"].annotation)
    assert env["LOG_FORMAT"] in get_args(Settings.model_fields["log_format"].annotation)
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env["PYTHONUNBUFFERED"] == "1"


def test_the_image_serves_on_all_interfaces_on_the_exposed_port():
    args = cli_args(image_argv())
    assert args.run is cli._serve
    assert args.host == "0.0.0.0"  # noqa: S104 (inside a container)
    assert stages()[-1].last("EXPOSE").value == (str(args.port),)


def test_the_health_check_asks_healthz_on_the_served_port(app):
    health = stages()[-1].last("HEALTHCHECK")
    assert health.json and health.value[0] == "CMD"
    argv = list(health.value[1:])
    assert argv[:3] == ["python", "-m", f"{PACKAGE}.healthcheck"]
    assert argv[argv.index("--port") + 1] == str(served_port())
    assert HEALTH_PATH == "/healthz"
    assert HEALTH_PATH in {getattr(route, "path", None) for route in app.routes}


def test_local_state_secrets_and_build_output_stay_out_of_the_build_context():
    patterns = dockerignore_patterns(PROJECT_ROOT / ".dockerignore")
    for path in (
        ".git",
        ".venv/bin/python",
        ".env",
        "deploy/production.env",
        "deploy/nginx/certs/privkey.pem",
        "var/attachments/a",
        "frontend/node_modules/vite/package.json",
        "frontend/dist/index.html",
        f"src/{PACKAGE}/__pycache__/cli.cpython-311.pyc",
        f"src/{PACKAGE}/i18n/locales/en.mo",
        ".pytest_cache",
        ".ruff_cache",
    ):
        assert is_ignored(path, patterns), path
    for path in ("pyproject.toml", f"src/{PACKAGE}/cli.py", "frontend/src/page.ts"):
        assert not is_ignored(path, patterns), path


# compose.yaml and the env file


def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def services() -> dict[str, Any]:
    return compose()["services"]


def env_example() -> list[tuple[bool, str, str]]:
    """(commented out, name, value) for each ``NAME=value`` line of production.env.example."""
    entries = []
    for line in (DEPLOY / "production.env.example").read_text(encoding="utf-8").splitlines():
        match = ENV_LINE.match(line)
        if match:
            entries.append((bool(match.group(1)), match.group(2), match.group(3)))
    return entries


def test_compose_builds_the_image_from_the_project_root():
    arguments = {command.value[0].split("=")[0] for each in stages() for command in each.all("ARG")}
    for name in ("migrate", "app"):
        build = services()[name]["build"]
        assert (DEPLOY / build["context"]).resolve() == PROJECT_ROOT.resolve()
        assert (PROJECT_ROOT / build["dockerfile"]).resolve() == (DEPLOY / "Dockerfile").resolve()
        assert set(build.get("args", {})) <= arguments
        assert services()[name]["env_file"] == "production.env"
    assert (DEPLOY / "production.env.example").is_file()


def test_compose_migrates_once_before_the_app_starts():
    entrypoint = list(stages()[-1].last("ENTRYPOINT").value)
    migrate, app = services()["migrate"], services()["app"]
    assert cli_args(entrypoint + migrate["command"]).run is cli._migrate
    assert migrate["restart"] == "no"
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
{%- if cookiecutter.database == 'postgres' %}
    postgres = services()["postgres"]
    assert re.fullmatch(r"postgres:1[56](\.\d+)?-\w+", postgres["image"])
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
{%- else %}
    # SQLite: the app alone, its database in the named volume both services mount.
    assert set(services()) == {"migrate", "app", "nginx"}
    assert "var:/app/var" in migrate["volumes"] and "var:/app/var" in app["volumes"]
    assert "var" in compose()["volumes"]
{%- endif %}


def test_compose_serves_the_app_and_starts_the_proxy_once_the_app_is_healthy():
    entrypoint = list(stages()[-1].last("ENTRYPOINT").value)
    app, nginx = services()["app"], services()["nginx"]
    args = cli_args(entrypoint + app["command"])
    assert args.run is cli._serve
    assert args.host == "0.0.0.0"  # noqa: S104 (inside a container)
    assert app["ports"] == [f"127.0.0.1:{args.port}:{args.port}"]
    # The image's HEALTHCHECK is the app's: compose keeps it.
    assert "healthcheck" not in app
    assert nginx["depends_on"]["app"]["condition"] == "service_healthy"
    assert nginx["profiles"] == ["proxy"]
    assert re.fullmatch(r"nginx:\d+\.\d+(\.\d+)?", nginx["image"])
    assert seconds(app["stop_grace_period"]) > args.timeout_graceful_shutdown


def test_compose_mounts_the_nginx_files_where_the_includes_expect_them():
    mounts = dict(volume.split(":")[:2] for volume in services()["nginx"]["volumes"])
    assert mounts[f"./nginx/{SLUG}.conf"] == "/etc/nginx/conf.d/default.conf"
    assert mounts["./nginx/locations.conf"] == f"/etc/nginx/{LOCATIONS_INCLUDE}"
    for source in mounts:
        if source != "./nginx/certs":  # the operator's, never committed
            assert (DEPLOY / source).is_file(), source
    certificates = {
        str(PurePosixPath(value[0]).parent)
        for server in https_servers()
        for value in server.values("ssl_certificate") + server.values("ssl_certificate_key")
    }
    assert certificates == {mounts["./nginx/certs"]}
    published = {port.split(":")[-1] for port in services()["nginx"]["ports"]}
    listening = {listen_port(server) for server in main_conf().children("server")}
    assert published == listening


def test_compose_and_the_env_file_name_only_settings_or_documented_variables():
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    names = set(INTERPOLATION.findall(text)) | {name for _, name, _ in env_example()}
    for service in services().values():
        names |= set(service.get("environment", {}))
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name in sorted(names):
        if name.lower() not in Settings.model_fields:
            assert name in EXTERNAL_VARIABLES, f"{name} is neither a setting nor documented"
            assert name in readme, f"README.md does not mention {name}"


def test_compose_holds_no_secret_values():
    def mappings() -> list[dict[str, Any]]:
        found = []
        for service in services().values():
            found.append(service.get("environment", {}))
            found.append(service.get("build", {}).get("args", {}))
        return found

    for mapping in mappings():
        for name, value in mapping.items():
            if SECRET_NAME.search(name):
                assert re.fullmatch(r"\$\{\w+(:?[-?][^}]*)?\}", str(value)), name
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    for password in re.findall(r"://[^:/@\s]+:([^@\s]+)@", text):
        assert password.startswith("${"), "a password written into compose.yaml"
    assert "deploy/production.env" in (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8")


def test_the_env_example_fills_in_to_valid_production_settings(monkeypatch, tmp_path, capsys):
    entries = env_example()
    active = {name: value for commented, name, value in entries if not commented}
    for name, value in active.items():
        if SECRET_NAME.search(name):
            assert value == "", f"{name} must be left empty in the example"
    required = {name.upper() for name, info in Settings.model_fields.items() if info.is_required()}
    assert {*required, *PRODUCTION_NEEDS} <= active.keys()
{%- if cookiecutter.auth_style == 'jwt' %}
    assert ("JWT_JWKS_URL" in active) != ("JWT_SECRET" in active)
{%- endif %}

    # Filled in the way the example says: `secrets` for the secrets, the rest by hand.
{%- if cookiecutter.encryption == 'aes_gcm' %}
    monkeypatch.delenv("ENCRYPTION_KEYS", raising=False)
{%- endif %}
    assert main(["secrets"]) == 0
    fresh = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    by_hand = {
        "OPENAI_API_KEY": "sk-placeholder-never-used",
{%- if cookiecutter.auth_style == 'jwt' %}
        "JWT_JWKS_URL": "https://login.example.com/.well-known/jwks.json",
{%- elif cookiecutter.auth_style == 'session' %}
        "OIDC_CLIENT_SECRET": "client-secret-from-the-provider",
{%- endif %}
        "PURGE_SCHEDULE": "daily 03:17 UTC, cron on the app host",
        "DOMAIN_KEYS": "",
{%- if cookiecutter.database == 'postgres' %}
        "POSTGRES_PASSWORD": "0123456789abcdef",
{%- endif %}
    }
    filled = tmp_path / "production.env"
    lines = []
    for name, value in active.items():
        if value == "":
            assert name in fresh or name in by_hand, f"no test value for {name}"
            value = fresh.get(name, by_hand.get(name))
        lines.append(f"{name}={value}")
    filled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name in [*Settings.model_fields, *EXTERNAL_VARIABLES]:
        monkeypatch.delenv(name.upper(), raising=False)

    settings = Settings(_env_file=filled)

    assert settings.is_production
    assert settings.log_format == "json"
    assert settings.hostnames == Settings.model_fields["hostnames"].default


# The reverse proxy


def main_conf() -> Block:
    return parse_nginx((DEPLOY / "nginx" / f"{SLUG}.conf").read_text(encoding="utf-8"))


def locations_conf() -> Block:
    return parse_nginx((DEPLOY / "nginx" / "locations.conf").read_text(encoding="utf-8"))


def listen_port(server: Block) -> str:
    [listen] = server.values("listen")
    return listen[0].rsplit(":", 1)[-1]


def https_servers() -> list[Block]:
    return [server for server in main_conf().children("server") if "ssl" in server.value("listen")]


def routed_servers() -> list[Block]:
    """The HTTPS server blocks with their included routes."""
    servers = https_servers()
    assert servers
    for server in servers:
        assert server.values("include") == [(LOCATIONS_INCLUDE,)]
    return [with_includes(server, {LOCATIONS_INCLUDE: locations_conf()}) for server in servers]


@pytest.fixture
def production_app(settings_with) -> App:
    return create_app(settings_with(app_env="production", openai_api_key="sk-never-used"))


def route_paths(app: App) -> dict[str, set[str]]:
    """Each route's path with its parameters filled in, and its methods; the front end at /."""
    paths: dict[str, set[str]] = {"/": {"GET"}}
    for route in app.routes:
        path = re.sub(r"\{[^}]+\}", "an-id", getattr(route, "path", "") or "/")
        paths.setdefault(path, set()).update(getattr(route, "methods", None) or {"GET"})
    return paths


def test_every_https_server_sends_every_route_to_the_app(production_app):
    [upstream] = main_conf().children("upstream")
    assert f"http://{upstream.args[0]}" == UPSTREAM
    assert upstream.value("server") and upstream.value("keepalive")
    paths = route_paths(production_app)
    assert {"/chatkit", "/attachments/an-id/upload", "/telemetry", "/healthz", "/readyz"} <= set(
        paths
    )
    for server in routed_servers():
        for path in paths:
            assert matching_location(server, path).value("proxy_pass") == (UPSTREAM,), path


def test_the_chatkit_stream_is_passed_on_unbuffered():
    for server in routed_servers():
        location = matching_location(server, "/chatkit")
        assert location.value("proxy_buffering") == ("off",)
        assert location.value("proxy_cache") == ("off",)
        assert location.value("gzip") == ("off",)
        # A turn is silent while the model or a tool thinks: minutes, not nginx's 60 s.
        assert seconds(location.value("proxy_read_timeout")[0]) >= 300


def test_requests_reach_the_app_as_the_browser_sent_them():
    for server in routed_servers():
        assert server.value("proxy_http_version") == ("1.1",)
        headers = {args[0]: args[1] for args in server.values("proxy_set_header")}
        assert headers == {
            "Connection": "",
            "Host": "$http_host",
            "X-Forwarded-For": "$proxy_add_x_forwarded_for",
            "X-Forwarded-Proto": "$scheme",
        }
        # A location with a proxy_set_header of its own would drop all of these.
        assert not any(
            location.values("proxy_set_header") for location in server.children("location")
        )


def test_bodies_up_to_the_apps_limits_get_through(production_app):
    max_body = Settings.model_fields["max_body_bytes"].default
    attachment = Settings.model_fields["attachment_max_bytes"].default + MULTIPART_OVERHEAD_BYTES
    for server in routed_servers():
        for path, methods in route_paths(production_app).items():
            if "POST" not in methods:
                continue
            location = matching_location(server, path)
            limit = effective("client_max_body_size", location, server, main_conf())
            needed = attachment if path.startswith("/attachments/") else max_body
            assert limit and size_in_bytes(limit[0]) >= needed, path


def test_each_hostname_is_served_on_its_port():
    hostnames = Settings.model_fields["hostnames"].default
    expected = {
        (entry.split(":")[0], entry.split(":")[1] if ":" in entry else "443") for entry in hostnames
    }
    served = {
        (name, listen_port(server))
        for server in https_servers()
        for name in server.value("server_name")
    }
    assert served == expected
    for server in main_conf().children("server"):
        if "ssl" not in server.value("listen"):
            assert listen_port(server) == "80"
            assert server.value("return") == ("301", "https://$host$request_uri")
            assert {(name, "443") for name in server.value("server_name")} <= expected


def test_nginx_closes_idle_connections_to_the_app_before_the_app_does(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    [upstream] = main_conf().children("upstream")
    app_keep_alive = cli._parser().parse_args(["serve"]).timeout_keep_alive
    assert seconds(upstream.value("keepalive_timeout")[0]) < app_keep_alive


# serve: the process options


@pytest.fixture
def uvicorn_calls(monkeypatch) -> list[tuple[tuple, dict]]:
    calls: list[tuple[tuple, dict]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    # Freezing start-up objects is for a server process, not this test run.
    monkeypatch.setattr(asgi.gc, "freeze", lambda: None)
    for name in ("WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    return calls


def test_one_worker_runs_the_app_built_in_this_process(cli_env, uvicorn_calls):
    assert main(["serve", "--port", "8123"]) == 0

    [(args, options)] = uvicorn_calls
    assert isinstance(args[0], App)
    assert options == {
        "host": "127.0.0.1",
        "port": 8123,
        "log_config": None,
        "proxy_headers": True,
        "forwarded_allow_ips": "127.0.0.1",
        "timeout_graceful_shutdown": 30,
        "timeout_keep_alive": 75,
        "server_header": False,
    }


def test_several_workers_each_build_the_app_from_its_import_string(cli_env, uvicorn_calls):
    argv = ["serve", "--workers", "3", "--host", "0.0.0.0"]  # noqa: S104 (inside a container)
    argv += ["--forwarded-allow-ips", "10.0.0.0/8"]
    argv += ["--timeout-graceful-shutdown", "50", "--timeout-keep-alive", "90"]

    assert main(argv) == 0

    [(args, options)] = uvicorn_calls
    assert args == (asgi.FACTORY,)
    assert import_from_string(asgi.FACTORY) is asgi.build_app
    assert options["factory"] is True
    assert options["workers"] == 3
    assert options["host"] == "0.0.0.0"  # noqa: S104 (inside a container)
    assert options["forwarded_allow_ips"] == "10.0.0.0/8"
    assert options["timeout_graceful_shutdown"] == 50
    assert options["timeout_keep_alive"] == 90


def test_workers_and_trusted_proxies_default_to_uvicorns_variables(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.1.2.3,10.1.2.4")
    args = cli._parser().parse_args(["serve"])
    assert (args.workers, args.forwarded_allow_ips) == (4, "10.1.2.3,10.1.2.4")

    monkeypatch.delenv("WEB_CONCURRENCY")
    monkeypatch.delenv("FORWARDED_ALLOW_IPS")
    args = cli._parser().parse_args(["serve"])
    assert (args.workers, args.forwarded_allow_ips) == (1, "127.0.0.1")


@pytest.mark.parametrize(
    "argv",
    [["--workers", "0"], ["--workers", "two"], ["--timeout-keep-alive", "0"]],
    ids=["no-workers", "not-a-number", "no-keep-alive"],
)
def test_bad_process_options_are_refused(monkeypatch, capsys, argv):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    with pytest.raises(SystemExit) as exit_:
        main(["serve", *argv])
    assert exit_.value.code == 2
    assert argv[0] in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _health_check(port: int, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The image's HEALTHCHECK command, pointed at ``port``."""
    argv = list(stages()[-1].last("HEALTHCHECK").value[1:])
    argv[argv.index("--port") + 1] = str(port)
    return subprocess.run(
        [sys.executable, *argv[1:]], env=env, capture_output=True, text=True, timeout=30
    )


def test_two_workers_serve_and_pass_the_image_health_check(cli_env, tmp_path):
    port = _free_port()
    env = {name: value for name, value in os.environ.items() if name != "WEB_CONCURRENCY"}
    env["PYTHONPATH"] = str(SRC)
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", PACKAGE, "serve", "--workers", "2", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        workers: set[str] = set()
        deadline = time.monotonic() + 60
        while len(workers) < 2 or not _answers(port):
            assert server.poll() is None, f"serve exited:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"two workers did not start:\n{log.read_text()}"
            time.sleep(0.2)
            workers = set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))
        assert str(server.pid) not in workers
        check = _health_check(port, env)
        assert check.returncode == 0, check.stderr
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            raise

    assert server.returncode == 0
    stopped = _health_check(port, env)
    assert stopped.returncode == 1
    assert "did not answer" in stopped.stderr


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}{HEALTH_PATH}", timeout=2).status_code == 200
    except httpx.TransportError:
        return False
