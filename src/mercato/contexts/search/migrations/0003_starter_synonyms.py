"""A starter set of synonyms operators can edit or delete in Django admin (Search → Synonyms)."""

from django.db import migrations

STARTER = [
    ("风扇, 电风扇, 电扇, 落地扇, fan", "everyday names of fans"),
    ("橙子, 橙, 脐橙, orange", "oranges"),
    ("芒果, 金煌芒, mango", "mangoes"),
    ("积木, 乐高, 积木人, building blocks, lego", "building toys"),
    ("卫衣, 连帽衫, hoodie, sweatshirt", "hoodies"),
    ("t恤, tee, t-shirt", "T-shirts"),
]


def add(apps, schema_editor):
    synonym = apps.get_model("search", "Synonym")
    for terms, note in STARTER:
        synonym.objects.get_or_create(terms=terms, defaults={"note": note})


def remove(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(terms__in=[t for t, _ in STARTER]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_structures")]

    operations = [migrations.RunPython(add, remove)]
