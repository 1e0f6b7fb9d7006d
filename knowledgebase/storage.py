"""Where the knowledge base keeps its documents: outside the public media folder.

Every document, public or not, is served by a view that checks the reader's rights, so a file for
members or staff has no URL that works for anyone else. The storage's `url()` points at that view.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        # Follows MEDIA_ROOT (also when tests change it): Django clears this cached value then.
        return os.path.join(settings.MEDIA_ROOT, "private")

    def url(self, name):
        return reverse("knowledgebase:document_file", kwargs={"name": name})


def private_storage():
    return PrivateStorage()
