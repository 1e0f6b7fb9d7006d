from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Registration

register = template.Library()


@register.inclusion_tag("events/includes/registration_list.html")
def my_registrations(user, upcoming_only=True):
    """A person's registrations for the personal dashboard: {% my_registrations user %}."""
    registrations = Registration.objects.none()
    if user.is_authenticated:
        registrations = Registration.objects.for_user(user).exclude(
            status=Registration.Status.CANCELLED
        )
        if upcoming_only:
            registrations = registrations.filter(event__ends_at__gte=timezone.now())
    return {
        "registrations": list(registrations),
        "show_cancel": True,
        "empty_text": _("U bent voor geen enkele komende activiteit ingeschreven."),
    }
