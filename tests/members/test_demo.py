"""The members app's demo data: realistic spread, the personas' roles, safe to run twice."""

from datetime import date

import pytest

from members import demo
from members.models import (
    BIN,
    BINRole,
    BoardMandate,
    Charter,
    MembershipApplication,
    StartRequest,
    WorkingMember,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "bins": sorted(BIN.objects.values_list("slug", "status", "municipality__nis_code")),
        "roles": BINRole.objects.count(),
        "charters": Charter.objects.count(),
        "working": WorkingMember.objects.count(),
        "board": BoardMandate.objects.count(),
        "applications": MembershipApplication.objects.count(),
        "requests": StartRequest.objects.count(),
    }


def test_demo_data_is_realistic_and_idempotent():
    demo.seed_personas()
    demo.seed(today=date(2026, 3, 1))
    first = snapshot()
    demo.seed(today=date(2026, 3, 1))
    assert snapshot() == first

    assert 55 <= len(first["bins"]) <= 65
    per_province = {}
    for bin_ in BIN.objects.select_related("municipality__province"):
        slug = bin_.municipality.province.slug
        per_province[slug] = per_province.get(slug, 0) + 1
    assert len(per_province) == 11  # every province and Brussels
    assert max(per_province, key=per_province.get) == "antwerpen"
    assert per_province["oost-vlaanderen"] > per_province["west-vlaanderen"]
    assert BIN.objects.filter(type__code="bin-z").exists()
    assert BIN.objects.active().count() > len(first["bins"]) * 0.7
    assert BIN.objects.recognised().exists() and BIN.objects.not_recognised().exists()
    assert MembershipApplication.objects.pending().count() == 2
    assert first["requests"] == 3

    gent = BIN.objects.search("9000")
    assert (
        BINRole.objects.current()
        .filter(
            user__email="coordinator@demo.bin-kenniscentrum.be", bin__in=gent, role="coordinator"
        )
        .exists()
    )
    assert (
        BINRole.objects.current()
        .filter(
            user__email="politie@demo.bin-kenniscentrum.be", bin__in=gent, role="police_officer"
        )
        .exists()
    )
    assert (
        BINRole.objects.current()
        .filter(
            user__email="coordinatrice@demo.bin-kenniscentrum.be",
            bin__in=BIN.objects.search("Liège"),
        )
        .exists()
    )
    assert (
        BoardMandate.objects.current()
        .filter(user__email="bestuur@demo.bin-kenniscentrum.be")
        .exists()
    )
    assert BoardMandate.objects.current().values("province").distinct().count() >= 5
    assert all(
        "Voorbeeld" in n or "Exemple" in n for n in BIN.objects.values_list("name", flat=True)
    )


def test_demo_charter_pdfs_are_real_pdfs():
    demo.seed_personas()
    demo.seed()
    charter = Charter.objects.first()
    with charter.pdf.open("rb") as f:
        content = f.read()
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
