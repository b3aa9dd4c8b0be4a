"""gunicorn for the classroom server (`make serve`): one laptop, SQLite, a room on its Wi-Fi.

Threads rather than many processes: a phone's request mostly waits on the network or on
SQLite's single writer, and threads of one process share its connections and memory. One
process per core (at most four) uses the laptop's CPU for page rendering. Environment
variables override every value, as in deploy/gunicorn.conf.py.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", min(multiprocessing.cpu_count(), 4)))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A quiz submit may wait for SQLite's writer (busy timeout 20 s, learning/settings/base.py).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 10
# A room waits on a page (the quiz, before the trainer's word) longer than the usual few
# seconds: a connection closed while idle races the next click, which a POST cannot retry.
# Idle connections cost gthread no thread, so keep them as long as nginx does (75 s).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
