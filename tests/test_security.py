"""Headers, settings, throttling, login protection and the refusal of writes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_check_deploy_reports_nothing():
    from django.core.management.utils import get_random_secret_key

    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="ombudsman.settings.production",
        SECRET_KEY=get_random_secret_key() + get_random_secret_key(),
        ALLOWED_HOSTS="councils.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("secret", ["", "django-insecure-abc", "short", "a" * 60])
def test_production_refuses_a_weak_secret(secret):
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="ombudsman.settings.production",
        SECRET_KEY=secret,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="ombudsman.settings.production",
        DEBUG="1",
        SECRET_KEY="x" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
    )
    assert result.returncode != 0 and "DEBUG must be off" in result.stderr


@pytest.mark.parametrize(
    "path", ["/", "/councils/", "/api/councils/", "/api/docs/", "/about/data/"]
)
def test_strict_content_security_policy(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_api_docs_have_no_inline_script(client):
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html.replace(" ", "")


def test_anonymous_clients_are_throttled(world, api, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [api.get("/api/councils/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/councils/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_a_made_up_forwarded_for_is_not_a_new_client(world, api, monkeypatch):
    # Before: every X-Forwarded-For value was a client of its own (700 of 700 let through).
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [
        api.get("/api/councils/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_the_client_is_the_hop_it_reports(world, api, settings, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The proxy appends the address it saw; what the client wrote before it does not count.
    spoofed = [
        api.get("/api/councils/", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.7").status_code
        for n in range(3)
    ]
    assert spoofed == [200, 200, 429]
    assert api.get("/api/councils/", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def test_a_plain_http_health_probe_is_answered_in_production(tmp_path):
    from django.core.management.utils import get_random_secret_key

    result = manage(
        "shell",
        "-c",
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.get('Location', '-'), r.status_code)",
        DJANGO_SETTINGS_MODULE="ombudsman.settings.production",
        SECRET_KEY=get_random_secret_key() + get_random_secret_key(),
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "200", result.stdout  # not a 301 to https


def test_staff_sessions_end_after_twelve_idle_hours(settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request renews it: idleness, not age


def test_login_locks_out_after_repeated_failures(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_user("staffer", password="a-long-enough-passphrase", is_staff=True)
    statuses = [
        client.post("/admin/login/", {"username": "staffer", "password": "guess"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    # The form again with an error, until the limit is reached.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = client.post(
        "/admin/login/", {"username": "staffer", "password": "a-long-enough-passphrase"}
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_works_and_failures_reset(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_user("staffer", password="a-long-enough-passphrase", is_staff=True)
    client.post("/admin/login/", {"username": "staffer", "password": "guess"})
    response = client.post(
        "/admin/login/", {"username": "staffer", "password": "a-long-enough-passphrase"}
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.parametrize("password", ["short", "password123456", "12345678901234"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_admin_requires_staff(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(User.objects.create_user("member"))
    response = client.get("/admin/decisions/decision/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("path", ["/healthz", "/api/councils/", "/", "/api/map/"])
def test_policy_header_on_the_first_response_of_a_process(client, path):
    from ombudsman.middleware import CachedCSPMiddleware

    CachedCSPMiddleware._headers = None  # as in a fresh worker
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_policy_violations_are_reported_and_logged(client, caplog):
    policy = client.get("/")["Content-Security-Policy"]
    assert "report-uri /csp-report/" in policy
    report = {
        "csp-report": {
            "document-uri": "https://councils.example.org/",
            "violated-directive": "script-src 'self'",
            "blocked-uri": "inline",
            "script-sample": "x" * 1000,
        }
    }
    with caplog.at_level("WARNING", logger="ombudsman.csp"):
        response = client.post(
            "/csp-report/", data=json.dumps(report), content_type="application/csp-report"
        )
    assert response.status_code == 204
    (record,) = [r for r in caplog.records if r.name == "ombudsman.csp"]
    assert record.csp["violated-directive"] == "script-src 'self'"
    assert len(record.csp["script-sample"]) == 300  # cut short: anyone can post here


@pytest.mark.parametrize("body", [b"not json", b'{"csp-report": "a string"}', b"[]"])
def test_a_malformed_report_is_a_400(client, body):
    response = client.post("/csp-report/", data=body, content_type="application/csp-report")
    assert response.status_code == 400


def test_an_oversized_report_is_refused(client):
    body = json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}})
    response = client.post("/csp-report/", data=body, content_type="application/csp-report")
    assert response.status_code == 400
    assert client.get("/csp-report/").status_code == 405
