"""The newsletter: double opt-in subscriptions with their consent records, issues composed in the
admin, and their resumable sending (`mailing.py`, `manage.py send_newsletter`)."""
