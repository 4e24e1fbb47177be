"""The one shape of a refusal: services and URL parsers raise Refused; a view shows it beside the
fields of its form (show_refusal), and one that does not catch it gets an error page with the
refusal's status and message (the app's error handler)."""


class Refused(Exception):
    """A rule refused the change or the request.

    `errors` maps form fields ("" for the whole form) to messages; `status` is the HTTP status of
    the page that shows it (422 for a form, 400 for an address that names no valid thing, 404
    for one that names nothing the user may see); `title` heads that page."""

    def __init__(self, errors: dict[str, list], *, status: int = 422, title=None):
        super().__init__("; ".join(str(m) for messages in errors.values() for m in messages))
        self.errors = errors
        self.status = status
        self.title = title

    @classmethod
    def because(cls, message, field_name: str = "", *, status: int = 422, title=None):
        """One message, beside one field or ("") above the form."""
        return cls({field_name: [message]}, status=status, title=title)

    @property
    def message(self):
        """The first message (a general refusal has just one)."""
        return next(m for messages in self.errors.values() for m in messages)


def refuse(message, field_name: str = "") -> Refused:
    """A refusal of one message; `raise refuse(...)` reads as the rule it states."""
    return Refused.because(message, field_name)


def show_refusal(form, refused: Refused) -> None:
    """Put each message beside its field, or above the form when it names none."""
    for field_name, messages in refused.errors.items():
        target = getattr(form, field_name, None) if field_name else None
        if target is None:
            form.form_errors.extend(messages)
        else:
            target.errors = list(target.errors) + list(messages)
