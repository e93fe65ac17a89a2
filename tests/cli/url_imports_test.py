#!/usr/bin/env python3
"""URL imports (--allow-url-imports) against a local HTTP server this test starts and stops.

The server runs in a child process (this file with --serve) on 127.0.0.1, on a free port; a
second socket listens but never answers, for the timeout. Both stop with the child, by its PID.

Usage: url_imports_test.py --toscac build/compiler/toscac
"""
import argparse
import http.server
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

HDR = "tosca_definitions_version: tosca_simple_yaml_1_3\n"
BIG = 2_000_000


class Handler(http.server.BaseHTTPRequestHandler):
    FILES = {
        "/types.yaml": HDR + "imports:\n  - more/base.yaml\nnode_types:\n"
                       "  example.App:\n    derived_from: example.Base\n",
        "/more/base.yaml": HDR + "node_types:\n  example.Base:\n"
                           "    derived_from: tosca.nodes.SoftwareComponent\n",
        "/escape.yaml": HDR + "imports:\n  - ../../../etc/hostname\n",
        "/cycle-a.yaml": HDR + "imports:\n  - cycle-b.yaml\n",
        "/cycle-b.yaml": HDR + "imports:\n  - cycle-a.yaml\n",
    }
    REDIRECTS = {
        "/redirect-same.yaml": "/types.yaml",
        "/redirect-ftp.yaml": "ftp://127.0.0.1/types.yaml",
        "/redirect-file.yaml": "file:///etc/hostname",
    }

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path in self.REDIRECTS:
            self.send_response(302)
            self.send_header("Location", self.REDIRECTS[self.path])
            self.end_headers()
            return
        if self.path.startswith("/big"):
            self.send_big()
            return
        body = self.FILES.get(self.path)
        if body is None:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_big(self):
        # /big-sized.yaml says its length; /big.yaml does not (the body ends with the connection).
        self.send_response(200)
        if self.path == "/big-sized.yaml":
            self.send_header("Content-Length", str(BIG))
        self.end_headers()
        chunk = b"#" * 65536
        try:
            for _ in range(BIG // len(chunk) + 1):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


def serve():
    mute = socket.socket()
    mute.bind(("127.0.0.1", 0))
    mute.listen(16)  # never accepted: connections wait in the backlog, unanswered
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], mute.getsockname()[1], flush=True)
    server.serve_forever()


class Test:
    def __init__(self, toscac, port, mute_port, workdir):
        self.toscac, self.port, self.mute, self.dir = toscac, port, mute_port, workdir
        self.failures = 0

    def url(self, path, port=None):
        return "http://127.0.0.1:%d%s" % (port or self.port, path)

    def run(self, name, imports, args, want_exit, want=(), max_seconds=20):
        path = os.path.join(self.dir, name + ".yaml")
        with open(path, "w") as f:
            f.write(HDR + "imports:\n" + "".join("  - %s\n" % i for i in imports))
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        start = time.monotonic()
        proc = subprocess.run([self.toscac, "validate", "--color=never"] + args + [path],
                              capture_output=True, text=True, env=env, timeout=60)
        took = time.monotonic() - start
        problems = []
        if proc.returncode != want_exit:
            problems.append("exit %d, expected %d" % (proc.returncode, want_exit))
        problems += ["no %r in the output" % w for w in want if w not in proc.stderr]
        if took > max_seconds:
            problems.append("took %.1f s, more than %d" % (took, max_seconds))
        if problems:
            self.failures += 1
            print("FAIL %s: %s\n%s" % (name, "; ".join(problems), proc.stderr))
        else:
            print("ok   %s (%.1f s)" % (name, took))

    def all(self):
        allow = ["--allow-url-imports"]
        self.run("fetched", [self.url("/types.yaml")], allow, 0)
        self.run("not-allowed", [self.url("/types.yaml")], [], 1,
                 ["error[F006]", "pass --allow-url-imports"])
        self.run("timeout", [self.url("/types.yaml", self.mute)], allow + ["--url-timeout", "1"],
                 1, ["error[F017]", "no answer within 1 s"], max_seconds=10)
        for big in ("/big.yaml", "/big-sized.yaml"):
            self.run("oversized" + big[4:-5], [self.url(big)], allow + ["--max-file-size", "100000"],
                     1, ["error[F002]", "larger than 100000 bytes"])
        self.run("not-found", [self.url("/nothing.yaml")], allow, 1,
                 ["error[F017]", "HTTP status 404"])
        self.run("redirect-same-scheme", [self.url("/redirect-same.yaml")], allow, 0)
        for other in ("ftp", "file"):
            self.run("redirect-to-" + other, [self.url("/redirect-%s.yaml" % other)], allow, 1,
                     ["error[F017]", "redirected to another scheme than http"])
        # A fetched file's relative imports are URLs too: never files of this machine.
        self.run("relative-stays-remote", [self.url("/escape.yaml")], allow, 1,
                 ["error[F017]", "'%s'" % self.url("/etc/hostname")])
        self.run("cycle", [self.url("/cycle-a.yaml")], allow, 1, ["error[F004]"])
        return self.failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toscac", default=os.environ.get("TOSCAC", "build/compiler/toscac"))
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.serve:
        serve()
        return 0
    server = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve"],
                              stdout=subprocess.PIPE, text=True)
    try:
        port, mute = (int(p) for p in server.stdout.readline().split())
        with tempfile.TemporaryDirectory() as workdir:
            failures = Test(os.path.abspath(opts.toscac), port, mute, workdir).all()
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    print("url-imports: %s" % ("%d failed" % failures if failures else "all passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
