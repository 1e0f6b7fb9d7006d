from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand

from kenniscentrum.lib.storage import move_legacy_private_files
from kenniscentrum.lib.uploads import UploadField, has_generated_name


class Command(BaseCommand):
    help = (
        "Bring files uploaded before uploads were checked by content up to today's rules: move "
        "private files from MEDIA_ROOT/private to PRIVATE_MEDIA_ROOT, then check every stored "
        "upload, re-encode images and store each file under a generated name with the "
        "extension of its type. A public image that fails the check is removed; any other file "
        "that fails is listed for a person to look at. Safe to run again."
    )

    def handle(self, *args, **options):
        moved = move_legacy_private_files()
        self.stdout.write(f"Private files moved out of MEDIA_ROOT: {len(moved)}")
        for model in apps.get_models():
            for field in model._meta.fields:
                if isinstance(field, UploadField):
                    self.recheck(model, field)

    def recheck(self, model, field):
        label = f"{model._meta.label}.{field.name}"
        rows = model._default_manager.exclude(**{field.attname: ""}).exclude(
            **{f"{field.attname}__isnull": True}
        )
        renamed = 0
        for instance in rows.iterator():
            file = getattr(instance, field.attname)
            old_name = file.name
            if has_generated_name(old_name):
                continue
            try:
                with field.storage.open(old_name, "rb") as stored:
                    file.save(old_name, File(stored), save=False)
            except FileNotFoundError:
                self.stdout.write(f"{label} #{instance.pk}: {old_name} is missing")
                continue
            except ValidationError:
                self.refused(model, field, instance, old_name, label)
                continue
            model._default_manager.filter(pk=instance.pk).update(**{field.attname: file.name})
            self.delete_unless_shared(model, field, old_name)
            renamed += 1
        self.stdout.write(f"{label}: {renamed} checked and renamed")

    def delete_unless_shared(self, model, field, name):
        # Generated data may point several rows to one file; each row gets its own copy.
        if not model._default_manager.filter(**{field.attname: name}).exists():
            field.storage.delete(name)

    def refused(self, model, field, instance, name, label):
        if field.blank:
            model._default_manager.filter(pk=instance.pk).update(**{field.attname: ""})
            self.delete_unless_shared(model, field, name)
            self.stdout.write(f"{label} #{instance.pk}: {name} failed the check and was removed")
        else:
            self.stdout.write(
                f"{label} #{instance.pk}: {name} failed the check; it is served only with "
                "the sandboxing headers, but replace it"
            )
