"""A headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`), with what
printing the book needs: open a page, run a script in it, print it to PDF.

Playwright would do the same through its Node driver, which holds every PDF it relays, base64-encoded:
about 150 MB more while a 300-page volume prints. Here the PDF is read from Chromium in chunks.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, BinaryIO

PIPE_FDS = (3, 4)  # where Chromium reads commands and writes replies
LOADED = "Page.loadEventFired"  # the one event waited for; the others are dropped
READ_CHUNK = 1 << 20
STREAM_CHUNK = 8 << 20  # bytes of PDF per IO.read
# Playwright's print parameters besides the options: paper and margins are the book's CSS @page's anyway
PRINT_DEFAULTS = {"transferMode": "ReturnAsStream", "landscape": False, "displayHeaderFooter": False,
                  "headerTemplate": "", "footerTemplate": "", "scale": 1, "paperWidth": 8.5, "paperHeight": 11,
                  "marginTop": 0, "marginBottom": 0, "marginLeft": 0, "marginRight": 0, "pageRanges": ""}


class ChromiumError(RuntimeError):
    """Chromium quit, a page crashed, or a command failed."""


class Browser:
    """One Chromium process and its protocol connection."""

    def __init__(self, executable: str, arguments: list[str]) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="kb-chromium-")
        self._log: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115  closed in close()
        commands, self._commands = os.pipe()
        self._replies, replies = os.pipe()
        self._process = subprocess.Popen(
            [executable, *arguments, "--remote-debugging-pipe", "--no-startup-window",
             f"--user-data-dir={self._profile.name}"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log,
            pass_fds=PIPE_FDS, preexec_fn=lambda: _place_pipes(commands, replies))  # noqa: PLW1509  no threads here
        os.close(commands)
        os.close(replies)
        self._buffer = b""
        self._loaded: list[str] = []  # sessions whose load event came while waiting for a reply
        self._last_id = 0

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Run one command and return its result."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._commands, json.dumps(message).encode("utf-8") + b"\0")
        except BrokenPipeError:
            raise self._quit() from None
        while True:
            reply = self._receive()
            if reply.get("id") == self._last_id:
                if "error" in reply:
                    raise ChromiumError(f"{method}: {reply['error'].get('message', reply['error'])}")
                return reply.get("result", {})
            self._note(reply, session)

    def wait_loaded(self, session: str) -> None:
        """Until the page of `session` fires its load event (or has since the last wait)."""
        while session not in self._loaded:
            self._note(self._receive(), session)
        self._loaded.remove(session)

    def forget_loaded(self, session: str) -> None:
        self._loaded = [loaded for loaded in self._loaded if loaded != session]

    def new_page(self) -> Page:
        return Page(self)

    def close(self) -> None:
        if self._process.poll() is None:
            with suppress(ChromiumError):
                self.send("Browser.close")
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        for fd in (self._commands, self._replies):
            os.close(fd)
        self._log.close()
        self._profile.cleanup()

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._replies, READ_CHUNK)
            if not chunk:
                raise self._quit()
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _note(self, event: dict[str, Any], session: str | None) -> None:
        if event.get("method") == "Inspector.targetCrashed" and event.get("sessionId") == session:
            raise ChromiumError("Page crashed")
        if event.get("method") == LOADED:
            self._loaded.append(event["sessionId"])

    def _quit(self) -> ChromiumError:
        code = self._process.wait()
        self._log.seek(0)
        last = [line for line in self._log.read().decode("utf-8", "replace").splitlines() if line.strip()][-1:]
        return ChromiumError(f"Chromium quit (exit code {code}){': ' + last[0] if last else ''}")


class Page:
    """A tab of the browser, attached to its own protocol session."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser
        self._target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = browser.send("Target.attachToTarget", {"targetId": self._target, "flatten": True})["sessionId"]
        self._send("Page.enable")
        self._send("Inspector.enable")

    def goto(self, url: str) -> None:
        """Load `url` and wait for its load event."""
        self._browser.forget_loaded(self._session)
        navigated = self._send("Page.navigate", {"url": url})
        if navigated.get("errorText"):
            raise ChromiumError(f"{url}: {navigated['errorText']}")
        self._browser.wait_loaded(self._session)

    def evaluate(self, expression: str, argument: Any = None) -> Any:
        """The value of a JavaScript expression, awaited if a promise; with an `argument`, the expression is a
        function called with it."""
        if argument is not None:
            expression = f"({expression})({json.dumps(argument, ensure_ascii=False)})"
        done = self._send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
        if "exceptionDetails" in done:
            details = done["exceptionDetails"]
            raise ChromiumError(f"script failed: {details.get('exception', {}).get('description') or details['text']}")
        return done["result"].get("value")

    def pdf(self, **options: Any) -> bytes:
        """The page printed to PDF; `options` are Page.printToPDF's (printBackground, generateTaggedPDF, ...)."""
        stream = self._send("Page.printToPDF", {**PRINT_DEFAULTS, **options})["stream"]
        return b"".join(self._read(stream))

    def close(self) -> None:
        self._browser.send("Target.closeTarget", {"targetId": self._target})

    def _read(self, stream: str) -> Iterator[bytes]:
        try:
            while True:
                chunk = self._send("IO.read", {"handle": stream, "size": STREAM_CHUNK})
                data = chunk.get("data", "")
                yield base64.b64decode(data) if chunk.get("base64Encoded") else data.encode("latin-1")
                if chunk.get("eof"):
                    return
        finally:
            self._send("IO.close", {"handle": stream})

    def _send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._browser.send(method, params, self._session)


@contextmanager
def launch(executable: str, arguments: list[str]) -> Iterator[Browser]:
    browser = Browser(executable, arguments)
    try:
        yield browser
    finally:
        browser.close()


def _place_pipes(commands: int, replies: int) -> None:
    """In the child: the pipe ends at the descriptors Chromium expects (moved up first, so that neither
    overwrites the other)."""
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands, replies)]
    for fd, target in zip(high, PIPE_FDS, strict=True):
        os.dup2(fd, target)
