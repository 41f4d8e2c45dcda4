"""`make bench`: the loader, dashboard, leave-one-out and UCDP-agreement benchmarks, one table each, with the
machine they ran on."""

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
    print("\n## Gazetteer leave-one-out (python bench/gazetteer_loo.py)\n")
    sys.stdout.flush()
    subprocess.run([sys.executable, "bench/gazetteer_loo.py"], cwd=ROOT, check=True)
    ged = ROOT.parent / "shared" / "data" / "corpora" / "ucdp_ged_syria_2016-2019.csv"
    if ged.exists():  # UCDP's coordinates are not shipped: only where ../shared is at hand
        print("\n## Real reports against UCDP's coding (python bench/ucdp_agreement.py)\n")
        sys.stdout.flush()
        subprocess.run([sys.executable, "bench/ucdp_agreement.py", "--ged", str(ged)], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
