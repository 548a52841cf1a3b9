"""Seed the platform's default help articles (English and Chinese) so that policy questions have answers on a
fresh install; operators edit them in Django admin afterwards."""

from typing import Any

from django.db import migrations

from mercato.contexts.assistant.knowledge_defaults import missing_articles
from mercato.shared import clock


def seed(apps: Any, schema_editor: Any) -> None:
    entry = apps.get_model("assistant", "KnowledgeEntry")
    existing = set(entry.objects.filter(merchant_id__isnull=True).values_list("lang", "title"))
    entry.objects.bulk_create([entry(**fields, updated_at=clock.now()) for fields in missing_articles(existing)])


class Migration(migrations.Migration):
    dependencies = [("assistant", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
