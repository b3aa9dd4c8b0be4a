"""gunicorn settings for Socle (`gunicorn -c deploy/gunicorn.conf.py learning.wsgi`).

Every value can be overridden from the environment (socle.env) without editing this file.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "unix:/run/socle/gunicorn.sock")
# Synchronous workers: Socle's requests are short; PDF rendering and e-mail go to Celery.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Below nginx's proxy_read_timeout (60 s), so gunicorn answers first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "55"))
graceful_timeout = 30
keepalive = 5
# Import Django and Wagtail once in the master: a worker (re)starts by forking in a few ms
# instead of importing for about 2 s of CPU, which a busy server felt each time one recycled.
# Reload code with a restart, not HUP (HUP keeps what the master imported).
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() == "true"
# Recycle workers now and then (memory held by large imports or renders).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Forwarded headers are handled by Django (SECURE_PROXY_SSL_HEADER, TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
