"""Where the knowledge base keeps its documents: the site's private storage (a folder or a bucket).

Every document, public or not, is served by a view that checks the reader's rights, so a file for
members or staff has no URL that works for anyone else. Here a document's `url()` is that view,
which keeps links in the admin ("currently: …") and in templates working.
"""

from django.urls import reverse

from kenniscentrum.lib.storage import PrivateStorage


class DocumentStorage(PrivateStorage):
    def url(self, name):
        return reverse("knowledgebase:document_file", kwargs={"name": name})


document_storage = DocumentStorage()


def private_storage():
    """Callable for `FileField(storage=...)`, so migrations do not freeze a storage instance."""
    return document_storage
