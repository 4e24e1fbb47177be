"""Login attempts, counted for throttling."""

from peewee import BooleanField, CharField, DateTimeField

from app.db import BaseModel, utcnow


class LoginAttempt(BaseModel):
    """One login try; counted per account and per IP so throttling holds across workers."""

    username = CharField(max_length=64, index=True)
    ip = CharField(max_length=64, index=True)
    at = DateTimeField(default=utcnow, index=True)
    succeeded = BooleanField(default=False)
    #: the known device (app/auth/devices.py) the attempt came from, else ""
    device = CharField(max_length=32, default="")
