"""Training reacts to the registration engine and to newly published sessions."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from events.models import Event
from events.signals import attendance_marked
from training import services
from training.models import CourseSession


@receiver(attendance_marked)
def issue_certificate_on_attendance(sender, registration, notify=True, **kwargs):
    services.issue_certificate(registration, notify=notify)


@receiver(post_save, sender=Event)
def announce_published_session(sender, instance, **kwargs):
    if instance.status == Event.Status.PUBLISHED and instance.kind == Event.Kind.TRAINING_SESSION:
        services.announce_session(instance.pk)


@receiver(post_save, sender=CourseSession)
def announce_new_session(sender, instance, created, **kwargs):
    if created:
        services.announce_session(instance.event_id)
