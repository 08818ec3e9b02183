"""`make lab` works: a real JupyterLab server sees the notebooks, and its python3 kernel imports newsframe.

Starts ``jupyter lab`` from this venv on a free 127.0.0.1 port with a random token and
``root_dir`` = the project root (what ``make lab`` does), then through the REST and websocket
APIs: lists ``notebooks/``, starts a ``python3`` kernel, checks that it runs this venv's Python
and imports this checkout's newsframe, runs the ``parameters`` cell of
``notebooks/00-corpus-overview.ipynb``, and shuts everything down, asserting that neither the
server nor the kernel is left running.  Every wait is bounded.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.error import URLError
from urllib.request import Request, urlopen

import newsframe
import psutil
import pytest
import websocket
from newsframe.paths import NOTEBOOKS_DIR, PROJECT_ROOT

# runs the runner, a notebook, a browser or JupyterLab in a subprocess: left out of `make test-fast`
pytestmark = pytest.mark.slow

JUPYTER = Path(sys.executable).parent / "jupyter"
OVERVIEW = "notebooks/00-corpus-overview.ipynb"
START_TIMEOUT = 60.0
CALL_TIMEOUT = 30.0


@dataclass(frozen=True)
class Server:
    """A running JupyterLab server: its process, base URL and token."""

    process: subprocess.Popen
    url: str
    token: str
    log: Path

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, object]:
        """One REST call; returns the HTTP status and the decoded JSON body (None when empty)."""
        request = Request(
            f"{self.url}{path}",
            method=method,
            data=json.dumps(body).encode("utf-8") if body is not None else None,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urlopen(request, timeout=CALL_TIMEOUT) as response:
            payload = response.read()
            return response.status, json.loads(payload) if payload else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Server]:
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "IPYTHONDIR": str(tmp_path / "ipython"),
    }
    log = tmp_path / "jupyter.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                str(JUPYTER),
                "lab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={PROJECT_ROOT}",
                *(["--allow-root"] if os.geteuid() == 0 else []),
            ],
            cwd=tmp_path,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Server(process, f"http://127.0.0.1:{port}", token, log)
    try:
        wait_until_ready(running)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)


def wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"jupyter lab exited with {server.process.returncode}:\n{server.log.read_text()[-3000:]}")
        try:
            if server.call("GET", "/api/status")[0] == 200:
                return
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"jupyter lab not ready after {START_TIMEOUT:.0f} s:\n{server.log.read_text()[-3000:]}")


def execute(channel: websocket.WebSocket, code: str) -> str:
    """Run ``code`` in the kernel behind ``channel``; return its stdout (fail on an error or timeout)."""
    msg_id, session = uuid.uuid4().hex, uuid.uuid4().hex
    channel.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": "test",
                    "session": session,
                    "date": datetime.now(UTC).isoformat(),
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "buffers": [],
                "channel": "shell",
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": False,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
            }
        )
    )
    stdout, replied, idle = [], False, False
    deadline = time.monotonic() + CALL_TIMEOUT
    while not (replied and idle):
        if time.monotonic() > deadline:
            pytest.fail(f"no reply to {code!r} within {CALL_TIMEOUT:.0f} s")
        message = json.loads(channel.recv())
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "stream" and content["name"] == "stdout":
            stdout.append(content["text"])
        elif kind == "error":
            pytest.fail(f"{code!r} raised {content['ename']}: {content['evalue']}")
        elif kind == "execute_reply":
            replied = True
            assert content["status"] == "ok", content
        elif kind == "status" and content["execution_state"] == "idle":
            idle = True
    return "".join(stdout)


def test_lab_serves_the_notebooks_and_a_kernel_that_imports_newsframe(server: Server) -> None:
    status, listing = server.call("GET", "/api/contents/notebooks")
    assert status == 200
    names = {item["name"] for item in listing["content"]}
    assert "00-corpus-overview.ipynb" in names
    assert names >= {path.name for path in NOTEBOOKS_DIR.glob("*.ipynb")}
    with urlopen(
        Request(f"{server.url}/lab", headers={"Authorization": f"token {server.token}"}), timeout=CALL_TIMEOUT
    ) as page:
        assert page.status == 200 and b"JupyterLab" in page.read()

    status, notebook = server.call("GET", f"/api/contents/{OVERVIEW}?content=1")
    assert status == 200
    parameters = next(cell for cell in notebook["content"]["cells"] if cell["cell_type"] == "code")
    assert "parameters" in parameters["metadata"].get("tags", [])

    status, kernel = server.call("POST", "/api/kernels", {"name": "python3"})
    assert status == 201
    kernel_processes = psutil.Process(server.process.pid).children(recursive=True)
    assert kernel_processes, "the server started no kernel process"

    channel = websocket.create_connection(
        f"ws://127.0.0.1:{server.url.rsplit(':', 1)[1]}/api/kernels/{kernel['id']}/channels?token={server.token}",
        timeout=CALL_TIMEOUT,
    )
    try:
        seen = execute(
            channel,
            "import sys, newsframe, newsframe.paths\n"
            "print(newsframe.__version__); print(sys.executable); print(newsframe.paths.PROJECT_ROOT)",
        )
        assert seen.splitlines() == [newsframe.__version__, sys.executable, str(PROJECT_ROOT)]
        execute(channel, "".join(parameters["source"]))
        assert execute(channel, "print(repr(corpus), repr(output_dir))").strip() == "'seeds' 'outputs'"
    finally:
        channel.close()

    status, _ = server.call("DELETE", f"/api/kernels/{kernel['id']}")
    assert status == 204
    assert server.call("GET", "/api/kernels")[1] == []
    _, alive = psutil.wait_procs(kernel_processes, timeout=CALL_TIMEOUT)
    assert alive == [], f"kernel processes left after DELETE: {alive}"

    server.call("POST", "/api/shutdown")
    assert server.process.wait(timeout=CALL_TIMEOUT) == 0
    with pytest.raises(ProcessLookupError):
        os.killpg(server.process.pid, 0)
