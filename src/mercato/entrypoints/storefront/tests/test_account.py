"""Accounts: register, log in (throttled, honouring ?next=), log out, profile, addresses, password change."""

from __future__ import annotations

from django.test import Client

from conftest import register

from .shopping import signed_in, text

NEW = {"name": "新用户", "email": "New@Example.com", "password": "long-enough-1", "password_again": "long-enough-1"}


def test_register_signs_in(db):
    client = Client()
    r = client.post("/accounts/register/?next=/orders", NEW)
    assert r.status_code == 302 and r["Location"] == "/orders"
    assert text(client.get("/accounts/")).count("new@example.com") == 1


def test_register_field_errors(db):
    register("taken@example.com")
    client = Client()
    r = client.post("/accounts/register/", {**NEW, "password_again": "different-1"})
    assert r.status_code == 400 and 'id="id_password_again_errors"' in text(r)
    r = client.post("/accounts/register/", {**NEW, "email": "taken@example.com"})
    assert r.status_code == 400 and 'id="id_email_errors"' in text(r)
    r = client.post("/accounts/register/", {**NEW, "password": "short", "password_again": "short",
                                            "email": "not-an-email", "name": "\x07"})
    for name in ("password", "email", "name"):
        assert f'id="id_{name}_errors"' in text(r), name


def test_login_refuses_foreign_next_and_wrong_passwords(db):
    register("me@example.com")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    r = client.post("/accounts/login/", {"email": "me@example.com", "password": "nope"})
    assert r.status_code == 400 and "Wrong email or password" in text(r)
    r = client.post("/accounts/login/", {"email": "me@example.com", "password": "Passw0rd!x",
                                         "next": "https://evil.example/"})
    assert r.status_code == 302 and r["Location"] == "/"


def test_sign_in_is_throttled_per_email(db):
    register("victim@example.com")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(10):
        client.post("/accounts/login/", {"email": "victim@example.com", "password": "guess"})
    r = client.post("/accounts/login/", {"email": "VICTIM@example.com", "password": "Passw0rd!x"})
    assert r.status_code == 400 and "Too many attempts" in text(r)


def test_logout_is_a_post(db):
    client = signed_in()
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    r = client.get("/accounts/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/?next=")


def test_addresses_and_password_change(db):
    client = signed_in()
    r = client.post("/accounts/addresses", {"name": "", "phone": "1", "country": "C", "city": "", "line1": ""})
    assert r.status_code == 400
    for name in ("name", "phone", "country", "city", "line1"):
        assert f'id="id_{name}_errors"' in text(r), name
    r = client.post("/accounts/addresses", {"name": "王五", "phone": "13700137000", "country": "cn",
                                            "city": "杭州市", "line1": "西湖路 8 号"}, follow=True)
    assert "西湖路 8 号" in text(r)
    r = client.post("/accounts/password", {"old_password": "wrong", "new_password1": "new-password-1",
                                           "new_password2": "new-password-1"})
    assert r.status_code == 400 and 'id="id_old_password_errors"' in text(r)
    r = client.post("/accounts/password", {"old_password": "Passw0rd!x", "new_password1": "new-password-1",
                                           "new_password2": "new-password-1"})
    assert r.status_code == 302
    assert client.get("/accounts/").status_code == 200  # still signed in
    fresh = Client()
    r = fresh.post("/accounts/login/", {"email": "shopper@example.com", "password": "new-password-1"})
    assert r.status_code == 302
