"""The app server's settings, read by gunicorn from the project folder (`gunicorn
ombudsman.wsgi:application`): `make load`, `make load-mix` and `make bench` run with them too.

Threads, not only processes: a sync worker holds its process for the whole of a response, so
four clients downloading the decisions as CSV held both workers and a health probe waited 25 s
behind them. With four threads per worker a long download occupies one thread, and the probe
and the pages are answered by the others."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Longer than any page needs, shorter than a client that has stopped reading deserves.
timeout = 30
keepalive = 5
