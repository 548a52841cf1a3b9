"""Seed the platform's default help articles (English and Chinese) so that policy questions have answers on a
fresh install; operators edit them in Django admin afterwards."""

from typing import Any

from django.db import migrations

from mercato.contexts.assistant.knowledge_defaults import DEFAULT_ARTICLES
from mercato.shared import clock


def seed(apps: Any, schema_editor: Any) -> None:
    entry = apps.get_model("assistant", "KnowledgeEntry")
    existing = set(entry.objects.filter(merchant_id__isnull=True).values_list("lang", "title"))
    rows = []
    for intent, en, zh in DEFAULT_ARTICLES:
        for lang, (title, question, answer) in (("en", en), ("zh", zh)):
            if (lang, title) not in existing:
                rows.append(entry(lang=lang, intent=intent, title=title, question=question, answer=answer,
                                  updated_at=clock.now()))
    entry.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("assistant", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
