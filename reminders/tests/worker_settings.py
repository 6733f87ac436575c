"""Settings for the worker process of test_worker_faults: the project's, with a slow
one-file-per-message email backend (reminders.tests.slow_mail)."""

from quickwin.settings import *  # noqa: F403

EMAIL_BACKEND = "reminders.tests.slow_mail.SlowFileBackend"
