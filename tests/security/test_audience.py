"""The audience rule guards every output, not only the article page.

A members-only and a staff-only article each hide a word in their body; a members-only online event
hides a word in its description and its meeting link. For every persona that may not read them,
none of these secrets may appear in any output of the site: pages, search snippets and hits,
related items, feeds, sitemap, calendar files, sharing metadata, newsletters and e-mails. The
persona that may read them does see them where they belong.

A new output is one line in OUTPUTS (or ORACLES, for a search whose hits must stay hidden).
"""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import emails as event_emails
from events import links as event_links
from events.models import Registration
from kenniscentrum.newsletter import mailing as newsletter
from kenniscentrum.newsletter.models import NewsletterItem
from tests.factories import (
    ArticleFactory,
    CourseFactory,
    EventFactory,
    NewsletterIssueFactory,
    ThemeFactory,
    course_session,
)

pytestmark = pytest.mark.django_db

# Made-up words no stemmer or other content shares, so any appearance is a leak.
MEMBERS_SECRET = "xylofoonmoeras"
STAFF_SECRET = "quokkaraadsel"
STAFF_TITLE = "Intern draaiboek kwakkelbrug"
EVENT_SECRET = "kwartelbeslag"
ONLINE_LINK = "https://meet.example.org/geheime-kamer-4711"

MEMBERS_TITLE = "Buurtpreventie voor leden: het telefoonboom-protocol"
# A word in every title, summary and body: a search for it shows each article with a snippet.
COMMON = "buurtpreventie"

EVERY_SECRET = {MEMBERS_SECRET, STAFF_SECRET, STAFF_TITLE, EVENT_SECRET, ONLINE_LINK}
# What each persona may not see: a coordinator reads members-only content, not staff-only, and
# is not registered for the event.
HIDDEN_FROM = {
    "anonymous": EVERY_SECRET,
    "citizen": EVERY_SECRET,
    "coordinator_a": {STAFF_SECRET, STAFF_TITLE, ONLINE_LINK},
}


@pytest.fixture
def world(bin_a):
    theme = ThemeFactory(slug="preventie", name_nl="Preventie")
    public = ArticleFactory(
        kind="good_practice",
        bin=bin_a,
        title="Buurtpreventie in de straat",
        summary="Buurtpreventie voor iedereen.",
        body="<p>Buurtpreventie begint bij een goede buur.</p>",
        themes=[theme],
    )
    members = ArticleFactory(
        kind="good_practice",
        bin=bin_a,
        audience="members",
        title=MEMBERS_TITLE,
        summary="Buurtpreventie: hoe de leden elkaar verwittigen.",
        body=f"<p>Buurtpreventie werkt met het codewoord {MEMBERS_SECRET} in de groep.</p>",
        themes=[theme],
    )
    staff = ArticleFactory(
        kind="good_practice",
        bin=bin_a,
        audience="staff",
        title=STAFF_TITLE,
        summary="Buurtpreventie: de interne afspraken.",
        body=f"<p>Buurtpreventie intern: het wachtwoord is {STAFF_SECRET}.</p>",
        themes=[theme],
    )
    event = EventFactory(
        kind="network_meeting",
        bin=bin_a,
        audience="members",
        title_nl="Netwerkmoment buurtpreventie online",
        summary_nl="Een online netwerkmoment voor de leden.",
        description_nl=f"<p>Het draaiboek voor de avond: {EVENT_SECRET}.</p>",
        venue_name="",
        address="",
        online_url=ONLINE_LINK,
    )
    public_online = EventFactory(
        title_nl="Webinar buurtpreventie voor iedereen",
        summary_nl="",
        description_nl="<p>Iedereen welkom.</p>",
        venue_name="",
        address="",
        online_url=ONLINE_LINK,
    )
    course = CourseFactory(title_nl="Opleiding buurtpreventie")
    course_session(
        course,
        audience="members",
        title_nl="Sessie buurtpreventie online",
        description_nl=f"<p>{EVENT_SECRET}</p>",
        venue_name="",
        address="",
        online_url=ONLINE_LINK,
    )
    issue = NewsletterIssueFactory(status="sent", sent_at=timezone.now())
    NewsletterItem.objects.create(issue=issue, event=event)
    NewsletterItem.objects.create(issue=issue, event=public_online)
    return {
        "bin": bin_a,
        "theme": theme,
        "public": public,
        "members": members,
        "staff": staff,
        "event": event,
        "public_online": public_online,
        "issue": issue,
        "course": course,
    }


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def newsletter_email(client, world):
    message = newsletter.send_test(world["issue"], "lezer@example.org")
    return message.body + "".join(str(part[0]) for part in message.alternatives)


