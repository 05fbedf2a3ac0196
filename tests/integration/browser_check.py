"""Open an HTML report of `crossings report` in headless Chromium and check it.

usage: browser_check.py REPORT.html SCREENSHOT.png [--expect-charts ID,ID,...]
                        [--min-charts N] [--chromium PATH]

A report is read by people in a browser, and printed; a chart that the browser
does not draw, or a page that quietly fetches something from the network, is a
broken report even when every number in it is right. So the report is checked
twice: in its source, and live in Debian's headless Chromium, driven over the
Chrome DevTools Protocol (CDP) with websocket-client (no npm, no puppeteer).

In the source:
  * every inline <svg>...</svg> parses as strict XML (xml.etree) with the SVG
    namespace declared: browsers forgive an unclosed <g>, other SVG tools and
    anyone who copies the chart out of the page do not;
  * the page is self-contained: no <script src>, no <link> that loads a
    stylesheet, font or icon, no img/iframe/object/embed/... source, no CSS
    url() or @import, unless it is a data: URL or a #fragment. Links in the
    text (<a href="https://...">) are allowed: nothing fetches them. Inline
    scripts are noted, not counted (the report has none; the browser checks
    below are what catch a script that goes wrong).

In the browser (file:// URL, 1200 px wide viewport):
  * no uncaught exception (Runtime.exceptionThrown), no console.error or
    console.assert (Runtime.consoleAPICalled), no browser log entry of level
    error (Log.entryAdded), no failed load (Network.loadingFailed), and no
    request at all to anything but file:, data: or about: URLs
    (Network.requestWillBeSent; such requests are also blocked, so that the
    check never waits on the network). Console warnings are printed, not
    counted;
  * every figure.chart holds exactly one svg that is drawn (a bounding box of
    positive width and height), with role="img", a non-empty <title> child,
    aria-labelledby ids that exist, and at least 3 marks (path, rect, line,
    circle, ellipse, polyline, polygon or text); every --expect-charts id is a
    figure.chart; there are at least --min-charts charts (default 1);
  * every table.numbers has at least one td[data-value], and each data-value
    is a number (nan and inf included, as C prints them);
  * the file is valid UTF-8 and the browser reads it as UTF-8;
  * a full-page screenshot is written to SCREENSHOT.png (at most 20000 px
    high) and the page prints: Page.printToPDF must give a PDF, written next
    to the screenshot with the extension .pdf.

Prints one line per problem, then "browser check: N charts, M problems".
Exit 0 without problems, 1 with problems, 2 on bad usage or when Chromium
cannot be started. Chromium runs in its own process group with a temporary
profile, HOME and TMPDIR; both the group and the folder are removed at the
end, whatever happens. Every wait has a timeout, and the whole check stops
after 120 s.
"""
import argparse
import base64
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import websocket

SVG_NS = "http://www.w3.org/2000/svg"
TIME_LIMIT = 120.0         # seconds, the whole check
LOAD_TIMEOUT = 60.0        # seconds, navigation to the load event
START_TIMEOUT = 30.0       # seconds, Chromium to open its DevTools port
VIEWPORT = (1200, 900)     # CSS px: a laptop window
MAX_SHOT_HEIGHT = 20000    # CSS px: the longest screenshot taken
LOCAL_SCHEMES = ("file:", "data:", "about:")
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--no-default-browser-check", "--disable-extensions",
                  "--remote-debugging-port=0"]


class Unavailable(Exception):
    """Chromium could not be started: exit 2, the report was not judged."""


class CdpError(Exception):
    """A CDP command failed or timed out, or the browser went away."""


class Deadline:
    """The time left of the overall limit."""

    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def left(self, cap=None):
        """Seconds left (at least 0), no more than cap when given."""
        left = max(0.0, self.end - time.monotonic())
        return left if cap is None else min(left, cap)


# ---------------------------------------------------------------- the source

