"""Mail backends for tests that simulate a mail server going away mid-run."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FailAfterBackend(EmailBackend):
    """Accepts `limit` messages (counted across connections), then the server disconnects."""

    limit = 3
    accepted = 0

    def send_messages(self, messages):
        for message in messages:
            if FailAfterBackend.accepted >= self.limit:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            FailAfterBackend.accepted += 1
            super().send_messages([message])
        return len(messages)


class RefusesOneAddressBackend(EmailBackend):
    refused = "weigering@example.org"

    def send_messages(self, messages):
        for message in messages:
            if self.refused in message.to:
                raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"No such user")})
        return super().send_messages(messages)
