#!/usr/bin/env python3
"""A loopback upstream implementing dotation's sync protocol v1, for tests.

Standard library only. It keeps its own SQLite store, checks bearer
tokens, keeps serials unique across stations and lycees (the first station
to report a serial holds it; the next one gets "conflict"), serves the
roster and assignments feeds with cursors, and injects faults on demand:

  500 502 503 429       error answers (503 and 429 carry Retry-After)
  slow                  answer after --slow-seconds
  drop_before           close the connection before doing anything
  drop_after            do the work (store the batch), then close: a lost ack
  malformed             do the work, answer 200 with broken JSON
  huge                  do the work, answer 200 with --huge-bytes of JSON

Faults come from a queue (POST /admin/faults {"queue": [...]}) or at
random (--fault-rate with --fault-kinds, or {"rate":..,"kinds":[..]}).

Admin endpoints (Authorization: Bearer ADMIN_TOKEN): POST /admin/roster
{"uai":..,"items":[..]}, POST /admin/faults, POST /admin/reject
{"types":[..]}, GET /admin/stats, GET /admin/events, GET /admin/log.

docs/sync-protocol.md is the contract this server follows.
"""

import argparse
import json
import os
import random
import re
import socket
import sqlite3
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_EVENTS = 500
MAX_BODY = 32 << 20
SERIAL_RE = re.compile(r"^[0-9A-NP-Z]{6,20}$")
UUID_RE = re.compile(r"^[0-9a-fA-F-]{36}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS events(
  uuid TEXT PRIMARY KEY, uai TEXT NOT NULL, station TEXT NOT NULL,
  seq INTEGER NOT NULL, at TEXT NOT NULL, type TEXT NOT NULL,
  operator TEXT, queue TEXT, data TEXT NOT NULL,
  status TEXT NOT NULL, detail TEXT, received_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS holdings(
  serial TEXT PRIMARY KEY, holder TEXT NOT NULL, station TEXT NOT NULL,
  uai TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL,
  event_uuid TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS assignment_changes(
  id INTEGER PRIMARY KEY AUTOINCREMENT, serial TEXT NOT NULL,
  holder TEXT, station TEXT NOT NULL, uai TEXT NOT NULL, kind TEXT,
  at TEXT NOT NULL, active INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS roster_changes(
  id INTEGER PRIMARY KEY AUTOINCREMENT, uai TEXT NOT NULL,
  item TEXT NOT NULL);
"""


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.db = sqlite3.connect(args.db, check_same_thread=False,
                                  isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.tokens = {}
        for t in args.token or []:
            tok, _, uais = t.partition("=")
            self.tokens[tok] = set(uais.split(",")) if uais else {"*"}
        self.admin = args.admin_token
        self.rng = random.Random(args.seed)
        self.rate = args.fault_rate
        self.kinds = [k for k in args.fault_kinds.split(",") if k]
        self.queue = []
        self.slow = args.slow_seconds
        self.always_slow = args.always_slow
        self.reject_types = set()
        self.counters = {"requests": 0, "duplicates_answered": 0,
                         "faults": {}}
        self.log = open(args.log, "a", buffering=1) if args.log else None
        self.dump = args.dump_dir

    def next_fault(self):
        with self.lock:
            if self.queue:
                f = self.queue.pop(0)
            elif self.rate > 0 and self.kinds and \
                    self.rng.random() < self.rate:
                f = self.rng.choice(self.kinds)
            else:
                f = None
            if f:
                self.counters["faults"][f] = \
                    self.counters["faults"].get(f, 0) + 1
            return f

    def record(self, **kw):
        if self.log:
            kw["t"] = time.time()
            self.log.write(json.dumps(kw) + "\n")


def holder_name(person):
    if not isinstance(person, dict):
        return "?"
    name = "%s %s" % (person.get("last_name") or "?",
                      person.get("first_name") or "?")
    if person.get("class"):
        name += " (%s)" % person["class"]
    return name


def process_event(db, st, uai, station, ev):
    """Apply one event; returns (uuid, status, detail)."""
    if not isinstance(ev, dict):
        return None
    uuid = ev.get("uuid")
    if not isinstance(uuid, str) or not UUID_RE.match(uuid):
        return None
    seq, at, typ, data = ev.get("seq"), ev.get("at"), ev.get("type"), \
        ev.get("data")
    row = db.execute("SELECT status, detail FROM events WHERE uuid=?",
                     (uuid,)).fetchone()
    if row:
        st.counters["duplicates_answered"] += 1
        if row[0] == "conflict":
            # A lost ack for a conflict must still reach the station.
            return (uuid, "conflict", row[1])
        return (uuid, "duplicate", None)
    if not isinstance(seq, int) or seq < 1:
        return (uuid, "rejected", "seq must be a positive integer")
    if not isinstance(at, str) or not at:
        return (uuid, "rejected", "at must be an ISO-8601 time")
    if not isinstance(typ, str) or not re.match(r"^[a-z][a-z-]*$", typ):
        return (uuid, "rejected", "type must be a lower-case word")
    if not isinstance(data, dict):
        return (uuid, "rejected", "data must be an object")
    if typ in st.reject_types:
        return (uuid, "rejected",
                "events of type '%s' are refused by this upstream" % typ)
    status, detail = "accepted", None
    if typ == "assign":
        serial = data.get("serial")
        if not isinstance(serial, str) or not SERIAL_RE.match(serial):
            return (uuid, "rejected", "assign without a valid serial")
        h = db.execute("SELECT holder, station, uai, at FROM holdings "
                       "WHERE serial=?", (serial,)).fetchone()
        if h and (h[1], h[2]) != (station, uai):
            status = "conflict"
            detail = ("serial %s is held by %s at station %s (UAI %s) "
                      "since %s" % (serial, h[0], h[1], h[2], h[3][:10]))
        else:
            holder = holder_name(data.get("person"))
            kind = data.get("kind") or "cession"
            db.execute("INSERT OR REPLACE INTO holdings VALUES "
                       "(?,?,?,?,?,?,?)",
                       (serial, holder, station, uai, kind, at, uuid))
            db.execute("INSERT INTO assignment_changes(serial, holder, "
                       "station, uai, kind, at, active) VALUES "
                       "(?,?,?,?,?,?,1)",
                       (serial, holder, station, uai, kind, at))
    elif typ == "undo":
        und = data.get("undoes") or {}
        ref = und.get("uuid") if isinstance(und, dict) else None
        h = db.execute("SELECT serial FROM holdings WHERE event_uuid=?",
                       (ref,)).fetchone() if ref else None
        if h:
            release(db, h[0], station, uai, at)
    elif typ in ("return", "hs"):
        serial = data.get("serial")
        h = db.execute("SELECT station, uai FROM holdings WHERE serial=?",
                       (serial,)).fetchone() if serial else None
        if h and (h[0], h[1]) == (station, uai):
            release(db, serial, station, uai, at)
    db.execute("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
               (uuid, uai, station, seq, at, typ, ev.get("operator"),
                ev.get("queue"), json.dumps(data), status, detail,
                time.time()))
    return (uuid, status, detail)


def release(db, serial, station, uai, at):
    db.execute("DELETE FROM holdings WHERE serial=?", (serial,))
    db.execute("INSERT INTO assignment_changes(serial, holder, station, "
               "uai, kind, at, active) VALUES (?,NULL,?,?,NULL,?,0)",
               (serial, station, uai, at))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "dotation-test-upstream/1"

    def log_message(self, fmt, *args):
        pass

    @property
    def st(self):
        return self.server.state

    # -- answers ---------------------------------------------------------
    def send(self, code, obj=None, raw=None, headers=()):
        body = raw if raw is not None else json.dumps(obj).encode()
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            self.close_connection = True

    def drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def token_uais(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return None
        return self.st.tokens.get(auth[7:].strip())

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_BODY:
            return None
        return self.rfile.read(n)

    # -- faults ----------------------------------------------------------
    def pre_fault(self, fault):
        """Faults that happen before any work; True when answered."""
        if fault in ("500", "502"):
            self.send(int(fault), {"error": "injected fault"})
        elif fault in ("503", "429"):
            self.send(int(fault), {"error": "injected busy"},
                      headers=[("Retry-After", "1")])
        elif fault == "drop_before":
            self.drop()
        else:
            return False
        return True

    def answer(self, fault, obj):
        """Answer obj, or the post-work fault."""
        if fault == "drop_after":
            self.drop()
        elif fault == "malformed":
            raw = json.dumps(obj).encode()
            self.send(200, raw=raw[: max(1, len(raw) // 2)])
        elif fault == "huge":
            pad = "x" * self.st.args.huge_bytes
            self.send(200, raw=json.dumps(dict(obj, pad=pad)).encode())
        else:
            self.send(200, obj)

    # -- routes ------------------------------------------------------------
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        if url.path.startswith("/admin/"):
            return self.admin_get(url.path)
        self.st.counters["requests"] += 1
        uais = self.token_uais()
        if uais is None:
            self.st.record(method="GET", path=url.path, status=401)
            return self.send(401, {"error": "missing or unknown token"})
        uai = (q.get("uai") or [""])[0]
        if "*" not in uais and uai not in uais:
            self.st.record(method="GET", path=url.path, status=403)
            return self.send(403, {"error": "token not valid for " + uai})
        if url.path not in ("/v1/roster", "/v1/assignments"):
            return self.send(404, {"error": "no such endpoint"})
        fault = self.st.next_fault()
        self.st.record(method="GET", path=url.path, fault=fault)
        if fault == "slow" or self.st.always_slow:
            time.sleep(self.st.slow)
        if self.pre_fault(fault):
            return
        since = (q.get("since") or ["0"])[0]
        try:
            since = int(since)
        except ValueError:
            return self.send(400, {"error": "bad cursor"})
        page = self.st.args.page_size
        with self.st.lock:
            db = self.st.db
            if url.path == "/v1/roster":
                rows = db.execute(
                    "SELECT id, item FROM roster_changes WHERE uai=? AND "
                    "id>? ORDER BY id LIMIT ?", (uai, since, page)).fetchall()
                items = [json.loads(r[1]) for r in rows]
            else:
                rows = db.execute(
                    "SELECT id, serial, holder, station, uai, kind, at, "
                    "active FROM assignment_changes WHERE id>? ORDER BY id "
                    "LIMIT ?", (since, page)).fetchall()
                items = [{"serial": r[1], "holder": r[2], "station": r[3],
                          "uai": r[4], "kind": r[5], "at": r[6],
                          "active": bool(r[7])} for r in rows]
        cursor = str(rows[-1][0]) if rows else str(since)
        self.answer(fault, {"items": items, "cursor": cursor})

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        body = self.read_body()
        if body is None:
            self.close_connection = True
            return self.send(413, {"error": "body too large"})
        if url.path.startswith("/admin/"):
            return self.admin_post(url.path, body)
        self.st.counters["requests"] += 1
        if url.path != "/v1/events":
            return self.send(404, {"error": "no such endpoint"})
        uais = self.token_uais()
        if uais is None:
            self.st.record(method="POST", path=url.path, status=401)
            return self.send(401, {"error": "missing or unknown token"})
        try:
            doc = json.loads(body)
            uai, station, events = doc["uai"], doc["station"], doc["events"]
            assert isinstance(uai, str) and isinstance(station, str)
            assert isinstance(events, list)
        except (ValueError, KeyError, AssertionError, TypeError):
            return self.send(400, {"error": "expected {uai, station, "
                                            "events:[...]}"})
        if len(events) > MAX_EVENTS:
            return self.send(413, {"error": "at most 500 events"})
        if "*" not in uais and uai not in uais:
            self.st.record(method="POST", path=url.path, status=403)
            return self.send(403, {"error": "token not valid for " + uai})
        fault = self.st.next_fault()
        self.st.record(method="POST", path=url.path, fault=fault,
                       station=station, n=len(events))
        if fault == "slow" or self.st.always_slow:
            time.sleep(self.st.slow)
        if self.pre_fault(fault):
            return
        if self.st.dump:
            name = "%s/%d-%s.json" % (self.st.dump, time.time_ns(),
                                      threading.get_ident())
            with open(name, "wb") as f:
                f.write(body)
        results = []
        with self.st.lock:
            db = self.st.db
            db.execute("BEGIN IMMEDIATE")
            try:
                for ev in events:
                    r = process_event(db, self.st, uai, station, ev)
                    if r:
                        results.append({"uuid": r[0], "status": r[1],
                                        "detail": r[2]})
                db.execute("COMMIT")
            except Exception:
                db.execute("ROLLBACK")
                raise
        self.answer(fault, {"results": results})

    # -- admin ---------------------------------------------------------------
    def is_admin(self):
        auth = self.headers.get("Authorization", "")
        return self.st.admin and auth == "Bearer " + self.st.admin

    def admin_get(self, path):
        if not self.is_admin():
            return self.send(401, {"error": "admin token required"})
        db = self.st.db
        with self.st.lock:
            if path == "/admin/stats":
                by = dict(db.execute("SELECT status, count(*) FROM events "
                                     "GROUP BY status").fetchall())
                per = dict(db.execute("SELECT station, count(*) FROM events "
                                      "GROUP BY station").fetchall())
                total = db.execute("SELECT count(*), count(DISTINCT uuid) "
                                   "FROM events").fetchone()
                out = dict(self.st.counters, events=total[0],
                           distinct_uuids=total[1], by_status=by,
                           by_station=per,
                           holdings=db.execute("SELECT count(*) FROM "
                                               "holdings").fetchone()[0])
                return self.send(200, out)
            if path == "/admin/events":
                rows = db.execute("SELECT uuid, station, seq, type, status, "
                                  "detail FROM events ORDER BY station, seq"
                                  ).fetchall()
                return self.send(200, [dict(zip(("uuid", "station", "seq",
                                                 "type", "status",
                                                 "detail"), r))
                                       for r in rows])
        return self.send(404, {"error": "no such endpoint"})

    def admin_post(self, path, body):
        if not self.is_admin():
            return self.send(401, {"error": "admin token required"})
        doc = json.loads(body or b"{}")
        with self.st.lock:
            if path == "/admin/roster":
                for item in doc["items"]:
                    self.st.db.execute("INSERT INTO roster_changes(uai, item)"
                                       " VALUES (?,?)",
                                       (doc["uai"], json.dumps(item)))
            elif path == "/admin/faults":
                if "queue" in doc:
                    self.st.queue = list(doc["queue"])
                if "rate" in doc:
                    self.st.rate = float(doc["rate"])
                if "kinds" in doc:
                    self.st.kinds = list(doc["kinds"])
                if "slow_seconds" in doc:
                    self.st.slow = float(doc["slow_seconds"])
                if "always_slow" in doc:
                    self.st.always_slow = bool(doc["always_slow"])
            elif path == "/admin/reject":
                self.st.reject_types = set(doc.get("types") or [])
            else:
                return self.send(404, {"error": "no such endpoint"})
        return self.send(200, {"ok": True})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr, ctx, state):
        super().__init__(addr, Handler)
        self.ctx = ctx
        self.state = state

    def finish_request(self, request, client_address):
        # The TLS handshake runs in the connection's thread, so that a
        # slow client never holds up accept().
        try:
            request.settimeout(30)
            tls = self.ctx.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            super().finish_request(tls, client_address)
        finally:
            try:
                tls.close()
            except OSError:
                pass


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file", help="write the bound port here")
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--token", action="append",
                   help="TOKEN=UAI[,UAI...] (no UAI: any)")
    p.add_argument("--admin-token")
    p.add_argument("--fault-rate", type=float, default=0.0)
    p.add_argument("--fault-kinds", default="500,502,503,429,drop_before,"
                   "drop_after,malformed,huge,slow")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--slow-seconds", type=float, default=2.0)
    p.add_argument("--always-slow", action="store_true",
                   help="every /v1 answer takes --slow-seconds")
    p.add_argument("--huge-bytes", type=int, default=4 << 20)
    p.add_argument("--page-size", type=int, default=200)
    p.add_argument("--log", help="JSON lines, one per /v1 request")
    p.add_argument("--dump-dir", help="keep every POST /v1/events body")
    args = p.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(args.cert, args.key)
    srv = Server(("127.0.0.1", args.port), ctx, State(args))
    port = srv.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.rename(tmp, args.port_file)
    sys.stdout.write("listening on https://127.0.0.1:%d\n" % port)
    sys.stdout.flush()
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
