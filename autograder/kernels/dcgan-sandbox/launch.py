"""Start a grading kernel inside a sandbox (the kernelspec "dcgan-sandbox").

nbgrader runs each student notebook in a kernel started from this file. The kernel:

* has no network at all (a fresh network namespace: not even loopback to the grader,
  which is why the kernel talks to nbgrader over Unix sockets, ``KernelManager.transport =
  "ipc"`` in nbgrader_config.py);
* sees the whole file system read-only, except its own notebook folder and the folder of
  its Unix sockets; the course's ``autograder/`` (gradebook, every submission, feedback)
  and ``solutions/`` (the instructor's notebooks with hidden tests) are replaced by empty
  folders, so they can be neither read nor written;
* runs as the unprivileged user ``nobody``: when grading as root, bubblewrap builds the
  sandbox with root's rights and ``setpriv`` then drops to uid 65534 with no capabilities
  (as root, the kernel would ignore the process limit); when grading as another user,
  bubblewrap runs unprivileged in a user namespace and the process limit counts on top of
  what that user already runs;
* has limits on CPU time, address space and number of processes (resource.setrlimit; the
  process limit is counted on top of what the grading user already runs).

It needs bubblewrap (``bwrap``, Debian/Ubuntu package ``bubblewrap``). Without it the kernel
refuses to start, unless the instructor explicitly chose to grade unsafely
(``COURSE_GRADING_UNSAFE=1``, set by ``instructor.py autograde --unsafe``), in which case
only the resource limits apply.
"""

from __future__ import annotations

import importlib.util
import json
import os
import resource
import shutil
import sys
from pathlib import Path

NOBODY = 65534
HERE = Path(__file__).resolve().parent
COURSE = HERE.parents[2]  # autograder/kernels/dcgan-sandbox -> course root


def limit(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def apply_limits(extra_processes: int = 0) -> None:
    """CPU seconds, address space and processes; defaults fit the fast grading profile."""
    cpu = limit("COURSE_GRADING_CPU_SECONDS", 900)
    memory = limit("COURSE_GRADING_MEMORY_MB", 6144) * 2**20
    processes = limit("COURSE_GRADING_MAX_PROCESSES", 512) + extra_processes
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def own_task_count() -> int:
    """Processes and threads this user already runs (RLIMIT_NPROC counts them all)."""
    uid, count = os.getuid(), 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if int(fields.get("Uid", "-1").split()[0]) == uid:
            count += int(fields.get("Threads", "1"))
    return count


def reachable(path: Path) -> list[str]:
    """``--dir`` for each folder above ``path``, so that nobody can walk down to it.

    bubblewrap makes the mount points of a bind inside a tmpfs itself, with mode 0700 where
    the folder above is private on the host (pytest's and mktemp's folders are): then the
    unprivileged kernel could not reach its own Python. Existing folders are left as they are.
    """
    args = []
    for folder in reversed(path.parents[:-1]):  # from the top down, without "/"
        args += ["--perms", "0755", "--dir", str(folder)]
    return args


def bwrap_command(kernel: list[str], connection_file: Path, workdir: Path,
                  as_root: bool) -> list[str]:
    """bubblewrap arguments; later mounts lie on top of earlier ones."""
    cmd = ["bwrap", "--die-with-parent", "--new-session", "--unshare-net", "--unshare-pid",
           "--as-pid-1", "--unshare-ipc", "--unshare-uts"]
    if not as_root:
        cmd += ["--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY),
                "--cap-drop", "ALL"]
    cmd += ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--perms", "1777", "--tmpfs", "/tmp"]
    home = Path.home().resolve()
    if home != Path("/") and home.exists():
        # The grader's own files, keys and caches; 0755 so that nobody can reach what is
        # bound back below (a Python installed under the home folder, for example).
        cmd += ["--perms", "0755", "--tmpfs", str(home)]
    # What the kernel needs to run, even where it lives under /tmp or the home folder:
    # the course, the virtual environment, the Python it was made from, and the folder
    # the course package is installed from (an editable install points outside both).
    needed = {COURSE, Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    package = importlib.util.find_spec("dcgan_course")
    if package and package.origin:
        needed.add(Path(package.origin).resolve().parent.parent)
    for path in sorted(needed):
        cmd += [*reachable(path), "--ro-bind", str(path), str(path)]
    for hidden in (COURSE / "autograder", COURSE / "solutions"):
        if hidden.exists():
            cmd += ["--tmpfs", str(hidden)]
    socket_dir = connection_file.parent
    for path in (workdir, socket_dir):
        cmd += [*reachable(path), "--bind", str(path), str(path)]
    cmd += ["--chdir", str(workdir), "--setenv", "HOME", "/tmp",
            "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib", "--"]
    if as_root:
        # A change of user clears the parent-death signal that --die-with-parent set, so
        # setpriv sets it again: the kernel must never outlive the grader that started it.
        cmd += ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
                "--pdeathsig=SIGKILL", "--"]
    return cmd + kernel


def main() -> None:
    connection_file = Path(sys.argv[sys.argv.index("-f") + 1]).resolve()
    workdir = Path.cwd().resolve()
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", str(connection_file),
              "--HistoryManager.hist_file=:memory:"]
    if os.environ.get("COURSE_GRADING_UNSAFE") == "1":
        apply_limits(extra_processes=own_task_count())
        os.execv(kernel[0], kernel)
    if not shutil.which("bwrap"):
        sys.exit("The grading sandbox needs bubblewrap (`bwrap`), which is not installed. "
                 "Install it (Debian/Ubuntu: apt-get install bubblewrap) or grade without "
                 "the sandbox with `instructor.py autograde --unsafe` (student code then runs "
                 "with your rights).")
    if json.loads(connection_file.read_text()).get("transport") != "ipc":
        sys.exit("The grading sandbox has no network, so the kernel must use Unix sockets: "
                 "set c.KernelManager.transport = 'ipc' (autograder/nbgrader_config.py does).")
    if not socket_dir_is_private(connection_file.parent):
        sys.exit(f"{connection_file.parent} is not a grading runtime folder; run nbgrader "
                 "with autograder/nbgrader_config.py, which makes one per run.")
    as_root = os.geteuid() == 0
    if as_root:
        # nobody must own what it writes: its notebook folder and its socket folder.
        for folder in (workdir, connection_file.parent):
            for path in [folder, *folder.rglob("*")]:
                os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
        apply_limits()  # inherited through bwrap and setpriv; counted for uid nobody
    else:
        apply_limits(extra_processes=own_task_count())
    command = bwrap_command(kernel, connection_file, workdir, as_root)
    os.execvp(command[0], command)


def socket_dir_is_private(folder: Path) -> bool:
    return folder.name.startswith("dcgan-grading-")


if __name__ == "__main__":
    main()
