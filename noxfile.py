"""Developer sessions: `nox -s tests lint typecheck codegen docs bench`."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "codegen", "docs"]
nox.options.reuse_existing_virtualenvs = True


@nox.session(python=["3.10", "3.11", "3.12", "3.13"])
def tests(session: nox.Session) -> None:
    session.install("-e", ".[dev]")
    session.run("python", "-m", "pytest", "-q", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """The package under mypy --strict, then user code (tests/typing) under mypy and pyright."""
    session.install("-e", ".[dev]")
    session.run("mypy", "--strict", "ayrshare_async")
    session.run("python", "-m", "pytest", "-q", "tests/test_typing.py")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site with `mkdocs build --strict`, run every code block, execute the notebook."""
    session.install("-e", ".[dev]")
    session.run("mkdocs", "build", "--strict", env={"NO_MKDOCS_2_WARNING": "1"})
    session.run("python", "-m", "pytest", "-q", "tests/test_docs.py", "tests/test_notebook.py")


@nox.session
def codegen(session: nox.Session) -> None:
    """Fails when resources/ differs from what the generator writes from routes.py."""
    session.install("-e", ".[dev]")
    session.run("python", "-m", "pytest", "-q", "tests/test_codegen.py")


@nox.session
def bench(session: nox.Session) -> None:
    session.install("-e", ".[dev]", "social-post-api")
    scripts = (
        "transport_sweep.py",
        "fan_out.py",
        "delete_many.py",
        "overhead.py",
        "cpu_per_call.py",
        "budget_overhead.py",
        "rate_budgets.py",
        "journal_overhead.py",
        "jobs_stream.py",
    )
    for script in scripts:
        session.run("python", f"benchmarks/{script}", *session.posargs)
