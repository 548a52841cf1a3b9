"""Accounts, refresh tokens, and the personal data other contexts reference by id (ADR 0005)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models

from mercato.shared.fields import id_field


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_operator=True, is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    id = id_field("usr")
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=100)
    is_operator = models.BooleanField(default=False)
    is_staff = models.BooleanField(default=False)  # may use Django admin
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(auto_now_add=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["name"]
    objects = UserManager()

    def __str__(self) -> str:
        return self.email


class RefreshToken(models.Model):
    jti = models.CharField(primary_key=True, max_length=64)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="refresh_tokens")
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.CharField(max_length=64, blank=True, default="")


class Contact(models.Model):
    """A guest's email, kept here so orders hold only an id (erasable without touching the journal)."""

    id = id_field("ctc")
    email = models.EmailField()
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class Address(models.Model):
    id = id_field("adr")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="addresses")
    name = models.CharField(max_length=100)
    phone = models.CharField(max_length=32)
    country = models.CharField(max_length=2)
    region = models.CharField(max_length=100, blank=True, default="")
    city = models.CharField(max_length=100)
    district = models.CharField(max_length=100, blank=True, default="")
    line1 = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=20, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
