from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.base import ContentFile
from django.utils import timezone

from knowledgebase.demo import tiny_pdf
from members.models import BIN, BINRole, BINType, Municipality, User

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
