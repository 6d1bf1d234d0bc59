"""A tiny HTTP server on 127.0.0.1 in a thread: download tests never touch the network."""

import contextlib
import http.server
import threading


class _Handler(http.server.BaseHTTPRequestHandler):
    files = {}        # path -> bytes
    failures = {}     # path -> number of times to answer with a broken body
    requests = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).requests.append(self.path)
        body = type(self).files.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if type(self).failures.get(self.path, 0) > 0:
            type(self).failures[self.path] -= 1
            self.wfile.write(bytes(255 - b for b in body))  # same length, wrong bytes
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(files, failures=None):
    """Serves ``{"/name": bytes}``; yields ``(base_url, requests_list)``."""
    handler = type("Handler", (_Handler,), {"files": dict(files), "failures": dict(failures or {}),
                                            "requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.requests
    finally:
        server.shutdown()
        server.server_close()
