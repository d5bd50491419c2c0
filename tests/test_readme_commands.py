"""Every command in the README and in the example headers runs as written (issue 20).

Commands are taken from the README's ``bash`` code blocks, from ``$ orbitcompute ...`` lines
of its other code blocks (the lines after one, up to the next ``$``, are its output: each
must appear in what the command prints, and ``error: ...`` means the command must fail with
exit status 2), from inline code that is a concrete command (a synopsis with ``[...]``,
``a|b`` or an upper-case placeholder such as SCENARIO is not), and from the comment headers of
``examples/*.toml``. Its ``python`` blocks run in one namespace. Everything runs in a fresh
directory holding only ``examples/``, as on a fresh checkout.

Cost is kept small only through a command's own flags (:data:`SMALLER`: fewer samples, fewer
days); ``compare --from-sim`` has no such flag and runs as written, in a subprocess with a
time bound; ``serve`` is started on a free port and stopped once it answers. A block the
README marks ``<!-- test: skip (reason) -->`` (the Dask cluster example needs a cluster) is
listed by :func:`test_skipped_blocks_say_why`.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from orbitcompute.cli.common import invoke

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SRC = str(ROOT / "src")

#: (flag, value as written) -> smaller value: the command's own flags keep the test cheap.
SMALLER = {
    ("-n", "1000000"): "2000",  # montecarlo samples
    ("-n", "16384"): "256",  # Sobol base samples (a power of 2)
    ("--days", "365"): "2",  # simulated days
}
#: Commands run in a subprocess with a time bound [s] (no flag makes them smaller).
BOUNDED = {"compare --from-sim": 900}
PLACEHOLDER = re.compile(r"\[|\||\.\.\.|<|\b[A-Z][A-Z0-9_]{1,}\b")
SKIP = re.compile(r"<!--\s*test:\s*skip\s*\((?P<why>[^)]*)\)\s*-->")


@dataclass
class Command:
    text: str
    where: str
    expect: list[str] = field(default_factory=list)  # output lines
    error: bool = False


def _args(text: str) -> list[str]:
    args = shlex.split(text, comments=True)
    for i in range(len(args) - 1):
        if (args[i], args[i + 1]) in SMALLER:
            args[i + 1] = SMALLER[(args[i], args[i + 1])]
    return args


def readme_blocks(text: str) -> list[tuple[str, str, int, str | None]]:
    """(language, body, line number, skip reason) of every fenced code block."""
    out = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^```(\w*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        prev = lines[i - 1] if i else ""
        skip = SKIP.search(prev)
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        out.append((m.group(1), "\n".join(lines[i + 1 : j]), i + 1, skip and skip["why"]))
        i = j + 1
    return out


def readme_commands() -> tuple[list[Command], list[str], list[str]]:
    """Commands, python blocks and skipped blocks (with their reasons) of the README."""
    text = README.read_text(encoding="utf-8")
    commands: list[Command] = []
    python: list[str] = []
    skipped: list[str] = []
    for lang, body, line, skip in readme_blocks(text):
        where = f"README.md:{line}"
        if skip:
            skipped.append(f"{where}: {skip}")
            continue
        if lang == "python":
            python.append(body)
        elif lang == "bash":
            for raw in body.replace("\\\n", " ").splitlines():
                for part in raw.split("&&"):
                    part = part.split(" #")[0].strip()
                    if part.startswith("orbitcompute "):
                        commands.append(Command(part, where))
        elif lang in ("", "text", "console"):
            current = None
            for raw in body.splitlines():
                if raw.startswith("$ "):
                    current = Command(raw[2:].split("  #")[0].strip(), where)
                    if PLACEHOLDER.search(current.text):  # a synopsis, not a command
                        current = None
                        continue
                    commands.append(current)
                elif current is not None and raw.strip() and raw.strip() != "...":
                    current.expect.append(raw.strip())
                    current.error |= raw.startswith("error:")
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    for m in re.finditer(r"`(orbitcompute [^`]+)`", prose):
        cmd = " ".join(m.group(1).split())
        if not PLACEHOLDER.search(cmd):
            commands.append(Command(cmd, "README.md (inline)"))
    unique: dict[str, Command] = {}
    for c in commands:  # one run per command; its expected outputs merged
        if c.text in unique:
            unique[c.text].expect += c.expect
            unique[c.text].error |= c.error
        else:
            unique[c.text] = c
    return list(unique.values()), python, skipped


def example_commands() -> list[Command]:
    """The commands in the comment headers of examples/*.toml (``\\`` continues a line)."""
    out = []
    for path in sorted((ROOT / "examples").glob("*.toml")):
        head = []
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.startswith("#"):
                break
            head.append(raw.lstrip("#").strip())
        joined = "\n".join(head).replace("\\\n", " ")
        for line in joined.splitlines():
            if line.startswith("orbitcompute "):
                out.append(Command(" ".join(line.split()), f"examples/{path.name}"))
    return out


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A fresh working directory: only examples/ (as in a checkout), no out/ yet."""
    d = tmp_path_factory.mktemp("checkout")
    (d / "examples").symlink_to(ROOT / "examples")
    return d


def run(cmd: Command, cwd: Path) -> tuple[int, str]:
    args = _args(cmd.text)[1:]
    bound = next((s for k, s in BOUNDED.items() if cmd.text.startswith("orbitcompute " + k)), 0)
    if bound:
        r = subprocess.run(
            [sys.executable, "-m", "orbitcompute", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=bound,
            env={**os.environ, "PYTHONPATH": SRC},
        )
        return r.returncode, r.stdout + r.stderr
    old = Path.cwd()
    os.chdir(cwd)
    try:
        code, out, err = invoke(args)
    finally:
        os.chdir(old)
    return code, out + err


def check(cmd: Command, cwd: Path) -> None:
    code, output = run(cmd, cwd)
    shown = " ".join(output.split())
    if cmd.error:
        assert code == 2, f"{cmd.where}: {cmd.text} should fail with one line:\n{output}"
    else:
        assert code == 0, f"{cmd.where}: {cmd.text} failed:\n{output}"
    for line in cmd.expect:
        assert " ".join(line.split()) in shown, (
            f"{cmd.where}: {cmd.text} no longer prints\n  {line}\nit prints:\n{output}"
        )


COMMANDS, PYTHON, SKIPPED = readme_commands()
RUNNABLE = [c for c in COMMANDS if not c.text.startswith("orbitcompute serve")]


def test_the_readme_has_commands():
    texts = [c.text for c in COMMANDS]
    assert "orbitcompute compare" in texts  # the quick start
    assert any(t.startswith("orbitcompute montecarlo") for t in texts)
    assert example_commands()


@pytest.mark.parametrize("cmd", RUNNABLE, ids=[c.text[13:60] for c in RUNNABLE])
def test_readme_command(cmd, checkout):
    check(cmd, checkout)


@pytest.mark.parametrize("cmd", example_commands(), ids=lambda c: c.text[13:60])
def test_example_header_command(cmd, checkout):
    check(cmd, checkout)


def test_readme_python_blocks():
    namespace: dict = {}
    for block in PYTHON:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102
    assert "res" in namespace


def test_readme_serve():
    """``orbitcompute serve`` starts and answers (on a free port instead of 8050)."""
    cmds = [c for c in COMMANDS if c.text.startswith("orbitcompute serve")]
    pytest.importorskip("uvicorn")
    assert cmds
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = subprocess.Popen(
        [sys.executable, "-m", "orbitcompute", *_args(cmds[0].text)[1:], "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC},
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert p.poll() is None, p.stdout.read()
                assert time.monotonic() < deadline, "serve did not answer within 120 s"
                time.sleep(0.5)
    finally:
        p.terminate()
        p.wait(timeout=30)


def test_skipped_blocks_say_why():
    """Only the cluster example is not run, and the README says why next to it."""
    assert len(SKIPPED) <= 1 and all("cluster" in s for s in SKIPPED), SKIPPED


def test_readme_scenario_file_is_the_example():
    """The scenario TOML shown in the README is examples/starship_design.toml, which the
    README's ``compare examples/starship_design.toml`` runs."""
    shown = [b for lang, b, _, _ in readme_blocks(README.read_text()) if lang == "toml"]
    example = (ROOT / "examples" / "starship_design.toml").read_text(encoding="utf-8")
    assert shown and shown[0].strip() == example.strip()
