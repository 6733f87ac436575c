"""Form helpers shared by the apps."""


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
