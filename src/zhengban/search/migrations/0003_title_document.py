"""PostgreSQL: a title-only tsvector with its own GIN index. GIN keeps no weights, so a `word:A`
query over `document` rechecks every hit's tsvector in the heap (slow for common words); the
title phase asks this column instead and never rechecks. SQLite's FTS5 column filter needs nothing."""

from django.db import migrations

FORWARD = [
    """ALTER TABLE search_searchentry ADD COLUMN title_document tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', title_tokens) || array_to_tsvector(string_to_array(keys, ' '))
    ) STORED""",
    "CREATE INDEX search_entry_title_document ON search_searchentry USING gin (title_document)",
]
REVERSE = ["ALTER TABLE search_searchentry DROP COLUMN title_document"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
