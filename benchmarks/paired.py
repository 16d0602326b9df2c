"""Paired runs: a benchmark script on an earlier commit and on this tree, alternately.

Each side runs its own copy of the script (`SCRIPT` is a path inside the tree) with its own
source first on PYTHONPATH, in the order before, after, before, after...; every run's JSON
lines are kept, and for each metric the median of each side and their ratio (after / before)
are printed. Alternating puts both sides under the same background load, which on a shared
2-core machine moves single runs more than most changes do.

    python benchmarks/paired.py --before 0ede9da --rounds 3 \
        --metric requests_per_s --metric p99_ms -- \
        benchmarks/bench_api.py --backend sqlite --seconds 15 --concurrency 16

`{side}` in an argument becomes `before` or `after` (e.g. a per-side `--work` directory, when
the two sides' databases are not interchangeable). The earlier commit is checked out as a
detached git worktree in a temporary directory, removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(slots=True)
class Side:
    """One source tree and the JSON results of its runs."""

    name: str
    tree: Path
    results: list[dict[str, Any]] = field(default_factory=list)


def metric(result: dict[str, Any], dotted: str) -> float | None:
    """A number at a dotted path of a result (`full.seconds`), or None when absent."""
    value: Any = result
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return float(value) if isinstance(value, int | float) else None


def run_side(side: Side, script: list[str], env: dict[str, str]) -> None:
    """Run the script once in `side`'s tree; keep every JSON object it prints."""
    args = [a.replace("{side}", side.name) for a in script]
    side_env = {**env, "PYTHONPATH": str(side.tree / "src")}
    done = subprocess.run(
        [sys.executable, *args], cwd=side.tree, env=side_env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"{side.name}: {' '.join(args)} failed:\n{done.stderr[-4000:]}")
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            result = json.loads(line)
            side.results.append(result)
            print(side.name, json.dumps(result), flush=True)


def report(sides: tuple[Side, Side], metrics: list[str]) -> dict[str, Any]:
    """Median of each metric per side (grouped by `backend` when results carry one)."""
    groups = sorted({str(r.get("backend", "")) for s in sides for r in s.results})
    out: dict[str, Any] = {}
    for group in groups:
        for name in metrics:
            medians = []
            for side in sides:
                values = [
                    v
                    for r in side.results
                    if str(r.get("backend", "")) == group and (v := metric(r, name)) is not None
                ]
                medians.append(statistics.median(values) if values else None)
            before, after = medians
            ratio = after / before if before and after is not None else None
            key = f"{group}:{name}" if group else name
            out[key] = {"before": before, "after": after, "ratio": ratio}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="git commit or ref to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--metric", action="append", required=True, help="dotted JSON key")
    parser.add_argument("script", nargs=argparse.REMAINDER, help="-- SCRIPT ARGS...")
    args = parser.parse_args()
    script = args.script[1:] if args.script[:1] == ["--"] else args.script
    if not script:
        parser.error("give the benchmark script and its arguments after --")
    with tempfile.TemporaryDirectory(prefix="cg-paired-") as tmp:
        tree = Path(tmp) / "before"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.before],
            check=True,
            capture_output=True,
        )
        # Each side's ledger signing key, created on first use, lives in this directory.
        env = {**os.environ, "XDG_CONFIG_HOME": str(Path(tmp) / "config")}
        sides = (Side("before", tree), Side("after", ROOT))
        try:
            for _ in range(args.rounds):
                for side in sides:
                    run_side(side, script, env)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False
            )
    print(json.dumps({"before": args.before, "rounds": args.rounds,
                      "medians": report(sides, args.metric)}, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
