import uuid

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Count, F, OuterRef, Q, Value, When
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from kenniscentrum.lib.audience import Audience as SiteAudience
from kenniscentrum.lib.constraints import FieldCheckConstraint, FieldUniqueConstraint
from kenniscentrum.lib.html import SanitizedHTMLField, sanitize_html, sanitize_html_fields
from kenniscentrum.lib.i18n import InLanguage
from kenniscentrum.lib.mail import send_email_to_user
from kenniscentrum.lib.uploads import DocumentUploadField, ImageUploadField
from knowledgebase import search
from knowledgebase.storage import private_storage
from knowledgebase.text import fold, html_to_text
from members import access as members_access


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    FRENCH = "fr", _("Frans")


class Audience(models.TextChoices):
    PUBLIC = SiteAudience.PUBLIC.value, SiteAudience.PUBLIC.label
    MEMBERS = SiteAudience.MEMBERS.value, SiteAudience.MEMBERS.label
    STAFF = SiteAudience.STAFF.value, SiteAudience.STAFF.label


def readable_audiences(user):
    """The audiences whose articles and documents `user` may read in full: the site's one
    audience rule, `members.access.can_see_audience`, asked for each of them."""
    return members_access.readable_audiences(user, Audience.values)


def listed_audiences(readable):
    """The audiences shown in lists to a reader of `readable`: members-only items appear to
    everyone, as a teaser (title and summary) inviting them to log in; staff-only items exist
    only for staff."""
    return [a for a in Audience.values if a in readable or a == Audience.MEMBERS]


_SLUG_PLACEHOLDER = "slug"
_around_slug = {}  # (URL name, language, URLconf, script prefix) -> (before, after) the slug


