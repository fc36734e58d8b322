"""The full-text index over SearchEntry, per database (see models.py)."""

from django.db import migrations

POSTGRESQL = [
    # Title words weigh A so a title-only query can ask for `word:A`; access keys are taken as
    # they are (no parser), so they never collide with words of the text.
    """ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_tokens), 'A')
        || setweight(to_tsvector('simple', body_tokens), 'B')
        || array_to_tsvector(string_to_array(keys, ' '))
    ) STORED""",
    "CREATE INDEX search_entry_document ON search_searchentry USING gin (document)",
]
POSTGRESQL_REVERSE = ["ALTER TABLE search_searchentry DROP COLUMN document"]

SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_tokens, body_tokens, keys,
        content='search_searchentry', content_rowid='matter_id', tokenize='unicode61'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_tokens, body_tokens, keys)
        VALUES (new.matter_id, new.title_tokens, new.body_tokens, new.keys);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens, keys)
        VALUES ('delete', old.matter_id, old.title_tokens, old.body_tokens, old.keys);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens, keys)
        VALUES ('delete', old.matter_id, old.title_tokens, old.body_tokens, old.keys);
        INSERT INTO search_fts(rowid, title_tokens, body_tokens, keys)
        VALUES (new.matter_id, new.title_tokens, new.body_tokens, new.keys);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_fts_update",
    "DROP TRIGGER search_fts_delete",
    "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
