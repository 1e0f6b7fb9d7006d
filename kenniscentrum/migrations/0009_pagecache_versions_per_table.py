from django.db import migrations


class Migration(migrations.Migration):
    """The page cache's versions, one per content table (kenniscentrum/pagecache/tables.py),
    instead of one site-wide sequence."""

    dependencies = [("kenniscentrum", "0008_newsletter_moves_to_its_own_app")]

    operations = [
        migrations.RunSQL(
            "CREATE TABLE kenniscentrum_pagecache_version ("
            " table_name text PRIMARY KEY, version bigint NOT NULL)",
            "DROP TABLE kenniscentrum_pagecache_version",
        ),
        migrations.RunSQL(
            "DROP SEQUENCE IF EXISTS kenniscentrum_content_version",
            "CREATE SEQUENCE IF NOT EXISTS kenniscentrum_content_version",
        ),
    ]
