"""The one shape of a refused change: services raise it, views show it beside the fields."""


class Refused(Exception):
    """A rule refused the change; `errors` maps form fields ("" for the whole form) to messages."""

    def __init__(self, errors: dict[str, list]):
        super().__init__("; ".join(str(m) for messages in errors.values() for m in messages))
        self.errors = errors


def show_refusal(form, refused: Refused) -> None:
    """Put each message beside its field, or above the form when it names none."""
    for field_name, messages in refused.errors.items():
        target = getattr(form, field_name, None) if field_name else None
        if target is None:
            form.form_errors.extend(messages)
        else:
            target.errors = list(target.errors) + list(messages)
