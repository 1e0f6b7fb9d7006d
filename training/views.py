from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Min, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from events.models import Event, Registration
from kenniscentrum.lib.i18n import current_language
from kenniscentrum.lib.signing import read_token
from kenniscentrum.lib.spam import rate_limited
from kenniscentrum.lib.storage import private_file_response, with_media_headers
from members.access import can_see_audience
from training import pdf, services
from training.forms import CertificateLookupForm, CourseFilterForm, InterestForm
from training.models import Certificate, Course, CourseInterest, Material, Module

# The next sessions are what people look for; the calendar holds the rest.
MAX_SESSIONS_SHOWN = 12


class CourseListView(ListView):
    template_name = "training/course_list.html"
    context_object_name = "courses"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form = CourseFilterForm(self.request.GET or None)
        upcoming = Q(
            sessions__event__status=Event.Status.PUBLISHED,
            sessions__event__starts_at__gte=timezone.now(),
        )
        courses = Course.objects.published().annotate(
            next_session=Min("sessions__event__starts_at", filter=upcoming)
        )
        if self.filter_form.is_valid() and self.filter_form.cleaned_data["target_group"]:
            courses = courses.filter(target_group=self.filter_form.cleaned_data["target_group"])
        return courses.order_by("title_fr" if current_language() == "fr" else "title_nl")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter_form=self.filter_form, query=query.urlencode())
        return context


def course_detail(request, slug, interest_form=None, status=200):
    course = get_object_or_404(
        Course.objects.published().prefetch_related(
            # In the order of the one course: without joining it to sort by its title.
            Prefetch("modules", queryset=Module.objects.order_by("order")),
            Prefetch("materials", queryset=Material.objects.order_by("order", "pk")),
        ),
        slug=slug,
    )
    sessions = (
        Event.objects.listed()
        .upcoming()
        .filter(course_session__course=course)
        .select_related("municipality__province")
        .order_by("starts_at")[:MAX_SESSIONS_SHOWN]
    )
    materials = [
        (material, can_see_audience(request.user, material.audience))
        for material in course.materials.all()
    ]
    interested = (
        request.user.is_authenticated
        and course.interests.filter(request.user.verified_email_condition()).exists()
    )
    if interest_form is None and not request.user.is_authenticated:
        interest_form = InterestForm()
    context = {
        "course": course,
        "sessions": sessions,
        "materials": materials,
        "interested": interested,
        "interest_form": interest_form,
    }
    return render(request, "training/course_detail.html", context, status=status)


def material(request, pk):
    """A course material, served only to those its audience allows (the site's one rule)."""
    item = get_object_or_404(Material.objects.filter(course__is_published=True), pk=pk)
    if not can_see_audience(request.user, item.audience):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return private_file_response(
        item.file,
        item.filename,
        cache_control=(
            "public, max-age=3600"
            if item.audience == Material.Audience.PUBLIC
            else "private, no-store"
        ),
    )


@require_POST
def interest(request, slug):
    """ "Notify me about new sessions": one click when logged in, else confirm by e-mail."""
    course = get_object_or_404(Course.objects.published(), slug=slug)
    if request.user.is_authenticated:
        if not request.user.has_verified_email():
            messages.error(request, request.user.unconfirmed_address_message())
            return redirect(course)
        CourseInterest.objects.get_or_create(
            course=course,
            email=request.user.email.lower(),
            defaults={"language": request.user.preferred_language},
        )
        messages.success(request, _("U krijgt een e-mail zodra er een nieuwe sessie is."))
        return redirect(course)
    form = InterestForm(request.POST)
    if form.is_valid() and rate_limited(
        request, "course-interest", limit=10, target=form.cleaned_data["email"]
    ):
        form.add_error(None, _("Te veel aanvragen vanaf dit adres. Probeer het later opnieuw."))
    if not form.is_valid():
        return course_detail(request, slug, interest_form=form, status=400)
    services.send_interest_confirmation(course, form.cleaned_data["email"], current_language())
    messages.success(
        request,
        _("We stuurden u een e-mail. Klik op de link erin om uw aanvraag te bevestigen."),
    )
    return redirect(course)


def _read_interest(purpose, token, max_age_days=None):
    payload = read_token(purpose, token, max_age_days=max_age_days)
    if not isinstance(payload, dict):
        return None, None
    course = Course.objects.filter(pk=payload.get("c")).first()
    return course, payload


def interest_confirm(request, token):
    course, payload = _read_interest(services.INTEREST, token, max_age_days=2)
    if course is None:
        return render(request, "events/link_invalid.html", status=400)
    if request.method != "POST":  # a mail scanner following the link must not confirm
        return render(request, "training/interest_confirm.html", {"course": course})
    CourseInterest.objects.get_or_create(
        course=course, email=payload["e"].lower(), defaults={"language": payload.get("l", "nl")}
    )
    messages.success(request, _("Bevestigd: u krijgt een e-mail zodra er een nieuwe sessie is."))
    return redirect(course)


def interest_unsubscribe(request, token):
    course, payload = _read_interest(services.INTEREST_UNSUBSCRIBE, token)
    if course is None:
        return render(request, "events/link_invalid.html", status=400)
    if request.method == "POST":
        CourseInterest.objects.filter(course=course, email__iexact=payload["e"]).delete()
        messages.success(
            request, _("U krijgt geen berichten meer over nieuwe sessies van deze opleiding.")
        )
        return redirect(course)
    return render(request, "training/interest_unsubscribe.html", {"course": course})


def certificate_lookup(request):
    form = CertificateLookupForm(request.GET or None)
    if form.is_valid():
        return redirect("training:certificate_verify", code=form.cleaned_data["code"])
    return render(request, "training/certificate_lookup.html", {"form": form})


def certificate_verify(request, code):
    """Confirms a certificate is genuine, showing only name, course and date."""
    certificate = Certificate.objects.filter(code=code.upper()).first()
    status = 200 if certificate else 404
    return render(
        request,
        "training/certificate_verify.html",
        {"certificate": certificate, "code": code},
        status=status,
    )


def certificate_pdf(request, code):
    """The PDF, for the person it belongs to and for staff who manage training."""
    certificate = get_object_or_404(Certificate, code=code)
    user = request.user
    owner = (
        user.is_authenticated
        and Registration.objects.of_person(user).filter(pk=certificate.registration_id).exists()
    )
    # Staff permissions need a second factor (members.models.User.has_staff_power).
    if not (owner or user.has_perm("training.view_certificate")):
        raise Http404
    content = pdf.certificate_pdf(certificate, services.verify_url(certificate))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="getuigschrift-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return with_media_headers(response)
