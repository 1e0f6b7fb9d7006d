"""Real objects for the URL walk and the access matrix: every URL gets values that reach deep
into its view (a BIN with its coordinator, a members-only article, a published event…)."""

from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone

from events import links as event_links
from events import services as event_services
from kenniscentrum.lib.signing import make_token
from kenniscentrum.newsletter import mailing as newsletter
from members.models import BINInvitation, BINRole
from members.views import INVITATION
from tests.factories import (
    PNG_BYTES,
    ArticleFactory,
    BINRoleFactory,
    CharterFactory,
    CourseFactory,
    DocumentFactory,
    EventFactory,
    NewsletterIssueFactory,
    NewsletterSubscriberFactory,
    PageFactory,
    PartnerFactory,
    ThemeFactory,
    UserFactory,
    course_session,
)
from training import services as training_services
from training.models import Certificate, Material


@pytest.fixture
def unverified_address(db, citizen):
    """An account whose only extra address is another person's, never confirmed."""
    user = UserFactory(email="tweede@example.org", full_name="Tom Tweede")
    EmailAddress.objects.create(user=user, email=citizen.email, verified=False, primary=False)
    return user


@pytest.fixture
def world(db, bin_a, coordinator_a, citizen, django_capture_on_commit_callbacks):
    """One of each kind of object, with the values their URLs need."""
    theme = ThemeFactory(slug="preventie")
    article = ArticleFactory(slug="publiek-artikel", themes=[theme])
    members_article = ArticleFactory(slug="leden-artikel", audience="members")
    staff_article = ArticleFactory(slug="medewerkers-artikel", audience="staff")
    draft_article = ArticleFactory(slug="ontwerp-artikel", status="draft")
    document = DocumentFactory(title="Publiek document")
    members_document = DocumentFactory(title="Ledendocument", audience="members")
    staff_document = DocumentFactory(title="Medewerkersdocument", audience="staff")

    event = EventFactory(slug="studiedag-gent")
    draft_event = EventFactory(slug="ontwerp-studiedag", status="draft")
    course = CourseFactory(slug="basisopleiding")
    session = course_session(course, slug="basisopleiding-gent")
    material = Material.objects.create(
        course=course, title="Handleiding", audience="members", file=DocumentFactory.build().file
    )
    registration, _ = event_services.register(session.event, user=citizen, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.mark_attendance(registration, True)
    certificate = Certificate.objects.get(registration=registration)
    visitor, _ = event_services.register(
        event, name="Vera Bezoeker", email="bezoeker@example.org", notify=False
    )
    seated, _ = event_services.register(event, user=UserFactory(), notify=False)

    charter = CharterFactory(bin=bin_a)
    co_coordinator = BINRoleFactory(bin=bin_a, role=BINRole.Role.CO_COORDINATOR)
    invitation = BINInvitation.objects.create(
        bin=bin_a, email=citizen.email, invited_by=coordinator_a, created_at=timezone.now()
    )
    page = PageFactory(slug="vrijwilligers")
    partner = PartnerFactory(logo=ContentFile(PNG_BYTES, name="logo.png"), logo_alt="Logo")
    issue = NewsletterIssueFactory(status="sent", sent_at=timezone.now())
    subscriber = NewsletterSubscriberFactory(email=citizen.email)

    return SimpleNamespace(
        bin_a=bin_a,
        citizen=citizen,
        theme=theme,
        article=article,
        members_article=members_article,
        staff_article=staff_article,
        draft_article=draft_article,
        document=document,
        members_document=members_document,
        staff_document=staff_document,
        event=event,
        draft_event=draft_event,
        course=course,
        material=material,
        registration=registration,
        seated=seated,
        certificate=certificate,
        charter=charter,
        co_coordinator=co_coordinator,
        page=page,
        partner=partner,
        issue=issue,
        tokens=SimpleNamespace(
            event_confirm=event_links.confirm_url(visitor).rsplit("/", 2)[-2],
            event_cancel=event_links.cancel_url(visitor).rsplit("/", 2)[-2],
            feed=event_links.feed_url(citizen).rsplit("/", 1)[-1].removesuffix(".ics"),
            newsletter_confirm=make_token(
                newsletter.CONFIRM,
                {"s": subscriber.pk, "l": "nl", "t": ["news"], "c": None},
            ),
            newsletter_unsubscribe=newsletter.unsubscribe_token(subscriber),
            invitation=make_token(INVITATION, {"id": invitation.pk}),
            interest_confirm=training_services.interest_url(
                "training:interest_confirm", course, citizen.email, "nl"
            ).rsplit("/", 2)[-2],
            interest_unsubscribe=training_services.interest_url(
                "training:interest_unsubscribe", course, citizen.email, "nl"
            ).rsplit("/", 2)[-2],
        ),
    )
