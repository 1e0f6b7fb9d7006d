import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import translation

from members.access import is_member
from members.models import BIN, BINRole, Municipality, PostalCode, Province
from tests.factories import BINFactory, BINRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_reference_data_covers_belgium():
    assert Province.objects.count() == 11  # ten provinces plus Brussels-Capital
    assert Municipality.objects.count() == 565
    assert PostalCode.objects.count() == 1152
    assert PostalCode.objects.get(code="9000").municipality.name_nl == "Gent"


def test_loading_reference_data_again_changes_nothing():
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "(0 created, 0 updated)" in out.getvalue()


def test_reference_data_update_keeps_links():
    gent = Municipality.objects.get(nis_code="44021")
    bin_ = BINFactory(municipality=gent)
    Municipality.objects.filter(pk=gent.pk).update(name_nl="Gent (oud)")
    call_command("load_reference_data", stdout=io.StringIO())
    bin_.refresh_from_db()
    assert bin_.municipality.name_nl == "Gent"


def test_names_follow_the_language():
    liege = Municipality.objects.get(nis_code="62063")
    with translation.override("fr"):
        assert liege.name == "Liège"
        assert liege.province.name == "Liège"
    with translation.override("nl"):
        assert liege.name == "Luik"


def test_bin_description_is_sanitised_on_save():
    bin_ = BINFactory(description='<p onclick="x()">Hallo<script>alert(1)</script></p>')
    bin_.refresh_from_db()
    assert bin_.description == "<p>Hallo</p>"


def test_one_open_role_per_person_bin_and_role():
    role = BINRoleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BINRole.objects.create(user=role.user, bin=role.bin, role=role.role)
    duplicate = BINRole(user=role.user, bin=role.bin, role=role.role)
    with pytest.raises(ValidationError):
        duplicate.validate_constraints()


def test_role_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        BINRoleFactory(start=date.today(), end=date.today() - timedelta(days=1))


def test_ended_roles_are_not_current_and_do_not_make_a_member():
    person = UserFactory()
    BINRoleFactory(user=person, start=date(2020, 1, 1), end=date(2021, 1, 1))
    assert not BINRole.objects.current().filter(user=person).exists()
    assert not is_member(person)
    BINRoleFactory(user=person)
    assert is_member(person)


def test_active_queryset():
    BINFactory(status=BIN.Status.ACTIVE)
    BINFactory(status=BIN.Status.STOPPED)
    assert BIN.objects.active().count() == 1
