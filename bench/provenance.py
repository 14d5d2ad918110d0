"""Where and on what a benchmark ran, stored beside its figures so that a table generated from
the JSON says which commit, machine and filesystem its numbers belong to.

    from provenance import provenance
    doc = {**provenance(binary, data_dir), "figures": ...}
"""
import datetime
import os
import pathlib
import platform
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _run(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _cpu_model():
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _fs_type(path):
    # `df -T` names ext4/xfs/tmpfs/overlay; the data dir's filesystem decides what an fsync costs.
    out = _run("df", "--output=fstype", str(path))
    return out.splitlines()[-1].strip() if out else None


def provenance(binary, data_dir):
    """Commit (with a dirty flag: figures of uncommitted code), UTC date, machine, binary."""
    binary = pathlib.Path(binary).resolve()
    status = _run("git", "status", "--porcelain", "--untracked-files=no")
    return {
        "commit": {"sha": _run("git", "rev-parse", "HEAD"), "dirty": bool(status)},
        "date": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "machine": {
            "cores": os.cpu_count(),
            "cpu_model": _cpu_model(),
            "kernel": platform.release(),
            "data_dir": str(data_dir),
            "data_dir_fs": _fs_type(data_dir),
            "load_avg_at_start": list(os.getloadavg()),
        },
        # The binary may predate HEAD: its build time says which commits it can contain.
        "binary": {"path": str(binary), "size": binary.stat().st_size,
                   "built": datetime.datetime.fromtimestamp(
                       binary.stat().st_mtime, datetime.timezone.utc).replace(microsecond=0).isoformat()},
    }


def describe(doc):
    """One sentence for a README table: the provenance part of `doc`."""
    m, c = doc["machine"], doc["commit"]
    sha = (c["sha"] or "unknown")[:10] + (" + uncommitted changes" if c["dirty"] else "")
    loads = [f"{v[0]:.1f} at the {when}" for when, v in
             (("start", m.get("load_avg_at_start")), ("end", m.get("load_avg_at_end"))) if v]
    load_txt = f", load average {' and '.join(loads)}" if loads else ""
    return (f"{doc['date'][:10]}, commit `{sha}`, {m['cores']} cores ({m['cpu_model']}), "
            f"Linux {m['kernel']}, data dir on {m['data_dir_fs']}{load_txt}")
