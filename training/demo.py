# ruff: noqa: E501 - the demo data reads best as one row per item
"""Demo courses: ten course packages with modules, materials and twenty sessions across the
provinces, past (with attendance and certificates) and upcoming (one of them full). Safe to run
again: courses by slug, sessions by their event's slug, registrations through the engine."""

from decimal import Decimal

from django.core.files.base import ContentFile
from fpdf import FPDF

from events.demo import FICTIVE_PARTICIPANTS, register_demo, upsert_event
from events.models import Event
from members.models import User
from training import services
from training.models import Course, CourseSession, Material, Module
from training.pdf import latin1

C = Course.TargetGroup

# slug, target group, (title nl, title fr), hours, (summary nl, summary fr), [modules as (nl, fr)]
COURSES = [
    ("basisopleiding-bin-coordinator", C.COORDINATORS, ("Basisopleiding BIN-coördinator", "Formation de base coordinateur PLP"), "6", ("Alles wat een nieuwe coördinator moet weten: charter, berichten, privacy.", "Tout ce qu'un nouveau coordinateur doit savoir : charte, messages, vie privée."), [("Wat is een BIN?", "Qu'est-ce qu'un PLP ?"), ("Het charter en de erkenning", "La charte et la reconnaissance"), ("Berichten versturen", "Envoyer des messages"), ("Privacy en GDPR", "Vie privée et RGPD")]),
    ("be-alert-bin-module", C.COORDINATORS, ("Werken met de BIN-module van BE-Alert", "Travailler avec le module PLP de BE-Alert"), "3", ("Praktische oefensessie met BE-Alert.", "Séance pratique avec BE-Alert."), [("Een bericht opstellen", "Rédiger un message"), ("Feedback verwerken", "Traiter le retour")]),
    ("bin-voor-politie", C.POLICE, ("De BIN voor gemandateerde politiemensen", "Le PLP pour les policiers mandatés"), "4", ("Rol en taken van de gemandateerde politieagent.", "Rôle et missions du policier mandaté."), [("Rol van de politie", "Rôle de la police"), ("Berichten nalezen", "Relire les messages"), ("Overleg met de coördinator", "Concertation avec le coordinateur")]),
    ("bin-z-voor-zelfstandigen", C.SELF_EMPLOYED, ("BIN-Z: veilig ondernemen", "PLP-I : entreprendre en sécurité"), "3", ("Voor handelaars en KMO's die een BIN-Z willen opzetten.", "Pour commerçants et PME qui veulent lancer un PLP-I."), [("Risico's voor ondernemers", "Risques pour les entrepreneurs"), ("Een BIN-Z opstarten", "Lancer un PLP-I")]),
    ("bin-voor-gemeenten", C.MUNICIPALITIES, ("De BIN in het lokale preventiebeleid", "Le PLP dans la politique locale de prévention"), "3", ("Voor preventieambtenaren en schepenen.", "Pour les fonctionnaires de prévention et échevins."), [("Het wettelijk kader", "Le cadre légal"), ("Ondersteuning vanuit de gemeente", "Le soutien communal")]),
    ("inbraakpreventie-voor-burgers", C.CITIZENS, ("Inbraakpreventie voor bewoners", "Prévention des cambriolages pour les habitants"), "2", ("Eenvoudige maatregelen die het verschil maken.", "Des mesures simples qui font la différence."), [("Hoe denkt een inbreker?", "Comment pense un cambrioleur ?"), ("Uw woning beveiligen", "Sécuriser son logement")]),
    ("brand-en-co-preventie", C.CITIZENS, ("Brand- en CO-preventie in de buurt", "Prévention incendie et CO dans le quartier"), "2", ("Wat een BIN kan doen tegen brand en CO-vergiftiging.", "Ce qu'un PLP peut faire contre l'incendie et le CO."), [("Rookmelders", "Détecteurs de fumée"), ("CO herkennen", "Reconnaître le CO")]),
    ("communiceren-in-de-bin", C.COORDINATORS, ("Helder communiceren in uw BIN", "Communiquer clairement dans votre PLP"), "3", ("Berichten schrijven die gelezen worden, zonder paniek.", "Écrire des messages lus, sans semer la panique."), [("Schrijven voor iedereen", "Écrire pour tous"), ("Kanalen kiezen", "Choisir les canaux")]),
    ("stuurgroep-leiden", C.COORDINATORS, ("Een stuurgroep leiden", "Animer un groupe de pilotage"), "3", ("Vergaderen, taken verdelen en vrijwilligers houden.", "Réunions, répartition des tâches et fidélisation des bénévoles."), [("Goede vergaderingen", "De bonnes réunions"), ("Vrijwilligers motiveren", "Motiver les bénévoles")]),
    ("plp-formation-police-wallonie", C.POLICE, ("Opleiding PLP voor Waalse politiezones", "Formation PLP pour les zones de police wallonnes"), "4", ("Uitwisseling tussen Waalse politiezones.", "Échanges entre zones de police wallonnes."), [("Cadre et circulaires", "Cadre et circulaires"), ("Études de cas", "Études de cas")]),
]  # fmt: skip

