"""Search set-up: trigram and unaccent extensions and text search configurations without accents.

kb_dutch and kb_french are PostgreSQL's Dutch and French configurations with `unaccent` in front of
the stemmer; kb_simple keeps whole words (no stemming) without accents, for prefix matching.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CONFIGS = [("kb_dutch", "dutch", "dutch_stem"), ("kb_french", "french", "french_stem"),
           ("kb_simple", "simple", "simple")]
WORD_TOKENS = "hword, hword_part, word"  # the token types that may hold accented letters


def create_sql(name, parent, dictionary):
    return (
        f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{parent}); "
        f"ALTER TEXT SEARCH CONFIGURATION {name} "
        f"ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {dictionary};"
    )


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        *[
            migrations.RunSQL(
                create_sql(name, parent, dictionary),
                reverse_sql=f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name};",
            )
            for name, parent, dictionary in CONFIGS
        ],
    ]
