"""Start the site as production runs it, on loopback: Redis (Debian's redis-server), app servers
(gunicorn, production settings) on the throwaway PostgreSQL of scripts/run_with_postgres.sh.

Used by scripts/two_servers.py (`make two-servers`) and scripts/bench.py (`make bench`).
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WEBHOOK_SECRET = "whsec_loopback_" + secrets.token_hex(8)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def apt_install(package, binary):
    """Debian's package, installed when missing (as root), as `make test` installs Chromium."""
    if shutil.which(binary) or os.path.exists(f"/usr/bin/{binary}"):
        return shutil.which(binary) or f"/usr/bin/{binary}"
    if os.geteuid() != 0:
        sys.exit(f"{binary} is missing: run as root (it installs Debian's {package}) or `apt-get install {package}`.")
    print(f"Installing Debian's {package}...", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True)  # noqa: S607
    subprocess.run(  # noqa: S603
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],  # noqa: S607
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        stdout=subprocess.DEVNULL,
    )
    return shutil.which(binary) or f"/usr/bin/{binary}"


def wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port}")


class Stack:
    """Redis and any number of gunicorn servers, stopped together."""

    def __init__(self):
        self.processes = []
        self.workdir = Path(tempfile.mkdtemp(prefix="necsociety-stack-"))
        redis_server = apt_install("redis-server", "redis-server")
        redis_port = free_port()
        self.processes.append(
            subprocess.Popen(  # noqa: S603
                [redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--dir", self.workdir],
                stdout=subprocess.DEVNULL,
            )
        )
        wait_for_port(redis_port)
        self.redis_url = f"redis://127.0.0.1:{redis_port}/0"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "necsociety.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            # The public address production requires (TLS would end at a proxy in front of these servers).
            "SITE_URL": "https://necsociety.example",
            "REDIS_URL": self.redis_url,
            "STATIC_ROOT": str(self.workdir / "static"),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "STRIPE_SECRET_KEY": "sk_test_loopback",
            "STRIPE_PUBLISHABLE_KEY": "pk_test_loopback",
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",  # no SMTP server here
            "DATABASE_CONN_MAX_AGE": "60",
        }

    def manage(self, *args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=self.env, check=True)  # noqa: S603

    def prepare(self, *commands):
        """migrate, collectstatic, then the given management commands (e.g. the demo content)."""
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        for command in commands:
            self.manage(*command)

    def gunicorn(self, workers=2, cwd=PROJECT, app="necsociety.wsgi:application", env=None, log=None):
        """A gunicorn server on a free loopback port; its output goes to `log` (an open file) if given."""
        port = free_port()
        self.processes.append(
            subprocess.Popen(  # noqa: S603
                [
                    str(BIN / "gunicorn"),
                    app,
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--log-level",
                    "warning",
                    # A page's first view makes its image renditions: slow on a busy machine.
                    "--timeout",
                    "300",
                ],
                cwd=cwd,
                env=env or self.env,
                stdout=log,
                stderr=log,
            )
        )
        wait_for_port(port)
        return f"http://127.0.0.1:{port}"

    def email_worker(self, nice=19):
        """The email worker beside the web servers, at the CPU priority docs/deploy gives it (Nice=19)."""
        worker = subprocess.Popen(  # noqa: S603
            ["nice", "-n", str(nice), sys.executable, "manage.py", "email_worker", "--no-reload"],  # noqa: S607
            cwd=PROJECT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(worker)
        return worker

    def stop(self):
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback http only)
    try:
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