def spaces(text):
    """Text blanked out with spaces, keeping its newlines (so line numbers hold)."""
    return re.sub(r"[^\n]", " ", text)


def svg_elements(html):
    """The outermost <svg>...</svg> elements of an HTML text, as they stand in it.

    Returns (elements, problems), elements as (name, line, text): name is the
    id of the enclosing <figure> (or "svg at line L"), line the 1-based line of
    the <svg> tag. Comments, scripts and styles are skipped; nested svg
    elements stay inside their outer one.
    """
    text = re.sub(r"<!--.*?-->", lambda m: spaces(m.group(0)), html, flags=re.S)
    text = re.sub(r"(<(script|style)\b[^>]*>)(.*?)(</\2\s*>)",
                  lambda m: m.group(1) + spaces(m.group(3)) + m.group(4),
                  text, flags=re.S | re.I)
    tag = re.compile(r"<(/?)(svg|figure)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
    elements, problems, figures = [], [], []
    depth, start = 0, None

    def line_of(pos):
        return text.count("\n", 0, pos) + 1

    def name_at(pos):
        fig = next((f for f in reversed(figures) if f), None)
        return fig or f"svg at line {line_of(pos)}"

    for m in tag.finditer(text):
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
        if name == "figure":
            if closing:
                if figures:
                    figures.pop()
            else:
                found = re.search(r"(?:^|\s)id\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))",
                                  attrs, re.I)
                figures.append(next((g for g in found.groups() if g is not None), "")
                               if found else "")
            continue
        if closing:
            if depth == 0:
                problems.append(f"{name_at(m.start())}: a </svg> with no <svg> "
                                f"(line {line_of(m.start())})")
                continue
            depth -= 1
            if depth == 0:
                elements.append((name_at(start), line_of(start), html[start:m.end()]))
        elif attrs.rstrip().endswith("/"):
            if depth == 0:
                elements.append((name_at(m.start()), line_of(m.start()),
                                 html[m.start():m.end()]))
        else:
            if depth == 0:
                start = m.start()
            depth += 1
    if depth:
        problems.append(f"{name_at(start)}: <svg> at line {line_of(start)} is never closed")
    return elements, problems


def check_svg_xml(html):
    """Problems of the inline SVG: each must parse as XML in the SVG namespace."""
    elements, problems = svg_elements(html)
    for name, line, text in elements:
        try:
            root = ET.fromstring(text)
        except ET.ParseError as err:
            at_line, col = err.position
            what = re.sub(r": line \d+, column \d+$", "", str(err))
            problems.append(f"{name}: SVG is not well-formed XML: {what} "
                            f"(report line {line + at_line - 1}, column {col + 1})")
            continue
        if root.tag != f"{{{SVG_NS}}}svg":
            problems.append(f"{name}: the <svg> at line {line} does not declare "
                            f'xmlns="{SVG_NS}" (XML root is {root.tag})')
    return len(elements), problems


# Attributes that make a browser fetch something, by element. Any src attribute
# fetches too; <link href> is checked apart (it depends on rel). <a href> is
# not here: a link in the text is only followed when a reader clicks it.
FETCHED = {
    "img": ("src", "srcset"), "source": ("src", "srcset"), "script": ("src",),
    "iframe": ("src",), "frame": ("src",), "embed": ("src",), "object": ("data",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "input": ("src",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"), "body": ("background",),
}
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon",
                 "preload", "prefetch", "modulepreload", "manifest", "preconnect",
                 "dns-prefetch", "prerender"}


def embedded(url):
    """True when a URL loads nothing from outside the file (data: or #fragment)."""
    url = url.strip()
    return url.startswith("#") or url.lower().startswith("data:")


def css_problems(css, where):
    """Problems of CSS text: url() of anything not embedded, and @import."""
    problems = []
    for m in re.finditer(r"url\(\s*(['\"]?)(.*?)\1\s*\)", css, re.I | re.S):
        if not embedded(m.group(2)):
            problems.append(f"external resource: CSS url({m.group(2)}) in {where}")
    for m in re.finditer(r"@import\s+([^;]*)", css, re.I):
        problems.append(f"external resource: CSS @import {m.group(1).strip()} in {where}")
    return problems


class ResourceScanner(HTMLParser):
    """Walks the HTML and lists everything a browser would fetch."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.inline_scripts = 0
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        attrs = [(k, v or "") for k, v in attrs]
        values = dict(attrs)
        if tag == "style":
            self.in_style = True
        if tag == "script" and "src" not in values:
            self.inline_scripts += 1
        if tag == "link" and values.get("href"):
            rels = set(values.get("rel", "").lower().split())
            if rels & FETCHING_RELS:
                self.problems.append(f"external resource: <link rel=\"{values.get('rel')}\" "
                                     f"href=\"{values['href']}\"> at line {line}")
        for name, value in attrs:
            if name == "style":
                self.problems += css_problems(value, f"the style of <{tag}> at line {line}")
            fetched = name in FETCHED.get(tag, ()) or name == "src"
            if not fetched:
                continue
            urls = [u.split()[0] for u in value.split(",") if u.strip()] \
                if name == "srcset" else [value]
            for url in urls:
                if tag == "script" or not embedded(url):
                    self.problems.append(f"external resource: <{tag} {name}=\"{url}\"> "
                                         f"at line {line}")

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.problems += css_problems(data, f"the <style> near line {self.getpos()[0]}")


def check_source(html):
    """Problems found in the source: SVG as XML, and self-containment."""
    n_svg, problems = check_svg_xml(html)
    scanner = ResourceScanner()
    scanner.feed(html)
    scanner.close()
    if scanner.inline_scripts:
        print(f"note: {scanner.inline_scripts} inline <script> element(s); "
              "the report contract has none")
    return n_svg, problems + scanner.problems


# --------------------------------------------------------------- the browser

class Chromium:
    """A headless Chromium in its own process group, with a throw-away profile."""

    def __init__(self, binary, deadline):
        self.binary = binary
        self.deadline = deadline
        self.proc = None
        self.dir = tempfile.mkdtemp(prefix="browser_check.")
        self.port = None

    def start(self):
        """Launch Chromium and wait for its DevTools port; Unavailable if it fails."""
        profile = os.path.join(self.dir, "profile")
        log_path = os.path.join(self.dir, "chromium.log")
        # HOME and TMPDIR inside the folder: nothing is left behind in ~ or /tmp
        env = dict(os.environ, HOME=self.dir, TMPDIR=self.dir,
                   XDG_CONFIG_HOME=os.path.join(self.dir, "config"),
                   XDG_CACHE_HOME=os.path.join(self.dir, "cache"))
        with open(log_path, "wb") as log:
            try:
                self.proc = subprocess.Popen(
                    [self.binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    env=env, start_new_session=True)
            except OSError as err:
                raise Unavailable(f"{self.binary}: {err.strerror or err}") from err
        port_file = os.path.join(profile, "DevToolsActivePort")
        limit = Deadline(self.deadline.left(START_TIMEOUT))
        while limit.left() > 0:
            if self.proc.poll() is not None:
                raise Unavailable(f"{self.binary} exited with code {self.proc.returncode}"
                                  f"{self.log_tail()}")
            try:
                with open(port_file) as f:
                    first = f.readline().strip()
                if first.isdigit():
                    self.port = int(first)
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise Unavailable(f"no DevTools port after {START_TIMEOUT:.0f} s{self.log_tail()}")

    def log_tail(self, lines=8):
        """The last lines of Chromium's own output, to say why it failed."""
        try:
            with open(os.path.join(self.dir, "chromium.log"), errors="replace") as f:
                tail = [x for x in f.read().splitlines()
                        if x.strip() and "dbus" not in x][-lines:]
        except OSError:
            return ""
        return "".join("\n    " + x for x in tail)

    def http(self, path, method="GET"):
        """JSON from the DevTools HTTP endpoint (never through a proxy)."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        with opener.open(req, timeout=self.deadline.left(10)) as resp:
            return json.loads(resp.read().decode())

    def page_url(self):
        """The webSocketDebuggerUrl of a page target (a new one if none is open)."""
        try:
            pages = [t for t in self.http("/json/list") if t.get("type") == "page"]
            target = pages[0] if pages else self.http("/json/new?about:blank", "PUT")
        except (OSError, ValueError) as err:
            raise Unavailable(f"DevTools endpoint on port {self.port}: {err}") from err
        return target["webSocketDebuggerUrl"]

    def running(self):
        """The processes of Chromium's group still running (zombies are done)."""
        pids = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            state, _, pgrp = stat[stat.rindex(")") + 2:].split()[:3]
            if int(pgrp) == self.proc.pid and state != "Z":
                pids.append(int(pid))
        return pids

    def stop(self):
        """Kill Chromium's process group and remove the temporary folder."""
        if self.proc is not None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(self.proc.pid, sig)   # the group: Chromium and its helpers
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
            gone = Deadline(5)                      # helpers end a moment after the leader
            while self.running() and gone.left() > 0:
                time.sleep(0.02)
        shutil.rmtree(self.dir, ignore_errors=True)
        if os.path.exists(self.dir):
            time.sleep(0.2)
            shutil.rmtree(self.dir, ignore_errors=True)


class Cdp:
    """One CDP session over a websocket: commands, and the events in between."""

    def __init__(self, url, deadline):
        self.deadline = deadline
        self.events = []          # (method, params), every event received
        self.seen = 0             # events before this index were waited for
        self.next_id = 0
        try:
            # no Origin header: Chromium refuses unknown origins
            self.ws = websocket.create_connection(url, timeout=deadline.left(10),
                                                  suppress_origin=True,
                                                  enable_multithread=False)
        except (OSError, websocket.WebSocketException) as err:
            raise Unavailable(f"cannot connect to {url}: {err}") from err

    def receive(self, timeout, waiting_for):
        """One message, within timeout seconds; events are kept in self.events."""
        if timeout <= 0:
            raise CdpError(f"timed out waiting for {waiting_for}")
        self.ws.settimeout(timeout)
        try:
            msg = json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            raise CdpError(f"timed out waiting for {waiting_for}") from None
        except (OSError, ValueError, websocket.WebSocketException) as err:
            raise CdpError(f"lost the connection to Chromium waiting for {waiting_for}: "
                           f"{err}") from None
        if "method" in msg:
            self.events.append((msg["method"], msg.get("params", {})))
        return msg

    def call(self, method, params=None, timeout=30.0):
        """Send a command and return its result; CdpError on error or timeout."""
        self.next_id += 1
        ident = self.next_id
        try:
            self.ws.send(json.dumps({"id": ident, "method": method, "params": params or {}}))
        except (OSError, websocket.WebSocketException) as err:
            raise CdpError(f"lost the connection to Chromium sending {method}: {err}") from None
        limit = Deadline(self.deadline.left(timeout))
        while True:
            msg = self.receive(limit.left(), method)
            if msg.get("id") == ident:
                if "error" in msg:
                    raise CdpError(f"{method}: {msg['error'].get('message')}")
                return msg.get("result", {})

    def wait_event(self, method, timeout):
        """Wait for an event, received since the last event waited for; its params."""
        limit = Deadline(self.deadline.left(timeout))
        while True:
            for i in range(self.seen, len(self.events)):
                if self.events[i][0] == method:
                    self.seen = i + 1
                    return self.events[i][1]
            self.receive(limit.left(), method)

    def drain(self, seconds):
        """Collect the events that come within the next seconds."""
        limit = Deadline(self.deadline.left(seconds))
        try:
            while limit.left() > 0:
                self.receive(limit.left(), "late events")
        except CdpError:
            pass

    def close(self):
        """Close the websocket (Chromium itself is stopped apart)."""
        try:
            self.ws.close()
        except (OSError, websocket.WebSocketException):
            pass


# Runs in the page: what each chart and number table looks like once drawn.
DOM_CHECK = r"""
(() => {
  const MARKS = 'path, rect, line, circle, ellipse, polyline, polygon, text';
  const number = v => v.trim() !== '' && (!Number.isNaN(Number(v))
                      || /^[+-]?(nan|inf|infinity)$/i.test(v.trim()));
  const charts = Array.from(document.querySelectorAll('figure.chart'), fig => {
    // the chart's own svg elements (an svg nested in another is part of it)
    const svgs = Array.from(fig.querySelectorAll('svg'))
                      .filter(s => !s.parentElement.closest('svg'));
    const c = {id: fig.id, svgs: svgs.length};
    if (svgs.length === 1) {
      const svg = svgs[0], box = svg.getBoundingClientRect();
      const title = svg.querySelector(':scope > title');
      c.width = box.width;
      c.height = box.height;
      c.title = title ? title.textContent.trim() : null;
      c.role = svg.getAttribute('role');
      c.marks = svg.querySelectorAll(MARKS).length;
      c.dangling = (svg.getAttribute('aria-labelledby') || '').split(/\s+/)
                   .filter(x => x && !document.getElementById(x));
    }
    return c;
  });
  const tables = Array.from(document.querySelectorAll('table.numbers'), t => {
    const cells = Array.from(t.querySelectorAll('td[data-value]'));
    return {id: t.id, values: cells.length,
            bad: cells.map(td => td.getAttribute('data-value'))
                      .filter(v => !number(v)).slice(0, 3)};
  });
  return {charts, tables, charset: document.characterSet};
})()
"""


def evaluate(cdp, expression, await_promise=False):
    """The value of a JavaScript expression in the page; CdpError if it throws."""
    res = cdp.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                        "awaitPromise": await_promise})
    if "exceptionDetails" in res:
        raise CdpError(f"evaluating the DOM check: {res['exceptionDetails'].get('text')}")
    return res["result"].get("value")


