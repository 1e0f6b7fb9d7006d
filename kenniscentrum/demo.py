"""Demo content of the site-wide pages: pages, partners, contact subjects and a newsletter.

Every name is fictitious. Safe to run again: rows are found by their natural key and updated.
"""

from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.utils import timezone

from events.models import Event
from kenniscentrum.models import ContactSubject, Page, Partner
from kenniscentrum.newsletter.mailing import consent_text
from kenniscentrum.newsletter.models import (
    NewsletterConsent,
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterItem,
    NewsletterSubscriber,
    Topic,
)
from kenniscentrum.site.page_content import PAGES, page_fields

FILES = Path(__file__).resolve().parent / "demo_files"

EXTRA_PAGES = [
    {
        "slug": "lid-worden",
        "menu": Page.Menu.ABOUT,
        "order": 30,
        "title_nl": "Lid worden",
        "title_fr": "Devenir membre",
        "summary_nl": "Hoe uw BIN aansluit bij het Kenniscentrum, en wat het u oplevert.",
        "summary_fr": (
            "Comment votre PLP adhère au Centre de connaissances, et ce que cela vous apporte."
        ),
        "body_nl": (
            "<p>Elke erkende BIN kan gratis toetreden tot het BIN Kenniscentrum. Als toegetreden "
            "lid krijgt uw BIN toegang tot de opleidingen, de documenten voor leden en het netwerk "
            "van coördinatoren en politiemensen in heel België.</p>"
            "<h2>Hoe gaat het in zijn werk?</h2><ol><li>De coördinator maakt een account aan op "
            "deze website.</li><li>Hij of zij vraagt de aansluiting aan vanuit de pagina van de "
            "BIN.</li><li>De Raad van Bestuur bekijkt de aanvraag op zijn volgende "
            "vergadering.</li>"
            "</ol>"
        ),
        "body_fr": (
            "<p>Tout PLP reconnu peut adhérer gratuitement au Centre de connaissances BIN. Comme "
            "membre adhérent, votre PLP a accès aux formations, aux documents réservés aux membres "
            "et au réseau des coordinateurs et policiers de toute la Belgique.</p>"
            "<h2>Comment faire ?</h2><ol><li>Le coordinateur crée un compte sur ce site.</li>"
            "<li>Il ou elle demande l'adhésion depuis la page du PLP.</li><li>Le conseil "
            "d'administration examine la demande lors de sa prochaine réunion.</li></ol>"
        ),
    },
]

# (name, kind, order, logo file, website)
PARTNERS = [
    (
        "Provinciaal Veiligheidsplatform Voorbeeldland",
        Partner.Kind.GOVERNMENT,
        10,
        "partner-provincie.png",
        "https://veiligheidsplatform.example.org",
    ),
    (
        "Politiezone Denkbeeldig-Oost",
        Partner.Kind.POLICE,
        20,
        "partner-politie.png",
        "https://denkbeeldig-oost.example.org",
    ),
    (
        "Stichting Veilige Straat",
        Partner.Kind.ORGANISATION,
        30,
        "partner-stichting.png",
        "https://veiligestraat.example.org",
    ),
    ("Fonds Buurtzorg Fictief", Partner.Kind.SPONSOR, 40, "partner-fonds.png", ""),
]

# (label nl, label fr, recipient, recipient's language)
CONTACT_SUBJECTS = [
    ("Algemene vraag", "Question générale", "info@demo.bin-kenniscentrum.be", "nl"),
    ("Een BIN opstarten", "Lancer un PLP", "opstart@demo.bin-kenniscentrum.be", "nl"),
    ("Opleidingen", "Formations", "opleidingen@demo.bin-kenniscentrum.be", "nl"),
    ("Vraag in het Frans", "Question en français", "contact.fr@demo.bin-kenniscentrum.be", "fr"),
    ("De website", "Le site web", "website@demo.bin-kenniscentrum.be", "nl"),
]

# (e-mail, language, topics)
SUBSCRIBERS = [
    ("burger@demo.bin-kenniscentrum.be", "nl", [Topic.NEWS, Topic.EVENTS]),
    ("lezer.een@demo.bin-kenniscentrum.be", "nl", [Topic.NEWS, Topic.EVENTS, Topic.TRAININGS]),
    ("lezer.twee@demo.bin-kenniscentrum.be", "nl", [Topic.TRAININGS]),
    ("lectrice@demo.bin-kenniscentrum.be", "fr", [Topic.NEWS, Topic.EVENTS, Topic.TRAININGS]),
]

