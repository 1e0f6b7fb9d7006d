from django.db import migrations

TYPES = [
    ("bin", "BIN", "PLP", 1),
    ("bin-z", "BIN-Z", "PLP-I", 2),
]


def create_types(apps, schema_editor):
    BINType = apps.get_model("members", "BINType")
    for code, name_nl, name_fr, order in TYPES:
        BINType.objects.get_or_create(
            code=code, defaults={"name_nl": name_nl, "name_fr": name_fr, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0002_geography_bins_roles")]

    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
