# ruff: noqa: E501 - the demo data reads best as one row per item
"""Demo calendar: about fifteen events across the provinces, past and upcoming, with the personas'
registrations and a full event with a waiting list. Dates are relative to today, so the demo stays
current; safe to run again (events by slug, registrations through the engine, which returns
existing ones)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from events import services
from events.models import Event, Registration
from members.models import BIN, Municipality, User

K = Event.Kind
A = Event.Audience
L = Event.Language

# slug, kind, (title nl, title fr), days from today, start hour, hours, NIS code, venue, address,
# language, audience, capacity, (summary nl, summary fr)
EVENTS = [
    ("studiedag-inbraakpreventie-antwerpen", K.STUDY_DAY, ("Studiedag inbraakpreventie", "Journée d'étude prévention des cambriolages"), 12, 9, 7, "11002", "Provinciehuis Antwerpen", "Koningin Elisabethlei 22, 2018 Antwerpen", L.DUTCH, A.PUBLIC, 120, ("Wat werkt tegen woninginbraak? Sprekers van politie, gemeente en BIN's.", "Ce qui fonctionne contre les cambriolages : police, communes et PLP.")),
    ("netwerkmoment-coordinatoren-gent", K.NETWORK_MEETING, ("Netwerkmoment BIN-coördinatoren Oost-Vlaanderen", "Rencontre des coordinateurs PLP de Flandre orientale"), 20, 19, 2, "44021", "Zaal De Buren", "Voorbeeldstraat 12, 9000 Gent", L.DUTCH, A.MEMBERS, 5, ("Coördinatoren wisselen ervaringen uit over berichten en BE-Alert.", "Les coordinateurs échangent leurs expériences sur les messages et BE-Alert.")),
    ("rencontre-plp-liege", K.NETWORK_MEETING, ("Ontmoeting PLP Luik", "Rencontre des PLP liégeois"), 26, 19, 2, "62063", "Maison de quartier Saint-Léonard", "Rue Fictive 8, 4000 Liège", L.FRENCH, A.MEMBERS, 40, ("Netwerkavond voor de PLP's van de provincie Luik.", "Soirée d'échange pour les PLP de la province de Liège.")),
    ("algemene-vergadering", K.GENERAL_ASSEMBLY, ("Algemene vergadering BIN Kenniscentrum", "Assemblée générale du BIN Kenniscentrum"), 45, 14, 3, "21004", "Congrescentrum Brussel-Centrum", "Voorbeeldlaan 1, 1000 Brussel", L.BOTH, A.WORKING_MEMBERS, None, ("Jaarverslag, rekeningen en verkiezing van bestuurders.", "Rapport annuel, comptes et élection des administrateurs.")),
    ("webinar-be-alert-bin-module", K.STUDY_DAY, ("Webinar: de BIN-module van BE-Alert", "Webinaire : le module PLP de BE-Alert"), 8, 12, 1, None, "", "", L.BOTH, A.PUBLIC, None, ("Een uur uitleg over berichten sturen via BE-Alert, met vragen.", "Une heure d'explication sur l'envoi de messages via BE-Alert, avec questions.")),
    ("infoavond-bin-starten-leuven", K.BIN_EVENT, ("Infoavond: een BIN starten in uw wijk", "Soirée d'information : lancer un PLP"), 16, 19, 2, "24062", "Cultureel centrum Leuven", "Fictieplein 3, 3000 Leuven", L.DUTCH, A.PUBLIC, 60, ("Politie en gemeente leggen uit hoe een BIN start.", "Police et commune expliquent comment démarrer un PLP.")),
    ("preventiewandeling-gent-lindenlaan", K.BIN_EVENT, ("Preventiewandeling in de Lindenlaan", "Promenade de prévention dans la Lindenlaan"), 9, 19, 2, "44021", "Parochiezaal Lindenlaan", "Lindenlaan 1, 9000 Gent", L.DUTCH, A.PUBLIC, 40, ("Met de wijkagent door de buurt: waar kijkt een inbreker naar?", "Avec l'agent de quartier dans le quartier : que regarde un cambrioleur ?")),
    ("soiree-plp-namur", K.BIN_EVENT, ("Infoavond PLP Namen", "Soirée d'information PLP à Namur"), 30, 19, 2, "92094", "Espace citoyen", "Rue de l'Exemple 5, 5000 Namur", L.FRENCH, A.PUBLIC, 50, ("Kennismaking met de PLP's in Namen.", "Découvrir les PLP à Namur.")),
    ("bin-z-handelaars-brugge", K.BIN_EVENT, ("BIN-Z: veilig ondernemen in de binnenstad", "PLP-I : entreprendre en sécurité au centre-ville"), 38, 18, 2, "31005", "Stadshallen Brugge", "Markt 99, 8000 Brugge", L.DUTCH, A.PUBLIC, 80, ("Voor handelaars en zelfstandigen: samenwerken met politie.", "Pour commerçants et indépendants : collaborer avec la police.")),
    ("netwerkmoment-limburg", K.NETWORK_MEETING, ("Netwerkmoment Limburg", "Rencontre PLP du Limbourg"), 52, 19, 2, "71072", "Zaal Het Anker", "Fictiestraat 40, 3500 Hasselt", L.DUTCH, A.MEMBERS, 30, ("Coördinatoren uit Limburg ontmoeten elkaar.", "Rencontre des coordinateurs du Limbourg.")),
    ("journee-etude-hainaut", K.STUDY_DAY, ("Studiedag Henegouwen: buren en veiligheid", "Journée d'étude Hainaut : voisins et sécurité"), 60, 9, 6, "53053", "Salle polyvalente", "Avenue Imaginaire 17, 7000 Mons", L.FRENCH, A.PUBLIC, 100, ("Studiedag over sociale cohesie en preventie.", "Journée sur la cohésion sociale et la prévention.")),
    ("netwerkmoment-vol-mechelen", K.NETWORK_MEETING, ("Netwerkmoment Mechelen (volzet)", "Rencontre à Malines (complet)"), 10, 19, 2, "12025", "Ontmoetingscentrum", "Dijlestraat 77, 2800 Mechelen", L.DUTCH, A.PUBLIC, 3, ("Een klein netwerkmoment: de wachtlijst schuift door bij elke afmelding.", "Une petite rencontre : la liste d'attente avance à chaque désistement.")),
    # Past events, for the archive.
    ("studiedag-2025-kortrijk", K.STUDY_DAY, ("Studiedag BIN in de praktijk", "Journée d'étude : le PLP en pratique"), -40, 9, 6, "34022", "Hogeschoolcampus", "Fictielaan 2, 8500 Kortrijk", L.DUTCH, A.PUBLIC, 80, ("Goede praktijken uit West-Vlaanderen.", "Bonnes pratiques de Flandre occidentale.")),
    ("rencontre-wavre-passee", K.NETWORK_MEETING, ("Ontmoeting Waals-Brabant", "Rencontre du Brabant wallon"), -25, 19, 2, "25112", "Hôtel de ville", "Place Fictive 1, 1300 Wavre", L.FRENCH, A.MEMBERS, 30, ("Voorbije ontmoeting van de PLP's.", "Rencontre passée des PLP.")),
    ("infoavond-sint-niklaas", K.BIN_EVENT, ("Infoavond BIN Sint-Niklaas", "Soirée PLP à Saint-Nicolas"), -12, 19, 2, "46021", "Stadhuis", "Grote Markt 0, 9100 Sint-Niklaas", L.DUTCH, A.PUBLIC, None, ("Voorbije infoavond.", "Soirée d'information passée.")),
    ("algemene-vergadering-vorig-jaar", K.GENERAL_ASSEMBLY, ("Algemene vergadering (vorig jaar)", "Assemblée générale (année passée)"), -300, 14, 3, "21004", "Congrescentrum Brussel-Centrum", "Voorbeeldlaan 1, 1000 Brussel", L.BOTH, A.WORKING_MEMBERS, None, ("Jaarverslag van vorig jaar.", "Rapport de l'année passée.")),
]  # fmt: skip

FICTIVE_PARTICIPANTS = [
    ("Jan Voorbeeld", "jan.voorbeeld@demo.bin-kenniscentrum.be", "nl"),
    ("Marie Exemple", "marie.exemple@demo.bin-kenniscentrum.be", "fr"),
    ("Piet Proef", "piet.proef@demo.bin-kenniscentrum.be", "nl"),
    ("Sofie Fictief", "sofie.fictief@demo.bin-kenniscentrum.be", "nl"),
    ("Luc Imaginaire", "luc.imaginaire@demo.bin-kenniscentrum.be", "fr"),
]


def at(days, hour):
    """A moment `days` from today at `hour` o'clock, Brussels time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def upsert_event(slug, kind, titles, days, hour, hours, nis, venue, address, language, audience,
                 capacity, summaries):  # fmt: skip
    starts = at(days, hour)
    event, _ = Event.objects.update_or_create(
        slug=slug,
        defaults={
            "kind": kind,
            "title_nl": titles[0],
            "title_fr": titles[1],
            "summary_nl": summaries[0],
            "summary_fr": summaries[1],
            "description_nl": f"<p>{summaries[0]}</p><p>Een fictieve activiteit voor de demo.</p>",
            "description_fr": f"<p>{summaries[1]}</p><p>Une activité fictive pour la démo.</p>",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=hours),
            "municipality": Municipality.objects.filter(nis_code=nis).first() if nis else None,
            "venue_name": venue,
            "address": address,
            "online_url": "" if venue else "https://meet.example.org/bin-kenniscentrum",
            "language": language,
            "audience": audience,
            "capacity": capacity,
            "status": Event.Status.PUBLISHED,
        },
    )
    return event


