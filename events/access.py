"""Who may see, register for and manage events: the one place for these rules in this app.

The audience rule itself is the site's one rule, `members.access.can_see_audience`.
"""

from django.http import Http404

from events.models import Event
from members.access import can_see_audience

Audience = Event.Audience


def can_manage_registrations(user):
    """Staff with the right to change registrations: attendance, exports, messages. Like every
    permission, it needs a second factor (`members.models.User.has_staff_power`)."""
    return user.has_perm("events.change_registration")


def get_event_for_user(user, slug, queryset=None):
    """The event at `slug` as `user` may see it; drafts exist only for staff who manage events."""
    queryset = queryset if queryset is not None else Event.objects.all()
    event = queryset.filter(slug=slug).first()
    if event is None:
        raise Http404
    if event.status == Event.Status.DRAFT and not user.has_perm("events.view_event"):
        raise Http404
    return event


def get_event_to_manage(user, slug):
    """The event whose participants `user` manages; everyone else gets 404."""
    if not can_manage_registrations(user):
        raise Http404
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise Http404
    return event


def registration_refusal(user, event):
    """Why `user` may not register for `event` because of its audience, or None.

    Returns "login" when logging in may help, or a sentence for a logged-in person."""
    if event.audience == Audience.PUBLIC:
        return None
    if not user.is_authenticated:
        return "login"
    if can_see_audience(user, event.audience):
        return None
    return "audience"
