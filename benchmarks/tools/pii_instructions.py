"""Instructions the redactor executes per text, counted by valgrind's callgrind.

A figure that does not move with the machine's load or speed: docs/s on a shared 2-core
machine varies by 10-20% from one run to the next, an instruction count by well under
0.1% for one build, and by up to about 0.4% when the same code is built again (the
layout of the compiled modules moves). Differences under half a percent are noise.
Two commits compare by their counts; docs/s still needs pii_eval.py on a given
machine. The speed set is pii_eval.py's (449 texts of 210 characters) with its
100,000-name member automaton; only the timed passes are counted (callgrind starts
counting after the warm-up and the process ends without tearing down).

    PYTHONPATH=build/compiled python benchmarks/tools/pii_instructions.py [--passes 2]
        [--batch 256] [--cache-sim]

``--batch N`` hands the texts to ``analyze_many`` N at a time (pii_eval's batch
figure). ``--cache-sim`` also simulates the caches and prints the data reads that miss
the first-level cache and the second level (1 MiB, as on the 2-core machines the
benchmarks ran on), the misses that separate a batch from one text at a time at the
same instruction count.

Needs valgrind (``callgrind_control`` on the PATH); about a minute per run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# pii_corpus and pii_eval live one folder up, in benchmarks/.
HERE = Path(__file__).resolve().parent.parent


def _count_in_child(passes: int, batch: int, fifo: Path) -> None:
    sys.path.insert(0, str(HERE))
    from pii_corpus import generate
    from pii_eval import consentgate_system, speed_set, texts_and_langs

    system, redactor = consentgate_system(100_000)
    texts, langs = texts_and_langs(speed_set(list(generate())))
    batches = [texts[at : at + batch] for at in range(0, len(texts), batch)] if batch else []
    for text, lang in zip(texts, langs, strict=True):  # warm-up, not counted
        system(text, lang)
    print(len(texts), flush=True)
    Path(f"{fifo}.ready").touch()
    fifo.read_text()  # blocks until counting is on
    for _ in range(passes):
        for texts_of_batch in batches:
            redactor.analyze_many(texts_of_batch)
        if not batch:
            for text, lang in zip(texts, langs, strict=True):
                system(text, lang)
    os._exit(0)  # the interpreter's teardown is not the redactor's cost


def _count(
    passes: int, batch: int, cache_sim: bool, keep: Path | None = None
) -> tuple[dict[str, int], int]:
    """(callgrind's totals by event: Ir, and D1mr, DLmr... when simulated; texts per pass)."""
    with tempfile.TemporaryDirectory() as work:
        fifo = Path(work) / "go"
        os.mkfifo(fifo)
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={work}/callgrind.out",
        ]
        if cache_sim:
            command += ["--cache-sim=yes", "--branch-sim=yes", "--LL=1048576,16,64"]
        command += [sys.executable, __file__, "--child", str(fifo), "--passes", str(passes),
                    "--batch", str(batch)]  # fmt: skip
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        with subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) as proc:  # fmt: skip
            while not Path(f"{fifo}.ready").exists():
                if proc.poll() is not None:
                    raise SystemExit(f"the counted run failed:\n{proc.stderr.read()}")
                time.sleep(0.2)
            subprocess.run(["callgrind_control", "-i", "on", str(proc.pid)], check=True,
                           capture_output=True)  # fmt: skip
            fifo.write_text("go")
            out, err = proc.communicate()
        if keep is not None:  # for callgrind_annotate: where the instructions go
            shutil.copyfile(f"{work}/callgrind.out", keep)
    events = re.search(r"Events +: ([\w ]+)", err)
    collected = re.search(r"Collected : ([\d ]+)", err)
    if events is None or collected is None:
        raise SystemExit(f"no count in callgrind's output:\n{err}")
    totals = map(int, collected.group(1).split())
    return dict(zip(events.group(1).split(), totals, strict=True)), int(out.split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2, help="counted passes over the set")
    parser.add_argument("--batch", type=int, default=0, help="texts per analyze_many call")
    parser.add_argument("--cache-sim", action="store_true", help="count cache misses too")
    parser.add_argument("--keep", type=Path, help="keep callgrind's output file here")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _count_in_child(args.passes, args.batch, args.child)
        return
    totals, texts = _count(args.passes, args.batch, args.cache_sim, args.keep)
    done = args.passes * texts
    how = f"in batches of {args.batch}" if args.batch else "one per call"
    print(f"{totals['Ir'] / done:,.0f} instructions a text "
          f"({texts} texts of the speed set {how}, {args.passes} passes)")  # fmt: skip
    if args.cache_sim:
        per_text = {event: f"{count / done:,.0f}" for event, count in totals.items()}
        print(f"a text: data reads missing L1 {per_text['D1mr']}, missing L2 "
              f"{per_text['DLmr']}; instruction fetches missing L1 {per_text['I1mr']}, "
              f"missing L2 {per_text['ILmr']}; branches mispredicted: conditional "
              f"{per_text['Bcm']}, indirect {per_text['Bim']}")  # fmt: skip


if __name__ == "__main__":
    main()