# course slug, days from today, NIS code, venue, address, language, capacity, trainer
SESSIONS = [
    ("basisopleiding-bin-coordinator", 14, "11002", "Politieschool Antwerpen", "Oefenstraat 1, 2000 Antwerpen", "nl", 20, "Hilde Lesgever"),
    ("basisopleiding-bin-coordinator", 35, "44021", "Vormingscentrum Gent", "Leerweg 5, 9000 Gent", "nl", 20, "Hilde Lesgever"),
    ("basisopleiding-bin-coordinator", -60, "24062", "Provinciehuis Leuven", "Provincieplein 0, 3000 Leuven", "nl", 20, "Hilde Lesgever"),
    ("be-alert-bin-module", 9, "71072", "Opleidingscentrum Hasselt", "Leerlaan 8, 3500 Hasselt", "nl", 4, "Koen Formateur"),
    ("be-alert-bin-module", 40, "31005", "Bibliotheek Brugge", "Boekenstraat 4, 8000 Brugge", "nl", 15, "Koen Formateur"),
    ("be-alert-bin-module", -30, "12025", "Ontmoetingscentrum", "Dijlestraat 77, 2800 Mechelen", "nl", 15, "Koen Formateur"),
    ("bin-voor-politie", 22, "21004", "Politieacademie Brussel", "Academiestraat 2, 1000 Brussel", "nl-fr", 25, "Commissaris Eva Voorbeeld"),
    ("bin-voor-politie", -90, "34022", "Politiehuis Kortrijk", "Politieplein 1, 8500 Kortrijk", "nl", 25, "Commissaris Eva Voorbeeld"),
    ("bin-z-voor-zelfstandigen", 28, "46021", "Ondernemershuis", "Handelslaan 3, 9100 Sint-Niklaas", "nl", 30, "Tom Ondernemer"),
    ("bin-z-voor-zelfstandigen", 55, "52011", "Maison de l'entreprise", "Rue du Commerce 9, 6000 Charleroi", "fr", 30, "Julie Entrepreneure"),
    ("bin-voor-gemeenten", 33, "92094", "Hôtel de ville", "Place de l'Exemple 1, 5000 Namur", "fr", 25, "Anne Prévention"),
    ("bin-voor-gemeenten", -45, "25112", "Hôtel de ville", "Place Fictive 1, 1300 Wavre", "fr", 25, "Anne Prévention"),
    ("inbraakpreventie-voor-burgers", 6, "21001", "Gemeenschapscentrum Anderlecht", "Buurtstraat 10, 1070 Anderlecht", "nl-fr", 40, "Inspecteur Wim Techno"),
    ("inbraakpreventie-voor-burgers", 48, "57081", "Maison de quartier", "Rue Voisine 3, 7500 Tournai", "fr", 40, "Inspectrice Léa Techno"),
    ("brand-en-co-preventie", 18, "81001", "Caserne des pompiers", "Rue du Feu 12, 6700 Arlon", "fr", 30, "Capitaine Marc Pompier"),
    ("brand-en-co-preventie", -20, "71016", "Brandweerkazerne Genk", "Brandweg 1, 3600 Genk", "nl", 30, "Kapitein Els Brandweer"),
    ("communiceren-in-de-bin", 25, "44021", "Vormingscentrum Gent", "Leerweg 5, 9000 Gent", "nl", 20, "Nora Schrijver"),
    ("stuurgroep-leiden", 42, "11002", "Vormingscentrum Antwerpen", "Leerplein 2, 2000 Antwerpen", "nl", 20, "Dirk Voorzitter"),
    ("plp-formation-police-wallonie", 31, "62063", "Académie de police", "Rue de l'Académie 4, 4000 Liège", "fr", 25, "Commissaire Paul Exemple"),
    ("plp-formation-police-wallonie", -75, "83034", "Zone de police Famenne-Ardenne", "Rue Fictive 20, 6900 Marche-en-Famenne", "fr", 25, "Commissaire Paul Exemple"),
]  # fmt: skip


