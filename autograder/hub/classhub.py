"""The pieces of the course's one-machine JupyterHub that JupyterHub does not ship.

``jupyterhub_config.py`` (next to this file) loads this module. It holds:

* :class:`ClassAuthenticator`: NativeAuthenticator (learners sign up, the instructor approves
  each account at ``/hub/authorize``) that also makes the Unix account an approved learner
  needs, since every learner's server runs as their own Unix user: the exchange's file
  permissions and the learners' homes are what keep one learner's work from another.
* :class:`ClassSpawner`: a local process spawner that starts each user's server

  - in the course environment (the course's ``.venv``: every learner gets the pinned
    packages the lessons were tested with);
  - for a learner, inside a bubblewrap world that is an allow-list
    (:func:`learner_world`): the learner view (``autograder/learner_view.py``: the learner
    edition's files, nothing else), the learner's own home, nbgrader's exchange, a /tmp of
    its own, the system's folders and the course's Python; no course checkout or ``.git``,
    no other home, no other copy of the course, and a process list with only the learner's
    own processes. An instructor's server sees the whole machine (root's home hidden, the
    course's Python bound back);
  - with the learner or instructor settings of :data:`CONFIG_DIRS` (Binder's learner
    settings plus the Assignments panel; the instructor keeps formgrader);
  - under a memory and CPU limit enforced by a cgroup per user (:class:`CgroupLimits`);
  - and stopped as a process group, the server and bwrap together.

* :func:`ensure_exchange`: nbgrader's exchange folder with the permissions its exchange
  expects (world-writable with the sticky bit, so nobody removes another's files).

Everything is kept small and explicit so that an instructor can read what the hub does to
the machine; the test ``tests/test_hub.py`` runs all of it for real.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from jupyterhub.auth import LocalAuthenticator
from jupyterhub.spawner import LocalProcessSpawner
from nativeauthenticator import NativeAuthenticator
from traitlets import Bool, Unicode, default

HUB_DIR = Path(__file__).resolve().parent
COURSE = HUB_DIR.parents[1]
sys.path.insert(0, str(HUB_DIR.parent))
import learner_view  # noqa: E402 -- autograder/learner_view.py: what a learner may see

#: Jupyter configuration folders added to each user's JUPYTER_CONFIG_PATH, by role.
CONFIG_DIRS = {"learner": HUB_DIR / "config" / "learner",
               "instructor": HUB_DIR / "config" / "instructor"}

# Per-user resources, from the measured peaks (README, bench/binder_memory.py): the kernel
# and its JupyterLab server peak at 0.80-1.14 GB across lessons 01-06 in the full profile,
# lesson 06 at 1.2 GB. The guarantee covers the largest peak; the limit is Binder's 2 GB, so
# a lesson that runs on Binder runs here, and a runaway kernel meets the limit long before
# it can take the machine from the rest of the class.
MEM_GUARANTEE = "1.2G"
MEM_LIMIT = "2G"
# Lesson 06 trains with every core it gets (4.4 min on 2 cores). Two cores at most per user
# keeps that time for one learner; half a core each is guaranteed when all train at once.
CPU_GUARANTEE = 0.5
CPU_LIMIT = 2.0


def ensure_exchange(root: Path) -> Path:
    """nbgrader's exchange root: mode 1777 (anyone may create their course or submission
    folder; the sticky bit keeps anyone from removing someone else's). nbgrader itself
    makes each course's ``outbound`` (0755), ``inbound`` (2733: write-only for learners)
    and ``feedback`` (2711) when the instructor releases."""
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o1777)
    return root


def harden_course_exchange(root: Path, course_id: str) -> None:
    """Add the sticky bit to a course's ``inbound`` and ``feedback`` folders.

    nbgrader makes them writable by every learner without it, so a learner who learned the
    name of someone else's submission could rename or delete it; with it only the owner can.
    """
    for name in ("inbound", "feedback"):
        folder = root / course_id / name
        if folder.is_dir():
            os.chmod(folder, stat.S_IMODE(folder.stat().st_mode) | stat.S_ISVTX)


class ClassAuthenticator(LocalAuthenticator, NativeAuthenticator):
    """NativeAuthenticator with admin approval, plus the Unix account a server runs as.

    NativeAuthenticator keeps passwords in the hub's database and lets nobody log in before
    an admin approved them. LocalAuthenticator creates the Unix account of an approved user
    on their first login (``create_system_users``), with a private home folder.
    """

    @default("add_user_cmd")
    def _add_user_cmd_default(self) -> list[str]:
        # A home only its owner can enter (Debian's useradd makes 0755 homes otherwise).
        return ["useradd", "--create-home", "--shell", "/bin/bash", "--key", "HOME_MODE=0700"]


def parse_bytes(size: str | int) -> int:
    """'2G' -> 2147483648 (JupyterHub's byte-size suffixes K, M, G, T); bytes stay bytes."""
    if isinstance(size, int):
        return size
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    if size and size[-1].upper() in units:
        return int(float(size[:-1]) * units[size[-1].upper()])
    return int(size)


class CgroupLimits:
    """A cgroup per user with a memory limit/guarantee and a CPU limit/weight.

    Works with cgroup v2 (``/sys/fs/cgroup`` with the memory and cpu controllers) and with
    cgroup v1 (separate ``memory`` and ``cpu`` hierarchies). The hub writes the limits before
    the server starts; the server's process joins its cgroup before it runs anything, and
    every kernel it starts inherits it.
    """

    CPU_PERIOD_US = 100_000

    def __init__(self, name: str, root: Path = Path("/sys/fs/cgroup")) -> None:
        self.name, self.root = name, root
        if (root / "cgroup.controllers").exists():
            self.version = 2
            self.dirs = [root / "dcgan-hub" / name]
        elif (root / "memory" / "memory.limit_in_bytes").exists():
            self.version = 1
            self.dirs = [root / "memory" / "dcgan-hub" / name, root / "cpu" / "dcgan-hub" / name]
        else:
            raise RuntimeError(
                "Per-user memory and CPU limits need cgroups, and /sys/fs/cgroup has neither "
                "cgroup v2 nor cgroup v1 memory/cpu hierarchies. Run the hub on a Linux host "
                "with cgroups mounted, or set c.ClassSpawner.enforce_limits = False to run "
                "without limits (one learner could then use all the memory).")

    def apply(self, mem_limit: int, mem_guarantee: int, cpu_limit: float,
              cpu_guarantee: float) -> None:
        quota = max(1000, int(cpu_limit * self.CPU_PERIOD_US))
        if self.version == 2:
            parent = self.dirs[0].parent
            parent.mkdir(exist_ok=True)
            (self.root / "cgroup.subtree_control").write_text("+memory +cpu")
            (parent / "cgroup.subtree_control").write_text("+memory +cpu")
            self.dirs[0].mkdir(exist_ok=True)
            self._write(self.dirs[0], "memory.max", mem_limit)
            self._write(self.dirs[0], "memory.low", mem_guarantee)
            self._write(self.dirs[0], "memory.swap.max", 0, optional=True)
            self._write(self.dirs[0], "cpu.max", f"{quota} {self.CPU_PERIOD_US}")
            self._write(self.dirs[0], "cpu.weight", max(1, int(cpu_guarantee * 100)))
            return
        memory, cpu = self.dirs
        for folder in self.dirs:
            folder.mkdir(parents=True, exist_ok=True)
        self._write(memory, "memory.limit_in_bytes", mem_limit)
        self._write(memory, "memory.soft_limit_in_bytes", mem_guarantee)
        self._write(memory, "memory.memsw.limit_in_bytes", mem_limit, optional=True)
        self._write(cpu, "cpu.cfs_period_us", self.CPU_PERIOD_US)
        self._write(cpu, "cpu.cfs_quota_us", quota)
        self._write(cpu, "cpu.shares", max(2, int(cpu_guarantee * 1024)))

    @staticmethod
    def _write(folder: Path, name: str, value: object, optional: bool = False) -> None:
        try:
            (folder / name).write_text(str(value))
        except OSError:
            if not optional:
                raise

    def join(self, pid: int) -> None:
        """Move ``pid`` into the user's cgroup (called in the child before it runs)."""
        for folder in self.dirs:
            (folder / "cgroup.procs").write_text(str(pid))

    def peak_memory(self) -> int | None:
        """Highest memory use of the cgroup so far, in bytes (None where not reported)."""
        name = "memory.peak" if self.version == 2 else "memory.max_usage_in_bytes"
        try:
            return int((self.dirs[0] / name).read_text())
        except (OSError, ValueError):
            return None

    def limit(self) -> int:
        name = "memory.max" if self.version == 2 else "memory.limit_in_bytes"
        return int((self.dirs[0] / name).read_text())

    def remove(self) -> None:
        """Remove the user's cgroup once its processes are gone (best effort)."""
        for folder in self.dirs:
            with contextlib.suppress(OSError):  # still in use: left for the next start
                folder.rmdir()


reachable = learner_view.reachable


def course_python() -> Path:
    """The course environment's Python: the hub runs from it, so it is sys.executable."""
    return Path(sys.executable)


#: Where a learner's server finds its Jupyter settings (the same path as in the cluster's
#: learner image, deploy/).
LEARNER_CONFIG_MOUNT = Path("/etc/dcgan-course/learner")
#: Size of a learner's own /tmp (in memory, counted in the user's cgroup).
LEARNER_TMP_BYTES = 512 * 2**20


def write_accounts(user: pwd.struct_passwd, world_root: Path) -> Path:
    """``passwd`` and ``group`` of a learner's world (only root, nobody and the learner),
    in a root-only folder of the hub's state; returns the user's folder."""
    world_root.mkdir(parents=True, exist_ok=True)
    os.chmod(world_root, 0o700)
    folder = world_root / user.pw_name
    folder.mkdir(exist_ok=True)
    os.chmod(folder, 0o755)
    for name, text in learner_view.accounts(user.pw_name, user.pw_uid, user.pw_gid,
                                            user.pw_dir).items():
        (folder / name).write_text(text)
        os.chmod(folder / name, 0o644)
    return folder


def learner_world(user: pwd.struct_passwd, view: Path, exchange: Path,
                  world_root: Path) -> list[str]:
    """bubblewrap arguments of a learner's server: an allow-list, never ``/``.

    The system folders and the course's Python read-only (:func:`learner_view.system_binds`),
    the learner view at ``learner_view.MOUNT`` read-only (the course package is imported
    from there), the learner's own home and nbgrader's exchange read-write, a /tmp of its
    own, accounts that name only this learner, and a PID namespace of its own, whose /proc
    shows only the learner's processes. The instructor's checkout (``.git``, solutions,
    gradebook), other homes and any other copy of the course do not exist there.
    """
    home = Path(user.pw_dir)
    learner_view.check_mount_free(home, exchange)
    accounts = write_accounts(user, world_root)
    cmd = ["bwrap", "--unshare-pid", "--unshare-ipc", *learner_view.system_binds(),
           "--dev", "/dev", "--proc", "/proc",
           "--perms", "1777", "--size", str(LEARNER_TMP_BYTES), "--tmpfs", "/tmp"]
    for name in ("passwd", "group"):
        cmd += ["--ro-bind", str(accounts / name), f"/etc/{name}"]
    cmd += learner_view.view_binds(view)
    cmd += [*reachable(LEARNER_CONFIG_MOUNT), "--ro-bind",
            str(CONFIG_DIRS["learner"].resolve()), str(LEARNER_CONFIG_MOUNT)]
    cmd += [*reachable(exchange), "--bind", str(exchange), str(exchange)]
    cmd += [*reachable(home, "0711"), "--bind", str(home), str(home)]
    return [*cmd, "--chdir", str(home), "--"]


def bwrap_view(user: pwd.struct_passwd, learner: bool, course: Path = COURSE,
               view: Path | None = None, exchange: Path | None = None,
               world_root: Path | None = None) -> list[str]:
    """The bubblewrap command line (up to ``--``) that a user's server starts in.

    A learner gets :func:`learner_world`. An instructor sees the whole machine with its
    usual permissions, except root's home, which is replaced by an empty folder with the
    course's Python bound back read-only (a Python under /root, as pyenv installs it, would
    otherwise be out of every user's reach).
    """
    if learner:
        return learner_world(user, view or learner_view.build(course),
                             exchange or Path("/srv/nbgrader/exchange"),
                             world_root or Path("/srv/dcgan-hub/worlds"))
    cmd = ["bwrap", "--dev-bind", "/", "/"]
    root_home = Path(pwd.getpwuid(0).pw_dir)
    needed = {*learner_view.python_folders(), course.resolve()}
    package_root = learner_view.package_root()
    if package_root:
        needed.add(package_root)
    if root_home != Path("/") and root_home.is_dir() and Path(user.pw_dir) != root_home:
        cmd += ["--perms", "0755", "--tmpfs", str(root_home)]
        for path in sorted(p for p in needed if root_home in p.parents):
            cmd += [*reachable(path), "--ro-bind", str(path), str(path)]
    return [*cmd, "--chdir", user.pw_dir, "--"]


def setpriv(user: pwd.struct_passwd) -> list[str]:
    """Become the user inside the view, with no capabilities left.

    No ``--pdeathsig``: measured with util-linux 2.38's setpriv, a parent-death signal set
    together with ``--reuid`` does not survive the change of user (the server outlived its
    killed bwrap). The spawner signals the whole process group instead (:class:`ClassSpawner`).
    """
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]


