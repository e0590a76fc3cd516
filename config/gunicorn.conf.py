"""gunicorn's settings for Lontar (``gunicorn -c config/gunicorn.conf.py config.wsgi``).

Workers follow the core count (2 per core + 1, LONTAR_WEB_WORKERS overrides); requests
that take longer than LONTAR_WEB_TIMEOUT seconds (an upload of a large scan over a slow
line) are cut. Listens on 127.0.0.1:8000 behind the reverse proxy (LONTAR_WEB_BIND).
"""

import multiprocessing
import os

bind = os.environ.get("LONTAR_WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LONTAR_WEB_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
timeout = int(os.environ.get("LONTAR_WEB_TIMEOUT", "120"))
graceful_timeout = 30
# A worker is replaced after this many requests: memory held by one large page is let go.
max_requests = 2000
max_requests_jitter = 200
# Lontar writes its own request line (config/logs.py); gunicorn's errors go to stderr.
accesslog = None
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