ISSUES = [
    {
        "language": "nl",
        "subject": "Nieuwsbrief voorjaar: nieuwe opleidingen en een studiedag",
        "introduction": (
            "<p>Beste lezer,</p><p>Het voorjaar is een drukke tijd voor de BIN's. In deze "
            "nieuwsbrief leest u over de nieuwe opleidingen voor coördinatoren, onze studiedag "
            "en een goede praktijk uit een fictieve gemeente.</p>"
        ),
        "items": [
            (
                "Nieuw: opleiding voor startende coördinatoren",
                "Een halve dag over het communicatieplan, het charter en de samenwerking met "
                "politie en gemeente.",
                "/nl/opleidingen/",
            ),
            (
                "Studiedag 'Samen preventief'",
                "Ontmoet coördinatoren en politiemensen uit het hele land.",
                "/nl/agenda/",
            ),
            (
                "Goede praktijk: de BIN-nieuwsbrief van Voorbeeldwijk",
                "Hoe een kleine BIN zijn leden elke maand bereikt.",
                "/nl/kennisbank/",
            ),
        ],
    },
    {
        "language": "fr",
        "subject": "Lettre du printemps : nouvelles formations et une journée d'étude",
        "introduction": (
            "<p>Chère lectrice, cher lecteur,</p><p>Le printemps est une période chargée pour "
            "les PLP. Dans cette lettre : les nouvelles formations pour coordinateurs, notre "
            "journée d'étude et une bonne pratique d'une commune fictive.</p>"
        ),
        "items": [
            (
                "Nouveau : formation pour coordinateurs débutants",
                "Une demi-journée sur le plan de communication, la charte et la collaboration "
                "avec la police et la commune.",
                "/fr/formations/",
            ),
            (
                "Journée d'étude « Prévenir ensemble »",
                "Rencontrez des coordinateurs et des policiers de tout le pays.",
                "/fr/agenda/",
            ),
        ],
    },
]


def seed_pages():
    for key in PAGES:
        Page.objects.update_or_create(key=key, defaults=page_fields(key))
    for fields in EXTRA_PAGES:
        Page.objects.update_or_create(slug=fields["slug"], defaults=fields)


def seed_partners():
    for name, kind, order, logo, url in PARTNERS:
        partner, _ = Partner.objects.update_or_create(
            name=name,
            defaults={"kind": kind, "order": order, "url": url, "logo_alt": name, "active": True},
        )
        if not partner.logo:  # keep the file from an earlier run instead of adding a copy
            with open(FILES / logo, "rb") as handle:
                partner.logo.save(logo, File(handle), save=True)


def seed_contact_subjects():
    for order, (label_nl, label_fr, recipient, language) in enumerate(CONTACT_SUBJECTS):
        ContactSubject.objects.update_or_create(
            label_nl=label_nl,
            defaults={
                "label_fr": label_fr,
                "recipient": recipient,
                "recipient_language": language,
                "order": order * 10,
                "active": True,
            },
        )


def seed_newsletter():
    now = timezone.now()
    subscribers = []
    for email, language, topics in SUBSCRIBERS:
        subscriber, _ = NewsletterSubscriber.objects.update_or_create(
            email=email,
            defaults={
                "language": language,
                "topics": topics,
                "status": NewsletterSubscriber.Status.CONFIRMED,
                "confirmed_at": now - timedelta(days=60),
            },
        )
        if not subscriber.consents.exists():
            for action in (NewsletterConsent.Action.REQUESTED, NewsletterConsent.Action.CONFIRMED):
                NewsletterConsent.objects.create(
                    subscriber=subscriber,
                    action=action,
                    at=now - timedelta(days=60),
                    text=consent_text(language),
                    language=language,
                )
        subscribers.append(subscriber)

    for issue_data in ISSUES:
        issue, _ = NewsletterIssue.objects.update_or_create(
            subject=issue_data["subject"],
            defaults={
                "language": issue_data["language"],
                "introduction": issue_data["introduction"],
                "status": NewsletterIssue.Status.SENT,
                "queued_at": now - timedelta(days=30),
                "sent_at": now - timedelta(days=30),
            },
        )
        issue.items.all().delete()
        NewsletterItem.objects.bulk_create(
            NewsletterItem(issue=issue, title=title, summary=summary, url=url, order=order)
            for order, (title, summary, url) in enumerate(issue_data["items"])
        )
        # An item picked from the calendar, as editors do: its text comes from the event.
        event = Event.objects.published().public().upcoming().order_by("starts_at", "pk").first()
        if event:
            NewsletterItem.objects.create(issue=issue, event=event, order=len(issue_data["items"]))
        for subscriber in subscribers:
            if subscriber.language == issue.language:
                NewsletterDelivery.objects.update_or_create(
                    issue=issue,
                    subscriber=subscriber,
                    defaults={"status": NewsletterDelivery.Status.SENT, "sent_at": issue.sent_at},
                )


def seed():
    seed_pages()
    seed_partners()
    seed_contact_subjects()
    seed_newsletter()
