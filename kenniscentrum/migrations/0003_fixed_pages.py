from django.db import migrations


def create_fixed_pages(apps, schema_editor):
    # A new site starts with an about page, a privacy statement and an accessibility statement;
    # pages that already exist (edited by staff) are left alone.
    from kenniscentrum.site.page_content import PAGES, page_fields

    Page = apps.get_model("kenniscentrum", "Page")
    for key in PAGES:
        if not Page.objects.filter(key=key).exists():
            fields = page_fields(key)
            if Page.objects.filter(slug=fields["slug"]).exists():
                continue
            Page.objects.create(key=key, **fields)


class Migration(migrations.Migration):
    dependencies = [("kenniscentrum", "0002_site_content")]

    operations = [migrations.RunPython(create_fixed_pages, migrations.RunPython.noop)]
