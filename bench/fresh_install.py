"""Fresh-machine proof: clone, `make install`, check the venv against uv.lock, time clone to first frame of `make run`.

Run by hand, not in CI nor `make bench` (the cold run downloads every package, about 1 GB):
    .venv/bin/python bench/fresh_install.py [--from REPO] [--test]
It runs twice: with an empty uv and pip cache (cold), then again with the cache that run filled (warm).
Both caches, the clones, their .venv and TRAINER_HOME live in one temp dir, removed at the end.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import Marker
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
#: Text on the home screen: once it is drawn, the first frame is on screen.
MARKER = "Start practice"
#: Variables of the calling shell that would point the clone's make or uv at another environment.
DROPPED_ENV = ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "PYTHONPATH")
ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])")
ENVIRONMENT = "import json; from packaging.markers import default_environment as d; print(json.dumps(d()))"
INSTALLED = (
    "import json; from importlib.metadata import distributions as d; "
    "print(json.dumps([[x.metadata['Name'], x.version] for x in d()]))"
)


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def applies(marker: str | None, env: dict[str, str]) -> bool:
    return marker is None or Marker(marker).evaluate(env)


def locked_versions(lock: dict, root: str, extras: Iterable[str], env: dict[str, str]) -> dict[str, str]:
    """Name -> version of every package the lock installs for `root` with `extras` under this marker environment."""
    by_name: dict[str, list[dict]] = {}
    for package in lock["package"]:
        by_name.setdefault(package["name"], []).append(package)

    def pick(dep: dict) -> dict:
        candidates = by_name[dep["name"]]
        if "version" in dep:  # the lock forked on markers: the dependency names its version
            candidates = [p for p in candidates if p["version"] == dep["version"]]
        if len(candidates) != 1:
            raise SystemExit(f"uv.lock: cannot tell which {dep['name']} is meant: {dep}")
        return candidates[0]

    wanted: dict[str, str] = {}
    seen: set[tuple[str, str, str | None]] = set()
    stack: list[tuple[dict, str | None]] = [(pick({"name": root}), None)]
    stack += [(pick({"name": root}), extra) for extra in extras]
    while stack:
        package, extra = stack.pop()
        key = (package["name"], package.get("version", ""), extra)
        if key in seen:
            continue
        seen.add(key)
        if package.get("version"):
            wanted[package["name"]] = package["version"]
        deps = package.get("dependencies", []) if extra is None else package["optional-dependencies"][extra]
        if extra is None:  # uv sync also installs the default `dev` dependency group, when there is one
            deps = deps + package.get("dev-dependencies", {}).get("dev", [])
        for dep in deps:
            if applies(dep.get("marker"), env):
                target = pick(dep)
                stack.append((target, None))
                stack += [(target, e) for e in dep.get("extra", [])]
    return wanted


def same_version(a: str, b: str) -> bool:
    try:
        return a == b or Version(a) == Version(b)
    except InvalidVersion:
        return False


def lock_problems(lock: dict, wanted: dict[str, str], installed: dict[str, str]) -> tuple[list[str], list[str]]:
    """One line per disagreement between the venv and the lock; and the installed names the lock does not know."""
    in_lock = {p["name"] for p in lock["package"]}
    problems = [f"{name}: locked {v}, not installed" for name, v in sorted(wanted.items()) if name not in installed]
    for name, version in sorted(installed.items()):
        if name in wanted and not same_version(version, wanted[name]):
            problems.append(f"{name}: locked {wanted[name]}, installed {version}")
        elif name in in_lock and name not in wanted:
            problems.append(f"{name} {version}: installed, but the lock does not apply it to this platform")
    return problems, sorted(set(installed) - in_lock)


def first_frame(cwd: Path, env: dict[str, str], marker: str, timeout: float) -> float:
    """Seconds from `make run` to `marker` on its screen, in an 80x24 pseudo-terminal; then quits with ctrl+q."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        ["make", "run"], cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True
    )
    os.close(slave)
    screen, seen = b"", None
    try:
        while seen is None and time.perf_counter() - start < timeout:
            if not select.select([master], [], [], 0.2)[0]:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the app exited
                break
            screen += chunk
            if marker.encode() in ANSI.sub(b"", screen):
                seen = time.perf_counter() - start
        if seen is None:
            tail = ANSI.sub(b"", screen).decode(errors="replace")[-800:]
            raise SystemExit(f"no first frame ({marker!r} never shown) within {timeout:.0f} s; screen ends:\n{tail}")
        os.write(master, b"\x11")  # ctrl+q
        proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # its own session: make and the app it started
            proc.wait()
        os.close(master)
    return seen


