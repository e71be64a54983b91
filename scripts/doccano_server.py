"""Run a local doccano 1.8 server and its task worker on 127.0.0.1 until stopped.

Runs in the doccano server environment (requirements-doccano-server.txt), not in
the spaCy one. `doccano webserver` binds 0.0.0.0, so this starts gunicorn bound to
127.0.0.1 itself, plus `doccano task` (the celery worker that imports uploads and
builds exports). The database, media and secret key live in --home; the admin
account is created or its password reset on every start. Ctrl-C or SIGTERM stops
both processes.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import List

import typer


def server_env(home: Path, port: int) -> dict:
    key_file = home / "secret_key"
    if not key_file.exists():  # doccano's built-in default key is public
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    env = dict(os.environ)
    env.update(
        DOCCANO_HOME=str(home),
        STANDALONE="True",
        DEBUG="False",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=f"sqlite:///{home / 'db.sqlite3'}",
        MEDIA_ROOT=str(home / "media"),
        SECRET_KEY=key_file.read_text(encoding="utf-8").strip(),
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port},http://localhost:{port}",
    )
    return env


def wait_until_up(url: str, processes: List[subprocess.Popen], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise RuntimeError("a doccano process exited during start-up (see its output above)")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"doccano did not answer at {url} within {timeout:.0f} s")


def stop(processes: List[subprocess.Popen]) -> None:
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def main(
    home: Path = typer.Option(Path(".doccano"), help="Folder for doccano's database, media and secret key"),
    port: int = typer.Option(8000, help="Port on 127.0.0.1"),
    username: str = typer.Option("admin", help="Admin account"),
    password: str = typer.Option(..., envvar="DOCCANO_PASSWORD", help="Admin password (or $DOCCANO_PASSWORD)"),
    workers: int = typer.Option(2, help="gunicorn workers"),
    timeout: float = typer.Option(120, help="Seconds to wait for the server to answer"),
):
    """Start doccano (web on 127.0.0.1 + task worker) and keep it running until Ctrl-C."""
    try:
        import backend  # the doccano package
    except ImportError:
        sys.exit("doccano is not installed in this environment: run it with the doccano server venv "
                 "(spacy project run annotate-setup)")
    backend_dir = Path(backend.__file__).resolve().parent
    bin_dir = Path(sys.executable).parent
    home = home.resolve()
    (home / "media").mkdir(parents=True, exist_ok=True)
    env = server_env(home, port)

    def manage(*args: str) -> None:
        done = subprocess.run([str(bin_dir / "doccano"), *args], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"doccano {args[0]} failed:\n{done.stdout}{done.stderr}")

    print(f"Preparing the database in {home} ...", flush=True)
    manage("init")
    manage("createuser", "--username", username, "--password", password)

    processes = [
        subprocess.Popen(
            [str(bin_dir / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--chdir", str(backend_dir), "--log-level", "warning", "config.wsgi"],
            env=env,
        ),
        subprocess.Popen([str(bin_dir / "doccano"), "task", "--concurrency", "1"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    signal.signal(signal.SIGTERM, lambda *_: (stop(processes), sys.exit(0)))
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_up(url + "v1/health/", processes, timeout)
        print(f"doccano is ready: open {url} and log in as {username!r}. Ctrl-C stops it.", flush=True)
        while all(p.poll() is None for p in processes):
            time.sleep(1)
        sys.exit("a doccano process exited; stopping the server")
    except RuntimeError as e:
        sys.exit(str(e))
    except KeyboardInterrupt:
        print("Stopping doccano ...", flush=True)
    finally:
        stop(processes)


if __name__ == "__main__":
    typer.run(main)
