#!/usr/bin/python3
"""A stand-in for an E-connector third party's webservice (README, "E-connecteur: the webservice
API"), run by the tests as its own process. Standard library only (Debian's python3).

  connector_ws_server.py --dir DIR --key KEY --port-file FILE

Serves DIR over HTTP on 127.0.0.1 (a free port, written to FILE once listening):
  GET  /<name>       -> DIR/<name>.json (200), or {"batch_id": "", "<name>": []} when absent.
  POST /<name>/ack   -> records the body; renames DIR/<name>.json to <name>.json.acked.
  POST /<name>       -> records the body as DIR/posted/<name>-<n>.json; answers {"received": n}.
Every request needs the header X-Api-Key: KEY (else 401). Faults, per path, from files in DIR:
  <name>.fail   a number N: the next N requests of that path answer 503 (counted down);
  <name>.sleep  seconds to wait before answering (timeouts);
  <name>.raw    bytes answered as is instead of the JSON file (invalid JSON).
Every request is appended to DIR/requests.log ("METHOD /path").
"""
import argparse
import http.server
import json
import os
import threading
import time

args = None
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *unused):
        pass

    def answer(self, status, body):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def fault(self, name):
        """Applies the path's faults; True when the request has been answered."""
        base = os.path.join(args.dir, name)
        with lock:
            with open(os.path.join(args.dir, "requests.log"), "a") as log:
                log.write(f"{self.command} {self.path}\n")
        if os.path.exists(base + ".sleep"):
            time.sleep(float(open(base + ".sleep").read().strip()))
        with lock:
            left = 0
            if os.path.exists(base + ".fail"):
                left = int(open(base + ".fail").read().strip() or "0")
                if left > 0:
                    with open(base + ".fail", "w") as out:
                        out.write(str(left - 1))
        if left > 0:
            self.answer(503, {"error": "indisponible"})
            return True
        if self.headers.get("X-Api-Key") != args.key:
            self.answer(401, {"error": "clé refusée"})
            return True
        return False

    def do_GET(self):
        name = self.path.strip("/").split("?")[0].replace("/", "_")
        if not name or self.fault(name):
            return
        base = os.path.join(args.dir, name)
        if os.path.exists(base + ".raw"):
            self.answer(200, open(base + ".raw", "rb").read())
        elif os.path.exists(base + ".json"):
            self.answer(200, open(base + ".json", "rb").read())
        else:
            self.answer(200, {"batch_id": "", name: []})

    def do_POST(self):
        parts = self.path.strip("/").split("/")
        name = "_".join(parts)
        if not name or self.fault(name):
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        posted = os.path.join(args.dir, "posted")
        os.makedirs(posted, exist_ok=True)
        with lock:
            n = len([f for f in os.listdir(posted) if f.startswith(name + "-")]) + 1
            with open(os.path.join(posted, f"{name}-{n}.json"), "wb") as out:
                out.write(body)
        if len(parts) == 2 and parts[1] == "ack":
            served = os.path.join(args.dir, parts[0] + ".json")
            if os.path.exists(served):
                os.replace(served, served + ".acked")
        self.answer(200, {"received": n})


def main():
    global args
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    temporary = args.port_file + ".tmp"
    with open(temporary, "w") as out:
        out.write(str(server.server_address[1]))
    os.replace(temporary, args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
