"""The newsletter's models now belong to their own app (`newsletter/migrations/0001_initial.py`):
only Django's record of them leaves this app, the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('kenniscentrum', '0007_html_cleaned_by_its_field'),
        ('newsletter', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='newsletterdelivery',
                    name='issue',
                ),
                migrations.RemoveField(
                    model_name='newsletterdelivery',
                    name='subscriber',
                ),
                migrations.RemoveField(
                    model_name='newsletteritem',
                    name='issue',
                ),
                migrations.RemoveField(
                    model_name='newsletteritem',
                    name='event',
                ),
                migrations.DeleteModel(
                    name='NewsletterConsent',
                ),
                migrations.DeleteModel(
                    name='NewsletterDelivery',
                ),
                migrations.DeleteModel(
                    name='NewsletterSubscriber',
                ),
                migrations.DeleteModel(
                    name='NewsletterIssue',
                ),
                migrations.DeleteModel(
                    name='NewsletterItem',
                ),
            ],
        ),
    ]