def dom_problems(dom, expect, min_charts):
    """Problems of the drawn charts and number tables (from DOM_CHECK)."""
    problems = []
    charts = dom["charts"]
    for i, c in enumerate(charts):
        name = c["id"] or f"figure.chart number {i + 1} (no id)"
        if c["svgs"] != 1:
            problems.append(f"missing chart: {name} holds {c['svgs']} svg elements, not 1")
            continue
        if not (c["width"] > 0 and c["height"] > 0):
            problems.append(f"missing chart: {name} is not drawn "
                            f"(svg box {c['width']:g} x {c['height']:g} px)")
        if not c["title"]:
            problems.append(f"{name}: the svg has no <title> child with text")
        if c["role"] != "img":
            problems.append(f'{name}: the svg has role="{c["role"] or ""}", not "img"')
        if c["marks"] < 3:
            problems.append(f"missing chart: {name} draws {c['marks']} marks "
                            "(path, rect, line, circle, polyline, polygon, text), "
                            "at least 3 expected")
        for ref in c["dangling"]:
            problems.append(f"{name}: aria-labelledby names {ref}, which does not exist")
    ids = {c["id"] for c in charts}
    for want in expect:
        if want not in ids:
            problems.append(f"missing chart: no figure.chart with id {want}")
    if len(charts) < min_charts:
        problems.append(f"missing chart: {len(charts)} figure.chart elements, "
                        f"at least {min_charts} expected")
    if dom["charset"] != "UTF-8":
        problems.append(f"the page is read as {dom['charset']}, not UTF-8 "
                        '(<meta charset="utf-8"> missing?)')
    for i, t in enumerate(dom["tables"]):
        name = t["id"] or f"table.numbers number {i + 1} (no id)"
        if t["values"] == 0:
            problems.append(f"{name}: no td[data-value] cell")
        for v in t["bad"]:
            problems.append(f'{name}: data-value="{v}" is not a number')
    return problems


