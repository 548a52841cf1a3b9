"""Rate limits key on the real client address, and a client cannot forge it through X-Forwarded-For."""

from __future__ import annotations

from django.test import RequestFactory, override_settings

from mercato.shared.client_address import client_ip


def _request(forwarded: str | None) -> object:
    extra = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_ip(_request("1.2.3.4")) == "10.0.0.2"


@override_settings(MERCATO_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_last_hop_is_the_client() -> None:
    assert client_ip(_request("6.6.6.6, 203.0.113.9")) == "203.0.113.9"  # 6.6.6.6 was made up by the client
    assert client_ip(_request(None)) == "10.0.0.2"


@override_settings(MERCATO_TRUSTED_PROXIES=2)
def test_behind_two_proxies_the_second_hop_from_the_right_is_the_client() -> None:
    assert client_ip(_request("6.6.6.6, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"
    assert client_ip(_request("203.0.113.9")) == "10.0.0.2"
