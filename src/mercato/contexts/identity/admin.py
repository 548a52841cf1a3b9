from django.contrib import admin

from .models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("email", "name", "is_operator", "is_active", "date_joined")
    search_fields = ("email", "name")
    list_filter = ("is_operator", "is_active")
    readonly_fields = ("id", "password", "date_joined", "last_login")
