"""A compressing front for the live server, as nginx is in production.

deploy/nginx/socle.conf compresses text of 1 KB or more (`gzip on`, `gzip_min_length 1024`);
Django's live server does not. Budgets in bytes and in time on a slow link measure what a
learner is really sent, so the browser talks to this proxy, which forwards each request to the
live server and compresses the answer the way nginx would. Nothing else is changed.
"""

import gzip
import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def proxy_for(upstream: str) -> ThreadingHTTPServer:
    target = urlsplit(upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def _forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers.pop("Accept-Encoding", None)
            headers["Host"] = target.netloc
            conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            conn.request(self.command, self.path, body=body, headers=headers)
            answer = conn.getresponse()
            content = answer.read()
            conn.close()
            kind = answer.getheader("Content-Type", "")
            accepts = "gzip" in self.headers.get("Accept-Encoding", "")
            squeeze = accepts and len(content) >= 1024 and kind.startswith(COMPRESSED)
            if squeeze:
                content = gzip.compress(content, compresslevel=6)
            self.send_response(answer.status, answer.reason)
            for key, value in answer.getheaders():
                if key.lower() not in HOP_BY_HOP:
                    self.send_header(key, value)
            if squeeze:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(content)

        do_GET = do_POST = do_HEAD = _forward

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
