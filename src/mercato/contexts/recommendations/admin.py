"""Recommendations in Django admin: training runs, to look at only (the job writes them). Behaviour and candidates
are left out on purpose: profiling data is not browsed by hand."""

from typing import Any

from django.contrib import admin

from .models import TrainingRun


def _never(self: Any, request: Any, obj: Any = None) -> bool:
    return False


@admin.register(TrainingRun)
class TrainingRunAdmin(admin.ModelAdmin):
    list_display = ("id", "started_at", "as_of", "interactions", "users", "items", "candidate_rows", "seconds")
    has_add_permission = has_change_permission = has_delete_permission = _never
