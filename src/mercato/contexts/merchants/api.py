"""Merchant endpoints: apply, admit, suspend, staff. (Commission rates are set through the catalog router,
which can check the category.)"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import EmailStr, Field

from mercato.shared.api_auth import operator_auth, user_auth
from mercato.shared.api_types import line

from . import selectors, services
from .contracts import MerchantView
from .domain.merchant_status import MerchantStatus, StaffRole

router = Router(tags=["merchants"])


class MerchantIn(Schema):
    name: line(120)  # type: ignore[valid-type]
    contact_email: EmailStr = Field(max_length=254)
    business_license: str = Field(min_length=6, max_length=64, pattern=r"^[0-9A-Za-z-]+$")


class MerchantOut(Schema):
    id: str
    name: str
    status: str
    created_at: str


class StaffIn(Schema):
    email: EmailStr = Field(max_length=254)
    role: StaffRole


class StaffOut(Schema):
    merchant_id: str
    user_id: str
    role: str


def _out(view: MerchantView) -> MerchantOut:
    return MerchantOut(id=view.id, name=view.name, status=view.status, created_at=view.created_at)


@router.post("/merchants", response={201: MerchantOut}, auth=user_auth)
def apply(request: HttpRequest, payload: MerchantIn) -> Status[MerchantOut]:
    view = services.merchant_apply(name=payload.name, contact_email=payload.contact_email,
                                   business_license=payload.business_license, actor=request.auth)  # type: ignore[attr-defined]
    return Status(201, _out(view))


@router.get("/merchants/{merchant_id}", response=MerchantOut, auth=None)
def detail(request: HttpRequest, merchant_id: str) -> MerchantOut:
    return _out(selectors.merchant_get(merchant_id))


@router.post("/merchants/{merchant_id}/approve", response=MerchantOut, auth=operator_auth)
def approve(request: HttpRequest, merchant_id: str) -> MerchantOut:
    return _out(services.merchant_set_status(merchant_id=merchant_id, status=MerchantStatus.ACTIVE,
                                             actor=request.auth))  # type: ignore[attr-defined]


@router.post("/merchants/{merchant_id}/suspend", response=MerchantOut, auth=operator_auth)
def suspend(request: HttpRequest, merchant_id: str) -> MerchantOut:
    return _out(services.merchant_set_status(merchant_id=merchant_id, status=MerchantStatus.SUSPENDED,
                                             actor=request.auth))  # type: ignore[attr-defined]


@router.post("/merchants/{merchant_id}/staff", response={201: StaffOut}, auth=user_auth)
def invite(request: HttpRequest, merchant_id: str, payload: StaffIn) -> Status[StaffOut]:
    result = services.staff_invite(merchant_id=merchant_id, email=payload.email, role=payload.role,
                                   actor=request.auth)  # type: ignore[attr-defined]
    return Status(201, StaffOut(**result))
