"""Checks for uploaded evidence files (data dukung), reused for proposal, milestone and report files.

A file is judged by its content, not by its name: `filetype` reads the magic bytes, and the
Office formats (all zip archives) are told apart by the folders inside the zip. The name is
only kept for display, cleaned of path parts and odd characters.
"""

import re
import unicodedata
import zipfile
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Detected kind → (content type, the file name extensions that may carry it).
ALLOWED_KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "jpg": ("image/jpeg", {".jpg", ".jpeg"}),
    "png": ("image/png", {".png"}),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {".docx"},
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        {".pptx"},
    ),
}
ALLOWED_LABEL = "PDF, JPG, PNG, DOCX, XLSX, PPTX"
# The folder each Office Open XML format keeps its main part in.
_OFFICE_FOLDERS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_HEADER_BYTES = 8192
# ZIP bombs: an Office file is a zip; its declared contents are checked from the central
# directory (never extracted). Real DOCX/XLSX/PPTX of a few MB hold tens of parts and
# expand a few times; these limits leave room for big honest files and none for bombs.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200
# Markup that has no business in a PDF or an image: a polyglot meant to be read as a page.
_MARKUP = (b"<html", b"<script", b"<!doctype html", b"<iframe", b"<svg", b"<body")
_CHUNK = 1024 * 1024
MAX_NAME_LENGTH = 200


def max_upload_bytes():
    return settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024


def clean_display_name(name):
    """The last path part of `name`, without control or odd characters; never empty."""
    name = unicodedata.normalize("NFKC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"[^\w\s.()\-]", "", name)  # letters, digits, _, space, . ( ) -
    name = re.sub(r"\s+", " ", name).strip().rstrip(". ")
    if not name or name.startswith("."):  # nothing left but an extension (".pdf")
        name = "berkas" + ("." + name.lstrip(".") if name.strip(".") else "")
    if len(name) > 200:
        suffix = PurePosixPath(name).suffix[:10]
        name = name[: 200 - len(suffix)] + suffix
    return name


def name_problem(raw_name):
    """A message when an upload's name is unacceptable as given, else None.

    Too long names are refused (not silently cut); so are names with control or
    invisible formatting characters (e.g. a right-to-left override that makes
    "laporan\u202efdp.exe" look like "laporanexe.pdf"). Ordinary letters of any
    script are fine.
    """
    name = str(raw_name or "")
    base = re.split(r"[\\/]", name)[-1]
    if len(base) > MAX_NAME_LENGTH:
        return _("The file name is too long (at most %(max)s characters). Rename the file.") % {
            "max": MAX_NAME_LENGTH
        }
    if any(unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs") for char in base):
        return _("The file name contains hidden or control characters. Rename the file.")
    return None


def _zip_problem(uploaded_file):
    """A message when the zip declares too many parts or too much content, else None."""
    try:
        uploaded_file.seek(0)
        with zipfile.ZipFile(uploaded_file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return _("The file is damaged and cannot be read.")
    finally:
        uploaded_file.seek(0)
    declared = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if (
        len(entries) > MAX_ZIP_ENTRIES
        or declared > MAX_ZIP_UNCOMPRESSED_BYTES
        or (declared > _CHUNK and declared / packed > MAX_ZIP_RATIO)
    ):
        return _("The file expands to far more than its size (a possible zip bomb). Refused.")
    return None


def _polyglot_problem(uploaded_file, kind):
    """A message when a PDF/image also carries a web page or a zip archive, else None."""
    uploaded_file.seek(0)
    tail = b""
    try:
        for chunk in uploaded_file.chunks(_CHUNK):
            window = (tail + chunk).lower()
            if any(marker in window for marker in _MARKUP):
                return _("The file contains web page code hidden in it. Refused.")
            tail = window[-16:]  # a marker split across two chunks is still found
    finally:
        uploaded_file.seek(0)
    if zipfile.is_zipfile(uploaded_file):
        uploaded_file.seek(0)
        return _("The file has another file (an archive) hidden in it. Refused.")
    uploaded_file.seek(0)
    if kind == "pdf":
        uploaded_file.seek(max(0, uploaded_file.size - 1024))
        last = uploaded_file.read()
        uploaded_file.seek(0)
        if b"%%EOF" not in last:
            return _("The PDF is incomplete or has data appended after its end. Refused.")
    return None


def _office_kind(uploaded_file):
    try:
        uploaded_file.seek(0)
        with zipfile.ZipFile(uploaded_file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        uploaded_file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for folder, kind in _OFFICE_FOLDERS.items():
        if any(n.startswith(folder) for n in names):
            return kind
    return None


def detect_kind(uploaded_file):
    """'pdf', 'jpg', 'png', 'docx', 'xlsx', 'pptx' from the content, or None."""
    uploaded_file.seek(0)
    header = uploaded_file.read(_HEADER_BYTES)
    uploaded_file.seek(0)
    guess = filetype.guess(header)
    if guess is None:
        return None
    if guess.extension in ("pdf", "jpg", "png"):
        return guess.extension
    if guess.mime in ("application/zip",) or guess.extension in ("docx", "xlsx", "pptx", "zip"):
        return _office_kind(uploaded_file)
    return None


def validate_evidence_file(uploaded_file):
    """Return the content type of an acceptable upload, or raise ValidationError (Indonesian).

    Refuses empty files, files over settings.EVIDENCE_MAX_UPLOAD_MB, too long names or names
    with hidden characters, content that is not one of PDF/JPG/PNG/DOCX/XLSX/PPTX, Office
    zips that declare too many parts or too much content (checked without extracting),
    PDFs/images that also hold a web page or a zip (polyglots), and names whose extension
    does not match the content.
    """
    if uploaded_file is None or not uploaded_file.size:
        raise ValidationError(_("The file is empty. Choose a file with content."), code="empty")
    problem = name_problem(uploaded_file.name)
    if problem:
        raise ValidationError(problem, code="name")
    limit_mb = settings.EVIDENCE_MAX_UPLOAD_MB
    if uploaded_file.size > max_upload_bytes():
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s MB.") % {"limit": limit_mb},
            code="too_big",
        )
    kind = detect_kind(uploaded_file)
    if kind is None:
        raise ValidationError(
            _("This type of file is not allowed. Allowed: %(allowed)s.")
            % {"allowed": ALLOWED_LABEL},
            code="type",
        )
    problem = (
        _zip_problem(uploaded_file)
        if kind in ("docx", "xlsx", "pptx")
        else _polyglot_problem(uploaded_file, kind)
    )
    if problem:
        raise ValidationError(problem, code="hostile")
    content_type, extensions = ALLOWED_KINDS[kind]
    suffix = PurePosixPath(clean_display_name(uploaded_file.name)).suffix.lower()
    if suffix not in extensions:
        raise ValidationError(
            _("The file's content (%(kind)s) does not match its name (%(name)s).")
            % {"kind": kind.upper(), "name": clean_display_name(uploaded_file.name)},
            code="mismatch",
        )
    return content_type
