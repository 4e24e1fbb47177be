"""The reference D: the Django admin's changelist over the same time entries. A throwaway
project written into a folder (settings, a model mirroring Entry, its admin, a superuser), its
SQLite database filled with the entries of the generated data, served by gunicorn as the app is.
The admin is set up as one would for this list: newest first along an index, 50 a page, the
mentor and activity joined, filters by place (a field with choices: no query for the filter's
values) and paid interpreting. Needs the `bench` extra (Django 5)."""

import sqlite3
import subprocess
import sys
from pathlib import Path

SUPERUSER = "admin"
PASSWORD = "bench-django-2026"
CHANGELIST = "/admin/entries/entry/"
LOGIN = "/admin/login/"

FILES = {
    "benchsite/__init__.py": "",
    "benchsite/settings.py": """
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "throwaway benchmark key, loopback only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "entries",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "benchsite.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "benchsite.wsgi.application"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
LANGUAGE_CODE = "lv"
TIME_ZONE = "Europe/Riga"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
""",
    "benchsite/urls.py": """
from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
""",
    "benchsite/wsgi.py": """
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
application = get_wsgi_application()
""",
    "entries/__init__.py": "",
    "entries/models.py": """
from django.db import models


class Mentor(models.Model):
    display_name = models.CharField(max_length=120)

    def __str__(self):
        return self.display_name


class Activity(models.Model):
    name = models.CharField(max_length=120)

    def __str__(self):
        return self.name


class Entry(models.Model):
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT)
    day = models.DateField()
    start_minute = models.IntegerField()
    end_minute = models.IntegerField()
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT)
    place = models.CharField(
        max_length=16, choices=[("pmc", "PMC"), ("outside", "Outside"), ("remote", "Remote")]
    )
    note = models.TextField(default="", blank=True)
    paid_interpreting = models.BooleanField(default=False)
    version = models.IntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "entries"
        indexes = [
            models.Index(fields=["mentor", "day"]),
            models.Index(fields=["day", "start_minute"]),
        ]
""",
    "entries/admin.py": """
from django.contrib import admin

from .models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("day", "mentor", "start_minute", "end_minute", "activity", "place",
                    "paid_interpreting")
    list_filter = ("place", "paid_interpreting")
    list_select_related = ("mentor", "activity")
    ordering = ("-day", "-start_minute")
    list_per_page = 50
""",
}


def django_env(folder: Path) -> dict:
    return {"DJANGO_SETTINGS_MODULE": "benchsite.settings", "PYTHONPATH": str(folder)}


def build(folder: Path, mentors: list, activities: list, entries: list, env: dict) -> None:
    """Write the project into `folder`, migrate it, load the rows (tuples in the column order of
    the mirrored tables) and create the superuser."""
    for name, text in FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip())
    env = {**env, **django_env(folder), "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
    for command in (
        ["makemigrations", "entries", "-v", "0"],
        ["migrate", "-v", "0"],
        ["createsuperuser", "--noinput", "--username", SUPERUSER, "--email", "a@localhost"],
    ):
        subprocess.run(
            [sys.executable, "-m", "django", *command],
            cwd=folder,
            env=env,
            check=True,
            capture_output=True,
        )
    with sqlite3.connect(folder / "db.sqlite3") as connection:
        connection.executemany("INSERT INTO entries_mentor VALUES (?, ?)", mentors)
        connection.executemany("INSERT INTO entries_activity VALUES (?, ?)", activities)
        connection.executemany(
            "INSERT INTO entries_entry (id, mentor_id, day, start_minute, end_minute, "
            "activity_id, place, note, paid_interpreting, version, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            entries,
        )
    connection.close()
