"""The browser-test harness: one headless Chromium for the session, sites served over real HTTP.

Every test here is marked `browser`. Without chromium and chromedriver these tests are skipped,
except in CI (the CI variable set), where a missing browser fails them: CI must run them.

Fixtures (each returns a tool, so that module-scoped fixtures can use it too):
- `browser`: a `Browser` around the selenium driver, recording every request a page makes;
- `make_site(root, files=None)`: a site folder from `{path: text}`, or the sample content;
- `build_site(root, *args)`: `weekgen build` in-process, returns the output folder;
- `serving(folder, prefix)`: a context manager serving a folder over HTTP under a sub-path;
- `previewing(root, *args)`: a context manager running `weekgen serve` in a subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from weekgen.cli import main

REPO = Path(__file__).resolve().parents[2]
SAMPLE_CONTENT = REPO / "content"
CHROMIUM = os.environ.get("WEEKGEN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("WEEKGEN_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-quic", "--no-first-run", "--disable-component-update",
                  "--disable-sync", "--window-size=1280,900")
LOCAL_SCHEMES = ("data", "blob", "about")  # requests that never touch the network


# --- the browser -------------------------------------------------------------------------------

class Browser:
    """The session's Chromium, with what the tests ask of it."""

    def __init__(self, driver: WebDriver) -> None:
        self.driver = driver

    def open(self, url: str) -> list[str]:
        """Load `url`; the address of every request the page made (itself included)."""
        self.requests()  # forget what earlier pages asked for
        self.driver.get(url)
        return self.requests()

    def requests(self) -> list[str]:
        """Every request since the last call, from Chromium's performance log (CDP events)."""
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
            elif message["method"] == "Network.webSocketCreated":
                urls.append(message["params"]["url"])
        return urls

    def text(self) -> str:
        return str(self.driver.execute_script(
            "return document.body ? document.body.innerText : ''"))

    def h1(self) -> str:
        return str(self.driver.find_element(By.TAG_NAME, "h1").text)

    def wait_for(self, what: str, condition: Callable[[WebDriver], Any],
                 timeout: float = 5.0) -> Any:
        """Poll `condition` every 50 ms, across page loads, until it is true."""
        wait = WebDriverWait(self.driver, timeout, poll_frequency=0.05,
                             ignored_exceptions=(WebDriverException,))
        try:
            return wait.until(condition)
        except TimeoutException:
            try:
                shows = f"{self.driver.current_url} shows:\n{self.text()}"
            except WebDriverException as exc:
                shows = f"the browser fails: {exc.msg}"
            raise AssertionError(f"after {timeout} s still waiting for {what}; {shows}") from None

    @contextmanager
    def viewport(self, width: int, height: int = 640) -> Iterator[None]:
        """Emulate a phone's viewport (the window of a headless browser is not the viewport)."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
        try:
            yield
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def foreign(urls: list[str], origin: str) -> list[str]:
    """The requests that leave the host and port of `origin` (its websockets count as its own)."""
    expected = urlsplit(origin)
    leaving = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.hostname != expected.hostname or parts.port != expected.port:
            leaving.append(url)
    return leaving


def _no_browser(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the browser tests (apt-get install chromium "
                    "chromium-driver)", pytrace=False)
    pytest.skip(f"{reason}; install Debian's chromium and chromium-driver to run it")


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        _no_browser(f"no {' and no '.join(missing)}")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    try:
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    except WebDriverException as exc:
        pytest.fail(f"{CHROMIUM} did not start: {exc.msg}", pytrace=False)
    driver.set_page_load_timeout(20)
    try:
        yield Browser(driver)
    finally:
        driver.quit()


# --- sites --------------------------------------------------------------------------------------

def make_site_in(root: Path, files: dict[str, str] | None = None) -> Path:
    """A site folder: `{path: text}` written under `root`, or else a copy of the sample content."""
    root.mkdir(parents=True, exist_ok=True)
    if files is None:
        shutil.copytree(SAMPLE_CONTENT, root / "content")
    for rel, text in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def build_site_in(root: Path, *args: str) -> Path:
    """`weekgen build` of the site in `root` into root/public; the output folder."""
    out = root / "public"
    code = main(["build", "--source", str(root), "--out", str(out), "--quiet", *args])
    assert code == 0, f"weekgen build {' '.join(args)} failed with exit code {code}"
    return out


@pytest.fixture(scope="session")
def make_site() -> Callable[..., Path]:
    return make_site_in


@pytest.fixture(scope="session")
def build_site() -> Callable[..., Path]:
    return build_site_in


# --- a static server ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Served:
    folder: Path
    prefix: str  # "/" or "/campagne/"
    port: int

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "") -> str:
        return self.origin + self.prefix + path.lstrip("/")

    def foreign(self, urls: list[str]) -> list[str]:
        """The requests among `urls` that leave this server's origin."""
        return foreign(urls, self.origin)


class _Handler(SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix` only, like a host serving the site in a sub-folder."""

    def __init__(self, *args: Any, prefix: str, **kwargs: Any) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def send_head(self) -> Any:
        if not urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_folder(folder: Path, prefix: str = "/") -> Iterator[Served]:
    """Serve `folder` on 127.0.0.1 at a free port, under `prefix`, until the block ends.

    The port is known before anything is built, so a site can be built for its own address."""
    handler = partial(_Handler, directory=str(folder), prefix=prefix)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="static-server", daemon=True)
    thread.start()
    try:
        yield Served(folder, prefix, server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="session")
def serving() -> Callable[..., Any]:
    return serve_folder


# --- the live preview ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PreviewServer:
    root: Path
    port: int
    log: Path

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def foreign(self, urls: list[str]) -> list[str]:
        return foreign(urls, self.url())

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError as exc:  # a 404 or the error page: the server is up
        exc.close()
        return True
    except OSError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def run_preview(root: Path, *args: str) -> Iterator[PreviewServer]:
    """`weekgen serve --source root *args` in a subprocess on a free port, stopped at the end."""
    for _attempt in range(3):  # another process may take the free port before weekgen does
        server = PreviewServer(root, free_port(), root.parent / f"{root.name}-serve.log")
        with server.log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "weekgen", "serve", "--source", str(root),
                 "--port", str(server.port), *args],
                stdout=sink, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while process.poll() is None and time.monotonic() < deadline:
            if _answers(server.url()):
                break
            time.sleep(0.05)
        if process.poll() is None and _answers(server.url()):
            break
        _stop(process)
    else:
        pytest.fail(f"weekgen serve did not start:\n{server.output()}", pytrace=False)
    try:
        yield server
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def previewing() -> Callable[..., Any]:
    return run_preview