@dataclass
class Run:
    label: str
    seconds: dict[str, float] = field(default_factory=dict)
    checked: int = 0
    cache_mb: float = 0.0
    problems: list[str] = field(default_factory=list)
    unlocked: list[str] = field(default_factory=list)


def timed(run: Run, step: str, args: list[str], cwd: Path, env: dict[str, str], log: Path) -> None:
    start = time.perf_counter()
    with log.open("ab") as out:
        done = subprocess.run(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    run.seconds[step] = time.perf_counter() - start
    if done.returncode:
        tail = log.read_text(errors="replace")[-2000:]
        raise SystemExit(f"{run.label}: `{' '.join(args)}` failed ({done.returncode}); {log.name} ends:\n{tail}")


def fresh_install(label: str, source: Path, rev: str, work: Path, caches: Path, args: argparse.Namespace) -> Run:
    run = Run(label)
    clone, log = work / label / "trainer", work / f"{label}.log"
    clone.parent.mkdir()
    shared = source.parent / "shared"
    if shared.is_dir():  # the tests look for the shared dev sets beside the checkout
        (clone.parent / "shared").symlink_to(shared)
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env |= {
        "TRAINER_HOME": str(work / label / "home"),
        "HF_HOME": str(work / label / "hf"),
        "UV_CACHE_DIR": str(caches / "uv"),
        "PIP_CACHE_DIR": str(caches / "pip"),
        "TERM": "xterm-256color",
    }
    timed(run, "clone", ["git", "clone", "--quiet", "--no-checkout", str(source), str(clone)], work, env, log)
    timed(run, "checkout", ["git", "checkout", "--quiet", "--detach", rev], clone, env, log)
    timed(run, "make install", ["make", "install"], clone, env, log)
    run.seconds["make run: first frame"] = first_frame(clone, env, args.marker, args.timeout)
    run.seconds["clone to first frame"] = sum(run.seconds.values())  # not the app's quitting after it
    run.cache_mb = sum(f.stat().st_size for f in caches.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6

    python = str(clone / ".venv" / "bin" / "python")
    marker_env = json.loads(subprocess.run([python, "-c", ENVIRONMENT], capture_output=True, check=True).stdout)
    pairs = json.loads(subprocess.run([python, "-c", INSTALLED], capture_output=True, check=True).stdout)
    installed = {normalized(name): version for name, version in pairs}
    lock = tomllib.loads((clone / "uv.lock").read_text())
    root = normalized(tomllib.loads((clone / "pyproject.toml").read_text())["project"]["name"])
    extras = re.findall(r"--extra (\S+)", re.search(r"^EXTRAS :?= (.*)$", (clone / "Makefile").read_text(), re.M)[1])
    wanted = locked_versions(lock, root, extras, marker_env)
    run.checked = len(wanted)
    run.problems, run.unlocked = lock_problems(lock, wanted, installed)
    if args.test:
        timed(run, "make test", ["make", "test"], clone, env, log)
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, default=ROOT, help="repository to clone (its HEAD)")
    parser.add_argument("--test", action="store_true", help="also run `make test` in each clone")
    parser.add_argument("--marker", default=MARKER, help="text that shows the first frame is drawn")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for the first frame")
    args = parser.parse_args()
    source = args.source.resolve()
    rev = subprocess.run(["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    rev = rev.stdout.strip()
    print(f"fresh install of {source} at {rev[:12]} (committed HEAD; uncommitted changes are not included)")
    runs = []
    with tempfile.TemporaryDirectory(prefix="trainer-fresh-") as tmp:
        work, caches = Path(tmp), Path(tmp) / "cache"
        for label in ("cold", "warm"):  # cold fills the empty cache that warm then uses
            runs.append(fresh_install(label, source, rev, work, caches, args))
            run = runs[-1]
            steps = ", ".join(f"{step} {s:.1f} s" for step, s in run.seconds.items())
            print(f"{label} cache: {steps}; the cache now holds {run.cache_mb:.0f} MB")
            print(f"  {run.checked} locked packages apply here; {len(run.problems)} disagree with the venv")
            for line in run.problems:
                print(f"  {line}")
            if run.unlocked:
                print(f"  installed, not in the lock (the venv's own seed): {', '.join(run.unlocked)}")
    sys.exit(1 if any(run.problems for run in runs) else 0)


if __name__ == "__main__":
    main()