class ClassSpawner(LocalProcessSpawner):
    """Each user's JupyterLab in the course environment, in a bwrap view, under limits."""

    instructors = Unicode("", help="Comma-separated hub usernames that get the instructor "
                          "settings (formgrader, course files visible).").tag(config=True)
    enforce_limits = Bool(True, help="Enforce mem_limit/cpu_limit with a cgroup per user; "
                          "refuse to start a server where that is impossible.").tag(config=True)
    exchange_root = Unicode("/srv/nbgrader/exchange",
                            help="nbgrader's exchange folder").tag(config=True)
    world_root = Unicode("/srv/dcgan-hub/worlds", help="Root-only folder for the accounts "
                         "file of each learner's world").tag(config=True)

    def is_instructor(self) -> bool:
        names = {n.strip() for n in self.instructors.split(",") if n.strip()}
        return self.user.name in names

    def role(self) -> str:
        return "instructor" if self.is_instructor() else "learner"

    def limits(self) -> CgroupLimits:
        return CgroupLimits(self.user.name)

    def get_env(self) -> dict[str, str]:
        env = super().get_env()
        env["DCGAN_HUB_EXCHANGE"] = self.exchange_root
        env["PATH"] = str(course_python().parent) + os.pathsep + env.get("PATH", "/usr/bin:/bin")
        env.pop("PYTHONPATH", None)
        if self.is_instructor():
            env["JUPYTER_CONFIG_PATH"] = str(CONFIG_DIRS["instructor"])
            env["DCGAN_COURSE_ROOT"] = str(COURSE)
        else:  # the learner's world: the learner view, where the package is imported from
            env["JUPYTER_CONFIG_PATH"] = str(LEARNER_CONFIG_MOUNT)
            env["DCGAN_COURSE_ROOT"] = str(learner_view.MOUNT)
            env["PYTHONPATH"] = learner_view.python_path()
        return env

    def make_preexec_fn(self, name: str) -> Callable[[], None]:
        """Runs in the child, as root: join the user's cgroup, go home, and stay root so
        that bubblewrap can build the view; setpriv drops to the user inside it."""
        home = pwd.getpwnam(name).pw_dir
        limits = self.limits() if self.enforce_limits else None

        def preexec() -> None:
            if limits:
                limits.join(os.getpid())
            os.chdir(home)

        return preexec

    async def start(self):  # noqa: ANN201 -- JupyterHub's signature
        user = pwd.getpwnam(self.user.name)
        missing = [tool for tool in ("bwrap", "setpriv") if not shutil.which(tool)]
        if missing:
            raise RuntimeError(f"The class hub needs {' and '.join(missing)} (Debian/Ubuntu "
                               "packages bubblewrap and util-linux) to start users' servers.")
        if self.enforce_limits:
            self.limits().apply(parse_bytes(self.mem_limit or MEM_LIMIT),
                                parse_bytes(self.mem_guarantee or MEM_GUARANTEE),
                                self.cpu_limit or CPU_LIMIT, self.cpu_guarantee or CPU_GUARANTEE)
        view = None if self.is_instructor() else learner_view.build(COURSE)
        self.cmd = [*bwrap_view(user, learner=not self.is_instructor(), view=view,
                                exchange=Path(self.exchange_root),
                                world_root=Path(self.world_root)),
                    *setpriv(user), str(course_python()), "-m", "jupyterhub.singleuser"]
        return await super().start()

    async def _signal(self, sig: int) -> bool:
        """Signal bwrap and the server it runs (one process group, started in a new
        session): a signal to bwrap alone would kill bwrap and orphan the server."""
        try:
            os.killpg(self.pid, sig)
        except ProcessLookupError:
            return False
        return True

    async def poll(self) -> int | None:
        """Running while anything of the process group lives, not only bwrap: after a stop
        signal the server still shuts its kernels down when bwrap has already gone."""
        if not self.pid:
            self.clear_state()
            return 0
        if self.proc is not None and self.proc.poll() is not None:
            self.proc.wait()  # reap bwrap; its group may live on
        if await self._signal(0):
            return None
        status = self.proc.returncode if self.proc is not None else 0
        self.clear_state()
        self.proc = None
        return status or 0

    async def stop(self, now: bool = False) -> None:
        await super().stop(now=now)
        if self.enforce_limits:
            self.limits().remove()
