import csv
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from events import access, emails, ical, links, services
from events.forms import (
    AttendanceForm,
    EventFilterForm,
    ParticipantMessageForm,
    VisitorRegistrationForm,
)
from events.models import Event, FeedKey, Registration
from kenniscentrum.lib.i18n import current_language
from kenniscentrum.lib.spam import rate_limited
from members.models import User

# Subscribed calendars drop what leaves the feed; keep recent events a while so they stay visible.
FEED_KEEPS_PAST_DAYS = 90


class EventListView(ListView):
    """The calendar: upcoming events, filtered by kind, province, language and audience."""

    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 20
    archive = False

    def get_queryset(self):
        self.filter_form = EventFilterForm(self.request.GET or None)
        events = Event.objects.listed().select_related("municipality__province")
        if self.archive:
            events = events.past().order_by("-starts_at", "-pk")
        else:
            events = events.upcoming().order_by("starts_at", "pk")
        return self.filter_form.filter(events)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter_form=self.filter_form, archive=self.archive, query=query.urlencode())
        return context


class EventArchiveView(EventListView):
    archive = True


def event_detail(request, slug, form=None, status=200):
    event = access.get_event_for_user(
        request.user,
        slug,
        Event.objects.select_related("municipality__province", "course_session__course"),
    )
    registration = _own_registration(request.user, event)
    refusal = access.registration_refusal(request.user, event)
    if form is None and not request.user.is_authenticated and refusal is None:
        form = VisitorRegistrationForm()
    context = {
        "event": event,
        "can_read": access.can_read(request.user, event),
        "online_url": access.online_link_for(registration),
        "registration": registration,
        "registration_problem": event.registration_problem(),
        "refusal": refusal,
        "seats_left": event.seats_left(),
        "form": form,
        "can_manage": access.can_manage_registrations(request.user),
    }
    response = render(request, "events/event_detail.html", context, status=status)
    if context["online_url"] or (context["can_read"] and event.audience != Event.Audience.PUBLIC):
        # A participant's link or a members-only text: never kept by a shared cache.
        patch_cache_control(response, private=True)
    return response


REGISTERED_MESSAGES = {
    Registration.Status.PENDING: lambda: _(
        "Bijna klaar: we stuurden u een e-mail. Klik op de link erin om uw inschrijving te "
        "bevestigen; de link blijft 48 uur geldig."
    ),
    Registration.Status.CONFIRMED: lambda: _(
        "U bent ingeschreven. U krijgt een bevestiging per e-mail."
    ),
    Registration.Status.WAITLISTED: lambda: _(
        "Deze activiteit is volzet: u staat op de wachtlijst. Komt er een plaats vrij, dan krijgt "
        "u die automatisch en laten we het u weten."
    ),
}


def _registered_message(registration, created):
    if not created and registration.status != Registration.Status.PENDING:
        return _("U was al ingeschreven voor deze activiteit.")
    make = REGISTERED_MESSAGES.get(registration.status)
    return make() if make else _("U was al ingeschreven voor deze activiteit.")


@require_POST
def register(request, slug):
    event = access.get_event_for_user(request.user, slug)
    refusal = access.registration_refusal(request.user, event)
    if refusal == "login":
        return redirect_to_login(event.get_absolute_url())
    if refusal == "audience":
        messages.error(request, _("Deze activiteit is voorbehouden aan leden."))
        return redirect(event)
    if request.user.is_authenticated:
        if not request.user.has_verified_email():
            # Registering while logged in uses the account's address: only once it is confirmed.
            messages.error(request, request.user.unconfirmed_address_message())
            return redirect(event)
        try:
            registration, created = services.register(event, user=request.user)
        except services.RegistrationError as error:
            messages.error(request, error.message)
            return redirect(event)
        messages.success(request, _registered_message(registration, created))
        return redirect(event)

    form = VisitorRegistrationForm(request.POST)
    if form.is_valid() and rate_limited(
        request, "event-register", limit=10, target=form.cleaned_data["email"]
    ):
        form.add_error(
            None, _("Te veel inschrijvingen vanaf dit adres. Probeer het later opnieuw.")
        )
    if not form.is_valid():
        return event_detail(request, slug, form=form, status=400)
    try:
        services.register(
            event,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            language=current_language(),
        )
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return redirect(event)
    # The same answer whether the address was new or registered already (the e-mail differs):
    # the page must not tell a visitor who else is registered.
    messages.success(request, REGISTERED_MESSAGES[Registration.Status.PENDING]())
    return redirect(event)


