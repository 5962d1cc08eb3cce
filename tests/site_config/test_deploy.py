"""`manage.py check --deploy` is clean with the production settings the README documents (PLANWATCH_HTTPS=1
behind a TLS proxy, a real key, named hosts), and names what is missing without them."""

import os
import secrets
import subprocess
import sys

from planwatch.cli.demo import SEED_DIR

PROJECT_DIR = SEED_DIR.parents[1]


def check_deploy(tmp_path, **env) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("PLANWATCH_", "DATABASE_URL"))}
    full.pop("DJANGO_SETTINGS_MODULE", None)
    full |= {"PLANWATCH_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR, env=full, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_documented_production_settings_pass_check_deploy(tmp_path):
    done = check_deploy(
        tmp_path,
        PLANWATCH_SECRET_KEY=secrets.token_urlsafe(50),
        PLANWATCH_HTTPS="1",
        PLANWATCH_ALLOWED_HOSTS="fuer.example.gov.cn",
        PLANWATCH_CSRF_TRUSTED_ORIGINS="https://fuer.example.gov.cn",
    )
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout and "WARNING" not in done.stderr


def test_without_tls_settings_check_deploy_names_each_gap(tmp_path):
    done = check_deploy(tmp_path, PLANWATCH_SECRET_KEY=secrets.token_urlsafe(50))
    assert done.returncode != 0
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in done.stderr, code
    assert "security.W009" not in done.stderr  # the key is fine


def test_https_settings_trust_the_proxy_header_and_secure_the_cookies(monkeypatch):
    import importlib

    import planwatch.site.settings as site_settings

    monkeypatch.setenv("PLANWATCH_HTTPS", "1")
    monkeypatch.setenv("PLANWATCH_HSTS_SECONDS", "600")
    monkeypatch.setenv("PLANWATCH_SESSION_IDLE_MINUTES", "5")
    try:
        s = importlib.reload(site_settings)
        assert s.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
        assert s.SECURE_SSL_REDIRECT and s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE
        assert s.SECURE_HSTS_SECONDS == 600 and s.SESSION_IDLE_SECONDS == 300
    finally:
        for name in ("PLANWATCH_HTTPS", "PLANWATCH_HSTS_SECONDS", "PLANWATCH_SESSION_IDLE_MINUTES"):
            monkeypatch.delenv(name, raising=False)
        importlib.reload(site_settings)
