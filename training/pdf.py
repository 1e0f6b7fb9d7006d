"""The certificate of attendance as a PDF, in the participant's language.

Uses fpdf2 (pure Python) with the PDF's built-in Helvetica, so no font files or system packages
are needed. Built-in fonts cover Latin-1, which holds the Dutch and French alphabets; any other
character is reduced to its closest Latin-1 form.
"""

import unicodedata

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override
from fpdf import FPDF

BLUE = (11, 79, 138)


TYPOGRAPHY = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "…": "..."}
)


def latin1(text):
    text = str(text).translate(TYPOGRAPHY)
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if ord(c) < 256 and not unicodedata.combining(c))


def certificate_pdf(certificate, verify_url):
    """The PDF bytes of `certificate`; `verify_url` is printed for anyone who wants to check it."""
    with override(certificate.language):
        pdf = FPDF(orientation="L", unit="mm", format="A4")
        pdf.set_title(latin1(_("Getuigschrift van deelname")))
        pdf.set_author("BIN Kenniscentrum vzw")
        pdf.set_creator("BIN Kenniscentrum vzw")
        pdf.set_auto_page_break(False)
        pdf.add_page()
        pdf.set_draw_color(*BLUE)
        pdf.set_line_width(1.5)
        pdf.rect(10, 10, 277, 190)

        def line(text, size, style="", height=12, color=(26, 26, 26)):
            pdf.set_font("Helvetica", style, size)
            pdf.set_text_color(*color)
            pdf.cell(0, height, latin1(text), align="C", new_x="LMARGIN", new_y="NEXT")

        pdf.set_y(28)
        line("BIN Kenniscentrum vzw", 16, "B", color=BLUE)
        pdf.ln(8)
        line(_("Getuigschrift van deelname"), 30, "B", height=16)
        pdf.ln(8)
        line(_("Hierbij verklaren wij dat"), 14)
        line(certificate.participant_name, 24, "B", height=16)
        line(_("heeft deelgenomen aan de opleiding"), 14)
        line(certificate.course_title, 20, "B", height=14)
        date = formats.date_format(certificate.session_date, "j F Y")
        line(
            _("op %(date)s, gegeven door %(trainer)s.")
            % {"date": date, "trainer": certificate.trainer},
            14,
        )
        pdf.set_y(165)
        line(_("Verificatiecode: %(code)s") % {"code": certificate.code}, 12, "B", height=8)
        line(_("Controleer de echtheid op %(url)s") % {"url": verify_url}, 10, height=8)
        return bytes(pdf.output())