def _invalid_link(request):
    return render(request, "events/link_invalid.html", status=400)


def confirm(request, token):
    """The link in the confirmation e-mail: the visitor's registration counts from now. Confirms
    only on POST, so a mail scanner that follows links confirms nothing for the person."""
    pk = links.read_registration_id(links.CONFIRM, token)
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    if pk is None or registration is None:
        return _invalid_link(request)
    if registration.status == Registration.Status.CANCELLED:
        messages.info(request, _("Deze inschrijving werd geannuleerd."))
        return redirect(registration.event)
    if request.method != "POST":
        return render(request, "events/confirm_address.html", {"registration": registration})
    try:
        registration = services.confirm_address(registration.pk)
    except services.RegistrationError as error:
        messages.error(request, error.message)
        return redirect(registration.event)
    if registration.status == Registration.Status.WAITLISTED:
        messages.success(request, REGISTERED_MESSAGES[Registration.Status.WAITLISTED]())
    else:
        messages.success(request, _("Uw inschrijving is bevestigd. Tot dan!"))
    return redirect(registration.event)


def cancel(request, token):
    """The cancel link from any e-mail: works without logging in; cancels only on POST, so a
    mail scanner that follows links cancels nothing."""
    pk = links.read_registration_id(links.CANCEL, token)
    registration = Registration.objects.select_related("event").filter(pk=pk).first()
    if pk is None or registration is None:
        return _invalid_link(request)
    if request.method == "POST":
        if registration.can_be_cancelled:
            services.cancel(registration)
            messages.success(request, _("U bent uitgeschreven. Bedankt om het te laten weten."))
        else:
            messages.info(request, _("Deze inschrijving kan niet (meer) geannuleerd worden."))
        return redirect(registration.event)
    return render(request, "events/cancel_confirm.html", {"registration": registration})


@login_required
@require_POST
def cancel_mine(request, pk):
    registration = get_object_or_404(
        Registration.objects.of_person(request.user).select_related("event"), pk=pk
    )
    if registration.can_be_cancelled:
        services.cancel(registration)
        messages.success(
            request,
            _("U bent uitgeschreven voor „%(title)s”.") % {"title": registration.event.title},
        )
    return redirect("events:my_registrations")


