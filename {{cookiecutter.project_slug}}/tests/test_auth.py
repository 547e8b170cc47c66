"""Every request to /chatkit needs a valid bearer token; refusals say nothing about why."""

import json
import time

import jwt
import pytest
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.http.app import create_app
from {{ cookiecutter.package_name }}.i18n import SUPPORTED_LOCALES

from .expected_text import EXPECTED
from .support import AUDIENCE, ISSUER, auth, make_token

LIST = json.dumps({"type": "threads.list", "params": {}})


def _unsigned(claims: dict) -> str:
    return jwt.encode(claims, key=None, algorithm="none")


def _refusals() -> dict[str, str]:
    now = int(time.time())
    base = {"iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "tid": "tenant-a"}
    return {
        "expired": make_token(exp=now - 120, iat=now - 600, nbf=now - 600),
        "wrong signature": make_token(secret="another-secret-that-is-also-long-enough-xx"),
        "alg none": _unsigned({**base, "iat": now, "nbf": now, "exp": now + 300}),
        "wrong issuer": make_token(iss="https://elsewhere.example.com"),
        "wrong audience": make_token(aud="another-api"),
        "not yet valid": make_token(nbf=now + 600),
        "no expiry": make_token(exp=None),
        "no subject": make_token(sub=None),
        "no tenant": make_token(tid=None),
        "HS512 not allowed": make_token(algorithm="HS512"),
        "tampered payload": _tamper(make_token()),
        "garbage": "not-a-jwt",
    }


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    claims["sub"] = "mallory"
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return f"{header}.{forged}.{signature}"


def test_missing_token_is_401_with_a_bearer_challenge(client):
    response = client.post("/chatkit", content=LIST)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("case", sorted(_refusals()))
def test_invalid_tokens_are_401(client, case):
    token = _refusals()[case]
    response = client.post("/chatkit", content=LIST, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, case


@pytest.mark.parametrize("value", ["Basic YWxpY2U6cHc=", "Bearer", "Bearer ", "Token abc"])
def test_other_schemes_and_empty_bearer_are_401(client, value):
    response = client.post("/chatkit", content=LIST, headers={"Authorization": value})
    assert response.status_code == 401


def test_token_within_the_leeway_is_accepted(client):
    now = int(time.time())
    token = make_token(exp=now - 5, iat=now - 300, nbf=now - 300)
    response = client.post("/chatkit", content=LIST, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_401_message_follows_the_locale(client, locale):
    response = client.post("/chatkit", content=LIST, headers={"Accept-Language": locale})
    assert response.json()["error"]["message"] == EXPECTED[locale]["sign_in"]
    assert response.headers["content-language"] == locale


def test_valid_token_reaches_chatkit(client):
    token = make_token()
    response = client.post("/chatkit", content=LIST, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json() == {"data": [], "has_more": False}


def test_the_tenant_claim_is_configurable(settings):
    org_settings = settings.model_copy(update={"jwt_tenant_claim": "org"})
    with TestClient(create_app(org_settings), base_url="http://127.0.0.1") as client:
        with_org = make_token(tid=None, org="acme")
        without_org = make_token()  # carries only the default "tid" claim
        assert client.post("/chatkit", content=LIST, headers=auth(with_org)).status_code == 200
        assert client.post("/chatkit", content=LIST, headers=auth(without_org)).status_code == 401
