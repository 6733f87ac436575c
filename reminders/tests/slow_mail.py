"""A test-only email backend for worker processes: one file per message, after a pause.

The pause (QW_TEST_MAIL_DELAY seconds, default 0.05) makes a flush slow enough to kill in
the middle; each file is written to a temporary name and renamed, so a killed worker leaves
either a whole message or none. Directory: QW_TEST_MAIL_DIR.
"""

import os
import time
import uuid

from django.core.mail.backends.base import BaseEmailBackend


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = os.environ["QW_TEST_MAIL_DIR"]
        delay = float(os.environ.get("QW_TEST_MAIL_DELAY", "0.05"))
        for message in email_messages:
            time.sleep(delay)  # the network
            name = os.path.join(directory, uuid.uuid4().hex)
            with open(name + ".tmp", "wb") as out:
                out.write(message.message().as_bytes())
            os.replace(name + ".tmp", name + ".eml")
        return len(email_messages)
