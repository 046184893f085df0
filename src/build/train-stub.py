#!/usr/bin/env python3
"""What the CDS training listener talks to (train-cds.sh), on loopback: supervisord's XML-RPC at /RPC2
with one RUNNING program, a health URL, a ping URL and a webhook that say yes. The training run then
takes the paths a real host takes (process lists, checks, pings, chat alerts), so their classes are in
the archive. Python because supervisord is Python: every host that runs superlance has it.
Prints its port, then serves until killed."""
import http.server
import json
import os
import sys
import time
import xmlrpc.client


def process():
    now = int(time.time())
    return {"name": "web", "group": "web", "pid": os.getpid(), "state": 20, "statename": "RUNNING",
            "start": now - 60, "stop": 0, "now": now, "description": "pid %d, uptime 0:01:00" % os.getpid(),
            "spawnerr": "", "exitstatus": 0, "logfile": "", "stdout_logfile": "", "stderr_logfile": ""}


ANSWERS = {
    "supervisor.getSupervisorVersion": lambda *a: "4.2.5",
    "supervisor.getState": lambda *a: {"statecode": 1, "statename": "RUNNING"},
    "supervisor.getAllProcessInfo": lambda *a: [process()],
    "supervisor.getProcessInfo": lambda *a: process(),
    "supervisor.tailProcessStderrLog": lambda *a: ["training: last line\n", 20, False],
    "supervisor.tailProcessStdoutLog": lambda *a: ["training: last line\n", 20, False],
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, body, kind):
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.answer(json.dumps({"status": "ok", "CHANNEL.ch-1": {"ChannelFillPercentage": "1.0"}}),
                    "application/json")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path != "/RPC2":
            self.answer(json.dumps({"errcode": 0, "errmsg": "ok", "code": 0, "ok": True}), "application/json")
            return
        params, method = xmlrpc.client.loads(body)
        if method in ANSWERS:
            out = xmlrpc.client.dumps((ANSWERS[method](*params),), methodresponse=True, allow_none=True)
        else:
            out = xmlrpc.client.dumps(xmlrpc.client.Fault(1, "UNKNOWN_METHOD"))
        self.answer(out, "text/xml")

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
sys.stdout.close()
server.serve_forever()
