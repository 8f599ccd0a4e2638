"""The learner view: one folder that holds exactly what a learner may see, and the rest of a
learner's world around it.

Every place where a learner's code runs uses this folder and nothing else of the course:

* the **grading sandbox** (``kernels/dcgan-sandbox/launch.py``) binds it, read-only, at
  :data:`MOUNT`, with the virtual environment, the Python it came from, the system folders
  a kernel needs (:func:`system_binds`), the submission's scratch copy and the socket folder;
* each **learner's server on the class hub** (``hub/classhub.py``) sees it at :data:`MOUNT`
  too, with its own home, the exchange and its own ``/tmp``;
* the **learner edition** (``instructor.py edition DIR``) is this folder, published.

What is in it: the files git tracks under :data:`SHIPPED` (the lessons in both languages,
the course package, ``binder/``, ``assets/``, ``course.py``, ``pyproject.toml``...) and the
learner READMEs made from the course's (:mod:`edition`). Nothing else: no ``solutions/``,
``autograder/``, ``tests/``, ``bench/``, ``i18n/``, ``facilitator/`` or ``.git``, and no file
of the instructor's working copy that git does not track (a training run, a learner's saved
builder). A view is an allow-list: a folder that is not named here never reaches a learner.

Views are cached by a digest of their content (:func:`build`): every grading run of an
unchanged course reuses the same folder; a changed lesson or module makes a new one.
The package in a learner process is imported from :data:`MOUNT` through ``PYTHONPATH``
(:func:`python_path`), which Python searches before the virtual environment's editable
install of the course (a finder that would point at the instructor's checkout).

Only the standard library is used: the sandbox's launcher imports this module before any
of the course's packages.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: What a learner gets (git-tracked files under these paths); everything else stays out.
SHIPPED = ("lessons", "lessons-ko", "dcgan_course", "binder", "assets", "course.py",
           "pyproject.toml", ".gitignore", "LICENSE")
#: Learner READMEs written into every view from the course's READMEs (see edition.py).
READMES = ("README.md", "README.ko.md")
#: Where a learner's process finds the view (the grading kernel and a hub learner's server):
#: the same path as the repository in the cluster's learner image (deploy/).
MOUNT = Path("/srv/dcgan-course")
#: Environment variable that moves the cache of built views (default: the grader's cache).
CACHE_VARIABLE = "COURSE_LEARNER_VIEW_CACHE"


class ViewError(RuntimeError):
    """The learner view cannot be built (no git checkout of the course, git missing...)."""


# -- which checkout ------------------------------------------------------------------------

def package_root() -> Path | None:
    """The folder above the ``dcgan_course`` package this Python imports (None if none)."""
    spec = importlib.util.find_spec("dcgan_course")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).resolve().parents[1]


def is_checkout(folder: Path) -> bool:
    """A git checkout of the course: it has ``.git`` and the course package."""
    return (folder / ".git").exists() and (folder / "dcgan_course" / "__init__.py").is_file()


def source_root(course: Path | None = None) -> Path:
    """The checkout a view is built from: ``course`` when it is a git checkout of the
    course, else the checkout this Python imports the course package from (a grading copy
    of ``autograder/`` alone, as the tests make, grades with the installed course)."""
    candidates = [Path(course).resolve()] if course else []
    candidates += [ROOT]
    found = package_root()
    if found:
        candidates.append(found)
    for candidate in candidates:
        if is_checkout(candidate):
            return candidate
    raise ViewError("The learner view is made from a git checkout of the course (a folder "
                    "with .git and dcgan_course/); none of "
                    f"{', '.join(str(c) for c in candidates)} is one. Run the instructor's "
                    "tools from a clone of the course repository.")


def shipped_files(root: Path) -> list[str]:
    """Relative paths of the files under :data:`SHIPPED` that git tracks in ``root``."""
    try:
        listed = subprocess.run(["git", "-c", f"safe.directory={root}", "ls-files", "-z",
                                 "--", *SHIPPED], cwd=root, check=True,
                                capture_output=True).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError) as error:
        raise ViewError(f"git could not list the course's files in {root}: {error}") from None
    return sorted(p for p in listed if p and (root / p).is_file() and not (root / p).is_symlink())


# -- the view --------------------------------------------------------------------------------

def _readmes(root: Path) -> dict[str, bytes]:
    """The learner READMEs of a view (placeholder Binder links; the edition sets its own)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        import edition
    finally:
        sys.path.pop(0)
    return {name: text.encode() for name, text in edition.learner_readmes(root).items()}


