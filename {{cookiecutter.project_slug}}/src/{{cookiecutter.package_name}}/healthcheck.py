"""The container's health check: ``python -m {{ cookiecutter.package_name }}.healthcheck``.

Exits 0 when the server on this machine answers ``GET /healthz`` with 200, else 1. Slim images
have no curl, hence Python. The probe paths skip the Host allow-list (``http/hosts.py``), so
the request goes to 127.0.0.1 as it is.
"""

import argparse
import sys
from http.client import HTTPConnection

PATH = "/healthz"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="{{ cookiecutter.package_name }}.healthcheck")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--timeout", type=float, default=4.0, metavar="SECONDS")
    args = parser.parse_args(argv)
    connection = HTTPConnection("127.0.0.1", args.port, timeout=args.timeout)
    try:
        connection.request("GET", PATH)
        status = connection.getresponse().status
    except OSError as error:
        print(f"healthcheck: {PATH} did not answer: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status != 200:
        print(f"healthcheck: {PATH} answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