@login_required
def my_registrations(request):
    registrations = (
        Registration.objects.of_person(request.user)
        .active()
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
    now = timezone.now()
    upcoming = [r for r in registrations if r.event.ends_at >= now]
    past = [r for r in registrations if r.event.ends_at < now][::-1]
    response = render(
        request,
        "events/my_registrations.html",
        {"upcoming": upcoming, "past": past, "feed_url": links.feed_url(request.user)},
    )
    # The private feed's address is a key to the person's calendar.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def renew_feed(request):
    """A new secret link for the personal calendar feed; the old one answers 404 from now."""
    FeedKey.renew(request.user)
    messages.success(
        request,
        _(
            "U hebt een nieuwe persoonlijke agendalink. De vorige werkt niet meer: abonneer uw "
            "agenda-app op de nieuwe."
        ),
    )
    return redirect(reverse("events:my_registrations") + "#feed-url")


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _own_registration(user, event):
    """The person's registration for `event`: the same rule as their list of registrations."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.of_person(user)
        .active()
        .filter(event=event)
        .select_related("event")
        .first()
    )


def event_ics(request, slug):
    """One event for a calendar application: its full text for those who may read it, its
    online link only for a participant."""
    event = access.get_event_for_user(request.user, slug)
    online_url = access.online_link_for(_own_registration(request.user, event))
    content = ical.calendar(
        [event],
        name=event.title,
        full_text=lambda e: access.can_read(request.user, e),
        online_url=lambda e: online_url,
    )
    response = _ics_response(content, f"{event.slug}.ics")
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response


def public_feed(request):
    """The public events, as anyone may read them: never an online link."""
    since = timezone.now() - timedelta(days=FEED_KEEPS_PAST_DAYS)
    events = Event.objects.listed().public().filter(ends_at__gte=since).order_by("starts_at")
    return _ics_response(
        ical.calendar(
            events,
            name=_("BIN Kenniscentrum – agenda"),
            full_text=lambda e: access.can_read(AnonymousUser(), e),
        ),
        "bin-kenniscentrum.ics",
    )


def private_feed(request, token):
    """A person's own registrations, for a calendar application: the token is the key."""
    user = User.objects.filter(pk=links.read_feed_user_id(token), is_active=True).first()
    if user is None:
        raise Http404
    since = timezone.now() - timedelta(days=365)
    registrations = (
        Registration.objects.of_person(user)
        .filter(
            event__in=Event.objects.listed(),
            event__ends_at__gte=since,
            status__in=Registration.SEATED + (Registration.Status.WAITLISTED,),
        )
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
    own = {registration.event: registration for registration in registrations}
    readable = access.readable_audiences(user)
    response = _ics_response(
        ical.calendar(
            own,
            name=_("Mijn inschrijvingen – BIN Kenniscentrum"),
            full_text=lambda e: e.audience in readable or access.is_participant(own[e]),
            online_url=lambda e: access.online_link_for(own[e]),
        ),
        "mijn-agenda.ics",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Staff pages ----------------------------------------------------------------------------------


def attendance(request, slug):
    """A phone-friendly list of confirmed participants to tick who came."""
    event = access.get_event_to_manage(request.user, slug)
    if request.method == "POST":
        form = AttendanceForm(event, request.POST)
        if not form.is_valid():  # not a seated registration of this event, or no number
            raise Http404
        registration = form.cleaned_data["registration"]
        services.mark_attendance(registration, form.cleaned_data["attended"])
        return redirect(f"{reverse('events:attendance', args=[event.slug])}#r{registration.pk}")
    participants = event.registrations.seated().select_related("user").order_by("name", "pk")
    return render(request, "events/attendance.html", {"event": event, "participants": participants})


def _csv_safe(value):
    """Spreadsheets run cells that start with = + - @ as formulas; make them plain text."""
    value = str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def participants_csv(request, slug):
    event = access.get_event_to_manage(request.user, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deelnemers-{event.slug}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the accents right
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [_("Naam"), _("E-mailadres"), _("Status"), _("Volgnummer"), _("Taal"), _("Ingeschreven op")]
    )
    for registration in (
        event.registrations.active().select_related("user").order_by("queue_number", "pk")
    ):
        writer.writerow(
            _csv_safe(value)
            for value in [
                registration.display_name,
                registration.email,
                registration.get_status_display(),
                registration.queue_number or "",
                registration.language,
                timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return response


def email_participants(request, slug):
    event = access.get_event_to_manage(request.user, slug)
    form = ParticipantMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        statuses = list(Registration.SEATED)
        if form.cleaned_data["include_waitlist"]:
            statuses.append(Registration.Status.WAITLISTED)
        recipients = list(
            event.registrations.filter(status__in=statuses)
            .exclude(email="")
            .select_related("event")
        )
        subject, message = form.cleaned_data["subject"], form.cleaned_data["message"]
        # All or none: a failure half-way through must not leave half the participants told.
        with transaction.atomic():
            for registration in recipients:
                emails.send_message(registration, subject, message)
        messages.success(
            request,
            _("Het bericht gaat naar %(count)s deelnemers.") % {"count": len(recipients)},
        )
        return redirect("events:attendance", slug=event.slug)
    return render(request, "events/email_participants.html", {"event": event, "form": form})
