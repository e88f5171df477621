"""Start-up benchmark: `trainer --help` wall time and time from launch to the TUI's first frame.

Targets (issue 2): --help <= 0.3 s; first frame <= 0.5 s. Run: .venv/bin/python bench/startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7

FIRST_FRAME = """
import time, sys
t0 = float(sys.argv[1])
from trainer.cli.context import open_store, user_settings
from trainer.ui.app import make_app
store = open_store()
app = make_app(settings=user_settings(), store=store, mode="home")
async def ready(pilot):
    # Textual calls the auto-pilot once the app is ready: its first frame is on screen
    print(time.time() - t0)
    app.exit()
app.run(headless=True, size=(80, 24), auto_pilot=ready)
"""


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - start


def first_frame(env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, repr(time.time())],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    ).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TRAINER_HOME": home}
        trainer = str(Path(sys.executable).parent / "trainer")
        timed([trainer, "--help"], env)  # warm the file cache
        helps = [timed([trainer, "--help"], env) for _ in range(RUNS)]
        first_frame(env)
        frames = [first_frame(env) for _ in range(RUNS)]
    print(f"trainer --help:  median {statistics.median(helps):.3f} s, max {max(helps):.3f} s  (target <= 0.3 s)")
    print(f"TUI first frame: median {statistics.median(frames):.3f} s, max {max(frames):.3f} s  (target <= 0.5 s)")


if __name__ == "__main__":
    main()