def event_problems(events):
    """Problems (and printed warnings) from the CDP events of the page."""
    problems, urls = [], {}
    for method, p in events:
        if method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            desc = d.get("exception", {}).get("description") or d.get("text", "")
            problems.append(f"uncaught exception: {desc.splitlines()[0] if desc else '?'} "
                            f"(line {d.get('lineNumber', -1) + 1})")
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", a.get("type"))))
                            for a in p.get("args", []))
            frames = (p.get("stackTrace") or {}).get("callFrames") or [{}]
            where = f" (line {frames[0]['lineNumber'] + 1})" if "lineNumber" in frames[0] else ""
            if p.get("type") in ("error", "assert"):
                problems.append(f"console {p['type']}: {text}{where}")
            elif p.get("type") == "warning":
                print(f"warning: console warning: {text}{where}")
        elif method == "Log.entryAdded":
            e = p.get("entry", {})
            line = f"browser log {e.get('level')} ({e.get('source')}): {e.get('text')}" \
                   + (f" [{e['url']}]" if e.get("url") else "")
            if e.get("level") == "error":
                problems.append(line)
            elif e.get("level") == "warning":
                print(f"warning: {line}")
        elif method == "Network.requestWillBeSent":
            url = p.get("request", {}).get("url", "")
            urls[p.get("requestId")] = url
            if not url.lower().startswith(LOCAL_SCHEMES):
                problems.append(f"network request: {url[:200]} "
                                "(a report must not touch the network)")
        elif method == "Network.loadingFailed":
            why = p.get("errorText") or "failed"
            if p.get("blockedReason") == "inspector":
                why = "blocked by this check"
            elif p.get("blockedReason"):
                why += f" (blocked: {p['blockedReason']})"
            problems.append(f"failed to load {urls.get(p.get('requestId'), '?')[:200]}: {why}")
        elif method == "Inspector.targetCrashed":
            problems.append("the page crashed while being checked")
    return list(dict.fromkeys(problems))   # the same line once


