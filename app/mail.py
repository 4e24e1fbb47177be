"""Outgoing e-mail, only when SMTP is configured; in-app notices work without it."""

import smtplib
from datetime import date
from email.message import EmailMessage

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.calendar import week_number


def smtp_configured() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))


def send(messages: list[EmailMessage]) -> int:
    """Send over one SMTP connection; failures are logged, never shown as a server error."""
    if not messages or not smtp_configured():
        return 0
    config = current_app.config
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
            for message in messages:
                smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("e-mail not sent: %s", error)
        return 0
    return len(messages)


def send_reminders(mentors, week_start: date) -> int:
    """A reminder to each mentor with an address, in their own language."""
    messages = []
    for mentor in mentors:
        if not mentor.email:
            continue
        with force_locale(mentor.language or "lv"):
            message = EmailMessage()
            message["Subject"] = _(
                "Reminder: please file your week %(week)d", week=week_number(week_start)
            )
            message["From"] = current_app.config["SMTP_FROM"]
            message["To"] = mentor.email
            message.set_content(
                _(
                    "Your timesheet for the week starting %(day)s is not submitted yet.",
                    day=week_start.strftime("%d.%m.%Y"),
                )
                + "\n\n"
                + url_for("timesheets.index", _external=True)
            )
        messages.append(message)
    return send(messages)
