from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

SEATED = ("confirmed", "attended", "no_show")


def fill_counters(apps, schema_editor):
    """Count the registrations of every existing event once; the engine keeps them from now."""
    Event = apps.get_model("events", "Event")
    Registration = apps.get_model("events", "Registration")

    def counted(statuses):
        rows = Registration.objects.filter(event=OuterRef("pk"), status__in=statuses)
        rows = rows.order_by().values("event").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(rows), 0)

    Event.objects.update(seats_taken=counted(SEATED), waitlist_count=counted(["waitlisted"]))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_html_cleaned_by_its_field"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="seats_taken",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="bezette plaatsen"
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="waitlist_count",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="op de wachtlijst"
            ),
        ),
        migrations.RunPython(fill_counters, migrations.RunPython.noop, elidable=True),
    ]
