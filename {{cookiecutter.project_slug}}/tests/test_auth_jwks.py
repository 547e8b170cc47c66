"""JWKS mode: RS256/ES256 tokens verified with keys fetched from the identity provider."""

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi.testclient import TestClient
from jwt.jwk_set_cache import JWKSetCache

from {{ cookiecutter.package_name }}.http.app import create_app

from .support import AUDIENCE, ISSUER

LIST = b'{"type":"threads.list","params":{}}'
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
OTHER_RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwk(private_key, kid: str, alg: str) -> dict:
    public = private_key.public_key()
    algorithm = jwt.algorithms.RSAAlgorithm if alg == "RS256" else jwt.algorithms.ECAlgorithm
    return {**json.loads(algorithm.to_jwk(public)), "kid": kid, "alg": alg, "use": "sig"}


JWKS = json.dumps({"keys": [_jwk(RSA_KEY, "rsa-1", "RS256"), _jwk(EC_KEY, "ec-1", "ES256")]})


class FakeIdentityProvider(BaseHTTPRequestHandler):
    jwks = JWKS  # what the provider publishes now

    def do_GET(self) -> None:
        body = self.jwks.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeIdentityProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()


@pytest.fixture
def jwks_client(settings_with, jwks_url) -> Iterator[TestClient]:
    # Verify with keys from the JWKS URL instead of a shared secret.
    app = create_app(settings_with(jwt_jwks_url=jwks_url, jwt_secret=None, jwt_algorithms=()))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client


def _token(key, kid: str, algorithm: str = "RS256", **claims) -> str:
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "tid": "tenant-a"}
    payload |= {"iat": now, "nbf": now, "exp": now + 300, **claims}
    return jwt.encode(payload, key, algorithm=algorithm, headers={"kid": kid})


def _status(client: TestClient, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return client.post("/chatkit", content=LIST, headers=headers).status_code


def test_rs256_and_es256_tokens_from_the_provider_are_accepted(jwks_client):
    assert _status(jwks_client, _token(RSA_KEY, "rsa-1")) == 200
    assert _status(jwks_client, _token(EC_KEY, "ec-1", "ES256")) == 200


def _hs256_signed_with(secret: bytes, kid: str) -> str:
    """An HS256 token keyed with ``secret``, built by hand (PyJWT refuses PEM keys as secrets)."""
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "mallory", "tid": "tenant-a"}
    claims |= {"iat": now, "nbf": now, "exp": now + 300}
    header = {"alg": "HS256", "typ": "JWT", "kid": kid}
    signing_input = b".".join(
        jwt.utils.base64url_encode(json.dumps(part).encode()) for part in (header, claims)
    )
    signature = hmac.new(secret, signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + jwt.utils.base64url_encode(signature)).decode()


def test_a_key_the_provider_withdraws_stops_verifying_when_the_cache_expires(
    jwks_client, monkeypatch
):
    token = _token(RSA_KEY, "rsa-1")
    assert _status(jwks_client, token) == 200

    withdrawn = json.dumps({"keys": [_jwk(EC_KEY, "ec-1", "ES256")]})
    monkeypatch.setattr(FakeIdentityProvider, "jwks", withdrawn)
    assert _status(jwks_client, token) == 200  # still within JWT_JWKS_CACHE_SECONDS
    monkeypatch.setattr(JWKSetCache, "is_expired", lambda cache: True)  # and now past it

    assert _status(jwks_client, token) == 401
    assert _status(jwks_client, _token(EC_KEY, "ec-1", "ES256")) == 200


def test_forged_and_confused_tokens_are_refused(jwks_client):
    public_pem = RSA_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert _status(jwks_client, _hs256_signed_with(public_pem, "rsa-1")) == 401  # key confusion
    assert _status(jwks_client, _token(OTHER_RSA_KEY, "rsa-1")) == 401  # another key, known kid
    assert _status(jwks_client, _token(RSA_KEY, "unknown-kid")) == 401
    assert _status(jwks_client, _token(RSA_KEY, "rsa-1", aud="someone-else")) == 401
    assert _status(jwks_client, jwt.encode({"sub": "alice"}, None, algorithm="none")) == 401


def test_an_unreachable_provider_means_401_not_a_crash(settings_with):
    # Port 9 (discard): nothing listens there.
    unreachable = settings_with(
        jwt_jwks_url="http://127.0.0.1:9/jwks.json", jwt_secret=None, jwt_algorithms=()
    )
    with TestClient(create_app(unreachable), base_url="http://127.0.0.1") as client:
        assert _status(client, _token(RSA_KEY, "rsa-1")) == 401
