"""Full-text search over the knowledge base, in PostgreSQL.

Each article stores one weighted vector (title A, summary B, body C) built twice:
- with the text search configuration of its own language (`kb_dutch` or `kb_french`: PostgreSQL's
  Dutch or French stemmer behind `unaccent`, created in migration 0002), so "inbraken" finds
  "inbraak" and "securite" finds "sécurité";
- with `kb_simple` (whole words, no accents, no stemming), so that a query word can match the
  start of a longer word: "inbraak" finds "inbraakpreventie", "fiets" finds "fietsdiefstal".
  Dutch glues words together; the stemmer alone would never see "inbraak" inside them.
A second vector holds the teaser only (title and summary, built the same way): an article the
searcher may not read in full matches on that one, and its headline comes from its summary, so no
word of a text the searcher may not read shows up in a hit, a count or a snippet.
A searcher searches the whole vector of the articles they may read and the teaser of the others:
one expression per kind of reader, indexed for the common ones (see `Article.reader_vector`).
A query is the `websearch` query in the row's language OR the prefix query. When that finds
nothing, a typo in a title word ("inbrak preventie") is caught by a trigram word similarity on the
title without accents. The vectors (GIN) and the title (GIN trigram) are indexed.
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db.models import Case, F, FloatField, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from knowledgebase.text import fold

CONFIGS = {"nl": "kb_dutch", "fr": "kb_french"}
PREFIX_CONFIG = "kb_simple"
# Shorter prefixes match too much to be useful ("de:*" is half the Dutch language).
MIN_PREFIX_LENGTH = 3
MAX_QUERY_LENGTH = 200

WORD = re.compile(r"[^\W_]+")
# Private-use characters mark the highlights; the text around them is escaped before display.
START_SEL, STOP_SEL = "\ue000", "\ue001"


def clean_query(text):
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def prefix_query(text):
    """The websearch text as a prefix tsquery: 'inbraak -fiets' -> 'inbraak:* & !fiets'.

    Follows websearch's meaning of "or" and of a leading "-"; quotes only group words here.
    Returns None when no word is long enough to be a useful prefix.
    """
    groups, terms, positives = [], [], 0
    for chunk in text.split():
        if chunk.lower() == "or":
            groups.append((terms, positives))
            terms, positives = [], 0
            continue
        negative = chunk.startswith("-")
        for word in WORD.findall(fold(chunk)):
            if negative:
                terms.append(f"!{word}")
            elif len(word) >= MIN_PREFIX_LENGTH:
                terms.append(f"{word}:*")
                positives += 1
    groups.append((terms, positives))
    parts = [" & ".join(terms) for terms, positives in groups if positives]
    if not parts:
        return None
    return " | ".join(f"({part})" for part in parts)


def positive_words(text):
    """The words a result should contain (not the excluded ones, not "or"), without accents."""
    return [
        word
        for chunk in text.split()
        if chunk.lower() != "or" and not chunk.startswith("-")
        for word in WORD.findall(fold(chunk))
    ]


def queries(text):
    """One tsquery per language: the websearch query in that language OR the prefix query."""
    prefix = prefix_query(text)
    result = {}
    for language, config in CONFIGS.items():
        query = SearchQuery(text, search_type="websearch", config=config)
        if prefix:
            query |= SearchQuery(prefix, search_type="raw", config=PREFIX_CONFIG)
        result[language] = query
    return result


def filter_and_rank(queryset, text, vector):
    """Rows of `queryset` that match `text`, annotated with `rank` (higher is better).

    `vector` is what the searcher may search in each row (`Article.reader_vector`): the whole
    text of the articles they may read, the teaser of the others. Each row is matched with the
    query in its own language; an index on that vector answers it (see `Article.Meta.indexes`).
    """
    per_language = queries(clean_query(text))
    matches = Q()
    ranks = []
    for language, query in per_language.items():
        matches |= Q(language=language, reader_vector=query)
        ranks.append(When(language=language, then=SearchRank(F("reader_vector"), query)))
    rank = Case(*ranks, default=Value(0.0), output_field=FloatField())
    return queryset.alias(reader_vector=vector).filter(matches).annotate(rank=rank)


def filter_similar_titles(queryset, text):
    """The fallback when nothing matches: titles with a word like those of `text` (a typo),
    annotated with `rank`. Uses the trigram index on the title without accents."""
    words = " ".join(positive_words(clean_query(text)))
    if not words:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    return queryset.filter(title_plain__trigram_word_similar=words).annotate(
        rank=TrigramWordSimilarity(Value(words), "title_plain")
    )


def with_headline(queryset, text, readable, languages=CONFIGS):
    """Annotate `headline`: a short extract with the matched words marked, taken from the
    summary and body of articles of the `readable` audiences, from the summary of the others.

    `languages`: those of the rows (the other branches would cost compiling for nothing)."""
    per_language = {
        language: query
        for language, query in queries(clean_query(text)).items()
        if language in languages
    }
    source = Case(
        When(
            audience__in=readable,
            then=Concat("summary", Value(" "), "body_text", output_field=TextField()),
        ),
        default=F("summary"),
        output_field=TextField(),
    )
    options = {
        "start_sel": START_SEL,
        "stop_sel": STOP_SEL,
        "max_words": 30,
        "min_words": 12,
        "max_fragments": 2,
        "fragment_delimiter": " … ",
    }
    headline = Case(
        *[
            When(
                language=language,
                then=SearchHeadline(
                    source,
                    query,
                    config=CONFIGS[language],
                    **options,
                ),
            )
            for language, query in per_language.items()
        ],
        default=Value(""),
        output_field=TextField(),
    )
    return queryset.annotate(headline=headline)


def highlight(headline):
    """Safe HTML for a headline: everything escaped, the marked words in <mark>."""
    html = escape(headline or "")
    return mark_safe(html.replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>"))
