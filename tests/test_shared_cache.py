"""Several app servers sharing one Redis (`REDIS_URL`, README "Running several app servers"):
derived values and the throttle's counts live there, a change made through one server is served
by the other within the promised second, and /healthz says when the cache is gone.

These talk to a real Redis (`REDIS_TEST_URL`, by default database 15 of the one on
127.0.0.1:6379, which `.ci/run` starts). Without one they fail, saying so: they are not skipped.
"""

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
import requests
from django.test import RequestFactory

from ombudsman.api.throttling import SharedAnonThrottle
from ombudsman.cache import Derived, derived_clear
from ombudsman.dataversion import LOCAL_SECONDS

from .decision_files import DECISION_HEADER, decision

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def redis_server():
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"no Redis at {REDIS_URL} ({error}): start one, as .ci/run does")
    server.flushdb()
    yield server
    server.flushdb()


@pytest.fixture
def redis_cache(settings, redis_server):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    return redis_server


@pytest.mark.django_db
def test_a_shared_value_is_read_back_from_redis(redis_cache):
    family = Derived("test:redis", size=2, shared=True)
    try:
        assert family.get("x", compute=lambda: {"n": 1}) == {"n": 1}
        assert any(b"test:redis" in key for key in redis_cache.scan_iter())
        derived_clear()  # another process: nothing of its own, the shared value still there
        assert family.get("x", compute=lambda: pytest.fail("computed again")) == {"n": 1}
    finally:
        from ombudsman import cache

        cache._families.pop("test:redis", None)


@pytest.mark.django_db
def test_the_throttle_counts_exactly_under_parallel_clients(redis_cache, monkeypatch):
    # 16 clients at once, 10 requests each, from one address, against a limit of 50: DRF's own
    # throttle read and wrote back a list and let through far more (1,338 of 1,500 at 600).
    monkeypatch.setattr(SharedAnonThrottle, "THROTTLE_RATES", {"anon": "50/minute"})
    factory = RequestFactory()
    allowed = []
    lock = threading.Lock()

    def client():
        from django.contrib.auth.models import AnonymousUser
        from rest_framework.request import Request

        for _ in range(10):
            request = Request(factory.get("/api/councils/", REMOTE_ADDR="203.0.113.9"))
            request.user = AnonymousUser()
            ok = SharedAnonThrottle().allow_request(request, None)
            with lock:
                allowed.append(ok)

    threads = [threading.Thread(target=client) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 160
    assert allowed.count(True) == 50


@pytest.mark.django_db
def test_healthz_names_a_cache_that_is_gone(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


# --- Two app servers -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def _serve(env: dict) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ombudsman.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return server, base
        except (requests.ConnectionError, requests.Timeout):
            # Not listening yet, or its worker still loading the app (slower on a busy machine:
            # the first request waits for it).
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the app server did not start")


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def _decisions_of(base: str) -> int:
    body = requests.get(f"{base}/api/statistics/?year=2022-23", timeout=5).json()
    (row,) = [r for r in body["results"] if r["gss_code"] == "E06900001"]
    return row["decisions"]


def test_a_change_through_one_server_is_served_by_the_other(tmp_path, redis_server):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ombudsman.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "API_ANON_RATE": "100000/minute",
        "IMPORT_ROOT": str(tmp_path / "imports"),
    }
    _manage(env, "migrate", "--noinput")
    _manage(
        env,
        "shell",
        "-c",
        "import datetime as dt;"
        "from tests.factories import CouncilFactory;"
        "from django.contrib.auth.models import User;"
        "CouncilFactory(gss_code='E06900001', short_name='Ambridge', authority_type='unitary',"
        " start_date=dt.date(2009, 4, 1));"
        "User.objects.create_superuser('chief', password='a-long-enough-passphrase')",
    )
    one, first = _serve(env)
    other, second = _serve(env)
    # The task worker, a process of its own as in production, runs the upload's import.
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _decisions_of(second) == 0  # and now cached, in Redis and in its process
        staff = requests.Session()
        login = staff.get(f"{first}/admin/login/", timeout=5).text
        staff.post(
            f"{first}/admin/login/",
            data={
                "username": "chief",
                "password": "a-long-enough-passphrase",
                "csrfmiddlewaretoken": _token(login),
                "next": "/admin/",
            },
            timeout=5,
        ).raise_for_status()
        upload = staff.get(f"{first}/admin/decisions/decision/import/", timeout=5).text
        csv_text = ",".join(DECISION_HEADER) + "\n" + ",".join(decision(ref="22 001 001")) + "\n"
        queued = staff.post(
            f"{first}/admin/decisions/decision/import/",
            data={"csrfmiddlewaretoken": _token(upload)},  # dry_run left unticked
            files={"decisions": ("decisions.csv", csv_text.encode(), "text/csv")},
            timeout=30,
        )
        queued.raise_for_status()
        # The upload's page, from which the job's progress is asked until the worker ends it.
        job = re.search(r"/admin/decisions/importjob/(\d+)/change/$", queued.url)[1]
        progress = f"{first}/admin/decisions/importjob/{job}/progress/"
        waited = time.monotonic()
        while not (state := staff.get(progress, timeout=5).json())["finished"]:
            assert time.monotonic() - waited < 30, f"the worker did not finish: {state}"
            time.sleep(0.1)
        assert state["state"] == "imported", state
        assert _decisions_of(first) == 1
        changed = time.monotonic()
        while _decisions_of(second) != 1:
            assert time.monotonic() - changed < LOCAL_SECONDS + 1, "the other server lags"
            time.sleep(0.05)
    finally:
        for server in (one, other, worker):
            server.terminate()
            server.wait(timeout=10)
