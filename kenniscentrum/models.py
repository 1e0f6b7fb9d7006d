# Django sends post_migrate only to apps that have a models module; the group permissions are
# synchronised on that signal (see apps.py), so this module must exist even while it is empty.
