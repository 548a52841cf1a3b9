"""Black-box helpers for the e2e journeys: a real ``mercato serve`` process and a tiny HTTP client.

Nothing here imports Django or the ``mercato`` package. The server is driven exactly as an
operator would drive it (``mercato migrate``, ``mercato create-operator``, ``mercato serve``) and
the API is spoken to over HTTP only, so these tests prove the installed product, not its internals.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

SECRET_KEY = "e2e-secret-key-0123456789abcdef0123456789"
OPERATOR_EMAIL = "ops@example.com"
OPERATOR_PASSWORD = "Operator-pass-1"
STARTUP_TIMEOUT_SECONDS = 60.0
PROBLEM_JSON = "application/problem+json"

GOOD_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
AUTH_REQUIRED_CARD = "4000000000003220"

SHIPPING_ADDRESS: Mapping[str, str] = {
    "name": "张伟",
    "phone": "+8613800138000",
    "country": "CN",
    "region": "上海市",
    "city": "上海市",
    "district": "浦东新区",
    "line1": "世纪大道 100 号 8 楼",
    "postal_code": "200120",
}


# --------------------------------------------------------------------------- the server process


def mercato_script() -> Path:
    """The ``mercato`` console script installed in the same environment as this interpreter."""
    return Path(sys.executable).parent / "mercato"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def recreate_postgres_database(database_url: str) -> None:
    """Drop and create the database named by ``database_url`` so every run starts empty."""
    import psycopg  # imported lazily: SQLite runs need no PostgreSQL driver
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name:
        raise ValueError(f"no database name in {database_url!r}")
    maintenance_url = urlunsplit(parts._replace(path="/postgres", query=""))
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def is_postgres(database_url: str) -> bool:
    return urlsplit(database_url).scheme in {"postgres", "postgresql", "pgsql"}


@dataclass
class LiveServer:
    """A ``mercato serve`` subprocess on a free local port, backed by its own database."""

    home: Path
    database_url: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.home / "server.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        # pytest-django exports the *test* settings module; the server must pick its own profile.
        inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        return {
            **inherited,
            "DATABASE_URL": self.database_url,
            "MERCATO_SECRET_KEY": SECRET_KEY,
            "MERCATO_HOME": str(self.home),
        }

    def run_command(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run one ``mercato`` management command to completion; fail loudly with its output."""
        completed = subprocess.run(
            [str(mercato_script()), *args],
            env=self.env,
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"`mercato {' '.join(args)}` exited with {completed.returncode}\n"
                f"--- stdout ---\n{completed.stdout[-4000:]}\n--- stderr ---\n{completed.stderr[-4000:]}"
            )
        return completed

    def prepare(self) -> None:
        if is_postgres(self.database_url):
            recreate_postgres_database(self.database_url)
        self.run_command("migrate")
        self.run_command("create-operator", "--email", OPERATOR_EMAIL, "--password", OPERATOR_PASSWORD)

    def start(self) -> None:
        command = [
            str(mercato_script()), "serve",
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", "2",
        ]  # fmt: skip
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=self.home, stdout=log, stderr=subprocess.STDOUT)
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        url = f"{self.base_url}/api/v1/openapi.json"
        last_error = "no attempt made"
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"mercato serve exited with {self.process.returncode} during startup\n{self.log_tail()}"
                )
            try:
                response = httpx.get(url, timeout=2.0)
                if response.status_code == 200:
                    return
                last_error = f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                last_error = repr(exc)
            time.sleep(0.25)
        waited = f"{STARTUP_TIMEOUT_SECONDS:.0f}s"
        raise RuntimeError(f"mercato serve was not ready after {waited} ({last_error})\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 80) -> str:
        if not self.log_path.exists():
            return "(no server log)"
        text = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])


# --------------------------------------------------------------------------- assertions


def describe(response: httpx.Response) -> str:
    request = response.request
    return f"{request.method} {request.url} -> {response.status_code}\n{response.text[:3000]}"


