"""`make bench`: the loader and dashboard benchmarks, one table each, with the machine they ran on."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f", {int(fh.readline().split()[1]) // (1024 * 1024)} GiB"
    except OSError:
        pass
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"


def main() -> None:
    print(f"Machine: {machine()}\n")
    print("## Loader (python bench/loader_bench.py --sizes 10000,100000 --jobs 2)\n")
    sys.stdout.flush()
    subprocess.run([sys.executable, "bench/loader_bench.py", "--sizes", "10000,100000", "--jobs", "2", "--scaling"],
                   cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
    print("\n## Dashboard (python bench/dashboard_bench.py --sizes 1000,10000,100000)\n")
    sys.stdout.flush()
    subprocess.run([sys.executable, "bench/dashboard_bench.py", "--sizes", "1000,10000,100000"], cwd=ROOT, check=True,
                   stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