def register_demo(event, people):
    """Register users (or (name, e-mail, language) visitors) through the engine, without e-mail;
    past events get their registrations as they ended (attended)."""
    for person in people:
        if event.is_past:
            user = person if isinstance(person, User) else None
            name, email, language = (
                (user.full_name, user.email, user.preferred_language) if user else person
            )
            if not event.registrations.filter(email__iexact=email).exists():
                number = event.registrations.count() + 1
                # History, not a change of status: written as the engine would have left it.
                Registration.objects.create(
                    event=event, user=user, name=name, email=email, language=language,
                    status=Registration.Status.ATTENDED, queue_number=number,
                    confirmed_at=event.starts_at - timedelta(days=7),
                )  # fmt: skip
                services.recount(event)
            continue
        if isinstance(person, User):
            services.register(event, user=person, notify=False)
        else:
            name, email, language = person
            registration, _ = services.register(
                event, name=name, email=email, language=language, notify=False
            )
            services.confirm_address(registration.pk, notify=False)


def seed():
    events = {spec[0]: upsert_event(*spec) for spec in EVENTS}
    users = {
        u.email.split("@")[0]: u
        for u in User.objects.filter(email__endswith="@demo.bin-kenniscentrum.be")
    }
    citizen, coordinator = users.get("burger"), users.get("coordinator")
    coordinatrice, police = users.get("coordinatrice"), users.get("politie")
    personas = [u for u in (citizen, coordinator, coordinatrice, police) if u]
    register_demo(
        events["studiedag-inbraakpreventie-antwerpen"], personas + FICTIVE_PARTICIPANTS[:3]
    )
    register_demo(events["webinar-be-alert-bin-module"], personas)
    register_demo(
        events["netwerkmoment-coordinatoren-gent"], [u for u in (coordinator, police) if u]
    )
    register_demo(events["rencontre-plp-liege"], [u for u in (coordinatrice,) if u])
    # Full: three seats, five people; cancelling one promotes the first on the waiting list.
    register_demo(
        events["netwerkmoment-vol-mechelen"],
        FICTIVE_PARTICIPANTS[:3] + [u for u in (citizen, coordinator) if u],
    )
    register_demo(events["studiedag-2025-kortrijk"], personas + FICTIVE_PARTICIPANTS)
    register_demo(
        events["infoavond-sint-niklaas"], [u for u in (citizen,) if u] + FICTIVE_PARTICIPANTS[:2]
    )
    link_bin_events_to_local_bins(events.values())
    return len(events)


def link_bin_events_to_local_bins(events):
    """A BIN event is organised by a BIN of its municipality, so it shows on that BIN's page."""
    for event in events:
        if event.kind == Event.Kind.BIN_EVENT and event.municipality_id and not event.bin_id:
            event.bin = BIN.objects.filter(municipality_id=event.municipality_id).first()
            if event.bin:
                event.save(update_fields=["bin"])
