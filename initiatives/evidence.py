"""Evidence files (data dukung): checked by their content, stored under a random name.

The type is decided by the file's magic bytes (the `filetype` package), never by the
name or the browser's claim. Files are only served through a permission-checked view.
"""

import re
import unicodedata
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Evidence

# MIME types we accept, by what the content says it is. DOCX/XLSX/PPTX are ZIP containers
# that `filetype` recognises by their inner structure.
ALLOWED_CONTENT_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
}


def validate_evidence_file(uploaded_file):
    """The file's real content type, or ValidationError (empty, too large, unknown type)."""
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": uploaded_file.name})
    limit_mb = settings.EVIDENCE_MAX_UPLOAD_MB
    if size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("The file “%(name)s” is larger than %(limit)s MB.")
            % {"name": uploaded_file.name, "limit": limit_mb}
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    uploaded_file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_CONTENT_TYPES:
        raise ValidationError(
            _("The file “%(name)s” is not allowed. Upload %(types)s.")
            % {"name": uploaded_file.name, "types": ", ".join(ALLOWED_CONTENT_TYPES.values())}
        )
    return kind.mime


def clean_original_name(name):
    """A display name without path parts or control characters, at most 200 characters."""
    name = PurePath(str(name).replace("\\", "/")).name
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "", name).strip() or "berkas"
    return name[-200:]


def evidence_attach(*, initiative, uploaded_file, by, kind, milestone=None, report=None):
    """Validate and store one file for `initiative`; returns the saved Evidence.

    Guarantees: only an allowed, non-empty file within the size limit is stored; its
    stored name is random (see `evidence_upload_to`), the original name only displayed.
    """
    content_type = validate_evidence_file(uploaded_file)
    evidence = Evidence(
        initiative=initiative,
        kind=kind,
        milestone=milestone,
        report=report,
        original_name=clean_original_name(uploaded_file.name),
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    evidence.file.save(uploaded_file.name, uploaded_file, save=False)
    evidence.save()
    return evidence
