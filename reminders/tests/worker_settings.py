"""Settings for the worker process of test_worker_faults: the project's, with a slow
one-file-per-message email backend (reminders.tests.slow_mail) and the test's own queue
(so the tests of test_celery_worker, maybe running at the same time under xdist on the same
Redis, never take its tasks nor it theirs)."""

import os

from quickwin.settings import *  # noqa: F403

EMAIL_BACKEND = "reminders.tests.slow_mail.SlowFileBackend"
CELERY_TASK_DEFAULT_QUEUE = os.environ["QW_TEST_QUEUE"]