def demo_pdf(title):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, latin1(title))
    pdf.ln(12)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        0, 6, "Fictief lesmateriaal voor de demo. / Support de cours fictif pour la démo."
    )
    return bytes(pdf.output())


def seed():
    courses = {}
    for slug, target_group, titles, hours, summaries, modules in COURSES:
        course, _ = Course.objects.update_or_create(
            slug=slug,
            defaults={
                "target_group": target_group,
                "title_nl": titles[0],
                "title_fr": titles[1],
                "summary_nl": summaries[0],
                "summary_fr": summaries[1],
                "objectives_nl": "<ul><li>De rol van elke partner kennen</li><li>Zelf aan de slag kunnen</li></ul>",
                "objectives_fr": "<ul><li>Connaître le rôle de chaque partenaire</li><li>Pouvoir se lancer</li></ul>",
                "duration_hours": Decimal(hours),
                "is_published": True,
            },
        )
        for order, (nl, fr) in enumerate(modules, start=1):
            Module.objects.update_or_create(
                course=course, order=order, defaults={"title_nl": nl, "title_fr": fr}
            )
        for order, (title, audience) in enumerate(
            [
                (f"Presentatie – {titles[0]}", "public"),
                (f"Draaiboek voor leden – {titles[0]}", "members"),
            ]
        ):
            if not course.materials.filter(title=title).exists():
                material = Material(course=course, title=title, audience=audience, order=order)
                material.file.save(f"{slug}-{order}.pdf", ContentFile(demo_pdf(title)), save=True)
        courses[slug] = course

    users = {
        u.email.split("@")[0]: u
        for u in User.objects.filter(email__endswith="@demo.bin-kenniscentrum.be")
    }
    coordinator, coordinatrice = users.get("coordinator"), users.get("coordinatrice")
    police, citizen = users.get("politie"), users.get("burger")
    for index, (course_slug, days, nis, venue, address, language, capacity, trainer) in enumerate(
        SESSIONS
    ):
        course = courses[course_slug]
        event = upsert_event(
            f"{course_slug}-sessie-{index + 1}", Event.Kind.TRAINING_SESSION,
            (course.title_nl, course.title_fr), days, 9, 4, nis, venue, address, language,
            "public", capacity, (course.summary_nl, course.summary_fr),
        )  # fmt: skip
        CourseSession.objects.update_or_create(
            event=event, defaults={"course": course, "trainer": trainer}
        )
        people = {
            "nl": [u for u in (coordinator, police, citizen) if u] + FICTIVE_PARTICIPANTS[:2],
            "fr": [u for u in (coordinatrice,) if u] + FICTIVE_PARTICIPANTS[1:5],
            "nl-fr": [u for u in (coordinator, coordinatrice, police) if u],
        }[language]
        if capacity == 4:  # the full session: more people than seats, so a waiting list
            people = people + FICTIVE_PARTICIPANTS[2:]
        register_demo(event, people)
        if event.is_past:
            for registration in event.registrations.filter(status="attended"):
                services.issue_certificate(registration, notify=False)
    return len(courses), len(SESSIONS)