def screenshot(cdp, png_path):
    """A full-page PNG (at most MAX_SHOT_HEIGHT px high); returns (w, h)."""
    metrics = cdp.call("Page.getLayoutMetrics")
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    width = max(VIEWPORT[0], math.ceil(size["width"]))
    height = min(MAX_SHOT_HEIGHT, max(1, math.ceil(size["height"])))
    if size["height"] > MAX_SHOT_HEIGHT:
        print(f"note: the page is {size['height']:.0f} px high; "
              f"the screenshot shows the first {MAX_SHOT_HEIGHT}")
    cdp.call("Emulation.setDeviceMetricsOverride",
             {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    shot = cdp.call("Page.captureScreenshot",
                    {"format": "png", "captureBeyondViewport": True, "fromSurface": True,
                     "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
                    timeout=60)
    Path(png_path).write_bytes(base64.b64decode(shot.get("data", "")))
    return width, height


def print_pdf(cdp, pdf_path):
    """Print the page to PDF as a reader would; returns its size in bytes."""
    pdf = cdp.call("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True},
                   timeout=60)
    data = base64.b64decode(pdf.get("data", ""))
    Path(pdf_path).write_bytes(data)
    return len(data) if data.startswith(b"%PDF") else 0


def check_in_browser(report, png_path, args, deadline):
    """Open the report in Chromium; returns (charts, problems). Unavailable if no browser."""
    problems, charts = [], 0
    browser = Chromium(args.chromium, deadline)
    cdp = None
    try:
        browser.start()
        cdp = Cdp(browser.page_url(), deadline)
        try:
            for domain in ("Runtime", "Log", "Page", "Network", "Inspector"):
                cdp.call(f"{domain}.enable")
            # nothing leaves the machine, and a request is failed at once
            cdp.call("Network.setBlockedURLs",
                     {"urls": ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]})
            cdp.call("Emulation.setDeviceMetricsOverride",
                     {"width": VIEWPORT[0], "height": VIEWPORT[1], "deviceScaleFactor": 1,
                      "mobile": False})
            nav = cdp.call("Page.navigate", {"url": report.as_uri()})
            if nav.get("errorText"):
                raise CdpError(f"cannot open {report}: {nav['errorText']}")
            cdp.wait_event("Page.loadEventFired", LOAD_TIMEOUT)
            evaluate(cdp, "document.fonts.ready.then(() => true)", await_promise=True)
            dom = evaluate(cdp, DOM_CHECK)
            charts = len(dom["charts"])
            problems += dom_problems(dom, args.expect_charts, args.min_charts)
            w, h = screenshot(cdp, png_path)
            print(f"screenshot: {png_path} ({w} x {h} px)")
            pdf_path = Path(png_path).with_suffix(".pdf")
            size = print_pdf(cdp, pdf_path)
            if size:
                print(f"pdf: {pdf_path} ({size} bytes)")
            else:
                problems.append("printing failed: Page.printToPDF gave no PDF")
            cdp.drain(0.3)
        except CdpError as err:
            problems.append(f"browser: {err}")
        problems = event_problems(cdp.events) + problems
    finally:
        signal.alarm(0)              # the clean-up below is never cut short
        if cdp is not None:
            cdp.close()
        browser.stop()
    return charts, problems


# ------------------------------------------------------------------- the run

def parse_args(argv):
    """The command line (argparse exits 2 on bad usage)."""
    ap = argparse.ArgumentParser(
        prog="browser_check.py",
        description="Check an HTML report in headless Chromium (see the module docstring).")
    ap.add_argument("report", help="the HTML report")
    ap.add_argument("screenshot", help="the PNG to write (the PDF goes next to it)")
    ap.add_argument("--expect-charts", default="",
                    help="comma-separated ids that must be figure.chart elements")
    ap.add_argument("--min-charts", type=int, default=1,
                    help="the least number of charts (default 1)")
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                    help="the browser (default $CHROMIUM or /usr/bin/chromium)")
    args = ap.parse_args(argv)
    args.expect_charts = [x.strip() for x in args.expect_charts.split(",") if x.strip()]
    return args


class Overtime(Exception):
    """The overall time limit has passed (raised by SIGALRM)."""


def on_alarm(signum, frame):
    raise Overtime(f"the check took more than {TIME_LIMIT:.0f} s")


def main(argv):
    args = parse_args(argv)
    report = Path(args.report).resolve()
    if not report.is_file():
        print(f"browser check: no such report: {args.report}")
        return 2
    if not Path(args.screenshot).resolve().parent.is_dir():
        print(f"browser check: no folder for the screenshot: {args.screenshot}")
        return 2
    deadline = Deadline(TIME_LIMIT)
    signal.signal(signal.SIGALRM, on_alarm)      # the last guard against a hang
    signal.alarm(int(TIME_LIMIT) + 10)
    raw = report.read_bytes()
    try:
        html, problems = raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        html = raw.decode("utf-8", errors="replace")
        problems = [f"the report is not valid UTF-8: {err}"]
    n_svg, found = check_source(html)
    problems += found
    try:
        charts, live = check_in_browser(report, args.screenshot, args, deadline)
    except Unavailable as err:
        for p in problems:
            print(p)
        print(f"browser check: cannot start Chromium ({args.chromium}): {err}")
        return 2
    except Overtime as err:
        charts, live = n_svg, [f"browser: {err}"]
    finally:
        signal.alarm(0)
    problems += live
    for p in problems:
        print(p)
    print(f"browser check: {charts} charts, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
