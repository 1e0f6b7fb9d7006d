from django import template

from training.models import Certificate

register = template.Library()


@register.inclusion_tag("training/includes/certificate_list.html")
def my_certificates(user):
    """A person's certificates of attendance, for their pages: {% my_certificates user %}."""
    certificates = []
    if user.is_authenticated:
        certificates = list(
            Certificate.objects.filter(registration__user=user).order_by("-session_date")
        )
    return {"certificates": certificates}
