"""Accounts: register, sign in (throttled like the API, the guest cart kept), sign out, profile, addresses,
password change. Sign-in is Django's session login; registration goes through identity's service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mercato.contexts.checkout import services as checkout_services
from mercato.contexts.identity import public as identity
from mercato.contexts.identity.models import Address, User
from mercato.contexts.identity.services import FAILED_SIGN_INS_PER_EMAIL, SIGN_IN_WINDOW_SECONDS
from mercato.contexts.recommendations import public as recommendations
from mercato.entrypoints.web.context import CART_SESSION_KEY
from mercato.shared import throttle
from mercato.shared.errors import Conflict, MercatoError, RateLimited

from . import cart_session
from .account_forms import LoginForm, PasswordForm, RegisterForm
from .forms import AddressForm
from .service_errors import add_to_form, error_message

SIGN_IN = "sign-in"  # the same counter as identity.services.tokens_sign_in: pages and API share the limit
SAVED_ADDRESSES_SHOWN = 20


def _safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return "/"


def _sign_in(request: HttpRequest, user: Any) -> None:
    """Log in and bring the guest cart along (its lines join the account's open cart)."""
    guest_cart = request.session.get(CART_SESSION_KEY)
    login(request, user)
    if isinstance(guest_cart, str):
        checkout_services.cart_merge(guest_cart_id=guest_cart, user_id=str(user.pk))
    cart_session.current_cart(request)


@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            identity.user_register(email=data["email"], password=data["password"], name=data["name"])
        except Conflict:
            form.add_error("email", _("An account with this email already exists. Log in instead."))
        except MercatoError as exc:
            add_to_form(form, exc)
        else:
            user = authenticate(request, username=data["email"].strip().lower(), password=data["password"])
            if user is not None:
                _sign_in(request, user)
            messages.success(request, _("Welcome to Mercato!"))
            return redirect(_safe_next(request, request.GET.get("next")))
    return render(request, "storefront/register.html", {"form": form, "next": request.GET.get("next", "")},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST if request.method == "POST" else None,
                     initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        try:
            user = _checked_credentials(request, form.cleaned_data["email"], form.cleaned_data["password"])
        except RateLimited as exc:
            form.add_error(None, error_message(exc))
        else:
            if user is None:
                form.add_error(None, _("Wrong email or password."))
            else:
                _sign_in(request, user)
                return redirect(_safe_next(request, form.cleaned_data.get("next")))
    return render(request, "storefront/login.html", {"form": form}, status=400 if form.errors else 200)


def _checked_credentials(request: HttpRequest, email: str, password: str) -> Any:
    """The user, or None; failures count towards the per-email limit (RateLimited once it is reached)."""
    email = email.strip().lower()
    throttle.check(SIGN_IN, email, limit=FAILED_SIGN_INS_PER_EMAIL, window_seconds=SIGN_IN_WINDOW_SECONDS)
    user = authenticate(request, username=email, password=password)
    if user is None:
        throttle.hit(SIGN_IN, email, limit=FAILED_SIGN_INS_PER_EMAIL, window_seconds=SIGN_IN_WINDOW_SECONDS)
    return user


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("/")


def _profile_page(request: HttpRequest, *, status: int = 200, address_form: AddressForm | None = None,
                  password_form: PasswordForm | None = None) -> HttpResponse:
    addresses = Address.objects.filter(user_id=request.user.pk).order_by("-created_at")[:SAVED_ADDRESSES_SHOWN]
    return render(request, "storefront/account.html", {
        "personalisation_enabled": recommendations.personalisation_enabled(str(request.user.pk)),
        "addresses": list(addresses),
        "address_form": address_form or AddressForm(initial={"country": "CN"}),
        "password_form": password_form or PasswordForm(_user(request)),
    }, status=status)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # the views below require a signed-in user
    return request.user


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The account page; its one form without a page of its own is the personalisation switch."""
    if request.method == "POST":
        return _personalisation_switch(request)
    return _profile_page(request)


def _personalisation_switch(request: HttpRequest) -> HttpResponse:
    choice = request.POST.get("personalisation")
    if choice not in ("on", "off"):
        messages.error(request, _("Choose whether to switch personalisation on or off."))
        return _profile_page(request, status=400)
    recommendations.personalisation_set(user_id=str(request.user.pk), enabled=choice == "on")
    messages.success(request, _("Personalisation is on.") if choice == "on"
                     else _("Personalisation is off and your browsing data for suggestions was deleted."))
    return redirect(reverse("storefront:account") + "#personalisation")


@login_required
@require_POST
def address_add(request: HttpRequest) -> HttpResponse:
    form = AddressForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, status=400, address_form=form)
    identity.address_create(data=form.address(), user_id=str(request.user.pk))
    messages.success(request, _("Address saved."))
    return redirect("storefront:account")


@login_required
@require_POST
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(_user(request), request.POST)
    if not form.is_valid():
        return _profile_page(request, status=400, password_form=form)
    user = form.save()
    update_session_auth_hash(request, user)
    messages.success(request, _("Password changed."))
    return redirect("storefront:account")
