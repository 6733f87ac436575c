"""Spreadsheet safety shared by every CSV/XLSX export (evaluations, dashboard, monitoring).

A text cell that begins with `=`, `+`, `-` or `@` (or a tab / carriage return, which some
programs skip before reading a formula) is run as a formula by Excel and LibreOffice: a quick
win titled `=HYPERLINK("http://evil", "klik")` would become a live link in the bureau's
export. Such text gets a leading apostrophe, so it is shown as typed and never evaluated.
Numbers, dates and empty cells pass through unchanged (a negative number is not text).

XLSX cannot hold control characters at all (openpyxl refuses them, and the export would
fail for everyone): `SafeSheet` drops them from text, keeping tabs and line breaks.
"""

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The characters XLSX (XML 1.0) cannot store; the same set openpyxl refuses.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value):
    """`value` unchanged, unless it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(row):
    """Every cell of `row` through `safe_cell`."""
    return [safe_cell(value) for value in row]


def xlsx_cell(value):
    """`safe_cell`, and text without the control characters an XLSX file cannot hold."""
    if isinstance(value, str):
        value = XLSX_ILLEGAL.sub("", value)
    return safe_cell(value)


class SafeSheet:
    """An openpyxl worksheet whose `append` neutralises formulas and drops the control
    characters XLSX cannot hold; everything else passes."""

    def __init__(self, sheet):
        object.__setattr__(self, "_sheet", sheet)

    def append(self, row):
        self._sheet.append([xlsx_cell(value) for value in row])

    def __getattr__(self, name):
        return getattr(self._sheet, name)

    def __setattr__(self, name, value):  # sheet.title = ... reaches the real sheet
        setattr(self._sheet, name, value)


class SafeCsvWriter:
    """A csv.writer whose rows are neutralised the same way."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
