"""Instructions the redactor executes per text, counted by valgrind's callgrind.

A figure that does not move with the machine's load or speed: docs/s on a shared 2-core
machine varies by 10-20% from one run to the next, an instruction count by well under
0.1% for one build, and by up to about 0.4% when the same code is built again (the
layout of the compiled modules moves). Differences under half a percent are noise.
Two commits compare by their counts; docs/s still needs pii_eval.py on a given
machine. The speed set is pii_eval.py's (449 texts of 210 characters) with its
100,000-name member automaton; only the timed passes are counted (callgrind starts
counting after the warm-up and the process ends without tearing down).

    PYTHONPATH=build/compiled python benchmarks/pii_instructions.py [--passes 2]

Needs valgrind (``callgrind_control`` on the PATH); about a minute per run.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _count_in_child(passes: int, fifo: Path) -> None:
    sys.path.insert(0, str(HERE))
    from pii_corpus import generate
    from pii_eval import consentgate_system, speed_set

    items = speed_set(list(generate()))
    system, _ = consentgate_system(100_000)
    texts = [(str(i["text"]), str(i["lang"])) for i in items]
    for text, lang in texts:  # warm-up, not counted
        system(text, lang)
    print(len(texts), flush=True)
    Path(f"{fifo}.ready").touch()
    fifo.read_text()  # blocks until counting is on
    for _ in range(passes):
        for text, lang in texts:
            system(text, lang)
    os._exit(0)  # the interpreter's teardown is not the redactor's cost


def _count(passes: int) -> tuple[int, int]:
    """(instructions counted, texts per pass)."""
    with tempfile.TemporaryDirectory() as work:
        fifo = Path(work) / "go"
        os.mkfifo(fifo)
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
                   f"--callgrind-out-file={work}/callgrind.out", sys.executable, __file__,
                   "--child", str(fifo), "--passes", str(passes)]  # fmt: skip
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
    collected = re.search(r"Collected : (\d+)", err)
    if collected is None:
        raise SystemExit(f"no count in callgrind's output:\n{err}")
    return int(collected.group(1)), int(out.split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2, help="counted passes over the set")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        _count_in_child(args.passes, args.child)
        return
    instructions, texts = _count(args.passes)
    print(f"{instructions / (args.passes * texts):,.0f} instructions a text "
          f"({texts} texts of the speed set, {args.passes} passes)")  # fmt: skip


if __name__ == "__main__":
    main()
