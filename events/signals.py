from django.dispatch import Signal

# Sent inside the transaction that marks a registration as attended; arguments: registration,
# notify. The training app issues a certificate of attendance for course sessions.
attendance_marked = Signal()
