"""QuickSelect and QuickSelectMultiple write the same <select> as Django's, without a template
per option."""

from django import forms
from django.test.html import parse_html
from django.utils.html import escape

from accounts.models import Agency
from quickwin.widgets import QuickSelect, QuickSelectMultiple


class AgencyForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.order_by("pk"),
        required=False,
        empty_label="All agencies",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )


def test_it_marks_the_chosen_option_and_keeps_the_attributes(db):
    chosen = Agency.objects.order_by("pk")[3]
    html = str(AgencyForm({"agency": chosen.pk})["agency"])
    assert html.startswith('<select name="agency" class="form-select" id="id_agency">')
    assert '<option value="">All agencies</option>' in html
    assert f'<option value="{chosen.pk}" selected>' in html
    assert html.count("<option") == Agency.objects.count() + 1
    assert html.count(" selected") == 1


def test_it_escapes_labels(db):
    agency = Agency.objects.create(code="x-esc", abbreviation="X", name='<b>"Dinas"</b>')
    html = str(AgencyForm()["agency"])
    assert "<b>" not in html
    assert f'<option value="{agency.pk}">{escape(str(agency))}</option>' in html


def test_it_keeps_typed_bad_input_unselected(db):
    form = AgencyForm({"agency": "<script>"})
    assert not form.is_valid()
    html = str(form["agency"])
    assert "<script>" not in html
    assert " selected" not in html
    assert 'aria-invalid="true"' in html


def test_several_values_render_as_django_renders_them():
    choices = [("draft", "Draf"), ("in_progress", "Berjalan"), ("done", '<i>"Selesai"</i>')]

    class StatusForm(forms.Form):
        status = forms.MultipleChoiceField(
            choices=choices, required=False, widget=QuickSelectMultiple(attrs={"size": 4})
        )

    class DjangoForm(forms.Form):
        status = forms.MultipleChoiceField(
            choices=choices, required=False, widget=forms.SelectMultiple(attrs={"size": 4})
        )

    for data in ({"status": ["draft", "done"]}, {"status": ["bogus"]}, None):
        ours, django = str(StatusForm(data)["status"]), str(DjangoForm(data)["status"])
        assert parse_html(ours) == parse_html(django)  # attribute order aside
    html = str(StatusForm({"status": ["draft", "done"]})["status"])
    assert " multiple" in html and html.count(" selected") == 2 and "<i>" not in html
    assert StatusForm({"status": ["draft", "done"]}).is_valid()


def test_it_escapes_values_and_labels_but_writes_ids_as_they_are(db):
    widget = QuickSelect(attrs={"id": "f"})
    widget.choices = [("", "All"), (1, "A&B"), (2, "C"), ('x"', "D")]
    html = widget.render("agency", "2")
    assert html == (
        '<select name="agency" id="f"><option value="">All</option>'
        '<option value="1">A&amp;B</option><option value="2" selected>C</option>'
        '<option value="x&quot;">D</option></select>'
    )
