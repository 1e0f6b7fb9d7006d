"""The newsletter's public pages: subscribe (double opt-in), confirm, unsubscribe (also in one
click from the mail client), the archive of sent issues and each issue."""

from functools import wraps

from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import DetailView, ListView

from kenniscentrum.lib.client import client_address
from kenniscentrum.lib.i18n import current_language
from kenniscentrum.lib.spam import rate_limited
from kenniscentrum.newsletter import mailing
from kenniscentrum.newsletter.forms import SubscribeForm
from kenniscentrum.newsletter.models import NewsletterIssue


def newsletter_subscribe(request):
    initial = {"email": request.user.email} if request.user.is_authenticated else None
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "newsletter", target=form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "Er kwamen te veel inschrijvingen van uw adres. Probeer het over een uur "
                    "opnieuw."
                ),
            )
        else:
            data = form.cleaned_data
            mailing.request_subscription(
                data["email"],
                data["language"],
                data["topics"],
                page_language=current_language(),
                ip_address=client_address(request),
            )
            return redirect("newsletter_pending")
    latest = NewsletterIssue.objects.sent().filter(language=current_language()).first()
    return render(request, "newsletter/subscribe.html", {"form": form, "latest": latest})


def newsletter_pending(request):
    return render(request, "newsletter/pending.html")


def newsletter_confirm(request, token):
    subscriber, payload = mailing.read_confirmation(token)
    if subscriber is None:
        return render(request, "newsletter/invalid_link.html", status=400)
    if request.method == "POST":
        mailing.confirm_subscription(subscriber, payload, ip_address=client_address(request))
        return render(request, "newsletter/confirmed.html", {"subscriber": subscriber})
    return render(
        request,
        "newsletter/confirm.html",
        {"subscriber": subscriber, "payload": payload},
    )


def is_one_click_unsubscribe(request):
    """The POST a mail client sends for RFC 8058's one-click unsubscribe, and nothing else."""
    return request.method == "POST" and request.POST.dict() == {"List-Unsubscribe": "One-Click"}


def csrf_protect_except_one_click(view):
    """Mail clients unsubscribe with a POST that carries no cookie and no CSRF token (RFC 8058),
    so that exact request is let through (the signed token in the link is the check); every other
    POST to the view needs its CSRF token like any form."""
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_one_click_unsubscribe(request):
            return view(request, *args, **kwargs)
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)


@csrf_protect_except_one_click
def newsletter_unsubscribe(request, token):
    subscriber = mailing.read_unsubscribe(token)
    if subscriber is None:
        return render(request, "newsletter/invalid_link.html", status=400)
    if request.method == "POST":
        mailing.unsubscribe(subscriber, ip_address=client_address(request))
        return render(request, "newsletter/unsubscribed.html", {"subscriber": subscriber})
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})


class NewsletterArchiveView(ListView):
    template_name = "newsletter/archive.html"
    context_object_name = "issues"
    paginate_by = 20

    def get_queryset(self):
        return (
            NewsletterIssue.objects.sent().filter(language=current_language()).order_by("-sent_at")
        )


class NewsletterIssueView(DetailView):
    template_name = "newsletter/issue.html"
    context_object_name = "issue"

    def get_queryset(self):
        return NewsletterIssue.objects.sent().prefetch_related("items")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.language != current_language():
            # An issue is written in one language: show it under that language's address.
            with translation.override(self.object.language):
                return redirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))
