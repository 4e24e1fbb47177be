"""The application factory."""

from importlib import import_module
from importlib.resources import files
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from whitenoise import WhiteNoise

from app import config as app_config
from app import extensions

#: every view module of a feature: views.py, or <concern>_views.py, each holding one `bp`
VIEW_MODULES = sorted(
    f"app.{path.parent.name}.{path.stem}"
    for path in Path(__file__).parent.glob("*/*views.py")
    if path.stem == "views" or path.stem.endswith("_views")
)


def register_blueprints(app: Flask) -> None:
    """Each feature's blueprints, found by the naming rule so a new view module needs no
    registration here (tests/test_structure.py checks the rule)."""
    for name in VIEW_MODULES:
        app.register_blueprint(import_module(name).bp)


def create_app(config: dict | None = None) -> Flask:
    """Build the app from the environment, overridden by `config` (tests pass theirs here)."""
    settings = app_config.from_environment()
    settings.update(config or {})
    app_config.finalise(settings)
    app_config.check_production(settings)

    root = app_config.PROJECT_ROOT
    app = Flask(
        __name__,
        template_folder=str(root / "templates"),
        static_folder=str(root / "static"),
    )
    app.config.update(settings)

    from app.backups import hold_serving_lock
    from app.core.models import forget_settings
    from app.db import init_db
    from app.i18n import init_i18n, select_locale
    from app.security import init_security, login_redirect, static_headers

    hold_serving_lock(app)  # first: a request during a restore must not open the database
    init_db(app)
    # a request reads the settings once, and never a copy from before it (tests hold one app
    # context over several requests, and g lives as long as the app context)
    app.before_request(forget_settings)
    # app.htmx (the render helpers) shadows a plain `htmx` name here, hence the qualified names.
    extensions.csrf.init_app(app)
    extensions.htmx.init_app(app)
    extensions.babel.init_app(app, locale_selector=select_locale)
    extensions.login_manager.init_app(app)
    extensions.login_manager.unauthorized_handler(login_redirect)
    init_i18n(app)
    init_security(app)

    from app.auth.services import load_session_user

    extensions.login_manager.user_loader(load_session_user)

    app.url_map.converters["int"] = DatabaseIdConverter

    register_blueprints(app)

    from app.cli import register_cli
    from app.errors import register_error_handlers
    from app.navigation import register_navigation

    register_error_handlers(app)
    register_navigation(app)
    register_cli(app)

    static = WhiteNoise(
        app.wsgi_app,
        root=app.static_folder,
        prefix="static/",
        add_headers_function=static_headers(bool(app.config.get("HTTPS"))),
        autorefresh=app.debug,
    )
    # htmx comes from a registry package installed at setup, never from the repository or a CDN.
    static.add_files(str(files("js_lib_htmx") / "static" / "htmx"), prefix="static/vendor/htmx/")
    app.wsgi_app = static
    if app.config["TRUST_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    return app


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` that a database integer can hold: a larger number is a 404, not an
    OverflowError (a 500) in the query."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**63 - 1, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)
