"""Helpers for the proposal tests: form POST data, sample files, status set-up."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from initiatives.models import ChangeArea, Initiative


def set_status(initiative, status):
    """Test set-up only: put a quick win straight into `status` (no workflow)."""
    Initiative.objects.filter(pk=initiative.pk).update(status=status)
    initiative.refresh_from_db()
    return initiative


def proposal_data(round_, *, indicators=None, milestones=None, **overrides):
    """A complete POST for the proposal form: two indicators and three milestones (100%)."""
    start = round_.implementation_start + datetime.timedelta(days=1)
    end = start + datetime.timedelta(days=150)
    data = {
        "title": "Perizinan daring satu pintu",
        "change_area": str(ChangeArea.objects.get(number=8).pk),
        "rb_tematik": "",
        "problem": "Antrean panjang.",
        "root_cause": "Berkas manual.",
        "objective": "Mempercepat layanan.",
        "output": "Aplikasi.",
        "outcome": "Waktu layanan turun.",
        "beneficiaries": "Pelaku usaha.",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "pic_name": "Rina",
        "pic_position": "Kepala Bidang",
        "budget": "12.500.000",
        "budget_source": "APBD",
    }
    if indicators is None:
        indicators = [
            {"name": "Waktu layanan", "unit": "hari", "baseline": "14", "target": "3"},
            {"name": "Kepuasan", "unit": "%", "baseline": "70", "target": "85"},
        ]
    if milestones is None:
        milestones = [
            {"title": "SOP", "due_date": start + datetime.timedelta(days=10), "weight": "20"},
            {"title": "Sistem", "due_date": start + datetime.timedelta(days=60), "weight": "50"},
            {"title": "Peluncuran", "due_date": end, "weight": "30"},
        ]
    data.update(_formset("indicators", indicators, {"direction": "higher"}))
    data.update(_formset("milestones", milestones, {}))
    data.update(overrides)
    return data


def _formset(prefix, rows, defaults, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        for key, value in {**defaults, **row}.items():
            data[f"{prefix}-{number}-{key}"] = str(value)
    return data


def edit_data(initiative, **overrides):
    """The edit form's POST for an existing quick win, keeping its indicators and milestones."""
    data = proposal_data(initiative.round, indicators=[], milestones=[])
    data.update(
        {
            "title": initiative.title,
            "start_date": initiative.start_date.isoformat(),
            "end_date": initiative.end_date.isoformat(),
        }
    )
    indicators = [
        {
            "id": i.pk,
            "name": i.name,
            "unit": i.unit,
            "baseline": i.baseline,
            "target": i.target,
            "direction": i.direction,
        }
        for i in initiative.indicators.all()
    ]
    milestones = [
        {"id": m.pk, "title": m.title, "due_date": m.due_date, "weight": m.weight}
        for m in initiative.milestones.all()
    ]
    data.update(_formset("indicators", indicators, {}, initial=len(indicators)))
    data.update(_formset("milestones", milestones, {}, initial=len(milestones)))
    data.update(overrides)
    return data


def office_zip(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<x/>")
    return buffer.getvalue()


SAMPLES = {
    "laporan.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    "foto.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32,
    "foto.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32,
    "surat.docx": office_zip("word/"),
    "anggaran.xlsx": office_zip("xl/"),
    "paparan.pptx": office_zip("ppt/"),
}


def upload(name, content=None):
    return SimpleUploadedFile(name, SAMPLES[name] if content is None else content)
