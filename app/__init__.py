"""The application factory."""

from importlib.resources import files

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from whitenoise import WhiteNoise

from app import config as app_config
from app import extensions


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

    from app.db import init_db
    from app.i18n import init_i18n, select_locale
    from app.security import add_static_headers, init_security, login_redirect

    init_db(app)
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

    from app.admin.views import bp as admin_bp
    from app.auth.views import bp as auth_bp
    from app.cases.views import bp as cases_bp
    from app.compliance.views import bp as compliance_bp
    from app.core.views import bp as core_bp
    from app.jobs.views import bp as jobs_bp
    from app.meetings.archive_views import bp as meeting_archive_bp
    from app.meetings.views import bp as meetings_bp
    from app.periods.views import bp as periods_bp
    from app.reports.views import bp as reports_bp
    from app.risks.export_views import bp as risk_exports_bp
    from app.risks.types_views import bp as risk_types_bp
    from app.risks.views import bp as risks_bp
    from app.timesheets.activities_views import bp as timesheet_activities_bp
    from app.timesheets.export_views import bp as timesheet_exports_bp
    from app.timesheets.settings_views import bp as timesheet_settings_bp
    from app.timesheets.views import bp as timesheets_bp
    from app.training.kinds_views import bp as training_kinds_bp
    from app.training.report_views import bp as training_reports_bp
    from app.training.views import bp as training_bp

    for blueprint in (
        core_bp,
        auth_bp,
        admin_bp,
        cases_bp,
        timesheets_bp,
        timesheet_exports_bp,
        timesheet_settings_bp,
        timesheet_activities_bp,
        periods_bp,
        risks_bp,
        risk_exports_bp,
        risk_types_bp,
        meetings_bp,
        meeting_archive_bp,
        training_bp,
        training_reports_bp,
        training_kinds_bp,
        compliance_bp,
        reports_bp,
        jobs_bp,
    ):
        app.register_blueprint(blueprint)

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
        add_headers_function=add_static_headers,
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
