"""Flask extensions, created here and bound to the app in create_app()."""

from flask import g
from flask_babel import Babel, Domain
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx


class RequestCachedDomain(Domain):
    """The messages domain with its catalogue looked up once a request, not once a string.

    flask_babel finds the locale and the catalogue afresh for every string (a dozen context
    lookups each; the week page translates 125 strings, a fifth of its time). The catalogue is
    kept in flask_babel's own request context (`g._flask_babel`) as `babel_translations`, the
    attribute its force_locale() and refresh() reset whenever the language changes; the names
    are flask-babel 4's (pinned in pyproject.toml), tests/test_i18n.py holds them to it."""

    def get_translations(self):
        try:
            translations = g._flask_babel.babel_translations
        except (AttributeError, RuntimeError):  # first string of the request, or no request
            translations = None
        if translations is None:
            translations = super().get_translations()
            if g:
                g._flask_babel.babel_translations = translations
        return translations


login_manager = LoginManager()
csrf = CSRFProtect()
htmx = Htmx()
babel = Babel()
babel.domain_instance = RequestCachedDomain()
