"""How numbers, money, scores and deadlines read in the interface (ui.md)."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from .bands import band_of


def rupiah(value):
    """`Rp 12.500.000`: dot as thousands separator, no decimals, whatever the language."""
    if value is None or value == "":
        return "—"
    amount = int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def one_decimal(value):
    if value is None:
        return "—"
    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return formats.number_format(number, decimal_pos=1)


def score_with_band(value):
    """`78,4 (BB)` in Indonesian, `78.4 (BB)` in English; `—` when there is no score."""
    if value is None:
        return "—"
    return f"{one_decimal(value)} ({band_of(value)})"


def days_until_text(deadline, today=None):
    """ "3 hari lagi", "hari ini", "terlambat 2 hari" — how far a deadline is, in words."""
    if deadline is None:
        return ""
    today = today or timezone.localdate()
    if isinstance(deadline, datetime):
        deadline = timezone.localdate(deadline)
    days = (deadline - today).days
    if days == 0:
        return gettext("due today")
    if days > 0:
        return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}
    late = -days
    return ngettext("%(days)d day overdue", "%(days)d days overdue", late) % {"days": late}