OUTPUTS = {
    "knowledge base home": lambda c, w: get(c, reverse("knowledgebase:index")),
    "knowledge base search": lambda c, w: get(c, reverse("knowledgebase:index") + f"?q={COMMON}"),
    "knowledge base list": lambda c, w: get(c, reverse("knowledgebase:index") + "?kind="),
    "theme page": lambda c, w: get(c, w["theme"].get_absolute_url()),
    "related articles": lambda c, w: get(c, w["public"].get_absolute_url()),
    "members article page": lambda c, w: get(c, w["members"].get_absolute_url()),
    "site-wide search": lambda c, w: get(c, reverse("search") + f"?q={COMMON}"),
    "home page": lambda c, w: get(c, reverse("home")),
    "BIN page": lambda c, w: get(c, w["bin"].get_absolute_url()),
    "articles RSS": lambda c, w: get(c, reverse("knowledgebase_feeds:articles_rss")),
    "articles Atom": lambda c, w: get(c, reverse("knowledgebase_feeds:articles_atom")),
    "news RSS": lambda c, w: get(c, reverse("knowledgebase_feeds:news_rss")),
    "news Atom": lambda c, w: get(c, reverse("knowledgebase_feeds:news_atom")),
    "theme RSS": lambda c, w: get(
        c, reverse("knowledgebase_feeds:theme_rss", args=[w["theme"].slug])
    ),
    "theme Atom": lambda c, w: get(
        c, reverse("knowledgebase_feeds:theme_atom", args=[w["theme"].slug])
    ),
    "sitemap": lambda c, w: get(c, "/sitemap.xml"),
    "calendar": lambda c, w: get(c, reverse("events:list")),
    "event page": lambda c, w: get(c, w["event"].get_absolute_url()),
    "public event page": lambda c, w: get(c, w["public_online"].get_absolute_url()),
    "event .ics": lambda c, w: get(c, reverse("events:ics", args=[w["event"].slug])),
    "public event .ics": lambda c, w: get(c, reverse("events:ics", args=[w["public_online"].slug])),
    "calendar feed": lambda c, w: get(c, reverse("events:feed")),
    "course list": lambda c, w: get(c, reverse("training:course_list")),
    "course page": lambda c, w: get(c, w["course"].get_absolute_url()),
    "dashboard": lambda c, w: get(c, reverse("dashboard")) if w["logged_in"] else "-",
    "my registrations": lambda c, w: (
        get(c, reverse("events:my_registrations")) if w["logged_in"] else "-"
    ),
    "newsletter archive": lambda c, w: get(c, reverse("newsletter_archive")),
    "newsletter issue": lambda c, w: get(c, w["issue"].get_absolute_url()),
    "newsletter e-mail": newsletter_email,
}


@pytest.mark.parametrize("persona", HIDDEN_FROM)
@pytest.mark.parametrize("output", OUTPUTS)
def test_no_output_shows_a_secret_to_whom_it_is_not_for(client, login_as, world, persona, output):
    user = login_as(persona)
    if user is not None:
        # Registered, but without a seat: still no link anywhere.
        register(world["event"], "waitlisted", user=user)
    world["logged_in"] = user is not None
    text = OUTPUTS[output](client, world)
    assert text  # the output was rendered
    leaked = {secret for secret in HIDDEN_FROM[persona] if secret.lower() in text.lower()}
    assert not leaked, f"{output} shows {leaked} to {persona}"


