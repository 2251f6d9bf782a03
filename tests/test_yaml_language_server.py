"""The generated JSON Schemas in the editor: yaml-language-server (the npm package in package.json,
the engine of VS Code's YAML extension) run over stdio, spoken to in LSP's JSON-RPC as an editor
does. It completes the `status` values and says a bad date in words, in the site's language.

One server for the module. Without node or the package the tests are skipped, except in CI,
where they fail."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from site_helpers import npm_file
from weekgen.cli import main
from weekgen.editor import schema
from weekgen.messages import tool_texts
from weekgen.model.content import STATUSES

TIMEOUT = 30.0


class Server:
    """A language server on the other end of two pipes: requests, notifications, and what it
    sends back, read by a thread into a queue."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            self.inbox.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in reply, reply
        return reply["result"]

    def wait(self, wanted: Any) -> dict[str, Any]:
        """The next message `wanted` accepts; the server's own requests get an empty answer."""
        while True:
            try:
                message = self.inbox.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError("yaml-language-server said nothing in time") from None
            if "method" in message and "id" in message:  # e.g. client/registerCapability
                self._send({"id": message["id"], "result": None})
            if wanted(message):
                return message

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        found = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == uri)
        return list(found["params"]["diagnostics"])

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=5)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            for pipe in (self.process.stdin, self.process.stdout):
                if pipe is not None:
                    pipe.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fictional Dutch site whose schemas/ `weekgen schema` wrote."""
    root = tmp_path_factory.mktemp("editor")
    (root / "content" / "2027").mkdir(parents=True)
    (root / "content" / "site.yaml").write_text("title: Voorbeeldweek\nlanguage: nl\n", "utf-8")
    assert main(["schema", "--source", str(root)]) == 0
    return root


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[Server]:
    program = npm_file("yaml-language-server/bin/yaml-language-server")
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing (CI must run this test)", pytrace=False)
        pytest.skip("node is missing")
    s = Server([str(node), str(program), "--stdio"])
    try:
        s.request("initialize", {"processId": None, "rootUri": site.as_uri(),
                                 "capabilities": {"textDocument": {"completion": {}}},
                                 "workspaceFolders": None})
        s.notify("initialized", {})
        s.notify("workspace/didChangeConfiguration", {"settings": {"yaml": {
            "validate": True, "completion": True, "hover": True, "schemas": {},
            "schemaStore": {"enable": False}}}})
        yield s
    finally:
        s.close()


_opened = 0


def open_file(server: Server, site: Path, text: str) -> str:
    """Open an activities file of 2027 holding `text` below the schema's modeline; its uri."""
    global _opened
    _opened += 1
    path = site / "content" / "2027" / "activities" / f"open-{_opened}.yaml"
    uri = path.as_uri()
    line = schema.modeline(f"../../../schemas/{schema.FILES['activities.yaml']}")
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": line + text}})
    return uri


def test_completion_offers_the_status_values(server: Server, site: Path) -> None:
    uri = open_file(server, site, "- title: Open dag\n  date: 2027-11-16\n  status: \n")
    server.diagnostics(uri)  # the server has read the file and its schema
    result = server.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": 3, "character": 10}})
    items = result["items"] if isinstance(result, dict) else result
    labels = {item["label"] for item in items}
    assert set(STATUSES) <= labels, labels


def test_a_bad_date_is_said_in_words(server: Server, site: Path) -> None:
    uri = open_file(server, site, "- title: Open dag\n  date: 16-11-2027\n")
    found = server.diagnostics(uri)
    said = tool_texts("nl")(schema.PATTERN_MESSAGES["date"], year=schema.EXAMPLE_YEAR)
    assert "JJJJ-MM-DD" in said  # the Dutch site's words
    at = [(d["range"]["start"]["line"], d["message"]) for d in found]
    assert (2, said) in at, at
    assert not any("pattern" in message for _, message in at), at



def test_a_wrong_status_lists_the_right_ones(server: Server, site: Path) -> None:
    uri = open_file(server, site, "- title: Open dag\n  date: 2027-11-16\n  status: afgelast\n")
    (found,) = server.diagnostics(uri)
    assert (found["range"]["start"]["line"], found["data"]["values"]) == (3, list(STATUSES))
