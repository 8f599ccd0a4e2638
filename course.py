#!/usr/bin/env python3
"""Set up and open the DCGAN course, or run its tests. Standard library only.

    python3 course.py            install everything into .venv and open lesson 01 in JupyterLab
    python3 course.py --check    the same set-up, then start JupyterLab headless, check that it
                                 serves lesson 01, and stop (no browser)
    python3 course.py --lang ko  the Korean edition (한국어판): opens the Korean lesson 01; with
                                 --check, checks that it is served
    python3 course.py test       install everything, including the test tools, the grading
                                 sandbox (bubblewrap) and Chromium for the browser tests
                                 (apt-get, when run as root), and run the tests CI runs; add
                                 --slow for the slow ones too (other arguments go to pytest)
    python3 course.py slides     export every lesson as a static reveal.js deck into decks/
                                 (runs each lesson once to draw its figures; --profile fast
                                 for a quick draft; lesson names to export only those)

The environment is a virtual environment in ``.venv`` built from the course's pins
(binder/requirements.txt, the same file Binder uses). It is rebuilt only when a pin file
changes, so the second run starts in seconds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
FIRST_LESSON = "lessons/01-gan-intro/01-gan-intro.ipynb"
#: The first lesson of each edition (`--lang`): the Korean one is generated into lessons-ko/.
FIRST_LESSONS = {"en": FIRST_LESSON, "ko": "lessons-ko/01-gan-intro-ko/01-gan-intro-ko.ipynb"}
#: The learner settings Binder's postBuild applies too (one script for both set-ups).
LEARNER_SETTINGS = ROOT / "binder" / "learner_settings.py"
RUNTIME_PINS = [ROOT / "binder" / "requirements.txt", ROOT / "binder" / "constraints.txt",
                ROOT / "pyproject.toml", LEARNER_SETTINGS]
TEST_PINS = [ROOT / "tests" / "requirements.txt"]


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def find_python311() -> str:
    """The course needs Python 3.11 (nbgrader 0.9.6 needs >= 3.11; TF 2.21 wheels)."""
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    for name in ("python3.11", "python3", "python"):
        path = shutil.which(name)
        if path:
            out = subprocess.run([path, "-c", "import sys; print(sys.version_info[:2] == (3, 11))"],
                                 capture_output=True, text=True)
            if out.stdout.strip() == "True":
                return path
    sys.exit("The course needs Python 3.11 and none was found. Install Python 3.11 "
             "(python.org, pyenv or your system's packages) and run this script with it.")


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def stamp_for(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_environment(with_tests: bool) -> Path:
    """Create or update .venv from the pins; skip the work when nothing changed."""
    files = RUNTIME_PINS + (TEST_PINS if with_tests else [])
    stamp_file = VENV / (".course-stamp-tests" if with_tests else ".course-stamp")
    wanted = stamp_for(files)
    python = venv_python()
    if python.exists() and stamp_file.exists() and stamp_file.read_text() == wanted:
        return python
    if not python.exists():
        say(f"creating the virtual environment in {VENV}")
        subprocess.run([find_python311(), "-m", "venv", str(VENV)], check=True)
    requirements = ROOT / ("tests/requirements.txt" if with_tests else "binder/requirements.txt")
    say(f"installing the pinned packages from {requirements.relative_to(ROOT)} "
        "(a few minutes the first time)")
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "--quiet", "-r", str(requirements)], check=True)
    subprocess.run([*pip, "install", "--quiet", "--no-deps", "-e", str(ROOT)], check=True)
    subprocess.run([*pip, "check"], check=True)
    # The same JupyterLab settings as Binder (binder/postBuild): instructor tools and news off.
    subprocess.run([str(python), str(LEARNER_SETTINGS)], check=True)
    stamp_file.write_text(wanted)
    if with_tests:  # the test environment holds the whole runtime as well
        (VENV / ".course-stamp").write_text(stamp_for(RUNTIME_PINS))
    return python


#: Programs the tests need from the system: command -> Debian/Ubuntu package.
SYSTEM_TEST_TOOLS = {
    "bwrap": "bubblewrap",  # the autograder's sandbox for student code (Linux only)
    "chromium": "chromium",  # the real-browser tests drive the system's Chromium
    "npm": "npm",  # installs JupyterHub's proxy for the class-hub test (tests/test_hub.py)
}
#: The class hub's Node.js part: configurable-http-proxy, pinned by autograder/hub's lock file.
HUB_DIR = ROOT / "autograder" / "hub"


def ensure_system_test_tools() -> None:
    """Install what the tests need from the system where we can (root with apt-get)."""
    missing = {cmd: pkg for cmd, pkg in SYSTEM_TEST_TOOLS.items() if not shutil.which(cmd)}
    if not missing:
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        packages = sorted(missing.values())
        say(f"installing {', '.join(packages)} with apt-get (needed by the tests)")
        install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.run(install, stdout=subprocess.DEVNULL, env=env).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL, env=env)
            subprocess.run(install, stdout=subprocess.DEVNULL, env=env, check=True)
        return
    sys.exit("The tests need " + ", ".join(f"`{c}` (package {p})" for c, p in missing.items())
             + ". Install them first, for example: sudo apt-get install "
             + " ".join(sorted(missing.values())) + " (Debian/Ubuntu; the grading sandbox "
             "runs on Linux only).")


def ensure_hub_proxy() -> None:
    """Install JupyterHub's proxy for the hub test with `npm ci` (exact versions from
    autograder/hub/package-lock.json); skipped while the lock file is unchanged."""
    stamp = HUB_DIR / "node_modules" / ".course-stamp"
    wanted = stamp_for([HUB_DIR / "package-lock.json"])
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say("installing JupyterHub's proxy (npm ci in autograder/hub)")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--quiet"],
                   cwd=HUB_DIR, check=True, stdout=subprocess.DEVNULL)
    stamp.write_text(wanted)


def course_env(python: Path) -> dict[str, str]:
    env = dict(os.environ)
    # nbgrader shells out to `alembic` from the environment it runs in.
    env["PATH"] = str(python.parent) + os.pathsep + env.get("PATH", "")
    env.pop("PYTHONPATH", None)
    return env


def lab_command(python: Path, port: int | None, token: str | None, headless: bool,
                lesson: str = FIRST_LESSON) -> list[str]:
    cmd = [str(python), "-m", "jupyter", "lab", f"--ServerApp.root_dir={ROOT}"]
    if headless:
        cmd += ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                f"--IdentityProvider.token={token}"]
    else:
        cmd.append(lesson)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI run as root; Jupyter refuses otherwise
    return cmd


def check_lab(python: Path, lesson: str = FIRST_LESSON) -> None:
    """Start JupyterLab headless, fetch lesson 01 through its API, and stop it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = secrets.token_hex(16)
    server = subprocess.Popen(lab_command(python, port, token, headless=True), cwd=ROOT,
                              env=course_env(python), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            if server.poll() is not None:
                sys.exit(f"JupyterLab exited early:\n{server.stderr.read()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/lab?token={token}", timeout=5) as page:
                    if page.status == 200:
                        break
            except OSError:
                if time.time() > deadline:
                    sys.exit("JupyterLab did not answer within 120 s.")
                time.sleep(1)
        url = f"{base}/api/contents/{lesson}?token={token}"
        with urllib.request.urlopen(url, timeout=30) as reply:
            model = json.load(reply)
        cells = len(model["content"]["cells"])
        say(f"JupyterLab served {lesson} ({cells} cells) at {base}/lab: the course opens.")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


#: Where `course.py slides` writes the static decks (git-ignored).
SLIDES_DIR = ROOT / "decks"
#: Downloaded once, kept out of git with the course's other downloads.
VENDOR_CACHE = ROOT / ".course-data" / "slides-vendor"
#: The JavaScript a static deck loads, pinned with npm's sha512 integrity, so a deck works
#: offline (a projector on a meeting room's network): reveal.js 4.0.2 is the version
#: nbconvert 7's slides template is written for; its template also needs require.js, jQuery
#: and MathJax 2 (the formulas). Value: (npm package, version, integrity, files to keep).
VENDOR = {
    "reveal.js": ("reveal.js", "4.0.2",
                  "sha512-LWZSUenufF1gpD7npxJ7KfoQQFKgc1D6XrLTFgKlwWNP1BQ74hT48KONFWMAw+8R/"
                  "QUeaScCLCLrBVHDfFIEiw==", ("dist/", "plugin/notes/", "LICENSE")),
    "requirejs": ("requirejs", "2.3.6",
                  "sha512-ipEzlWQe6RK3jkzikgCupiTbTvm4S0/CAU5GlgptkN5SO6F3u0UD0K18wy6ErDqiCyP4J4"
                  "YYe1HuAShvsxePLg==", ("require.js", "README.md")),
    "jquery": ("jquery", "3.5.1",
               "sha512-XwIBPqcMn57FxfT+Go5pzySnm4KWkT1Tv7gjrpT1srtf8Weynl6R273VJ5GjkRb51IzMp5nb"
               "aPjJXMWeju2MKg==", ("dist/jquery.min.js", "LICENSE.txt")),
    "mathjax": ("mathjax", "2.7.7",
                "sha512-OOl0B2/0tSJAtAZarXnQuLDBLgTNRqiI9VqHTQzPsxf4okT2iIpDrvaklK9x2QEMD1sDj4"
                "yRn11Ygci41DxMAQ==",
                ("MathJax.js", "LICENSE", "config/TeX-AMS_CHTML-full.js", "config/Safe.js",
                 "extensions/",
                 "jax/element/", "jax/input/TeX/", "jax/output/CommonHTML/",
                 "fonts/HTML-CSS/TeX/woff/", "localization/en/")),
}


def npm_integrity(path: Path) -> str:
    """npm's integrity string (``sha512-<base64>``) of a downloaded tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def fetch_vendor(name: str) -> Path | None:
    """The folder holding one pinned package's files, fetched with `npm pack` the first time
    (checked against its pinned integrity); None when it is not cached and npm cannot get it."""
    package, version, integrity, keep = VENDOR[name]
    kept = hashlib.sha256("\n".join(keep).encode()).hexdigest()[:8]  # a new list, a new copy
    folder = VENDOR_CACHE / f"{name}-{version}-{kept}"
    if (folder / ".complete").exists():
        return folder
    if not shutil.which("npm"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        packed = subprocess.run(["npm", "pack", f"{package}@{version}", "--silent"], cwd=tmp,
                                capture_output=True, text=True)
        tarballs = list(Path(tmp).glob("*.tgz"))
        if packed.returncode != 0 or len(tarballs) != 1:
            say(f"could not fetch {package}@{version} with npm: {packed.stderr.strip()[-300:]}")
            return None
        if npm_integrity(tarballs[0]) != integrity:
            sys.exit(f"{package}@{version} from npm does not match its pinned integrity "
                     f"{integrity}: refusing to use it (delete {VENDOR_CACHE} and retry).")
        shutil.rmtree(folder, ignore_errors=True)
        with tarfile.open(tarballs[0]) as archive:
            members = [m for m in archive.getmembers() if m.isfile() and any(
                m.name.removeprefix("package/").startswith(k) for k in keep)]
            for member in members:
                member.name = member.name.removeprefix("package/")
            archive.extractall(folder, members=members, filter="data")
    (folder / ".complete").write_text(f"{package}@{version} {integrity}\n")
    return folder


def slide_assets(out_dir: Path) -> list[str]:
    """Copy reveal.js and friends next to the decks; return nbconvert's options for them.

    Without them (no cache and no npm) the decks load the same files from a CDN, as
    nbconvert does by default, and need internet to present: said so, never silently.
    """
    folders = {name: fetch_vendor(name) for name in VENDOR}
    if not all(folders.values()):
        say("reveal.js, require.js, jQuery and MathJax could not be fetched (npm is needed "
            "once): the decks load them from a CDN and need internet to present")
        return []
    vendor = out_dir / "_vendor"
    for name, folder in folders.items():
        shutil.copytree(folder, vendor / name, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".complete"))
    return ["--SlidesExporter.reveal_url_prefix=_vendor/reveal.js",
            "--SlidesExporter.require_js_url=_vendor/requirejs/require.js",
            "--SlidesExporter.jquery_url=_vendor/jquery/dist/jquery.min.js",
            "--SlidesExporter.mathjax_url=_vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"]


def export_slides(args: list[str]) -> int:
    """`course.py slides`: every lesson's static deck in decks/, reveal.js kept beside it."""
    if not (ROOT / "solutions").is_dir() or not (ROOT / "autograder" / "slides.py").exists():
        sys.exit("This is the learner edition of the course: its decks are made from the "
                 "instructor's repository (`python3 course.py slides` there). Present a lesson "
                 "live instead: open it in JupyterLab and start the deck (command palette, "
                 "`deck:start`).")
    python = ensure_environment(with_tests=False)
    SLIDES_DIR.mkdir(exist_ok=True)
    options = slide_assets(SLIDES_DIR)
    command = [str(python), str(ROOT / "autograder" / "slides.py"), "export",
               "--out", str(SLIDES_DIR), *[f"--nbconvert={o}" for o in options], *args]
    result = subprocess.run(command, cwd=ROOT, env=course_env(python))
    if result.returncode == 0:
        say(f"decks written to {SLIDES_DIR}/ (open one in a browser; they work offline "
            "when _vendor/ is beside them)" if options else f"decks written to {SLIDES_DIR}/")
    return result.returncode


def take_language(argv: list[str]) -> tuple[str, list[str]]:
    """``--lang ko`` / ``--lang=ko`` out of ``argv``: the edition to open (default English)."""
    rest, lang = list(argv), "en"
    for i, arg in enumerate(rest):
        if arg.startswith("--lang="):
            lang = rest.pop(i).split("=", 1)[1]
            break
        if arg == "--lang" and i + 1 < len(rest):
            lang = rest[i + 1]
            del rest[i:i + 2]
            break
    if lang not in FIRST_LESSONS:
        sys.exit(f"--lang {lang}: the course has the editions {', '.join(FIRST_LESSONS)}")
    return lang, rest


def main(argv: list[str]) -> int:
    if argv[:1] == ["test"]:
        if not (ROOT / "tests").is_dir():
            sys.exit("This is the learner edition of the course: it has no tests. Start it with "
                     "`python3 course.py`.")
        python = ensure_environment(with_tests=True)
        ensure_system_test_tools()
        ensure_hub_proxy()  # the class-hub test's proxy (Node.js), from its lock file
        # CI runs this very command with no argument: the checks marked slow (a fresh Binder
        # environment, the class hub, the Kubernetes recipes, full-profile runs, the browser
        # walks of the slides) stay out of it so it keeps under CI's time; `--slow` adds them.
        args = [a for a in argv[1:] if a not in ("--slow", "--quick")]
        if "--slow" in argv[1:]:
            args.insert(0, "--run-slow")
        say("running the tests: pytest " + " ".join(args))
        return subprocess.run([str(python), "-m", "pytest", *args], cwd=ROOT,
                              env=course_env(python)).returncode
    if argv[:1] == ["slides"]:
        return export_slides(argv[1:])
    lang, argv = take_language(argv)
    lesson = FIRST_LESSONS[lang]
    if argv and argv[0] not in ("--check",):
        print(__doc__)
        return 2
    python = ensure_environment(with_tests=False)
    if argv[:1] == ["--check"]:
        check_lab(python, lesson)
        return 0
    say(f"opening JupyterLab at {lesson} (stop it with Ctrl+C)")
    try:
        return subprocess.run(lab_command(python, None, None, headless=False, lesson=lesson),
                              cwd=ROOT, env=course_env(python)).returncode
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