# --- the search oracle: a hidden word must not find the article that hides it ---------------

ORACLES = {
    "knowledge base": lambda c, q: get(c, reverse("knowledgebase:index") + f"?q={q}"),
    "knowledge base, by date": lambda c, q: get(
        c, reverse("knowledgebase:index") + f"?q={q}&sort=date"
    ),
    "site-wide search": lambda c, q: get(c, reverse("search") + f"?q={q}"),
}
# The whole word, and a prefix (the search matches the start of compound words).
HIDDEN_WORDS = {
    "members": [MEMBERS_SECRET, MEMBERS_SECRET[:8]],
    "staff": [STAFF_SECRET, STAFF_SECRET[:7]],
}


def hits(client, world, oracle, query):
    text = ORACLES[oracle](client, query)
    return {key for key in ("members", "staff") if world[key].title in text}


@pytest.mark.parametrize(
    "persona,article",
    [("anonymous", "members"), ("citizen", "members"), ("anonymous", "staff")]
    + [("citizen", "staff"), ("coordinator_a", "staff")],
)
@pytest.mark.parametrize("oracle", ORACLES)
def test_searching_a_hidden_word_finds_nothing(client, login_as, world, persona, article, oracle):
    login_as(persona)
    for word in HIDDEN_WORDS[article]:
        assert article not in hits(client, world, oracle, word), word


@pytest.mark.parametrize("persona,article", [("coordinator_a", "members"), ("editor", "staff")])
@pytest.mark.parametrize("oracle", ORACLES)
def test_a_reader_finds_the_article_by_a_word_of_its_text(
    client, login_as, world, persona, article, oracle
):
    login_as(persona)
    for word in HIDDEN_WORDS[article]:
        assert article in hits(client, world, oracle, word), word


def test_a_non_reader_still_finds_a_members_article_by_its_teaser(client, world):
    text = get(client, reverse("knowledgebase:index") + "?q=telefoonboom")
    assert MEMBERS_TITLE in text
    assert "Log in om te lezen" in text


def test_a_reader_gets_a_snippet_of_the_text(client, login_as, world):
    login_as("coordinator_a")
    text = get(client, reverse("knowledgebase:index") + f"?q={MEMBERS_SECRET}")
    assert f"<mark>{MEMBERS_SECRET}</mark>" in text


@pytest.mark.parametrize("persona", ["coordinator_a", "editor"])
def test_readers_see_the_members_article_and_event_description(client, login_as, world, persona):
    login_as(persona)
    assert MEMBERS_SECRET in get(client, world["members"].get_absolute_url())
    assert EVENT_SECRET in get(client, world["event"].get_absolute_url())


def test_staff_see_staff_articles_on_the_bin_page(client, login_as, world):
    login_as("editor")
    assert STAFF_TITLE in get(client, world["bin"].get_absolute_url())


# --- the online meeting link: confirmed participants only ------------------------------------


def register(event, status, user=None, email=""):
    queue = event.registrations.count() + 1 if status != Registration.Status.PENDING else None
    return Registration.objects.create(
        event=event,
        user=user,
        email=email or (user.email if user else ""),
        name="Deelnemer",
        status=status,
        queue_number=queue,
        confirmed_at=timezone.now() if status != Registration.Status.PENDING else None,
    )


def email_text(message):
    """Everything a recipient gets: text, HTML and any calendar attachment."""
    parts = [message.body, *(str(content) for content, _type in message.alternatives)]
    for attachment in message.attachments:
        content = attachment[1]
        parts.append(content.decode() if isinstance(content, bytes) else str(content))
    return "".join(parts).replace("\r\n ", "")  # iCalendar folds long lines


def private_feed(client, user):
    url = event_links.feed_url(user).split("://", 1)[1]
    return get(client, url[url.index("/") :])


EMAILS = {
    "status": event_emails.send_status,
    "reminder": event_emails.send_reminder,
    "changed": event_emails.send_event_changed,
    "cancelled event": lambda r: event_emails.send_event_changed(r, cancelled=True),
    "message": lambda r: event_emails.send_message(r, "Praktisch", "Tot dan."),
    "promoted": event_emails.send_promoted,
}