def expect_status(response: httpx.Response, *statuses: int) -> httpx.Response:
    assert response.status_code in statuses, f"expected HTTP {statuses}, got {describe(response)}"
    return response


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """Assert an RFC 9457 problem document with the given status and return its body."""
    expect_status(response, status)
    content_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert content_type == PROBLEM_JSON, f"content-type {content_type!r}: {describe(response)}"
    body: dict[str, Any] = response.json()
    missing = {"type", "title", "status", "detail"} - body.keys()
    assert not missing, f"problem document lacks {missing}: {describe(response)}"
    assert body["status"] == status, describe(response)
    return body


def money(value: Mapping[str, Any], currency: str = "CNY") -> Decimal:
    """The amount of a money object, after checking it is a decimal string in ``currency``."""
    assert value["currency"] == currency, f"unexpected currency in {value}"
    assert isinstance(value["amount"], str), f"amount must be a decimal string: {value}"
    amount = Decimal(value["amount"])
    assert not (amount == 0 and value["amount"].startswith("-")), f"negative zero: {value}"
    return amount


def cny(amount: Decimal | str) -> dict[str, str]:
    return {"amount": f"{Decimal(amount):.2f}", "currency": "CNY"}


def card(number: str) -> dict[str, Any]:
    return {"method": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


# --------------------------------------------------------------------------- the client


class ApiClient:
    """One caller of ``/api/v1``: a shopper, a merchant's staff, the operator, a guest or nobody.

    ``call`` asserts the expected status and returns the decoded body; ``request`` returns the raw
    response for tests that look at error answers.
    """

    def __init__(self, base_url: str, token: str | None = None) -> None:
        # gunicorn closes a keep-alive connection after 2 idle seconds; one reused at that very moment is reset
        # (ECONNRESET) under load, so the client lets its idle connections go after one second.
        self.http = httpx.Client(base_url=f"{base_url}/api/v1", timeout=60.0,
                                 limits=httpx.Limits(keepalive_expiry=1.0))
        self.token = token

    def close(self) -> None:
        self.http.close()

    # -- transport

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        content: bytes | str | None = None,
        idempotency_key: str | None = None,
    ) -> httpx.Response:
        all_headers: dict[str, str] = {}
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        if idempotency_key:
            all_headers["Idempotency-Key"] = idempotency_key
        all_headers.update(headers or {})
        return self.http.request(method, path, json=json, params=params, headers=all_headers, content=content)

    def call(self, method: str, path: str, expect: int = 200, **kwargs: Any) -> dict[str, Any]:
        """Send a request, assert its status and return the JSON object it answers (``{}`` for no body)."""
        response = expect_status(self.request(method, path, **kwargs), expect)
        if response.status_code == 204 or not response.content:
            return {}
        body: dict[str, Any] = response.json()
        return body

    def post_action(self, path: str, body: Mapping[str, Any] | None = None, expect: int = 200) -> dict[str, Any]:
        """POST to an action endpoint that honours ``Idempotency-Key`` (a fresh key each call)."""
        return self.call("POST", path, expect, json=dict(body or {}), idempotency_key=unique("idem"))

    # -- identity

    def register(self, email: str, password: str, name: str) -> dict[str, Any]:
        body = self.call("POST", "/auth/register", 201, json={"email": email, "password": password, "name": name})
        self.token = body["token"]
        return body

    def login(self, email: str, password: str, **extra: Any) -> dict[str, Any]:
        body = self.call("POST", "/auth/token", json={"email": email, "password": password, **extra})
        self.token = body["token"]
        return body

    def me(self) -> dict[str, Any]:
        return self.call("GET", "/me")

    # -- merchants and catalog

    def create_merchant(self, name: str) -> dict[str, Any]:
        return self.call(
            "POST",
            "/merchants",
            201,
            json={
                "name": name,
                "contact_email": f"{unique('contact')}@example.com",
                "business_license": unique("91310000"),
            },
        )

    def balance(self, merchant_id: str, currency: str = "CNY") -> dict[str, Decimal]:
        """The merchant's balance in one currency as Decimals (zeros when nothing has moved yet)."""
        body = self.call("GET", f"/merchants/{merchant_id}/balance")
        assert body["merchant_id"] == merchant_id
        for item in body["items"]:
            if item["currency"] == currency:
                return {key: money(item[key], currency) for key in ("held_in_escrow", "available", "paid_out")}
        return {"held_in_escrow": Decimal("0"), "available": Decimal("0"), "paid_out": Decimal("0")}

    def product(self, product_id: str) -> dict[str, Any]:
        return self.call("GET", f"/products/{product_id}")

    def available(self, product_id: str, variant_id: str) -> int:
        """The storefront's ``available`` quantity of one variant."""
        variants = {v["id"]: v for v in self.product(product_id)["variants"]}
        return int(variants[variant_id]["available"])

    def stock(self, variant_id: str) -> dict[str, Any]:
        return self.call("GET", f"/variants/{variant_id}/stock")

    def set_stock(self, variant_id: str, warehouse_id: str, on_hand: int) -> dict[str, Any]:
        return self.call("PUT", f"/variants/{variant_id}/stock/{warehouse_id}", json={"on_hand": on_hand})

    # -- cart and checkout

    def new_cart(self, lines: Sequence[tuple[str, int]] = ()) -> dict[str, Any]:
        cart = self.call("POST", "/carts", 201, json={})
        for variant_id, quantity in lines:
            cart = self.add_line(cart["id"], variant_id, quantity)
        return cart

    def add_line(self, cart_id: str, variant_id: str, quantity: int) -> dict[str, Any]:
        """Add a line. The contract names no status for this POST, so 200 and 201 both pass."""
        response = self.request(
            "POST", f"/carts/{cart_id}/lines", json={"variant_id": variant_id, "quantity": quantity}
        )
        cart: dict[str, Any] = expect_status(response, 200, 201).json()
        return cart

    def checkout_request(
        self, cart_id: str, *, email: str | None = None, idempotency_key: str | None = None
    ) -> httpx.Response:
        body: dict[str, Any] = {"shipping_address": dict(SHIPPING_ADDRESS), "shipping_method": "standard"}
        if email is not None:
            body["email"] = email
        return self.request(
            "POST",
            f"/carts/{cart_id}/checkout",
            json=body,
            idempotency_key=idempotency_key or unique("checkout"),
        )

    def checkout(self, cart_id: str, *, email: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = expect_status(self.checkout_request(cart_id, email=email), 201).json()
        return body

    def buy(self, lines: Sequence[tuple[str, int]], *, email: str | None = None) -> dict[str, Any]:
        """New cart with ``lines`` (variant id, quantity), checked out; returns the checkout answer."""
        cart = self.new_cart(lines)
        return self.checkout(cart["id"], email=email)

    # -- payments

    def pay(self, payment_id: str, number: str = GOOD_CARD) -> dict[str, Any]:
        return self.post_action(f"/payments/{payment_id}/confirm", card(number))

    def payment(self, payment_id: str) -> dict[str, Any]:
        return self.call("GET", f"/payments/{payment_id}")

    # -- orders

    def order(self, order_id: str) -> dict[str, Any]:
        return self.call("GET", f"/orders/{order_id}")

    def ship(self, order_id: str) -> dict[str, Any]:
        return self.call(
            "POST", f"/orders/{order_id}/shipments", 201,
            json={"carrier": "SF Express", "tracking_number": unique("SF").upper()},
        )  # fmt: skip

    def deliver(self, order_id: str) -> dict[str, Any]:
        return self.call("POST", f"/orders/{order_id}/deliver", json={})

    def confirm_receipt(self, order_id: str) -> dict[str, Any]:
        return self.call("POST", f"/orders/{order_id}/confirm-receipt", json={})

    def cancel(self, order_id: str, reason: str = "changed my mind") -> dict[str, Any]:
        return self.post_action(f"/orders/{order_id}/cancel", {"reason": reason})


def status_history(order: Mapping[str, Any]) -> list[str]:
    return [entry["status"] for entry in order["history"]]
