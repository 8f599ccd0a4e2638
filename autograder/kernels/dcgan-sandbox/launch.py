"""Start a grading kernel inside a sandbox (the kernelspec "dcgan-sandbox").

nbgrader runs each student notebook in a kernel started from this file. The kernel:

* has no network at all (a fresh network namespace: not even loopback to the grader,
  which is why the kernel talks to nbgrader over Unix sockets, ``KernelManager.transport =
  "ipc"`` in nbgrader_config.py);
* sees an **allow-list** of the file system, never ``/``: the system folders a Python
  process needs (``/usr`` without ``/usr/local`` and ``/usr/src``, the library links,
  chosen ``/etc`` entries with accounts of its own), the virtual environment and the Python
  it came from, all read-only; the **learner view** (``autograder/learner_view.py``: the
  learner edition's files, nothing else) read-only at ``/srv/dcgan-course``, from where the
  kernel imports the course package (``PYTHONPATH``); its scratch folder and the folder of
  its Unix sockets. No course checkout, no ``.git``, no ``tests/``, ``solutions/`` or
  ``autograder/``, no home folder and no other copy of the course exists inside, wherever
  it lies on the machine; ``/proc`` shows only the sandbox's own processes;
* works on a **scratch copy**: its working folder is a size-limited in-memory file system
  at the path of the notebook's autograded folder, holding copies of the regular files
  found there (links and special files are left out). nbgrader, which runs as root outside
  the sandbox, writes the graded notebook, sets its mode and copies feedback in the real
  folder, which the kernel can neither see nor change, so nothing the student creates is
  ever followed by the grader; the scratch copy vanishes with the sandbox;
* lives in its own PID namespace whose first process is bubblewrap's reaper, not the
  kernel: when the grader stops the kernel, times it out, is interrupted or dies, bwrap
  dies with it (``--die-with-parent``), and the namespace's death kills every process the
  submission started, including ones that ignore signals (``--as-pid-1`` would leave them
  running);
* when grading as root, runs as a user of its own, drawn for this kernel from a private
  range of ids that no account uses (``GRADING_UIDS``): bubblewrap builds the sandbox with
  root's rights and ``setpriv`` then drops to that uid with no capabilities. The process
  limit (RLIMIT_NPROC counts per user) is therefore this submission's alone: one
  submission that fills it cannot starve the next. When grading as another user,
  bubblewrap runs unprivileged in a user namespace and the process limit counts on top of
  what that user already runs;
* has limits on CPU time, address space, number of processes and file size
  (resource.setrlimit), and on what it may write in memory (``--size`` of its tmpfs
  folders).

``COURSE_LEARNER_VIEW`` names the view to bind (nbgrader_config.py builds it once per
run); without it the launcher builds it. The view's package holds no answer to a graded
exercise (tests/test_grading_paste.py pastes every function of it into every exercise).

It needs bubblewrap (``bwrap``, Debian/Ubuntu package ``bubblewrap``). Without it the kernel
refuses to start, unless the instructor explicitly chose to grade unsafely
(``COURSE_GRADING_UNSAFE=1``, set by ``instructor.py autograde --unsafe``), in which case
only the resource limits apply.
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import shutil
import stat
import sys
from pathlib import Path

NOBODY = 65534
# Kernels run as root-less users drawn from here (one per kernel): far above any account
# or subordinate-id range a distribution hands out, below 2**31 (signed 32-bit ids).
GRADING_UIDS = range(1_600_000_000, 1_700_000_000)
HERE = Path(__file__).resolve().parent
COURSE = HERE.parents[2]  # autograder/kernels/dcgan-sandbox -> course root
sys.path.insert(0, str(HERE.parents[1]))
import learner_view as lv  # noqa: E402 -- autograder/learner_view.py (standard library only)

SCRATCH_FILES = 256  # most files copied into the scratch folder


def limit(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def apply_limits(extra_processes: int = 0) -> None:
    """CPU seconds, address space, processes, file size; defaults fit the fast profile."""
    cpu = limit("COURSE_GRADING_CPU_SECONDS", 900)
    memory = limit("COURSE_GRADING_MEMORY_MB", 6144) * 2**20
    processes = limit("COURSE_GRADING_MAX_PROCESSES", 512) + extra_processes
    file_size = limit("COURSE_GRADING_FILE_MB", 256) * 2**20
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def task_uids() -> dict[int, int]:
    """{uid: processes and threads it runs} over the whole machine."""
    counts: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        uid = int(fields.get("Uid", "-1").split()[0])
        counts[uid] = counts.get(uid, 0) + int(fields.get("Threads", "1"))
    return counts


def own_task_count() -> int:
    """Processes and threads this user already runs (RLIMIT_NPROC counts them all)."""
    return task_uids().get(os.getuid(), 0)


def grading_uid() -> int:
    """A uid of the private range that no process uses now: this kernel's own user."""
    busy = task_uids()
    while True:
        uid = GRADING_UIDS.start + secrets.randbelow(len(GRADING_UIDS))
        if uid not in busy:
            return uid


reachable = lv.reachable