@pytest.mark.parametrize("email", EMAILS)
@pytest.mark.parametrize("status", ["pending", "waitlisted", "cancelled"])
def test_emails_to_a_registrant_without_a_seat_carry_no_online_link(world, email, status):
    registration = register(world["public_online"], status, email="wachtende@example.org")
    EMAILS[email](registration)
    assert mail.outbox
    assert ONLINE_LINK not in email_text(mail.outbox[-1])


@pytest.mark.parametrize("email", EMAILS)
def test_emails_to_a_participant_carry_the_online_link(world, email):
    registration = register(world["public_online"], "confirmed", email="deelnemer@example.org")
    EMAILS[email](registration)
    message = mail.outbox[-1]
    assert ONLINE_LINK in message.body
    assert ONLINE_LINK in str(message.alternatives[0][0])


def test_the_participant_gets_the_link_in_the_page_and_private_feed(client, coordinator_a, world):
    register(world["event"], "confirmed", user=coordinator_a)
    client.force_login(coordinator_a)
    page = get(client, world["event"].get_absolute_url())
    assert f'href="{ONLINE_LINK}"' in page
    assert ONLINE_LINK in private_feed(client, coordinator_a).replace("\r\n ", "")
    assert ONLINE_LINK in get(client, reverse("events:ics", args=[world["event"].slug])).replace(
        "\r\n ", ""
    )


@pytest.mark.parametrize("status", ["pending", "waitlisted", "cancelled"])
def test_a_registrant_without_a_seat_gets_no_link_in_page_or_feeds(
    client, coordinator_a, world, status
):
    register(world["event"], status, user=coordinator_a)
    client.force_login(coordinator_a)
    assert ONLINE_LINK not in get(client, world["event"].get_absolute_url())
    assert ONLINE_LINK not in get(client, reverse("events:ics", args=[world["event"].slug]))
    feed = private_feed(client, coordinator_a).replace("\r\n ", "")
    assert ONLINE_LINK not in feed
    if status == "waitlisted":
        assert "Netwerkmoment buurtpreventie online" in feed  # the event itself is there


def test_the_page_cache_never_serves_a_readers_page_to_a_visitor(
    client, settings, coordinator_a, world
):
    settings.PAGE_CACHE_SECONDS = 600
    register(world["event"], "confirmed", user=coordinator_a)
    urls = [world["members"].get_absolute_url(), world["event"].get_absolute_url()]
    client.force_login(coordinator_a)
    for url in urls:
        get(client, url)
    client.logout()
    client.cookies.clear()
    for url in urls * 2:  # a miss, then a hit
        text = get(client, url)
        assert MEMBERS_SECRET not in text
        assert EVENT_SECRET not in text
        assert ONLINE_LINK not in text


def test_pages_holding_restricted_text_are_private_to_shared_caches(client, coordinator_a, world):
    register(world["event"], "confirmed", user=coordinator_a)
    urls = [
        world["members"].get_absolute_url(),
        world["event"].get_absolute_url(),
        reverse("knowledgebase:index") + f"?q={COMMON}",
        reverse("knowledgebase:index"),
    ]
    for url in urls:
        assert "private" not in client.get(url).get("Cache-Control", ""), url
    client.force_login(coordinator_a)
    for url in urls:
        assert "private" in client.get(url)["Cache-Control"], url


def test_the_private_feed_address_is_shown_only_to_its_owner_and_never_cached(
    client, coordinator_a, world
):
    # Each link is signed anew (with a time stamp): look for the address before the token.
    feed_prefix = reverse("events:private_feed", args=["token"]).removesuffix("token.ics")
    for output in OUTPUTS:
        assert feed_prefix not in OUTPUTS[output](client, {**world, "logged_in": False}), output
    client.force_login(coordinator_a)
    response = client.get(reverse("events:my_registrations"))
    assert feed_prefix in response.content.decode()
    assert "no-store" in response["Cache-Control"]
