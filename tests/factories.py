import io
import zipfile
from datetime import date, timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from knowledgebase.demo import tiny_pdf
from members.models import (
    BIN,
    BINRole,
    BINType,
    BoardMandate,
    Charter,
    Municipality,
    Province,
    User,
    WorkingMember,
)

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    full_name = factory.Faker("name", locale="nl_BE")
    preferred_language = User.Language.DUTCH
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """A factory user has a verified primary address, as after allauth's confirmation."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def give_mfa(user):
    """Activate TOTP for a user, as after setting it up; returns the secret to compute codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


class BINFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BIN

    name = factory.Sequence(lambda n: f"BIN Voorbeeldwijk {n}")
    slug = factory.Sequence(lambda n: f"bin-voorbeeldwijk-{n}")
    type = factory.LazyFunction(
        lambda: BINType.objects.get_or_create(
            code="bin", defaults={"name_nl": "BIN", "name_fr": "PLP"}
        )[0]
    )
    status = BIN.Status.ACTIVE
    municipality = factory.LazyFunction(lambda: Municipality.objects.order_by("?").first())
    description = "<p>Een fictieve BIN voor de tests.</p>"


class BINRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BINRole

    user = factory.SubFactory(UserFactory)
    bin = factory.SubFactory(BINFactory)
    role = BINRole.Role.COORDINATOR


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledgebase.Theme"
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"thema-{n}")
    name_nl = factory.Sequence(lambda n: f"Thema {n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published public Dutch news article, unless told otherwise."""

    class Meta:
        model = "knowledgebase.Article"
        skip_postgeneration_save = True

    language = "nl"
    kind = "news"
    title = factory.Sequence(lambda n: f"Artikel nummer {n}")
    slug = factory.Sequence(lambda n: f"artikel-{n}")
    summary = "Een korte samenvatting."
    body = "<p>De tekst van het artikel.</p>"
    audience = "public"
    status = "published"
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    @factory.post_generation
    def themes(article, create, extracted, **kwargs):
        if create and extracted:
            article.themes.set(extracted)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "knowledgebase.Document"

    title = factory.Sequence(lambda n: f"Document {n}")
    language = "nl"
    audience = "public"
    file = factory.LazyAttribute(lambda doc: ContentFile(tiny_pdf(doc.title), name="document.pdf"))


MINIMAL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n"


def pdf_upload(name="charter.pdf", content=MINIMAL_PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


class CharterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charter

    bin = factory.SubFactory(BINFactory)
    signed_on = factory.LazyFunction(lambda: date(2022, 3, 1))
    signed_by_coordinator = "Ann Coördinator"
    signed_by_mayor = "Burgemeester Voorbeeld"
    signed_by_police_chief = "Korpschef Voorbeeld"
    pdf = factory.LazyFunction(pdf_upload)


class WorkingMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingMember

    user = factory.SubFactory(UserFactory)
    kind = WorkingMember.Kind.COORDINATOR
    province = factory.LazyFunction(lambda: Province.objects.get(slug="oost-vlaanderen"))
    admitted_on = factory.LazyFunction(lambda: date(2020, 1, 1))


class BoardMandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMandate

    user = factory.SubFactory(UserFactory)
    function = BoardMandate.Function.DIRECTOR
    province = factory.LazyFunction(lambda: Province.objects.get(slug="oost-vlaanderen"))
    start = factory.LazyFunction(lambda: date(2022, 1, 1))


def _event_start():
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory):
    """A published public event ten days from now, with a venue."""

    class Meta:
        model = "events.Event"

    kind = "study_day"
    title_nl = factory.Sequence(lambda n: f"Studiedag {n}")
    title_fr = factory.Sequence(lambda n: f"Journée d'étude {n}")
    slug = factory.Sequence(lambda n: f"studiedag-{n}")
    starts_at = factory.LazyFunction(_event_start)
    ends_at = factory.LazyAttribute(
        lambda o: o.starts_at + __import__("datetime").timedelta(hours=3)
    )
    venue_name = "Zaal Voorbeeld"
    address = "Voorbeeldstraat 1, 9000 Gent"
    status = "published"
    audience = "public"
    capacity = None


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Course"

    title_nl = factory.Sequence(lambda n: f"Opleiding {n}")
    title_fr = factory.Sequence(lambda n: f"Formation {n}")
    slug = factory.Sequence(lambda n: f"opleiding-{n}")
    target_group = "coordinators"
    summary_nl = "Een fictieve opleiding."
    summary_fr = "Une formation fictive."
    duration_hours = 3
    is_published = True


def course_session(course, trainer="Hilde Lesgever", **event_fields):
    """A published training-session event of `course`."""
    from training.models import CourseSession

    event = EventFactory(kind="training_session", **event_fields)
    return CourseSession.objects.create(event=event, course=course, trainer=trainer)


# --- site-wide pages (kenniscentrum) ---------------------------------------------------------


def image_bytes(image_format="PNG", size=(2, 2), **options):
    """A small valid image, for logo and cover uploads (Pillow must be able to decode it)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format=image_format, **options)
    return buffer.getvalue()


PNG_BYTES = image_bytes()

OFFICE_MEMBERS = {
    "docx": {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"},
    "xlsx": {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"},
    "odt": {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"},
}


def office_bytes(kind="docx"):
    """The smallest zip a word processor or spreadsheet file of `kind` is recognised by."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in OFFICE_MEMBERS[kind].items():
            archive.writestr(name, text)
    return buffer.getvalue()


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kenniscentrum.Page"

    slug = factory.Sequence(lambda n: f"pagina-{n}")
    title_nl = factory.Sequence(lambda n: f"Pagina {n}")
    title_fr = factory.Sequence(lambda n: f"Page {n}")
    body_nl = "<p>Nederlandse tekst.</p>"
    body_fr = "<p>Texte en français.</p>"
    published = True


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kenniscentrum.Partner"

    name = factory.Sequence(lambda n: f"Partnerorganisatie {n}")
    url = "https://partner.example.org"
    active = True


class ContactSubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kenniscentrum.ContactSubject"

    label_nl = factory.Sequence(lambda n: f"Onderwerp {n}")
    label_fr = factory.Sequence(lambda n: f"Sujet {n}")
    recipient = factory.Sequence(lambda n: f"onderwerp{n}@kenniscentrum.example.org")


class NewsletterSubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "newsletter.NewsletterSubscriber"

    email = factory.Sequence(lambda n: f"lezer{n}@example.org")
    language = "nl"
    topics = factory.LazyFunction(lambda: ["news", "events", "trainings"])
    status = "confirmed"
    confirmed_at = factory.LazyFunction(timezone.now)


class NewsletterIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "newsletter.NewsletterIssue"

    language = "nl"
    subject = factory.Sequence(lambda n: f"Nieuwsbrief {n}")
    introduction = "<p>Beste lezer,</p>"
