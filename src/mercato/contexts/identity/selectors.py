"""Identity queries."""

from __future__ import annotations

import dataclasses

from mercato.shared.errors import NotFound

from .contracts import AddressData, UserView
from .models import Address, Contact, User


def user_get(user_id: str) -> UserView:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound.of("user", user_id)
    return UserView(id=user.id, email=user.email, name=user.name, is_operator=user.is_operator)


def user_id_by_email(email: str) -> str | None:
    return User.objects.filter(email=email.strip().lower()).values_list("id", flat=True).first()


def address_get(address_id: str) -> AddressData:
    row = Address.objects.filter(pk=address_id).first()
    if row is None:
        raise NotFound.of("address", address_id)
    return AddressData(**{f.name: getattr(row, f.name) for f in dataclasses.fields(AddressData)})


def contact_email(contact_id: str) -> str | None:
    return Contact.objects.filter(pk=contact_id).values_list("email", flat=True).first()
