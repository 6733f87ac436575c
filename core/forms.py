"""Form helpers shared by the apps."""

from django import forms


def add_service_errors(form, error):
    """Put a service's ValidationError beside the fields it names (others at the top).

    Services validate business rules and raise ValidationError; views show those messages
    on the form the user typed into, so nothing typed is lost.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# The largest id a database integer column holds (PostgreSQL bigint; SQLite's INTEGER).
MAX_ID = 2**63 - 1


def is_database_id(value):
    """Whether `value` (as posted) can be looked up as an integer id without an error."""
    try:
        return 0 <= int(str(value)) <= MAX_ID
    except ValueError:
        return False


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of objects that refuses ids beyond the database's integer range.

    Django turns the ids into `pk IN (...)`, which SQLite cannot run with such a number
    (OverflowError, a server error): a tampered POST gets the field's usual message instead.
    """

    def _check_values(self, value):
        for pk in value:
            try:
                too_large = abs(int(str(pk))) > MAX_ID
            except ValueError:
                continue  # not a number: Django's own check refuses it
            if too_large:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