def scratch_copy(workdir: Path) -> list[str]:
    """bwrap arguments that fill the kernel's scratch folder with copies of ``workdir``'s
    regular files (read through descriptors opened without following links).

    The descriptors stay open and inheritable for bwrap, which copies their content into
    the sandbox's tmpfs (``--file``); links, devices, fifos and sockets are left out.
    """
    args: list[str] = []
    count = 0
    for folder, dirs, files in os.walk(workdir):  # never follows links to folders
        relative = Path(folder).relative_to(workdir)
        dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(folder, d)))
        for name in dirs:
            args += ["--perms", "0777", "--dir", str(workdir / relative / name)]
        for name in sorted(files):
            if count >= SCRATCH_FILES:
                print(f"grading sandbox: more than {SCRATCH_FILES} files in {workdir}; "
                      "the rest are not copied", file=sys.stderr)
                return args
            try:
                fd = os.open(os.path.join(folder, name),
                             os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            except OSError:
                continue  # a link (ELOOP) or gone
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                continue
            os.set_inheritable(fd, True)
            args += ["--perms", "0644", "--file", str(fd), str(workdir / relative / name)]
            count += 1
    return args


def learner_view() -> Path:
    """The learner view the kernel sees at ``learner_view.MOUNT``: ``COURSE_LEARNER_VIEW``
    (nbgrader_config.py builds it once per grading run), else built here."""
    given = os.environ.get("COURSE_LEARNER_VIEW")
    if given:
        view = Path(given).resolve()
        if not (view / "dcgan_course" / "__init__.py").is_file():
            sys.exit(f"COURSE_LEARNER_VIEW={given}: expected a learner view (a folder with "
                     "dcgan_course/), as autograder/learner_view.py builds")
        return view
    try:
        return lv.build(COURSE)
    except lv.ViewError as error:
        sys.exit(f"grading sandbox: {error}")


def data_file(text: str) -> str:
    """A descriptor bwrap copies into the sandbox with ``--file`` (an in-memory file)."""
    fd = os.memfd_create("dcgan-sandbox-etc", 0)
    os.write(fd, text.encode())
    os.lseek(fd, 0, os.SEEK_SET)
    os.set_inheritable(fd, True)
    return str(fd)


def bwrap_command(kernel: list[str], connection_file: Path, workdir: Path,
                  uid: int | None, view: Path | None = None) -> list[str]:
    """bubblewrap arguments; later mounts lie on top of earlier ones.

    ``uid`` is the kernel's own user when grading as root (None: unprivileged grading).
    The file system is an allow-list (:mod:`learner_view`): the system folders, the Python
    folders, the learner view at ``learner_view.MOUNT``, the scratch copy and the socket
    folder. Nothing else of the machine exists inside: no course checkout, no ``.git``, no
    home folder, no other copy of the course wherever it lies.
    """
    scratch_mb = limit("COURSE_GRADING_SCRATCH_MB", 1024)
    tmp_mb = limit("COURSE_GRADING_TMP_MB", 1024)
    socket_dir = connection_file.parent
    lv.check_mount_free(workdir, socket_dir)
    view = view or learner_view()
    # No --as-pid-1: bwrap's own reaper is PID 1, and when it dies the kernel kills every
    # process of the namespace, whatever signals they ignore.
    cmd = ["bwrap", "--die-with-parent", "--new-session", "--unshare-net", "--unshare-pid",
           "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "grading"]
    if uid is None:
        cmd += ["--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY),
                "--cap-drop", "ALL"]
    kernel_uid = NOBODY if uid is None else uid
    cmd += [*lv.system_binds(), "--dev", "/dev", "--proc", "/proc",
            "--perms", "1777", "--size", str(tmp_mb * 2**20), "--tmpfs", "/tmp"]
    for name, text in lv.accounts("grading", kernel_uid, kernel_uid, "/tmp").items():
        cmd += ["--perms", "0644", "--file", data_file(text), f"/etc/{name}"]
    cmd += lv.view_binds(view)
    # The scratch folder, at the notebook folder's own path (relative paths work as the
    # student expects), on a tmpfs of its own: the real folder is never bound in.
    cmd += [*reachable(workdir), "--perms", "0777", "--size", str(scratch_mb * 2**20),
            "--tmpfs", str(workdir), *scratch_copy(workdir)]
    cmd += [*reachable(socket_dir), "--bind", str(socket_dir), str(socket_dir)]
    cmd += ["--chdir", str(workdir), "--setenv", "HOME", "/tmp",
            "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib", "--setenv", "USER", "grading",
            "--setenv", "LOGNAME", "grading", "--setenv", "PYTHONPATH", lv.python_path(),
            # ipykernel would take PID 1 (bwrap's reaper) as its parent for a dead grader and
            # quit at once; the kernel dies with the namespace instead.
            "--unsetenv", "JPY_PARENT_PID", "--"]
    if uid is not None:
        # A change of user clears the parent-death signal that --die-with-parent set, so
        # setpriv sets it again: the kernel must never outlive the sandbox that started it.
        cmd += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
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
    uid = None
    if os.geteuid() == 0:
        uid = grading_uid()
        # The kernel's user must own its socket folder (one per nbgrader run), nothing else.
        socket_dir = connection_file.parent
        for path in [socket_dir, *socket_dir.iterdir()]:
            os.chown(path, uid, uid, follow_symlinks=False)
        apply_limits()  # inherited through bwrap and setpriv; counted for this uid alone
    else:
        apply_limits(extra_processes=own_task_count())
    command = bwrap_command(kernel, connection_file, workdir, uid)
    os.execvp(command[0], command)


def socket_dir_is_private(folder: Path) -> bool:
    return folder.name.startswith("dcgan-grading-")


if __name__ == "__main__":
    main()
