"""Scale data: the volumes of a real national site, for the benchmark and the soak test.

1,500 BINs over every municipality, 20,000 people (a coordinator, often a co-coordinator and a
police officer per BIN; the others take part in events), 10,000 articles (half Dutch, half French,
made by the knowledge base's own generator, search vectors filled), 3,000 events over two years
with 60,000 registrations, and 300 courses with their sessions. Everything is fictitious: the
people live at `schaal.example.org`, the BINs are "Proefwijk" neighbourhoods.

Written with `bulk_create` in batches. Deterministic: row number `i` of a kind always gets the same
values (a random generator seeded with the kind and `i`), dates counted from today. Run again, it
adds only what is missing (each kind is recognised by its fictitious addresses and slugs), so a
second run with the same sizes changes nothing.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from events.models import Event, Registration
from knowledgebase.demo import generate_articles
from knowledgebase.models import Article
from members.demo import demo_pdf
from members.models import (
    BIN,
    BINRole,
    BINType,
    Charter,
    Municipality,
    PostalCode,
    User,
    WorkingMember,
    largest_remainder,
)
from training.models import Course, CourseSession, Module

DOMAIN = "schaal.example.org"
SLUG_PREFIX = "schaal-"
PASSWORD = "schaal-BIN-2026"
BATCH = 2000

DEFAULT_SIZES = {
    "users": 20_000,
    "bins": 1_500,
    "articles": 10_000,
    "courses": 300,
    "events": 3_000,
    "registrations": 60_000,
}

FIRST_NAMES_NL = ["Jan", "An", "Piet", "Els", "Koen", "Lien", "Wim", "Sofie", "Tom", "Nele",
                  "Bart", "Griet", "Dirk", "Hilde", "Joris", "Katrien", "Luc", "Mieke"]  # fmt: skip
FIRST_NAMES_FR = ["Marie", "Luc", "Julie", "Marc", "Claire", "Paul", "Léa", "Hugo", "Anne",
                  "Louis", "Chloé", "Pierre", "Sarah", "Michel"]  # fmt: skip
# Surnames nobody has: the data must never be mistaken for real people.
LAST_NAMES_NL = ["Voorbeeld", "Proef", "Fictief", "Bedacht", "Verzonnen", "Testmans",
                 "Schaalmans", "Proefmans", "Voorbeeldt", "Denkbeeld"]  # fmt: skip
LAST_NAMES_FR = ["Exemple", "Fictif", "Imaginaire", "Modèle", "Essai", "Dupré-Test",
                 "Inventé", "Factice"]  # fmt: skip
STREETS_NL = ["Lindenlaan", "Kastanjedreef", "Molenstraat", "Kerkplein", "Beukenhof",
              "Populierenwijk", "Meidoornstraat", "Veldstraat", "Vlinderlaan"]  # fmt: skip
STREETS_FR = ["Rue des Tilleuls", "Rue du Moulin", "Clos des Hêtres", "Avenue des Peupliers",
              "Rue des Champs", "Allée des Bouleaux", "Rue de la Fontaine"]  # fmt: skip
TOPICS = [
    ("inbraakpreventie", "prévention des cambriolages"),
    ("brandveiligheid", "sécurité incendie"),
    ("BE-Alert", "BE-Alert"),
    ("cybercriminaliteit", "cybercriminalité"),
    ("fietsdiefstal", "vol de vélos"),
    ("oplichting aan de deur", "arnaques au porte-à-porte"),
    ("burenhulp", "entraide entre voisins"),
    ("veilig ondernemen", "entreprendre en sécurité"),
]
EVENT_KINDS = [
    (Event.Kind.BIN_EVENT, "Infoavond", "Soirée d'information"),
    (Event.Kind.STUDY_DAY, "Studiedag", "Journée d'étude"),
    (Event.Kind.NETWORK_MEETING, "Netwerkmoment", "Rencontre"),
]
WALLONIA = "03000"


def rng_for(kind, index):
    """The random generator of row `index` of `kind`: the same values on every run."""
    return random.Random(f"{kind}-{index}")


def batched(rows, model):
    return model.objects.bulk_create(rows, batch_size=BATCH)


def scale_users():
    return User.objects.filter(email__endswith=f"@{DOMAIN}")


def scale_bins():
    return BIN.objects.filter(slug__startswith=SLUG_PREFIX)


def scale_events():
    return Event.objects.filter(slug__startswith=SLUG_PREFIX)


def scale_courses():
    return Course.objects.filter(slug__startswith=SLUG_PREFIX)


def scale_articles():
    # The knowledge base's generator names its articles "gen-…".
    return Article.objects.filter(slug__startswith="gen-")


def counts():
    return {
        "users": scale_users().count(),
        "bins": scale_bins().count(),
        "articles": scale_articles().count(),
        "courses": scale_courses().count(),
        "events": scale_events().count(),
        "registrations": Registration.objects.filter(event__slug__startswith=SLUG_PREFIX).count(),
    }


def user_email(index):
    return f"persoon{index:05d}@{DOMAIN}"


def municipalities():
    return list(Municipality.objects.select_related("province__region").order_by("nis_code"))


# --- people ---------------------------------------------------------------------------------


def seed_users(total):
    existing = scale_users().count()
    if existing >= total:
        return 0
    # One hash for everyone: hashing 20,000 passwords one by one would take many minutes.
    password = make_password(PASSWORD)
    joined = timezone.now() - timedelta(days=400)
    rows = []
    for i in range(existing, total):
        rng = rng_for("user", i)
        french = rng.random() < 0.4
        first = rng.choice(FIRST_NAMES_FR if french else FIRST_NAMES_NL)
        last = rng.choice(LAST_NAMES_FR if french else LAST_NAMES_NL)
        rows.append(
            User(
                email=user_email(i),
                full_name=f"{first} {last}",
                preferred_language="fr" if french else "nl",
                password=password,
                date_joined=joined + timedelta(minutes=i),
            )
        )
    batched(rows, User)
    return len(rows)


def scale_people(total):
    """(primary key, e-mail address) of the scale users in index order (persoon00000 first)."""
    return list(scale_users().order_by("email").values_list("pk", "email")[:total])


# --- BINs -----------------------------------------------------------------------------------


def charter_file_name():
    """One small PDF shared by every scale charter, so that their pages can open it."""
    charter = Charter(signed_on=date(2020, 1, 1))
    name = "charters/schaal-charter.pdf"
    storage = charter.pdf.storage
    if not storage.exists(name):
        name = storage.save(name, ContentFile(demo_pdf("Charter (schaaldata)")))
    return name


def seed_bins(total, users):
    existing = scale_bins().count()
    if existing >= total:
        return 0
    today = date.today()
    places = municipalities()
    types = {t.code: t for t in BINType.objects.all()}
    postcodes = {}
    for postal_code in PostalCode.objects.order_by("code"):
        postcodes.setdefault(postal_code.municipality_id, postal_code)
    statuses = [BIN.Status.ACTIVE] * 17 + [BIN.Status.STARTING, BIN.Status.DORMANT]
    bins = []
    for i in range(existing, total):
        rng = rng_for("bin", i)
        # Every municipality in turn, so each has at least one BIN once there are 565 or more.
        place = places[i % len(places)]
        french = place.province.region.code == WALLONIA
        business = rng.random() < 0.12
        street = rng.choice(STREETS_FR if french else STREETS_NL)
        if french:
            prefix = "PLP-I Zone Test" if business else "PLP Quartier Test"
        else:
            prefix = "BIN-Z Proefzone" if business else "BIN Proefwijk"
        name = f"{prefix} {street} {i + 1} ({place.name_fr if french else place.name_nl})"
        founded = date(rng.randint(2008, 2024), rng.randint(1, 12), 1)
        status = rng.choice(statuses)
        description = (
            f"<p>Un PLP fictif de la {street}, pour mesurer la vitesse du portail.</p>"
            if french
            else f"<p>Een fictieve BIN in de {street}, om de snelheid van het portaal te meten.</p>"
        )
        bins.append(
            BIN(
                name=name,
                slug=f"{SLUG_PREFIX}{slugify(name)[:120]}-{i + 1}",
                type=types["bin-z" if business else "bin"],
                status=status,
                status_since=founded,
                municipality=place,
                description=description,
                area_description=street,
                founded_on=founded,
                member_count=rng.randint(20, 1500),
                member_count_on=today - timedelta(days=rng.randint(10, 500)),
                channels=rng.sample(list(BIN.Channel.values), k=rng.randint(1, 3)),
                yearly_fee=rng.choice([None, Decimal("0"), Decimal("5")]),
                joined_on=date(rng.randint(2016, 2024), 1, 1) if rng.random() < 0.4 else None,
                data_confirmed_on=today - timedelta(days=rng.randint(0, 700)),
            )
        )
    batched(bins, BIN)
    served = [
        BIN.postal_codes.through(bin_id=b.pk, postalcode_id=postcodes[b.municipality_id].pk)
        for b in bins
        if b.municipality_id in postcodes
    ]
    batched(served, BIN.postal_codes.through)

    pdf_name = charter_file_name()
    charters, roles, working = [], [], []
    for offset, bin_ in enumerate(bins):
        i = existing + offset
        rng = rng_for("bin-people", i)
        if bin_.status != BIN.Status.STARTING:
            signed = bin_.founded_on + timedelta(days=120)
            sent = signed + timedelta(days=20)
            acknowledged = rng.random() < 0.7
            charters.append(
                Charter(
                    bin=bin_,
                    signed_on=signed,
                    signed_by_coordinator="Fictieve coördinator",
                    signed_by_mayor="Fictieve burgemeester",
                    signed_by_police_chief="Fictieve korpschef",
                    sent_to_fod_on=sent,
                    acknowledged_on=sent + timedelta(days=30) if acknowledged else None,
                    next_review=signed + timedelta(days=3 * 365),
                    pdf=pdf_name,
                )
            )
        # Each BIN's people come from the first users, four per BIN, so they never collide.
        people = [users[(4 * i + n) % len(users)][0] for n in range(4)]
        start = bin_.founded_on
        roles.append(BINRole(user_id=people[0], bin=bin_, role="coordinator", start=start))
        if rng.random() < 0.5:
            roles.append(BINRole(user_id=people[1], bin=bin_, role="co_coordinator", start=start))
        if rng.random() < 0.7:
            roles.append(BINRole(user_id=people[2], bin=bin_, role="police_officer", start=start))
        if rng.random() < 0.2:
            roles.append(
                BINRole(user_id=people[3], bin=bin_, role="prevention_officer", start=start)
            )
        if bin_.joined_on and rng.random() < 0.5:
            working.append(
                WorkingMember(
                    user_id=people[0],
                    kind="coordinator",
                    province_id=bin_.municipality.province_id,
                    admitted_on=bin_.joined_on,
                )
            )
    batched(charters, Charter)
    batched(roles, BINRole)
    batched(working, WorkingMember)
    return len(bins)


# --- courses --------------------------------------------------------------------------------


def seed_courses(total):
    existing = scale_courses().count()
    if existing >= total:
        return 0
    audiences = list(Course.TargetGroup.values)
    courses = []
    for i in range(existing, total):
        rng = rng_for("course", i)
        topic_nl, topic_fr = rng.choice(TOPICS)
        courses.append(
            Course(
                title_nl=f"Proefopleiding {topic_nl} {i + 1}",
                title_fr=f"Formation test {topic_fr} {i + 1}",
                slug=f"{SLUG_PREFIX}opleiding-{i + 1:04d}",
                target_group=rng.choice(audiences),
                summary_nl=f"Een fictieve opleiding over {topic_nl}, voor de snelheidsmeting.",
                summary_fr=f"Une formation fictive sur {topic_fr}, pour mesurer la vitesse.",
                objectives_nl=f"<ul><li>{topic_nl} begrijpen</li><li>Zelf aan de slag</li></ul>",
                objectives_fr=f"<ul><li>Comprendre : {topic_fr}</li><li>Agir</li></ul>",
                duration_hours=Decimal(rng.choice(["2", "3", "4", "6"])),
                is_published=rng.random() < 0.95,
            )
        )
    batched(courses, Course)
    modules = [
        Module(
            course=course,
            order=order,
            title_nl=f"Module {order}: {course.title_nl}",
            title_fr=f"Module {order} : {course.title_fr}",
        )
        for course in courses
        for order in range(1, 2 + rng_for("course-modules", course.pk).randint(1, 4))
    ]
    batched(modules, Module)
    return len(courses)


# --- events and registrations ---------------------------------------------------------------


def registrations_per_event(events, registrations):
    """How many registrations event `i` gets: uneven, as in life, and `registrations` in all."""
    weights = {i: rng_for("event-weight", i).choice([1, 1, 2, 2, 3, 5, 8]) for i in range(events)}
    return largest_remainder(weights, registrations)


def seed_events(total, registrations, users, courses):
    existing = scale_events().count()
    if existing >= total:
        return 0, 0
    if registrations and not users:
        raise ValueError("Registrations need users: seed the users first.")
    places = municipalities()
    per_event = registrations_per_event(total, registrations)
    if max(per_event.values(), default=0) > len(users):
        raise ValueError("More registrations per event than users: raise --users.")
    now = timezone.now()
    today = timezone.localdate()
    events, sessions = [], []
    for i in range(existing, total):
        rng = rng_for("event", i)
        # Spread over a year back and a year ahead: half the calendar is archive.
        day = today + timedelta(days=(i * 7919) % 730 - 365)
        starts = timezone.make_aware(datetime.combine(day, time(rng.choice([9, 14, 19]))))
        place = places[(i * 31) % len(places)]
        topic_nl, topic_fr = rng.choice(TOPICS)
        course = courses[i % len(courses)] if courses and i % 5 == 0 else None
        if course:
            kind = Event.Kind.TRAINING_SESSION
            title_nl, title_fr = course.title_nl, course.title_fr
        else:
            kind, word_nl, word_fr = rng.choice(EVENT_KINDS)
            title_nl = f"{word_nl} {topic_nl} in {place.name_nl} ({i + 1})"
            title_fr = f"{word_fr} {topic_fr} à {place.name_fr} ({i + 1})"
        count = per_event.get(i, 0)
        # Most events have room to spare; one in six is full and keeps a waiting list.
        capacity = rng.choice([None, count + 20, count + 5, max(count - 3, 1), count * 2 + 10])
        status = Event.Status.PUBLISHED
        if rng.random() < 0.03:
            status = Event.Status.CANCELLED
        elif rng.random() < 0.02:
            status = Event.Status.DRAFT
        online = rng.random() < 0.1
        events.append(
            Event(
                kind=kind,
                title_nl=title_nl,
                title_fr=title_fr,
                slug=f"{SLUG_PREFIX}activiteit-{i + 1:05d}",
                summary_nl=f"Een fictieve activiteit over {topic_nl}.",
                summary_fr=f"Une activité fictive sur {topic_fr}.",
                description_nl=f"<p>Een fictieve activiteit over {topic_nl}, voor de meting.</p>",
                description_fr=f"<p>Une activité fictive sur {topic_fr}, pour la mesure.</p>",
                starts_at=starts,
                ends_at=starts + timedelta(hours=rng.choice([2, 3, 7])),
                venue_name="" if online else "Fictieve zaal",
                address="" if online else f"Proefstraat {i % 200 + 1}, {place.name_nl}",
                municipality=None if online else place,
                online_url="https://meet.example.org/schaal" if online else "",
                language=place_language(place),
                audience=rng.choice(["public"] * 8 + ["members", "working_members"]),
                capacity=capacity,
                status=status,
            )
        )
        if course:
            sessions.append((len(events) - 1, course))
    batched(events, Event)
    batched(
        [
            CourseSession(event=events[n], course=course, trainer="Fictieve lesgever")
            for n, course in sessions
        ],
        CourseSession,
    )

    rows = []
    for offset, event in enumerate(events):
        i = existing + offset
        rows += event_registrations(event, i, per_event.get(i, 0), users, now)
    batched(rows, Registration)
    # Written around the engine: the events' stored seat counters are set from them once.
    Event.objects.filter(pk__in=[event.pk for event in events]).recount()
    return len(events), len(rows)


def place_language(place):
    return "fr" if place.province.region.code == WALLONIA else "nl"


def event_registrations(event, index, count, users, now):
    """`count` registrations for `event`: people with an account and visitors, in the statuses
    the engine would have left them."""
    rng = rng_for("registrations", index)
    past = event.ends_at < now
    rows = []
    seated = 0
    for k in range(count):
        # Distinct people per event: a step through the users that is coprime with their number.
        person = users[(index * 31 + k * 104729) % len(users)] if rng.random() < 0.75 else None
        user, email = person or (None, f"bezoeker.{index}.{k}@{DOMAIN}")
        status, queue = Registration.Status.CONFIRMED, k + 1
        if past:
            status = Registration.Status.ATTENDED if rng.random() < 0.85 else "no_show"
        elif rng.random() < 0.05:
            status = Registration.Status.CANCELLED
        elif user is None and rng.random() < 0.1:
            status, queue = Registration.Status.PENDING, None
        elif event.capacity is not None and seated >= event.capacity:
            status = Registration.Status.WAITLISTED
        if status in Registration.SEATED:
            seated += 1
        rows.append(
            Registration(
                event=event,
                user_id=user,
                name="" if user else f"Bezoeker {index}-{k}",
                email=email,
                language=event.language[:2],
                status=status,
                queue_number=queue,
                confirmed_at=None if queue is None else event.starts_at - timedelta(days=10),
                cancelled_at=now if status == Registration.Status.CANCELLED else None,
            )
        )
    return rows


# --- all ------------------------------------------------------------------------------------


def seed(sizes, log=print):
    """Add what is missing of the scale data at `sizes`; returns {kind: rows created}."""
    sizes = {**DEFAULT_SIZES, **{k: v for k, v in sizes.items() if v is not None}}
    created = {}
    with transaction.atomic():
        created["users"] = seed_users(sizes["users"])
        users = scale_people(sizes["users"])
        log(f"users: {created['users']} created")
        created["bins"] = seed_bins(sizes["bins"], users)
        log(f"BINs: {created['bins']} created")
        created["articles"] = max(sizes["articles"] - scale_articles().count(), 0)
        if created["articles"]:
            # Bulk-created with their search vectors, as the knowledge base measures itself.
            generate_articles(created["articles"])
        log(f"articles: {created['articles']} created")
        created["courses"] = seed_courses(sizes["courses"])
        courses = list(scale_courses().order_by("slug")[: sizes["courses"]])
        log(f"courses: {created['courses']} created")
        created["events"], created["registrations"] = seed_events(
            sizes["events"], sizes["registrations"], users, courses
        )
        log(f"events: {created['events']}, registrations: {created['registrations']} created")
    return created
