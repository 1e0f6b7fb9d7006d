from django.dispatch import Signal

# Sent after the commit that marked a registration as attended; arguments: registration, notify.
# The training app issues a certificate of attendance for course sessions.
attendance_marked = Signal()
