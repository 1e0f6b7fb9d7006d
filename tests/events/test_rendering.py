"""The calendar's cards, times and forms as people read them, in Dutch and French."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import translation

from events import services
from events.models import Event
from events.templatetags.event_tags import long_datetime
from members.models import Municipality
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_long_dates_read_as_the_date_filter_writes_them(language):
    moment = datetime(2026, 1, 1, 7, 5, tzinfo=BRUSSELS)
    with translation.override(language):
        for day in range(0, 370, 3):  # every weekday and month, one-digit days and hours
            shown = moment + timedelta(days=day, hours=day % 17)
            assert long_datetime(shown) == date_filter(shown, "l j F Y, H:i")


def card_of(page, title):
    cards = re.findall(r'<article class="card h-100 event-card">.*?</article>', page, re.S)
    return next(card for card in cards if title in card)


def test_calendar_cards_show_time_place_audience_and_seats(client):
    gent = Municipality.objects.get(nis_code="44021")
    starts = datetime(2031, 3, 4, 19, 30, tzinfo=BRUSSELS)
    EventFactory(
        title_nl="Volle avond",
        title_fr="Soirée complète",
        capacity=1,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        municipality=gent,
    )
    EventFactory(
        title_nl="Ledenweekend",
        audience="members",
        starts_at=starts,
        ends_at=starts + timedelta(days=1),
    )
    EventFactory(title_nl="Afgelast", status="cancelled", starts_at=starts)
    full = UserFactory()
    services.register(Event.objects.get(title_nl="Volle avond"), user=full, notify=False)

    page = client.get("/nl/agenda/").content.decode()

    card = card_of(page, "Volle avond")
    assert (
        '<time datetime="2031-03-04T19:30:00+01:00">dinsdag 4 maart 2031, 19:30</time> – '
        '<time datetime="2031-03-04T21:30:00+01:00">21:30</time>'
    ) in card
    assert "Zaal Voorbeeld, Gent (Oost-Vlaanderen)" in card
    assert "<strong>Volzet</strong> – inschrijven op de wachtlijst" in card
    weekend = card_of(page, "Ledenweekend")
    assert '<span class="badge text-bg-secondary">Voor leden</span>' in weekend
    assert "woensdag 5 maart 2031, 19:30</time>" in weekend  # ends another day: its date shows
    assert "Vrije inschrijving" in weekend
    assert '<strong class="text-danger">Geannuleerd</strong>' in card_of(page, "Afgelast")

    french = client.get("/fr/agenda/").content.decode()
    assert "mardi 4 mars 2031, 19:30" in card_of(french, "Soirée complète")
    assert "<strong>Complet</strong>" in card_of(french, "Soirée complète")


def test_archive_cards_show_no_seats(client):
    starts = datetime(2020, 3, 4, 19, 30, tzinfo=BRUSSELS)
    EventFactory(title_nl="Voorbij", capacity=5, starts_at=starts, ends_at=starts + timedelta(1))
    card = card_of(client.get("/nl/agenda/archief/").content.decode(), "Voorbij")
    assert "plaatsen vrij" not in card and "woensdag 4 maart 2020" in card


def test_calendar_filter_keeps_the_choice_and_marks_a_wrong_one(client):
    page = client.get("/nl/agenda/", {"kind": "study_day", "province": "nergens"}).content.decode()
    assert '<option value="study_day" selected>Studiedag</option>' in page
    assert '<label for="id_province" class="form-label">Provincie</label>' in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_province_error"' in page
    assert '<div id="id_province_error" class="invalid-feedback">' in page
    assert '<option value="antwerpen">Antwerpen</option>' in page


def test_visitor_form_errors_stand_next_to_their_fields(client):
    event = EventFactory()
    response = client.post(
        f"{event.get_absolute_url()}inschrijven/", {"name": "", "email": "geen-adres"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    name_input = re.search(r'<input type="text" name="name"[^>]*>', page).group(0)
    assert 'aria-describedby="id_name_error"' in name_input and "is-invalid" in name_input
    assert re.search(r'<div id="id_name_error" class="invalid-feedback"><p [^>]*><strong>', page)
    assert 'value="geen-adres"' in page
    assert '<label for="id_email" class="form-label requiredField">E-mailadres' in page


def test_a_form_refused_as_a_whole_says_why_above_the_fields(client):
    event = EventFactory()
    response = client.post(
        f"{event.get_absolute_url()}inschrijven/",
        {"name": "Vera", "email": "vera@example.org", "website_url": "http://spam"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert '<div class="alert alert-block alert-danger"><ul class="m-0"><li>' in page
    assert 'value="Vera"' in page


def test_a_card_shows_each_change_at_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the cards themselves, not the page cache, are under test
    gent = Municipality.objects.get(nis_code="44021")
    event = EventFactory(title_nl="Eerste titel", capacity=2, municipality=gent)

    def card():
        return card_of(client.get("/nl/agenda/").content.decode(), "titel")

    assert "Nog 2 plaatsen vrij" in card() and "Gent (Oost-Vlaanderen)" in card()
    services.register(event, user=UserFactory(), notify=False)
    assert "Nog 1 plaats vrij" in card()
    Event.objects.filter(pk=event.pk).update(title_nl="Tweede titel", slug="tweede")
    assert "Tweede titel" in card() and 'href="/nl/agenda/tweede/"' in card()
    Municipality.objects.filter(pk=gent.pk).update(name_nl="Gent-Stad")
    assert "Gent-Stad (Oost-Vlaanderen)" in card()
    Event.objects.filter(pk=event.pk).update(status="cancelled")
    assert "Geannuleerd" in card() and "plaats vrij" not in card()
