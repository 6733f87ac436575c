"""Backup and restore round trip: everything comes back, damaged archives are refused."""

import hashlib
import io
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from evaluations.models import Review
from initiatives.models import Evidence, Initiative, StatusChange
from monitoring.models import ProgressReport
from quickwin.backup import BackupError, restore_backup
from quickwin.tests.conftest import build_world


def _state():
    return {
        "users": sorted(User.objects.values_list("username", "is_reviewer", "agency__code")),
        "initiatives": sorted(Initiative.objects.values_list("pk", "title", "status")),
        "reviews": sorted(Review.objects.values_list("pk", "status", "total_score")),
        "reports": sorted(ProgressReport.objects.values_list("pk", "percent_complete")),
        "timeline": StatusChange.objects.count(),
        "evidence": sorted(Evidence.objects.values_list("pk", "file", "size")),
    }


def _files(settings):
    root = settings.MEDIA_ROOT
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.mark.django_db(transaction=True)
def test_it_restores_every_quick_win_review_report_and_file(settings, tmp_path):
    build_world()
    build_world()
    before, files_before = _state(), _files(settings)
    assert len(files_before) == 4 and len(before["initiatives"]) == 2
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", str(archive))

    # An empty database and an empty media folder, as on a new server.
    call_command("flush", interactive=False)
    for path in settings.MEDIA_ROOT.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Initiative.objects.exists() and _files(settings) == {}

    call_command("restore", str(archive))

    assert _state() == before
    assert _files(settings) == files_before
    for evidence in Evidence.objects.all():
        assert evidence.file.size == evidence.size


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_restore_over_existing_data(tmp_path):
    build_world()
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_damaged_archive(tmp_path):
    build_world()
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", str(archive))
    damaged = tmp_path / "rusak.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "data.json":
                content = content.replace(b"Catatan", b"Palsu!!")
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    call_command("flush", interactive=False)
    with pytest.raises(BackupError, match="Checksum mismatch"):
        restore_backup(damaged)