def slug_url(name, slug, language=None):
    """The address of the URL pattern `name` for `slug`, in `language` (the page's by default).

    The same as `reverse(name, kwargs={"slug": slug})` under that language, which a list of
    articles would otherwise pay dozens of times per page: the text around the slug is reversed
    once per process for each language and URLconf, and a slug (letters, digits, - and _) needs
    no quoting.
    """
    language = language or translation.get_language()
    key = (name, language, settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    if key not in _around_slug:
        with translation.override(language):
            url = reverse(name, kwargs={"slug": _SLUG_PLACEHOLDER})
        _around_slug[key] = tuple(url.rsplit(_SLUG_PLACEHOLDER, 1))
    before, after = _around_slug[key]
    return f"{before}{slug}{after}"


class Theme(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_fr = models.CharField(_("naam (Frans)"), max_length=100)
    description_nl = models.TextField(_("beschrijving (Nederlands)"), blank=True)
    description_fr = models.TextField(_("beschrijving (Frans)"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    name = InLanguage()
    description = InLanguage()

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["order", "name_nl"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("knowledgebase:theme", self.slug)


class DocumentQuerySet(models.QuerySet):
    def for_audiences(self, audiences):
        return self.filter(audience__in=audiences)


class Document(models.Model):
    """A file (PDF, office document, image) attached to articles or in the document library."""

    Language = Language
    Audience = Audience

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    file = DocumentUploadField(
        _("bestand"),
        storage=private_storage,
        upload_to="kennisbank/%Y/%m/",
        max_length=255,
        help_text=_("PDF, Office-document of afbeelding; hoogstens 20 MB."),
    )
    language = models.CharField(
        _("taal"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    audience = models.CharField(
        _("publiek"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="documents", verbose_name=_("thema's")
    )
    file_type = models.CharField(_("bestandstype"), max_length=10, editable=False, blank=True)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opgeladen door"),
    )
    created_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-created_at", "title"]
        indexes = [models.Index(fields=["audience", "language"], name="kb_document_audience_lang")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            # A new file: remember what it is, so lists need not open every file.
            upload = self.file.field.checked(self.file.file)
            self.file_type, self.size = upload.extension, upload.content.size
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.file.url

    @property
    def filename(self):
        """The name a reader's download gets (the stored one is generated)."""
        return slugify(self.title) or "document"


CARD_DEFERRED_FIELDS = (
    "body", "problem", "approach", "result", "effort", "body_text", "search_vector",
    "teaser_vector", "related_ids",
)  # fmt: skip


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Published and due: a future publication time takes effect by itself, no job needed."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_audiences(self, audiences):
        return self.filter(audience__in=audiences)

    def listed_for(self, user):
        """The articles `user` may see in a list (see `listed_audiences`)."""
        return self.for_audiences(listed_audiences(readable_audiences(user)))

    def for_cards(self):
        """What a list of article cards shows, in one query: the ids of each article's themes
        come with it (see `with_card_themes`), the long texts and search vectors, which a card
        never shows, do not."""
        return self.annotate(theme_ids=card_theme_ids()).defer(*CARD_DEFERRED_FIELDS)

    def news(self):
        return self.filter(kind=Article.Kind.NEWS)

    def search(self, text, readable=(Audience.PUBLIC,), similar_titles=False):
        """Articles matching `text`, annotated with `rank` (see knowledgebase.search).

        `readable` are the audiences the searcher may read in full (`readable_audiences`): only
        in those does the body count; any other article matches on its title and summary only,
        so that a search cannot reveal words of a text the searcher may not read.
        With `similar_titles`, the fallback for a typo: articles with a title word like these.
        """
        if similar_titles:
            return search.filter_similar_titles(self, text)
        return search.filter_and_rank(self, text, reader_vector(readable))

    def update_search_fields(self):
        """Recompute the stored search vectors of these rows in one UPDATE."""
        return self.update(search_vector=search_vector(), teaser_vector=teaser_vector())

    def refresh_related(self):
        """Recompute the stored related articles of these rows in one UPDATE (see
        `related_candidates`)."""
        return self.update(related_ids=related_candidates())


def card_theme_ids():
    """The ids of an article's themes, as an array in its row."""
    themes = Article.themes.through.objects.filter(article=OuterRef("pk")).values("theme")
    return ArraySubquery(themes)


# How many related articles an article keeps: more than it shows, since some may not be
# published yet or be for an audience the reader is not part of.
RELATED_CANDIDATES = 12


def related_candidates():
    """For each article, the ids of the published (or scheduled) articles in its language that
    share most themes with it, newest first among equals: its "read also", computed when it is
    saved or its themes change, not on every view (`manage.py refresh_related_articles` brings
    every article's list up to date with articles published since)."""
    # Rows of the themes table: (candidate, theme), joined to the article's own themes.
    shared_themes = Article.themes.through.objects.filter(theme__articles=OuterRef("pk"))
    candidates = (
        shared_themes.filter(
            article__status=Article.Status.PUBLISHED, article__language=OuterRef("language")
        )
        .exclude(article__translation_key=OuterRef("translation_key"))
        .values("article")
        .annotate(shared=Count("*"))
        .order_by("-shared", "-article__published_at", "-article")
        .values("article")[:RELATED_CANDIDATES]
    )
    return ArraySubquery(candidates)


def with_card_themes(articles, themes):
    """`articles` (from `for_cards`) as a list, each with `card_themes`: those of `themes` (every
    theme, in their order, as the page already holds them) that the article has."""
    articles = list(articles)
    for article in articles:
        ids = set(article.theme_ids)
        article.card_themes = [theme for theme in themes if theme.pk in ids]
    return articles


FULL_TEXT_FIELDS = (("title", "A"), ("summary", "B"), ("body_text", "C"))
TEASER_FIELDS = (("title", "A"), ("summary", "B"))


def _vector(fields):
    """`fields` (name, weight) twice: stemmed in the row's own language, and as whole words
    without accents (kb_simple), so that a prefix of a compound word matches too."""
    config = Case(
        *[When(language=code, then=Value(name)) for code, name in search.CONFIGS.items()],
        default=Value(search.CONFIGS[Language.DUTCH]),
    )
    vector = None
    for cfg in (config, Value(search.PREFIX_CONFIG)):
        for field, weight in fields:
            part = SearchVector(field, weight=weight, config=cfg)
            vector = part if vector is None else vector + part
    return vector


def search_vector():
    """Title (A), summary (B) and body (C): what a reader of the article searches."""
    return _vector(FULL_TEXT_FIELDS)


def teaser_vector():
    """Title (A) and summary (B): what everyone else may search (the teaser they see)."""
    return _vector(TEASER_FIELDS)


def reader_vector(readable):
    """What a reader of the `readable` audiences searches in each article: its whole text when
    they may read it, its teaser otherwise.

    The expressions of the visitor and of the member are indexed (see `Article.Meta.indexes`);
    PostgreSQL uses such an index only for the very same expression, so the audiences are
    always listed in one order.
    """
    readable = [audience for audience in Audience.values if audience in readable]
    if readable == Audience.values:
        return F("search_vector")
    return Case(
        When(audience__in=readable, then=F("search_vector")),
        default=F("teaser_vector"),
        output_field=SearchVectorField(),
    )


# The readers whose search has an index of its own: the visitor and the member (staff read all
# and search the whole vector, indexed as it is).
INDEXED_READERS = {
    "kb_article_visitor_vector": [Audience.PUBLIC],
    "kb_article_member_vector": [Audience.PUBLIC, Audience.MEMBERS],
}


class Article(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("nieuws")
        GOOD_PRACTICE = "good_practice", _("goede praktijk")
        GUIDE = "guide", _("handleiding")
        FAQ = "faq", _("veelgestelde vraag")

    class Status(models.TextChoices):
        DRAFT = "draft", _("ontwerp")
        REVIEW = "review", _("ter nalezing")
        PUBLISHED = "published", _("gepubliceerd")
        ARCHIVED = "archived", _("gearchiveerd")

    Language = Language
    Audience = Audience

    # Fields whose earlier values the history keeps (see ArticleVersion).
    VERSIONED_FIELDS = [
        "title",
        "summary",
        "body",
        "problem",
        "approach",
        "result",
        "effort",
        "cover_alt",
        "kind",
        "audience",
        "status",
        "published_at",
    ]
    RESTORED_FIELDS = ["title", "summary", "body", "problem", "approach", "result", "effort"]

    language = models.CharField(
        _("taal"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    translation_key = models.UUIDField(
        _("vertaalsleutel"),
        default=uuid.uuid4,
        db_index=True,
        help_text=_("De Nederlandse en de Franse versie van een artikel delen deze sleutel."),
    )
    kind = models.CharField(_("soort"), max_length=15, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.TextField(
        _("samenvatting"), max_length=600, help_text=_("Eén of twee zinnen voor lijsten.")
    )
    body = SanitizedHTMLField(_("tekst"), blank=True, editor=True)
    cover_image = ImageUploadField(
        _("omslagbeeld"),
        upload_to="kennisbank/beelden/%Y/",
        blank=True,
        max_bytes=5 * 1024 * 1024,
    )
    cover_alt = models.CharField(
        _("alternatieve tekst van het omslagbeeld"),
        max_length=250,
        blank=True,
        help_text=_("Wat het beeld toont, voor wie het niet ziet. Verplicht bij een beeld."),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="articles", verbose_name=_("thema's")
    )
    audience = models.CharField(
        _("publiek"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("gepubliceerd op"),
        null=True,
        blank=True,
        help_text=_("Een tijdstip in de toekomst publiceert het artikel pas dan."),
    )
    featured = models.BooleanField(_("uitgelicht"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kb_articles",
        verbose_name=_("auteur"),
    )
    documents = models.ManyToManyField(
        Document, blank=True, related_name="articles", verbose_name=_("documenten")
    )

    # Good practices: the structured parts and where the practice comes from.
    problem = models.TextField(_("het probleem"), blank=True)
    approach = models.TextField(_("de aanpak"), blank=True)
    result = models.TextField(_("het resultaat"), blank=True)
    effort = models.TextField(_("inspanning en kosten"), blank=True)
    bin = models.ForeignKey(
        "members.BIN",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_practices",
        verbose_name=_("BIN"),
    )
    province = models.ForeignKey(
        "members.Province",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_practices",
        verbose_name=_("provincie"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kb_submissions",
        verbose_name=_("ingestuurd door"),
    )
    submitter_notified_at = models.DateTimeField(
        _("indiener verwittigd op"), null=True, blank=True, editable=False
    )

    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    content_changed_at = models.DateTimeField(
        _("inhoud gewijzigd op"), default=timezone.now, editable=False
    )

    # Kept up to date on save (see `related_candidates`): the ids of the articles to read next.
    related_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)

    # Kept up to date on save, for search only.
    body_text = models.TextField(editable=False, blank=True)
    title_plain = models.CharField(max_length=200, editable=False, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    teaser_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikels")
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", _("Kan artikels publiceren en archiveren"))]
        constraints = [
            FieldUniqueConstraint(
                fields=["translation_key", "language"],
                name="knowledgebase_article_one_version_per_language",
                field="language",
                violation_error_message=_(
                    "Er bestaat al een versie in deze taal met dezelfde sleutel."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="knowledgebase_article_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(cover_image="") | ~Q(cover_alt=""),
                name="knowledgebase_article_cover_has_alt",
            ),
            FieldCheckConstraint(
                condition=Q(kind="good_practice") | Q(bin__isnull=True, province__isnull=True),
                name="knowledgebase_article_origin_only_for_good_practice",
                field="bin",
                violation_error_message=_(
                    "Alleen een goede praktijk heeft een BIN of provincie van herkomst."
                ),
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="kb_article_search_vector"),
            GinIndex(fields=["teaser_vector"], name="kb_article_teaser_vector"),
            *[
                GinIndex(reader_vector(readable), name=name)
                for name, readable in INDEXED_READERS.items()
            ],
            GinIndex(OpClass("title_plain", name="gin_trgm_ops"), name="kb_article_title_trgm"),
            models.Index(fields=["status", "published_at"], name="kb_article_status_published"),
            # What a list counts per theme (published, due, in a language, for an audience):
            # read from the index alone, without visiting thousands of rows.
            models.Index(
                fields=["language", "status", "published_at"],
                include=["audience", "id"],
                name="kb_article_listing",
            ),
            models.Index(
                fields=["published_at"], condition=Q(featured=True), name="kb_article_featured"
            ),
            models.Index(fields=["language", "kind"], name="kb_article_language_kind"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, editor=None, **kwargs):
        """Sanitise, keep the earlier version, and refresh the search fields.

        `editor` is who made the change, recorded with the earlier version.
        """
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not set(update_fields) & set(self.VERSIONED_FIELDS):
            return super().save(*args, **kwargs)
        sanitize_html_fields(self)  # the search text and the version below read the clean body
        parts = [html_to_text(self.body), self.problem, self.approach, self.result, self.effort]
        self.body_text = " ".join(part for part in parts if part)
        self.title_plain = fold(self.title)[:200]
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        with transaction.atomic():
            previous = self._stored_version() if self.pk else None
            changed = previous is None or any(
                previous[f] != _version_value(getattr(self, f)) for f in self.RESTORED_FIELDS
            )
            if changed:
                self.content_changed_at = timezone.now()
            super().save(*args, **kwargs)
            if previous is not None and previous != self._version_data():
                ArticleVersion.objects.create(article=self, data=previous, created_by=editor)
            Article.objects.filter(pk=self.pk).update_search_fields()
            Article.objects.filter(pk=self.pk).refresh_related()

    def get_absolute_url(self):
        # An article's own address lives under its own language.
        return slug_url("knowledgebase:article", self.slug, self.language)

    def clean(self):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()  # publishing without a time means now
        # Stricter than its constraint: an alternative text of only spaces describes nothing.
        if self.cover_image and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": _("Beschrijf het omslagbeeld voor wie het niet kan zien.")}
            )

    def _version_data(self):
        return {f: _version_value(getattr(self, f)) for f in self.VERSIONED_FIELDS}

    def _stored_version(self):
        """The row as it is in the database now, in the shape a version keeps."""
        row = Article.objects.filter(pk=self.pk).values(*self.VERSIONED_FIELDS).first()
        if row is None:
            return None
        return {f: _version_value(row[f]) for f in self.VERSIONED_FIELDS}

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def kind_label(self):
        """The kind as a list shows it ("Goede praktijk"), without `get_kind_display`'s look-up
        table, built anew on every call."""
        return capfirst(self.Kind(self.kind).label)

    @property
    def is_good_practice(self):
        return self.kind == self.Kind.GOOD_PRACTICE

    def twin(self):
        """The other-language version, if any (any status)."""
        return (
            Article.objects.filter(translation_key=self.translation_key).exclude(pk=self.pk).first()
        )

    def twin_and_related(self, audiences, limit=3):
        """In one query: the other-language version, if any (any status), and up to `limit`
        published articles a reader of `audiences` sees listed, from the stored related ones."""
        rows = (
            Article.objects.filter(
                Q(translation_key=self.translation_key) | Q(pk__in=self.related_ids)
            )
            .exclude(pk=self.pk)
            .defer(*CARD_DEFERRED_FIELDS)
        )
        twin, by_pk = None, {}
        for row in rows:
            if row.translation_key == self.translation_key:
                twin = row
            elif row.is_published and row.audience in audiences and row.language == self.language:
                by_pk[row.pk] = row
        return twin, [by_pk[pk] for pk in self.related_ids if pk in by_pk][:limit]

    def bin_contact_url(self):
        """The relay contact form of the source BIN, once the BIN directory offers one."""
        if not self.bin_id:
            return None
        try:
            return reverse("members:bin_contact", kwargs={"slug": self.bin.slug})
        except NoReverseMatch:
            return None

    @transaction.atomic
    def publish(self, editor=None):
        """Publish now (or keep a publication time already set) and tell the submitter."""
        self.status = self.Status.PUBLISHED
        if self.published_at is None:
            self.published_at = timezone.now()
        self.save(editor=editor)
        self.notify_submitter()

    def archive(self, editor=None):
        self.status = self.Status.ARCHIVED
        self.save(editor=editor)

    @transaction.atomic
    def notify_submitter(self):
        """Send the submitter the link once their good practice is published; only once (the
        e-mail and the record that it went out commit together)."""
        if (
            self.status != self.Status.PUBLISHED
            or self.submitted_by is None
            or self.submitter_notified_at is not None
        ):
            return False
        url = settings.SITE_URL + self.get_absolute_url()
        send_email_to_user(
            "kb_submission_published", self.submitted_by, {"article": self, "article_url": url}
        )
        self.submitter_notified_at = timezone.now()
        self.save(update_fields=["submitter_notified_at"])
        return True

    @classmethod
    def unique_slug(cls, text, fallback="artikel"):
        base = slugify(text)[:200] or fallback
        slug, n = base, 1
        while cls.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def make_translation(self, editor=None):
        """A draft in the other language, a copy to translate, linked by the translation key."""
        language = Language.FRENCH if self.language == Language.DUTCH else Language.DUTCH
        copied = [
            "kind", "title", "summary", "body", "cover_image", "cover_alt", "audience",
            "problem", "approach", "result", "effort", "bin_id", "province_id",
        ]  # fmt: skip
        twin = Article(
            language=language,
            translation_key=self.translation_key,
            status=self.Status.DRAFT,
            slug=Article.unique_slug(f"{self.slug}-{language}"),
            author=editor,
            **{field: getattr(self, field) for field in copied},
        )
        twin.save(editor=editor)
        twin.themes.set(self.themes.all())
        twin.documents.set(self.documents.all())
        return twin

    def restore(self, version, editor=None):
        """Bring back the text of an earlier version; the current text becomes a version too."""
        for field in self.RESTORED_FIELDS:
            setattr(self, field, version.data.get(field, ""))
        self.save(editor=editor)


def _version_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class ArticleVersion(models.Model):
    """The content of an article as it was before a change: nothing an editor wrote is lost."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="versions", verbose_name=_("artikel")
    )
    data = models.JSONField(_("inhoud"))
    created_at = models.DateTimeField(_("vervangen op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vervangen door"),
    )

    class Meta:
        verbose_name = _("eerdere versie")
        verbose_name_plural = _("eerdere versies")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.data.get('title', '')} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def title(self):
        return self.data.get("title", "")

    @property
    def body(self):
        # Stored bodies were sanitised when saved; clean again in case the JSON was edited.
        return sanitize_html(self.data.get("body", ""))

    def get_status_display(self):
        return Article.Status(self.data["status"]).label if self.data.get("status") else ""


@receiver(m2m_changed, sender=Article.themes.through)
def refresh_related_when_themes_change(sender, instance, action, reverse, pk_set, **kwargs):
    """The themes are set after the article is saved (admin, forms): its related articles follow."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        Article.objects.filter(pk=instance.pk).refresh_related()
    elif pk_set:  # theme.articles.add(...) or .remove(...)
        Article.objects.filter(pk__in=pk_set).refresh_related()
