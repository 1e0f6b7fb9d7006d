from django.db import migrations


class Migration(migrations.Migration):
    """The site-wide content version of the page cache (see kenniscentrum/pagecache/): a
    sequence, because moving it on takes no lock and no rollback undoes it."""

    dependencies = [("kenniscentrum", "0004_newsletter_items_from_events")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS kenniscentrum_content_version",
            "DROP SEQUENCE IF EXISTS kenniscentrum_content_version",
        )
    ]
