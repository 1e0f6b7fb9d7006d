"""The newsletter's models, moved from the `kenniscentrum` app: only Django's record of them
changes (`SeparateDatabaseAndState`); the tables, their rows and constraints stay as they are.
Their content types move along, so the admin groups' permissions and the admin's log still
point at them."""

import django.contrib.postgres.fields
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import kenniscentrum.lib.html
import kenniscentrum.newsletter.models
from django.db import migrations, models


MODELS = [
    "newsletterissue",
    "newslettersubscriber",
    "newsletterconsent",
    "newsletteritem",
    "newsletterdelivery",
]


def relabel_content_types(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old_label, model__in=MODELS).exclude(
        model__in=ContentType.objects.filter(app_label=new_label).values("model")
    ).update(app_label=new_label)


def move_content_types(apps, schema_editor):
    relabel_content_types(apps, "kenniscentrum", "newsletter")


def move_content_types_back(apps, schema_editor):
    relabel_content_types(apps, "newsletter", "kenniscentrum")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('events', '0006_html_cleaned_by_its_field'),
        ('kenniscentrum', '0007_html_cleaned_by_its_field'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='NewsletterIssue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('language', models.CharField(choices=[('nl', 'Nederlands'), ('fr', 'Français')], default='nl', max_length=2, verbose_name='taal')),
                        ('subject', models.CharField(max_length=150, verbose_name='onderwerp')),
                        ('introduction', kenniscentrum.lib.html.SanitizedHTMLField(blank=True, verbose_name='inleiding')),
                        ('topics', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('news', 'nieuws'), ('events', 'evenementen'), ('trainings', 'opleidingen')], max_length=12), blank=True, default=list, help_text='Alleen abonnees die een van deze onderwerpen kozen krijgen deze nieuwsbrief; laat leeg voor alle abonnees van de taal.', size=None, verbose_name='onderwerpen')),
                        ('status', models.CharField(choices=[('draft', 'ontwerp'), ('queued', 'klaar om te verzenden'), ('sent', 'verzonden')], default='draft', max_length=10, verbose_name='status')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='aangemaakt op')),
                        ('queued_at', models.DateTimeField(blank=True, null=True, verbose_name='klaargezet op')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='verzonden op')),
                    ],
                    options={
                        'verbose_name': 'nieuwsbrief',
                        'verbose_name_plural': 'nieuwsbrieven',
                        'db_table': 'kenniscentrum_newsletterissue',
                        'ordering': ['-sent_at', '-created_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('status', 'sent'), _negated=True), ('sent_at__isnull', False), _connector='OR'), name='kenniscentrum_newsletterissue_sent_has_date')],
                    },
                ),
                migrations.CreateModel(
                    name='NewsletterSubscriber',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.EmailField(max_length=254, verbose_name='e-mailadres')),
                        ('language', models.CharField(choices=[('nl', 'Nederlands'), ('fr', 'Français')], default='nl', max_length=2, verbose_name='taal')),
                        ('topics', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('news', 'nieuws'), ('events', 'evenementen'), ('trainings', 'opleidingen')], max_length=12), blank=True, default=list, size=None, verbose_name='onderwerpen')),
                        ('status', models.CharField(choices=[('pending', 'wacht op bevestiging'), ('confirmed', 'ingeschreven'), ('unsubscribed', 'uitgeschreven')], default='pending', max_length=12, verbose_name='status')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='aangemaakt op')),
                        ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='bevestigd op')),
                        ('unsubscribed_at', models.DateTimeField(blank=True, null=True, verbose_name='uitgeschreven op')),
                    ],
                    options={
                        'verbose_name': 'abonnee van de nieuwsbrief',
                        'verbose_name_plural': 'abonnees van de nieuwsbrief',
                        'db_table': 'kenniscentrum_newslettersubscriber',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(django.db.models.functions.text.Lower('email'), name='kenniscentrum_newslettersubscriber_email_unique'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'confirmed'), _negated=True), ('confirmed_at__isnull', False), _connector='OR'), name='kenniscentrum_newslettersubscriber_confirmed_has_date')],
                    },
                ),
                migrations.CreateModel(
                    name='NewsletterConsent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(choices=[('requested', 'inschrijving gevraagd'), ('confirmed', 'inschrijving bevestigd'), ('withdrawn', 'uitgeschreven')], max_length=10, verbose_name='handeling')),
                        ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='tijdstip')),
                        ('text', models.TextField(blank=True, verbose_name='tekst van de toestemming')),
                        ('language', models.CharField(choices=[('nl', 'Nederlands'), ('fr', 'Français')], max_length=2, verbose_name='taal')),
                        ('ip_address', models.GenericIPAddressField(blank=True, null=True, verbose_name='IP-adres')),
                        ('subscriber', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to='newsletter.newslettersubscriber', verbose_name='abonnee')),
                    ],
                    options={
                        'verbose_name': 'toestemming',
                        'verbose_name_plural': 'toestemmingen',
                        'db_table': 'kenniscentrum_newsletterconsent',
                        'ordering': ['at'],
                    },
                ),
                migrations.CreateModel(
                    name='NewsletterItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(blank=True, max_length=200, verbose_name='titel')),
                        ('summary', models.TextField(blank=True, verbose_name='samenvatting')),
                        ('url', models.CharField(blank=True, max_length=500, validators=[kenniscentrum.newsletter.models.validate_link, django.core.validators.RegexValidator('^\\S+$', 'Een link bevat geen spaties.')], verbose_name='link')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='volgorde')),
                        ('event', models.ForeignKey(blank=True, help_text='Kies een activiteit, of vul hieronder zelf een titel en een link in.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='newsletter_items', to='events.event', verbose_name='activiteit')),
                        ('issue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='newsletter.newsletterissue', verbose_name='nieuwsbrief')),
                    ],
                    options={
                        'verbose_name': 'onderdeel van de nieuwsbrief',
                        'verbose_name_plural': 'onderdelen van de nieuwsbrief',
                        'db_table': 'kenniscentrum_newsletteritem',
                        'ordering': ['order', 'pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('event__isnull', False), models.Q(models.Q(('title', ''), _negated=True), models.Q(('url', ''), _negated=True)), _connector='OR'), name='kenniscentrum_newsletteritem_event_or_title_and_link')],
                    },
                ),
                migrations.CreateModel(
                    name='NewsletterDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('pending', 'te verzenden'), ('sending', 'wordt verzonden'), ('sent', 'verzonden'), ('failed', 'mislukt')], default='pending', max_length=10, verbose_name='status')),
                        ('claimed_at', models.DateTimeField(blank=True, null=True, verbose_name='opgenomen op')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='verzonden op')),
                        ('error', models.TextField(blank=True, verbose_name='fout')),
                        ('issue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='newsletter.newsletterissue', verbose_name='nieuwsbrief')),
                        ('subscriber', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='newsletter.newslettersubscriber', verbose_name='abonnee')),
                    ],
                    options={
                        'verbose_name': 'verzending',
                        'verbose_name_plural': 'verzendingen',
                        'db_table': 'kenniscentrum_newsletterdelivery',
                        'ordering': ['pk'],
                        'constraints': [models.UniqueConstraint(fields=('issue', 'subscriber'), name='kenniscentrum_newsletterdelivery_once_per_subscriber')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
