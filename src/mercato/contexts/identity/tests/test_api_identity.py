"""Accounts and tokens: register, sign in, refresh rotation, revocation, expiry."""

from datetime import timedelta

import pytest

from conftest import Api, register
from mercato.shared import clock


@pytest.fixture
def pair(db):
    r = Api().post("/auth/register", {"email": "Ida@Example.com", "password": "Passw0rd!x", "name": "Ida"})
    assert r.status_code == 201 and r.body["email"] == "ida@example.com"
    return r.body


def test_me_describes_the_caller_and_roles(pair):
    me = Api(pair["token"]).get("/me").body
    assert me == {"id": pair["id"], "email": "ida@example.com", "name": "Ida", "roles": ["shopper"],
                  "merchant_id": None, "merchant_role": None}
    Api(pair["token"]).post("/merchants", {"name": "Ida's", "contact_email": "i@example.com",
                                            "business_license": "LIC-123456"})
    me = Api(pair["token"]).get("/me").body
    assert me["roles"] == ["shopper", "merchant_staff"] and me["merchant_role"] == "owner"


def test_duplicate_email_and_wrong_password(pair):
    again = Api().post("/auth/register", {"email": "ida@example.com", "password": "Passw0rd!x", "name": "X"})
    assert again.status_code == 409
    wrong = Api().post("/auth/token", {"email": "ida@example.com", "password": "nope-nope"})
    unknown = Api().post("/auth/token", {"email": "who@example.com", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 401 and wrong.body["detail"] == unknown.body["detail"]


def test_refresh_rotates_and_a_spent_refresh_token_is_refused(pair):
    first = Api().post("/auth/refresh", {"refresh_token": pair["refresh_token"]})
    assert first.status_code == 200 and Api(first.body["token"]).get("/me").status_code == 200
    reused = Api().post("/auth/refresh", {"refresh_token": pair["refresh_token"]})
    assert reused.status_code == 401


def test_revoke_ends_both_tokens(pair):
    api = Api(pair["token"])
    assert api.post("/auth/revoke", {"refresh_token": pair["refresh_token"]}).status_code == 204
    assert api.get("/me").status_code == 401
    assert Api().post("/auth/refresh", {"refresh_token": pair["refresh_token"]}).status_code == 401


def test_access_tokens_expire_after_fifteen_minutes(pair):
    with clock.frozen_at(clock.now() + timedelta(minutes=16)):
        r = Api(pair["token"]).get("/me")
    assert r.status_code == 401 and "expired" in r.body["detail"]


def test_a_tampered_or_foreign_token_is_refused(db):
    shopper = register("t@example.com")
    header, payload, signature = shopper.token.split(".")
    forged = Api(f"{header}.{payload}.{signature[:-2]}xx")
    assert forged.get("/me").status_code == 401
    assert Api("not-a-token").get("/me").status_code == 401


def test_password_guessing_is_throttled_per_email_with_retry_after(pair):
    for _ in range(10):
        assert Api().post("/auth/token", {"email": "ida@example.com", "password": "guess-guess"}).status_code == 401
    blocked = Api().post("/auth/token", {"email": "ida@example.com", "password": "Passw0rd!x"})
    assert blocked.status_code == 429 and blocked["Content-Type"] == "application/problem+json"
    assert 0 < int(blocked["Retry-After"]) <= 900
    other = Api().post("/auth/register", {"email": "other@example.com", "password": "Passw0rd!x", "name": "O"})
    assert Api().post("/auth/token", {"email": "other@example.com", "password": "Passw0rd!x"}).status_code == 200
    assert other.status_code == 201
