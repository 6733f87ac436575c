"""Backup and restore: the whole database (Django's dumpdata, so the same archive works on
PostgreSQL and SQLite) plus every file under MEDIA_ROOT, in one .tar.gz with a
manifest.json of SHA-256 checksums. Restore checks every checksum before touching anything
and refuses a database that already holds quick wins or users."""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

DATA_NAME = "data.json"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
# Rebuilt by `migrate` (content types, permissions) or worthless after a restore.
EXCLUDED = ["contenttypes", "auth.permission", "sessions.session", "axes"]


class BackupError(Exception):
    pass


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def create_backup(path):
    """Write the archive to `path`; returns the manifest."""
    buffer = io.StringIO()
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        natural_foreign=True,
        natural_primary=False,
        indent=None,
        stdout=buffer,
    )
    data = buffer.getvalue().encode("utf-8")
    manifest = {"created_at": timezone.now().isoformat(), "files": {DATA_NAME: _sha256(data)}}
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "w:gz") as archive:
        _add(archive, DATA_NAME, data)
        for file_path in _media_files():
            content = file_path.read_bytes()
            name = MEDIA_PREFIX + file_path.relative_to(root).as_posix()
            manifest["files"][name] = _sha256(content)
            _add(archive, name, content)
        _add(archive, MANIFEST_NAME, json.dumps(manifest, indent=2).encode("utf-8"))
    return manifest


def _add(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def _read_verified(path):
    """Every member of the archive, after checking each against the manifest."""
    with tarfile.open(path, "r:gz") as archive:
        members = {m.name: m for m in archive.getmembers() if m.isfile()}
        if MANIFEST_NAME not in members:
            raise BackupError("The archive has no manifest.json.")
        manifest = json.load(archive.extractfile(members[MANIFEST_NAME]))
        contents = {}
        for name, checksum in manifest["files"].items():
            safe = PurePosixPath(name)
            if safe.is_absolute() or ".." in safe.parts or name not in members:
                raise BackupError(f"Missing or unsafe entry in the archive: {name}")
            content = archive.extractfile(members[name]).read()
            if _sha256(content) != checksum:
                raise BackupError(f"Checksum mismatch for {name}: the archive is damaged.")
            contents[name] = content
    return manifest, contents


def restore_backup(path):
    """Load the archive into an empty database and MEDIA_ROOT; returns the manifest."""
    from accounts.models import User
    from initiatives.models import Initiative

    manifest, contents = _read_verified(path)
    if Initiative.objects.exists() or User.objects.exists():
        raise BackupError("The database is not empty: restore only onto a fresh database.")
    with tempfile.NamedTemporaryFile(suffix=".json") as data_file:
        data_file.write(contents.pop(DATA_NAME))
        data_file.flush()
        call_command("loaddata", data_file.name, verbosity=0)
    root = Path(settings.MEDIA_ROOT)
    for name, content in contents.items():
        target = root / name[len(MEDIA_PREFIX) :]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return manifest
