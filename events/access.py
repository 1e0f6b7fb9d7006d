"""Who may see, register for and manage events: the one place for these rules in this app.

The audience rule itself is the site's one rule, `members.access.can_see_audience`: everyone sees
an event's teaser (title, summary, time and place) in the calendar; its description is for those
its audience allows. The online meeting link is a secret of the participants: only a person whose
seat is confirmed gets it, on the page, in their e-mails and in their calendar.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from events.models import Event, Registration
from members import access as members_access
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


def can_read(user, event):
    """Whether `user` may read the event's full description."""
    return can_see_audience(user, event.audience)


def readable_audiences(user):
    """The event audiences `user` may read, asked once for a list of events (a calendar feed)."""
    return set(members_access.readable_audiences(user, Audience.values))


def registrant_can_read(registration):
    """Whether the person behind `registration` may read the event's description: a participant,
    or whoever the event's audience allows (a visitor has no account: public events only)."""
    if is_participant(registration):
        return True
    return can_see_audience(registration.user or AnonymousUser(), registration.event.audience)


def is_participant(registration):
    """A registration that holds a seat: the person is expected at the event."""
    return registration is not None and registration.status in Registration.SEATED


def online_link_for(registration):
    """The event's online meeting link for this registration, or "" when it is not theirs."""
    return registration.event.online_url if is_participant(registration) else ""