def _digest(root: Path, files: list[str], readmes: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for relative in files:
        path = root / relative
        digest.update(relative.encode() + b"\0" + str(_mode(path)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name, data in sorted(readmes.items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _mode(path: Path) -> int:
    """0755 for files their owner may run (course.py, binder/postBuild), 0644 for the rest."""
    return 0o755 if path.stat().st_mode & stat.S_IXUSR else 0o644


def cache_folder() -> Path:
    """Where built views are kept: ``$COURSE_LEARNER_VIEW_CACHE``, else the user's cache."""
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dcgan-course" / "learner-views"


def build(course: Path | None = None, cache: Path | None = None) -> Path:
    """The learner view of ``course`` (see :func:`source_root`), built once per content.

    Returns ``<cache>/<digest>``: a folder with exactly the shipped files and the learner
    READMEs, readable by anyone (0755 folders, 0644/0755 files), never changed after it is
    made. Two graders building the same view at once both end up with the same folder.
    """
    root = source_root(course)
    files = shipped_files(root)
    readmes = _readmes(root)
    cache = (cache or cache_folder()).resolve()
    final = cache / _digest(root, files, readmes)[:24]
    if final.is_dir():
        return final
    cache.mkdir(parents=True, exist_ok=True, mode=0o755)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=cache))
    try:
        for relative in files:
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / relative, target)
            target.chmod(_mode(root / relative))
        for name, data in readmes.items():
            (staging / name).write_bytes(data)
            (staging / name).chmod(0o644)
        for folder, _, _ in os.walk(staging):
            os.chmod(folder, 0o755)
        try:
            staging.rename(final)
        except OSError:
            if not final.is_dir():  # not a concurrent build of the same view: a real error
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def view_files(view: Path) -> list[str]:
    """Every file of a view, relative, sorted (what the edition and the tests compare)."""
    return sorted(str(p.relative_to(view)) for p in view.rglob("*") if p.is_file())


def python_path() -> str:
    """``PYTHONPATH`` for a learner process: the course package from the view."""
    return str(MOUNT)


# -- the rest of a learner's world -----------------------------------------------------------

#: Top-level system folders a Python process needs (binaries, libraries); links stay links.
SYSTEM_FOLDERS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
#: Parts of /usr where a machine keeps local installs and source trees (a copy of the
#: course could be there): hidden, unless the Python itself lives there.
HIDDEN_UNDER_USR = ("/usr/local", "/usr/src")
#: What a process reads from /etc: the dynamic linker's cache, name resolution of the local
#: host, time zone, fonts, MIME types, certificates. Not the accounts (see :func:`accounts`).
ETC_ENTRIES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "nsswitch.conf", "hosts",
               "host.conf", "gai.conf", "localtime", "timezone", "fonts", "mime.types",
               "alternatives", "os-release", "ssl", "ca-certificates", "protocols", "services",
               "locale.alias", "magic", "magic.mime")
#: Read-only system information TensorFlow reads (CPU topology), nothing per user.
SYS_ENTRIES = ("/sys/devices/system/cpu",)


def reachable(path: Path, mode: str = "0755") -> list[str]:
    """bubblewrap ``--dir`` for each folder above ``path``, from the top down, so that an
    unprivileged process can walk down to a bind (bwrap would make them 0700 where the
    folder above is private on the host)."""
    args: list[str] = []
    for folder in reversed(path.parents[:-1]):
        args += ["--perms", mode, "--dir", str(folder)]
    return args


def python_folders() -> list[Path]:
    """The virtual environment and the Python it was made from (resolved, without doubles)."""
    found: list[Path] = []
    for path in (Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
                 Path(sys.executable).resolve().parent):
        if not any(path == p or p in path.parents for p in found):
            found = [p for p in found if path not in p.parents] + [path]
    return found


def system_binds() -> list[str]:
    """bubblewrap arguments for the system part of a learner's world: /usr (without its
    local installs), the top-level links or folders of binaries and libraries, the chosen
    /etc entries, CPU information, and the Python folders read-only."""
    args: list[str] = []
    for name in SYSTEM_FOLDERS:
        path = Path(name)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), name]
        elif path.is_dir():
            args += ["--ro-bind", name, name]
    for name in HIDDEN_UNDER_USR:
        if Path(name).is_dir():
            args += ["--perms", "0755", "--tmpfs", name]
    args += ["--perms", "0755", "--dir", "/etc"]
    for name in ETC_ENTRIES:
        path = Path("/etc") / name
        if path.exists():
            args += ["--ro-bind", str(path.resolve()), str(path)]
    for name in SYS_ENTRIES:
        if Path(name).is_dir():
            args += [*reachable(Path(name)), "--ro-bind", name, name]
    for path in python_folders():
        args += [*reachable(path), "--ro-bind", str(path), str(path)]
    return args


def accounts(name: str, uid: int, gid: int, home: str) -> dict[str, str]:
    """``/etc/passwd`` and ``/etc/group`` of a learner's world: root, nobody and the one
    user who runs there (the machine's other accounts, classmates included, stay unknown)."""
    passwd = ("root:x:0:0:root:/root:/usr/sbin/nologin\n"
              "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")
    group = "root:x:0:\nnogroup:x:65534:\n"
    if uid not in (0, 65534):
        passwd += f"{name}:x:{uid}:{gid}:{name}:{home}:/bin/bash\n"
    if gid not in (0, 65534):
        group += f"{name}:x:{gid}:\n"
    return {"passwd": passwd, "group": group}


def view_binds(view: Path) -> list[str]:
    """bubblewrap arguments that put ``view`` at :data:`MOUNT`, read-only."""
    return [*reachable(MOUNT), "--ro-bind", str(view), str(MOUNT)]


def check_mount_free(*paths: Path) -> None:
    """Refuse paths that would lie inside the view's mount point (bwrap could not make
    them there); name the folder to move instead."""
    for path in paths:
        if path == MOUNT or MOUNT in path.parents:
            raise ViewError(f"{path} lies under {MOUNT}, where learners see the learner view; "
                            "keep the course's working folders elsewhere (for example "
                            "/opt/dcgan-course).")
