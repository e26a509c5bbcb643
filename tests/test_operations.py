"""Operations: the health check, JSON errors under /api/, structured logs."""

import json
import logging

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_health_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("ok", "ok", "ok")
    assert "no-cache" in response["Cache-Control"]


def test_health_check_reports_a_dead_database(client, monkeypatch):
    def broken(*args, **kwargs):
        raise connection.Database.OperationalError("server closed the connection")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("error", "unavailable", "ok")
    assert "database_ms" not in body


def test_unknown_api_url_is_json_404(client):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_unknown_page_is_an_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_json_log_lines():
    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(status_code)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    )
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Boom: %s", ("/api/x/",), None
    )
    record.status_code = 500
    line = json.loads(formatter.format(record))
    assert line["level"] == "ERROR" and line["logger"] == "django.request"
    assert line["message"] == "Boom: /api/x/" and line["status_code"] == 500
