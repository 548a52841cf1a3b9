"""Identity's door. Other contexts import only from here, contracts.py and events.py."""

from .selectors import address_get, contact_email, user_get, user_id_by_email
from .services import address_create, addresses_create_many, contact_create, user_register

__all__ = ["address_create", "address_get", "addresses_create_many", "contact_create", "contact_email", "user_get",
           "user_id_by_email", "user_register"]
