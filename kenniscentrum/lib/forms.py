"""Pieces the public forms of every app share. Imports no app."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def privacy_link():
    return format_html('<a href="{}">{}</a>', reverse("privacy"), _("Lees onze privacyverklaring."))
