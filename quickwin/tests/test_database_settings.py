"""PostgreSQL runs without JIT: the boards' aggregates would otherwise spend seconds compiling."""

import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is a PostgreSQL setting")
def test_it_turns_jit_off_for_our_connections(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
