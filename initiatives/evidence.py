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

    Refuses empty files, files over settings.EVIDENCE_MAX_UPLOAD_MB, content that is not one
    of PDF/JPG/PNG/DOCX/XLSX/PPTX, and names whose extension does not match the content.
    """
    if uploaded_file is None or not uploaded_file.size:
        raise ValidationError(_("The file is empty. Choose a file with content."), code="empty")
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
    content_type, extensions = ALLOWED_KINDS[kind]
    suffix = PurePosixPath(clean_display_name(uploaded_file.name)).suffix.lower()
    if suffix not in extensions:
        raise ValidationError(
            _("The file's content (%(kind)s) does not match its name (%(name)s).")
            % {"kind": kind.upper(), "name": clean_display_name(uploaded_file.name)},
            code="mismatch",
        )
    return content_type
