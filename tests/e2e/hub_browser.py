#!/usr/bin/env python3
"""Drive the hub's dashboard in headless Chromium through chromedriver's
WebDriver HTTP API (standard library only), as a user would: redirected
to the login page, log in, read the Region's counts, search a school,
see a name holding <script> as text, log out; a school account gets 403
on another school. Prints what it checked; exits non-zero on a failure.

usage: hub_browser.py BASE_URL SPKI_HASH WORKDIR REGION_PW SCHOOL_PW UAI_A UAI_B
"""
import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

base, spki, work, region_pw, school_pw, uai_a, uai_b = sys.argv[1:8]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


port = free_port()
drv = subprocess.Popen(["chromedriver", "--port=%d" % port],
                       stdout=open(os.path.join(work, "chromedriver.out"), "w"),
                       stderr=subprocess.STDOUT)
WD = "http://127.0.0.1:%d" % port


class Retry(Exception):
    """The page changed under us (a navigation still running)."""


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(WD + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.load(r)["value"]
    except urllib.error.HTTPError as e:
        msg = e.read()
        if (b"stale element" in msg or b"no such element" in msg
                or b"does not belong to the document" in msg):
            raise Retry()
        raise SystemExit("webdriver %s %s: %s" % (method, path, msg[:500]))


def patiently(fn, *a):
    """fn(*a), again while the page is still loading (up to 30 s)."""
    for _ in range(300):
        try:
            return fn(*a)
        except Retry:
            time.sleep(0.1)
    return fn(*a)


def fail(msg):
    shot(os.path.join(work, "failure.png"))
    raise SystemExit("FAIL: " + msg)


for _ in range(200):
    try:
        urllib.request.urlopen(WD + "/status", timeout=1)
        break
    except OSError:
        time.sleep(0.1)
else:
    raise SystemExit("chromedriver did not start")

args = ["--headless=new", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,900", "--user-data-dir=" + os.path.join(work, "chromium"),
        # Trust exactly the hub's test key, nothing else.
        "--ignore-certificate-errors-spki-list=" + spki, "--lang=fr-FR"]
if os.geteuid() == 0:
    args.append("--no-sandbox")  # Chromium refuses to run as root otherwise
sess = None
try:
    sess = call("POST", "/session", {"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}})["sessionId"]
    S = "/session/" + sess

    def go(path):
        call("POST", S + "/url", {"url": base + path})

    def url():
        return call("GET", S + "/url")

    def text(css="body"):
        return patiently(_text, css)

    def _text(css):
        el = call("POST", S + "/element", {"using": "css selector", "value": css})
        eid = list(el.values())[0]
        return call("GET", S + "/element/%s/text" % eid)

    def count(css):
        return len(call("POST", S + "/elements", {"using": "css selector", "value": css}))

    def fill(css, value):
        el = call("POST", S + "/element", {"using": "css selector", "value": css})
        eid = list(el.values())[0]
        call("POST", S + "/element/%s/clear" % eid, {})
        call("POST", S + "/element/%s/value" % eid, {"text": value})

    def click(css):
        el = call("POST", S + "/element", {"using": "css selector", "value": css})
        call("POST", S + "/element/%s/click" % list(el.values())[0], {})

    def shot(path):
        png = call("GET", S + "/screenshot")
        with open(path, "wb") as f:
            f.write(base64.b64decode(png))

    def login(user, pw):
        go("/login")
        fill("#login", user)
        fill("#password", pw)
        click("form[action='/login'] button[type=submit]")
        wait_away("/login")

    def wait_away(path):
        """After a click: wait until the browser left path (or shows an error)."""
        for _ in range(300):
            if not url().endswith(path) or patiently(_text, "body").find("incorrect") >= 0:
                return
            time.sleep(0.1)

    # Without a session: the login page, and no data.
    go("/schools/" + uai_a)
    if not url().endswith("/login"):
        fail("without a session /schools/UAI went to %s" % url())
    if "Arago" in text():
        fail("the login page shows data")
    print("no session: redirected to /login")

    login("region", "wrong password!")
    if "incorrect" not in text():
        fail("a wrong password was not refused: " + text()[:300])
    login("region", region_pw)
    if url().rstrip("/") != base.rstrip("/"):
        fail("after login: at %s" % url())
    cookies = {c["name"]: c for c in call("GET", S + "/cookie")}
    c = cookies.get("dotation_session")
    if not c or not c.get("httpOnly") or not c.get("secure") or c.get("sameSite") != "Strict":
        fail("session cookie attributes: %r" % c)
    print("logged in; cookie HttpOnly, Secure, SameSite=Strict")

    body = text()
    row = text("tbody tr:first-child")
    print("Region row:", row)
    # Lycée Arago: 151 students, 20 charters (13.2 %: flagged), 12 handed over.
    for want in ("Lycée Arago", "151", "20", "13,2 %", "sous le seuil de 85 %", "12"):
        if want not in row:
            fail("Region overview row lacks %r: %s" % (want, row))
    if count("td.below") < 1:
        fail("the 85 % threshold is not flagged")
    if "Lycée Briand" not in body:
        fail("the other school is not listed")
    shot(os.path.join(work, "region.png"))

    go("/schools/" + uai_a)
    if "2NDE 1" not in text("table:last-of-type"):
        fail("class-by-class list missing")
    fill("#q", "script")
    click("form[role=search] button")
    for _ in range(300):
        if "/people" in url():
            break
        time.sleep(0.1)
    cell = text("tbody tr:first-child td:first-child")
    if cell != "<script>window.hacked=1</script>":
        fail("the <script> name is not shown as text: %r" % cell)
    if count("main script") != 0:
        fail("the name became a script element")
    if call("POST", S + "/execute/sync", {"script": "return window.hacked === undefined;", "args": []}) is not True:
        fail("the injected script ran")
    shot(os.path.join(work, "search.png"))
    print("search: the <script> name is shown as text")

    click("header form button")
    for _ in range(300):
        if url().endswith("/login"):
            break
        time.sleep(0.1)
    if not url().endswith("/login"):
        fail("logout did not go to /login")
    go("/")
    if not url().endswith("/login"):
        fail("after logout / is still reachable")
    print("logged out")

    login("briand", school_pw)
    if "Lycée Briand" not in text("h1"):
        fail("a school account's home is not its school: " + text("h1"))
    go("/schools/" + uai_a)
    if "autre établissement" not in text():
        fail("a school account saw another school: " + text()[:300])
    if "Arago" in text("main"):
        fail("the 403 page shows the other school's data")
    shot(os.path.join(work, "forbidden.png"))
    print("school account: another school refused")
finally:
    if sess:
        try:
            call("DELETE", "/session/" + sess)
        except SystemExit:
            pass
    drv.terminate()
    drv.wait()
