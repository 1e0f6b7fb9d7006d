"""Demo data for local development only: one account per persona of the design, and the members
app's fictitious BINs, charters, board and requests."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from kenniscentrum.lib.registry import BOARD, EDITORS
from members.models import (
    BIN,
    BINRole,
    BINType,
    BoardMandate,
    Charter,
    MembershipApplication,
    Municipality,
    PoliceZone,
    PostalCode,
    Province,
    StartRequest,
    User,
    WorkingMember,
    largest_remainder,
)

DEMO_PASSWORD = "demo-BIN-2026"

# (e-mail, full name, language, staff, superuser, group)
PERSONAS = [
    ("burger@demo.bin-kenniscentrum.be", "Bert Burger", "nl", False, False, None),
    ("coordinator@demo.bin-kenniscentrum.be", "Ann Coördinator", "nl", False, False, None),
    ("coordinatrice@demo.bin-kenniscentrum.be", "Claire Coordinatrice", "fr", False, False, None),
    ("politie@demo.bin-kenniscentrum.be", "Ines Inspecteur", "nl", False, False, None),
    ("redactie@demo.bin-kenniscentrum.be", "Rita Redactie", "nl", True, False, EDITORS),
    ("bestuur@demo.bin-kenniscentrum.be", "Bob Bestuur", "nl", True, False, BOARD),
    ("admin@demo.bin-kenniscentrum.be", "Ada Admin", "nl", True, True, None),
]


def seed_personas():
    """Create or reset the demo accounts; safe to run again. Returns (e-mail, name) pairs."""
    for email, name, language, staff, superuser, group in PERSONAS:
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "full_name": name,
                "preferred_language": language,
                "is_staff": staff,
                "is_superuser": superuser,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if group:
            user.groups.add(Group.objects.get(name=group))
    return [(email, name) for email, name, *_ in PERSONAS]


# --- BINs, roles, charters, the vzw's membership -------------------------------------------

DEMO_DOMAIN = "demo.bin-kenniscentrum.be"
DEMO_BIN_COUNT = 60
# BINs per province in October 2017 (reference figures): the demo follows the same spread.
BIN_FIGURES_2017 = {
    "antwerpen": 483,
    "oost-vlaanderen": 243,
    "west-vlaanderen": 80,
    "vlaams-brabant": 62,
    "limburg": 15,
    "henegouwen": 55,
    "waals-brabant": 43,
    "luik": 40,
    "namen": 27,
    "luxemburg": 16,
    "brussel": 6,
}
STREETS_NL = [
    "Lindenlaan", "Kastanjedreef", "Molenstraat", "Kerkplein", "Beukenhof", "Populierenwijk",
    "Meidoornstraat", "Zonnebloemwijk", "Veldstraat", "Akkerwinde", "Vlinderlaan", "Heidebloem",
]  # fmt: skip
STREETS_FR = [
    "Rue des Tilleuls", "Rue du Moulin", "Place de l'Église", "Clos des Hêtres",
    "Avenue des Peupliers", "Rue des Champs", "Allée des Bouleaux", "Rue de la Fontaine",
]  # fmt: skip
# Fictitious people of the demo's vzw: (e-mail name, full name, language, province, board function,
# working member kind). They cannot log in; the personas above can.
PEOPLE = [
    ("karel.devoorbeeld", "Karel De Voorbeeld", "nl", "antwerpen", "vice_chair", "coordinator"),
    ("marie.exemple", "Marie Exemple", "fr", "luik", "secretary", "coordinator"),
    ("pieter.proef", "Pieter Proef", "nl", "vlaams-brabant", "treasurer", "police_officer"),
    ("lotte.test", "Lotte Test", "nl", "antwerpen", "director", "coordinator"),
    ("wim.staal", "Wim Staal", "nl", "west-vlaanderen", "director", "police_officer"),
    ("julie.modele", "Julie Modèle", "fr", "henegouwen", "director", "coordinator"),
    ("luc.essai", "Luc Essai", "fr", "namen", "director", "coordinator"),
    ("tom.fictief", "Tom Fictief", "nl", "antwerpen", None, "coordinator"),
    ("els.bedacht", "Els Bedacht", "nl", "antwerpen", None, "police_officer"),
    ("nadia.verzonnen", "Nadia Verzonnen", "nl", "limburg", None, "coordinator"),
    ("hanne.proef", "Hanne Proef", "nl", "west-vlaanderen", None, "coordinator"),
    ("sarah.imaginaire", "Sarah Imaginaire", "fr", "waals-brabant", None, "coordinator"),
    ("marc.fictif", "Marc Fictif", "fr", "luxemburg", None, "police_officer"),
    ("bram.bedenk", "Bram Bedenk", "nl", "oost-vlaanderen", None, "coordinator"),
]
PERSONA_BINS = [
    # slug, name, municipality NIS code, postcode, type, coordinator persona, police persona
    (
        "bin-voorbeeldwijk-gent-centrum",
        "BIN Voorbeeldwijk Gent-Centrum",
        "44021",
        "9000",
        "bin",
        "coordinator@demo.bin-kenniscentrum.be",
        "politie@demo.bin-kenniscentrum.be",
    ),
    (
        "plp-quartier-exemple-liege-centre",
        "PLP Quartier Exemple Liège-Centre",
        "62063",
        "4000",
        "bin",
        "coordinatrice@demo.bin-kenniscentrum.be",
        None,
    ),
]
POLICE_ZONES = [(5415, "Gent", ["44021"]), (5277, "Liège", ["62063"])]
START_REQUESTS = [
    ("lies.nieuw@example.org", "Lies Nieuw", "2000", "nl", "new",
     "Onze straat wil een BIN starten na enkele inbraken. Hoe beginnen we eraan?"),
    ("paul.debut@example.org", "Paul Début", "5000", "fr", "contacted",
     "Plusieurs voisins souhaitent créer un PLP dans notre quartier. Pouvez-vous nous aider ?"),
    ("an.opstart@example.org", "An Opstart", "8400", "nl", "starting",
     "De handelaars van onze winkelstraat willen een BIN-Z oprichten."),
]  # fmt: skip


def demo_pdf(title):
    """A small, valid one-page PDF, so the demo's charters open in a browser."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def demo_user(local_part, full_name, language):
    """A fictitious person who cannot log in (no password)."""
    email = f"{local_part}@{DEMO_DOMAIN}"
    user, created = User.objects.update_or_create(
        email=email, defaults={"full_name": full_name, "preferred_language": language}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def upsert_bin(slug, **values):
    postal_codes = values.pop("postal_codes")
    bin_, _ = BIN.objects.update_or_create(slug=slug, defaults=values)
    bin_.postal_codes.set(postal_codes)
    return bin_


def add_role(user, bin_, role, start):
    BINRole.objects.get_or_create(
        user=user, bin=bin_, role=role, end=None, defaults={"start": start}
    )


def add_charter(bin_, signed_on, rng, acknowledged):
    sent = (
        signed_on + timedelta(days=rng.randint(7, 30))
        if acknowledged or rng.random() < 0.5
        else None
    )
    charter, _ = Charter.objects.update_or_create(
        bin=bin_,
        signed_on=signed_on,
        defaults={
            "signed_by_coordinator": "Fictieve coördinator",
            "signed_by_mayor": "Fictieve burgemeester",
            "signed_by_police_chief": "Fictieve korpschef",
            "sent_to_fod_on": sent,
            "acknowledged_on": sent + timedelta(days=rng.randint(14, 60))
            if acknowledged and sent
            else None,
            "next_review": signed_on + timedelta(days=3 * 365),
            "checked_on": sent,
        },
    )
    if not charter.pdf or not charter.pdf.storage.exists(charter.pdf.name):
        content = demo_pdf(f"Charter {bin_.name} (demo)")
        charter.pdf.save(f"charter-{bin_.slug}.pdf", ContentFile(content), save=True)
    return charter


def bin_values(rng, municipality, type_, name, status, today):
    founded = date(rng.randint(2008, 2023), rng.randint(1, 12), 1)
    counted = today - timedelta(days=rng.randint(10, 500))
    french = municipality.province.region.code == "03000"
    street = rng.choice(STREETS_FR if french else STREETS_NL)
    description = (
        f"<p>Un PLP fictif pour la démonstration du portail. Les voisins de la {street} "
        "échangent des conseils de prévention des cambriolages et de sécurité incendie, avec "
        "l'inspecteur de quartier.</p>"
        if french
        else f"<p>Een fictieve BIN voor de demo van het portaal. De buren van de {street} "
        "wisselen tips uit over inbraakpreventie en brandveiligheid, samen met de wijkagent.</p>"
    )
    return {
        "name": name,
        "type": type_,
        "status": status,
        "status_since": founded if status == BIN.Status.ACTIVE else today - timedelta(days=90),
        "municipality": municipality,
        "postal_codes": list(municipality.postal_codes.order_by("code")[:1]),
        "description": description,
        "area_description": street,
        "founded_on": founded,
        "member_count": rng.randint(30, 1200),
        "member_count_on": counted,
        "channels": rng.sample(list(BIN.Channel.values), k=rng.randint(1, 3)),
        "yearly_fee": rng.choice([None, None, Decimal("0"), Decimal("5"), Decimal("10")]),
        "data_confirmed_on": today - timedelta(days=rng.choice([20, 100, 200, 400, 800])),
    }


def seed(today=None):
    """About 60 fictitious BINs spread like the real ones, with roles for the personas,
    charters, a board, working members, pending applications and start requests.

    Deterministic (a seeded random generator over the reference data in NIS-code order) and
    idempotent (natural keys: slugs, e-mail addresses, dates). Returns a one-line summary.
    """
    today = today or date.today()
    rng = random.Random(2015)  # the Kenniscentrum's founding year
    types = {t.code: t for t in BINType.objects.all()}
    provinces = {p.slug: p for p in Province.objects.select_related("region")}
    personas = {u.email: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}

    for number, name, nis_codes in POLICE_ZONES:
        zone, _ = PoliceZone.objects.update_or_create(number=number, defaults={"name": name})
        zone.municipalities.set(Municipality.objects.filter(nis_code__in=nis_codes))
    zones = {z.municipalities.first().nis_code: z for z in PoliceZone.objects.all()}

    # The personas' BINs: Gent (coordinator and police officer) and Liège (coordinatrice).
    fixed = []
    for slug, name, nis_code, postcode, type_code, coordinator, police in PERSONA_BINS:
        municipality = Municipality.objects.select_related("province__region").get(
            nis_code=nis_code
        )
        values = bin_values(rng, municipality, types[type_code], name, BIN.Status.ACTIVE, today)
        values["postal_codes"] = list(PostalCode.objects.filter(code=postcode))
        values["police_zone"] = zones.get(nis_code)
        values["data_confirmed_on"] = today - timedelta(days=400)  # due: shows the yearly step
        bin_ = upsert_bin(slug, **values)
        add_role(personas[coordinator], bin_, BINRole.Role.COORDINATOR, date(2020, 3, 1))
        if police:
            add_role(personas[police], bin_, BINRole.Role.POLICE_OFFICER, date(2021, 9, 1))
        fixed.append(bin_)
    gent_bin, liege_bin = fixed
    gent_bin.joined_on = date(2019, 5, 1)
    gent_bin.save(update_fields=["joined_on"])
    add_charter(gent_bin, date(2020, 2, 10), rng, acknowledged=True)
    add_charter(liege_bin, date(2023, 6, 15), rng, acknowledged=False)

    # The other BINs, spread over the provinces like the 2017 figures (at least one each).
    spread = largest_remainder(BIN_FIGURES_2017, DEMO_BIN_COUNT - len(BIN_FIGURES_2017))
    per_province = {slug: n + 1 for slug, n in spread.items()}
    per_province["oost-vlaanderen"] -= 1  # the Gent BIN
    per_province["luik"] -= 1  # the Liège BIN
    generated = {}
    used_slugs = {b.slug for b in fixed}
    statuses = (
        [BIN.Status.ACTIVE] * 16
        + [BIN.Status.STARTING] * 2
        + [
            BIN.Status.DORMANT,
            BIN.Status.STOPPED,
        ]
    )
    for province_slug, count in per_province.items():
        province = provinces[province_slug]
        municipalities = list(
            Municipality.objects.filter(province=province)
            .select_related("province__region")
            .order_by("nis_code")
        )
        french = province.region.code == "03000"
        for _ in range(count):
            municipality = rng.choice(municipalities)
            business = rng.random() < 0.15
            if french:
                street = rng.choice(STREETS_FR)
                prefix = "PLP-I Zone Exemple" if business else "PLP Quartier Exemple"
                name = f"{prefix} {street} ({municipality.name_fr})"
            else:
                street = rng.choice(STREETS_NL)
                prefix = "BIN-Z Voorbeeldzone" if business else "BIN Voorbeeldwijk"
                name = f"{prefix} {street} ({municipality.name_nl})"
            slug = base = slugify(name)
            suffix = 2
            while slug in used_slugs:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            used_slugs.add(slug)
            status = rng.choice(statuses)
            values = bin_values(
                rng, municipality, types["bin-z" if business else "bin"], name, status, today
            )
            values["joined_on"] = (
                date(rng.randint(2016, 2024), rng.randint(1, 12), 1)
                if status == BIN.Status.ACTIVE and rng.random() < 0.4
                else None
            )
            bin_ = upsert_bin(slug, **values)
            if status != BIN.Status.STARTING:
                add_charter(
                    bin_,
                    values["founded_on"] + timedelta(days=180),
                    rng,
                    acknowledged=rng.random() < 0.7,
                )
            generated.setdefault(province_slug, []).append(bin_)

    # The vzw: working members and the board (Bob Bestuur chairs it).
    chair = personas["bestuur@demo.bin-kenniscentrum.be"]
    board = [(chair, "oost-vlaanderen", BoardMandate.Function.CHAIR)]
    members = [
        (personas["coordinator@demo.bin-kenniscentrum.be"], "oost-vlaanderen", "coordinator"),
        (personas["coordinatrice@demo.bin-kenniscentrum.be"], "luik", "coordinator"),
        (personas["politie@demo.bin-kenniscentrum.be"], "oost-vlaanderen", "police_officer"),
        (chair, "oost-vlaanderen", "coordinator"),
    ]
    people = {}
    for local_part, full_name, language, province_slug, function, kind in PEOPLE:
        person = demo_user(local_part, full_name, language)
        people[local_part] = person
        members.append((person, province_slug, kind))
        if function:
            board.append((person, province_slug, function))
        bins_here = generated.get(province_slug) or []
        if bins_here:
            # Each fictitious person has a role on a BIN of their province.
            role = (
                BINRole.Role.POLICE_OFFICER
                if kind == "police_officer"
                else BINRole.Role.COORDINATOR
            )
            add_role(person, bins_here[len(people) % len(bins_here)], role, date(2019, 1, 1))
    for person, province_slug, kind in members:
        WorkingMember.objects.update_or_create(
            user=person,
            left_on=None,
            defaults={
                "kind": kind,
                "province": provinces[province_slug],
                "admitted_on": date(2018, 4, 21),
            },
        )
    for person, province_slug, function in board:
        BoardMandate.objects.update_or_create(
            user=person,
            end=None,
            defaults={
                "function": function,
                "province": provinces[province_slug],
                "start": date(2022, 4, 23),
            },
        )

    # Two applications to join, waiting for the board.
    antwerp_bin = generated["antwerpen"][0]
    antwerp_bin.joined_on = None
    antwerp_bin.save(update_fields=["joined_on"])
    for bin_, applicant, motivation in [
        (
            liege_bin,
            personas["coordinatrice@demo.bin-kenniscentrum.be"],
            "Notre PLP souhaite rejoindre le réseau pour partager ses bonnes pratiques.",
        ),
        (antwerp_bin, people["tom.fictief"], "Wij willen graag mee leren van andere BIN's."),
    ]:
        MembershipApplication.objects.get_or_create(
            bin=bin_, applicant=applicant, defaults={"motivation": motivation}
        )

    for email, name, postcode, language, status, message in START_REQUESTS:
        postal_code = (
            PostalCode.objects.filter(code=postcode)
            .select_related("municipality__province")
            .order_by("municipality__nis_code")
            .first()
        )
        received = timezone.make_aware(
            datetime.combine(today - timedelta(days=3 * len(message) % 40), time(10, 30))
        )
        StartRequest.objects.update_or_create(
            email=email,
            defaults={
                "name": name,
                "postcode": postcode,
                "municipality": postal_code.municipality,
                "province": postal_code.municipality.province,
                "message": message,
                "language": language,
                "status": status,
                "consent_text": "Ik ga ermee akkoord dat het BIN Kenniscentrum mijn gegevens "
                "gebruikt om mij te helpen een BIN te starten.",
                "consented_at": received,
                "created_at": received,
            },
        )

    return (
        f"{BIN.objects.count()} BINs, {BINRole.objects.count()} roles, "
        f"{Charter.objects.count()} charters, {WorkingMember.objects.current().count()} working "
        f"members, {BoardMandate.objects.current().count()} board mandates, "
        f"{MembershipApplication.objects.pending().count()} pending applications, "
        f"{StartRequest.objects.count()} start requests."
    )
