"""The `mercato` command: demo, serve, migrate, create-operator, seed-demo, jobs, transparency, search,
recommendations, assistant."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime

from mercato.entrypoints import assistant_cli, recommendations_cli, search_cli, transparency_cli


def _settings_module() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return "mercato.config.settings.production" if url.startswith(("postgres", "postgresql")) \
        else "mercato.config.settings.embedded"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", _settings_module())
    import django

    django.setup()


def cmd_migrate(_: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    print("database is up to date")
    return 0


def cmd_create_operator(args: argparse.Namespace) -> int:
    from mercato.contexts.identity import public as identity
    from mercato.shared.errors import MercatoError

    try:
        user = identity.user_register(email=args.email, password=args.password, name=args.name, is_operator=True)
    except MercatoError as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        return 2
    print(f"operator {user.email} created ({user.id})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from django.conf import settings

    if settings.MERCATO_RUN_SCHEDULER:
        os.environ["MERCATO_SCHEDULER"] = "1"
    gunicorn_args = [
        "gunicorn", "mercato.config.wsgi:application", "--bind", f"{args.host}:{args.port}",
        "--workers", str(args.workers), "--threads", str(args.threads), "--worker-class", "gthread",
        "--timeout", "60", "--config", "python:mercato.entrypoints.gunicorn_conf",
    ]
    if args.access_log:  # without it gunicorn builds no access log line at all
        gunicorn_args += ["--access-logfile", "-"]
    os.environ["DJANGO_SETTINGS_MODULE"] = os.environ.get("DJANGO_SETTINGS_MODULE", _settings_module())
    from gunicorn.app.wsgiapp import run

    sys.argv = gunicorn_args
    print(f"Mercato serving on http://{args.host}:{args.port}/  (API docs: /api/v1/docs)", flush=True)
    run()
    return 0


def cmd_jobs(args: argparse.Namespace) -> int:
    from mercato.shared import jobs

    if args.action == "list" or not args.job:
        for job in jobs.all_jobs():
            print(f"{job.name:32} every {job.every_seconds:>5}s  {job.description}")
        return 0
    as_of = datetime.fromisoformat(args.as_of) if args.as_of else None
    if as_of is not None and as_of.tzinfo is None:
        print("error: --as-of needs a time zone offset, e.g. 2026-11-11T00:00:00+08:00", file=sys.stderr)
        return 2
    try:
        count = jobs.run_job(args.job, as_of)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    print(f"{args.job}: acted on {count}")
    return 0


def _demo_reference(value: str | None) -> datetime:
    """The moment the demo data describes: the given date, or today, at local midnight.

    Relative to it the data is always the same; anchoring it at today keeps the newest orders open while the
    scheduler runs the deadline jobs in real time.
    """
    from datetime import date, time

    from mercato.shared import clock

    day = date.fromisoformat(value) if value else clock.local_date(clock.now())
    return datetime.combine(day, time.min, tzinfo=clock.platform_zone())


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from mercato.entrypoints.demo_seed import seed

    seed(small=args.small, verbose=True, reference=_demo_reference(args.as_of))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from mercato.entrypoints.demo_seed import DEMO_LOGINS, seed, seeded

    cmd_migrate(args)
    if not seeded():
        seed(small=args.small, verbose=True, reference=_demo_reference(args.as_of))
    print("\nDemo logins:")
    for role, (email, password) in DEMO_LOGINS.items():
        print(f"  {role:9} {email} / {password}")
    args.workers, args.threads, args.access_log = 1, 8, False
    return cmd_serve(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mercato", description="Mercato marketplace platform")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="create or upgrade the database schema").set_defaults(fn=cmd_migrate)
    op = sub.add_parser("create-operator", help="create a platform operator account")
    op.add_argument("--email", required=True)
    op.add_argument("--password", required=True)
    op.add_argument("--name", default="Operator")
    op.set_defaults(fn=cmd_create_operator)
    for name, fn in (("serve", cmd_serve), ("demo", cmd_demo)):
        p = sub.add_parser(name, help="serve the API and pages" if name == "serve" else "migrate, seed and serve")
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
        p.add_argument("--workers", type=int, default=2)
        p.add_argument("--threads", type=int, default=8)
        p.add_argument("--access-log", action="store_true")
        if name == "demo":
            p.add_argument("--small", action="store_true", help="a quick, smaller data set")
            p.add_argument("--as-of", help="date the demo data describes (YYYY-MM-DD; default today)")
        p.set_defaults(fn=fn)
    seed = sub.add_parser("seed-demo", help="load the deterministic demo data set")
    seed.add_argument("--small", action="store_true")
    seed.add_argument("--as-of", help="date the demo data describes (YYYY-MM-DD; default today)")
    seed.set_defaults(fn=cmd_seed_demo)
    jobs = sub.add_parser("jobs", help="list or run background jobs")
    jobs.add_argument("action", choices=["run", "list"])
    jobs.add_argument("job", nargs="?")
    jobs.add_argument("--as-of", help="run as if at this moment (ISO 8601 with offset)")
    jobs.set_defaults(fn=cmd_jobs)
    transparency_cli.add_commands(sub)
    search_cli.add_commands(sub)
    recommendations_cli.add_commands(sub)
    assistant_cli.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup()
    return int(args.fn(args))


if __name__ == "__main__":
    sys.exit(main())
