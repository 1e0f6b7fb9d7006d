# A course's "audience" means its target group (citizens, coordinators, ...), not who may read
# it: renamed so it is not confused with the site's audience vocabulary. The data is kept.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0003_constraint_messages"),
    ]

    operations = [
        migrations.RenameField(model_name="course", old_name="audience", new_name="target_group"),
    ]
