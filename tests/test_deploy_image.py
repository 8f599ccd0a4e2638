"""The learners' image recipe works under a mounted home: deploy/image/ for real, minus Docker.

``deploy/image/install-course.sh`` runs as the Dockerfile runs it, as root, on the learner
edition (``instructor.py edition``) at ``/srv/dcgan-course``, with ``/home/jovyan`` bound to
a build-time folder. Then, as Zero to JupyterHub does, a *different, empty* folder (the
learner's volume, owned by the roster's uid) is bound over ``/home/jovyan``, and the image's
entrypoint starts JupyterLab as that uid, which has no /etc/passwd entry: lesson 01 opens,
its kernel imports the course package from the installed environment, and nothing the
course needs was left where the volume hides it.

Docker's ``pip install -r binder/requirements.txt`` is the one step not repeated (minutes of
downloads): the test's image environment sees the course's own ``.venv`` packages, which are
those pins (tests/test_environment.py), plus their Jupyter data files, and installs
everything else as the script does.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from conftest import ROOT
from test_deploy_exchange import as_uid, reachable

pytestmark = [pytest.mark.slow, pytest.mark.notebooks]

IMAGE = ROOT / "deploy" / "image"
UID = 20_411  # a roster uid: no entry in /etc/passwd, as in the image
NOT_IN_A_LEARNER_IMAGE = ("solutions", "autograder", "tests", "bench", "i18n", "facilitator",
                          ".git")

requests = pytest.importorskip("requests")


def view(binds: list[tuple[Path, str, bool]], hide: list[Path]) -> list[str]:
    """A container's file system: the machine read-only, the course's Python bound back
    when it lives in root's home, ``binds`` (source, target, read-only) over tmpfs'd /srv,
    /opt and /home, and ``hide`` emptied."""
    import pwd

    command = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
               "--tmpfs", "/tmp", "--unshare-pid", "--die-with-parent"]
    root_home = Path(pwd.getpwuid(0).pw_dir)
    needed = sorted({Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()})
    if any(root_home in p.parents for p in needed):
        command += ["--perms", "0755", "--tmpfs", str(root_home)]
        for path in (p for p in needed if root_home in p.parents):
            command += [*reachable(path), "--ro-bind", str(path), str(path)]
    for folder in hide:
        command += ["--tmpfs", str(folder)]
    command += ["--tmpfs", "/srv", "--tmpfs", "/opt", "--tmpfs", "/home"]
    for source, target, read_only in binds:
        command += [*reachable(Path(target)), "--ro-bind" if read_only else "--bind",
                    str(source), target]
    return [*command, "--"]


def image_environment(venv: Path) -> None:
    """The image's venv, before install-course.sh: Python without pip, seeing the pinned
    packages of the course's .venv (what `pip install -r binder/requirements.txt` gives),
    and their Jupyter data files (JupyterLab's assets, the lab extensions, the server
    extensions' switches) as pip would have put them into the environment."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3.*/site-packages"))
    course_site = next((Path(sys.prefix) / "lib").glob("python3.*/site-packages"))
    (site / "course-pins.pth").write_text(f"{course_site}\n")
    shutil.copytree(Path(sys.prefix) / "etc" / "jupyter", venv / "etc" / "jupyter")
    share = Path(sys.prefix) / "share" / "jupyter"
    (venv / "share" / "jupyter" / "lab").mkdir(parents=True)
    for name in ("static", "schemas", "themes"):
        if (share / "lab" / name).exists():
            (venv / "share" / "jupyter" / "lab" / name).symlink_to(share / "lab" / name)
    (venv / "share" / "jupyter" / "labextensions").symlink_to(share / "labextensions")
    # The packages' commands (jupyter-labextension, jupyterhub-singleuser, ...), as pip
    # writes them: the same scripts, run by this environment's Python.
    ours = f"#!{Path(sys.prefix) / 'bin' / 'python'}"
    for script in (Path(sys.prefix) / "bin").iterdir():
        target = venv / "bin" / script.name
        if script.is_file() and not script.is_symlink() and not target.exists():
            head, _, rest = script.read_bytes().partition(b"\n")
            if head.decode(errors="replace").startswith(ours):
                target.write_bytes(b"#!/opt/dcgan-image/venv/bin/python\n" + rest)
                target.chmod(0o755)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Image:
    """The image's folders on this machine, and a way to run things in its containers."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.srv, self.opt = base / "srv", base / "opt"
        self.course = self.srv / "dcgan-course"
        self.target = self.opt / "dcgan-image"
        self.build_home = base / "build-home"  # /home/jovyan while the image is built
        for folder in (self.srv, self.opt, self.build_home):
            folder.mkdir()

    def binds(self, home: Path) -> list[tuple[Path, str, bool]]:
        return [(self.course, "/srv/dcgan-course", True),
                (self.target, "/opt/dcgan-image", True), (home, "/home/jovyan", False)]

    def container(self, home: Path, *command: str, lessons: str = "copy",
                  **kwargs) -> subprocess.Popen | subprocess.CompletedProcess:
        """``command`` through the image's entrypoint, as the learner's uid, ``home``
        mounted on /home/jovyan; Popen when ``popen=True``."""
        env = {"PATH": "/opt/dcgan-image/venv/bin:/usr/bin:/bin", "HOME": "/home/jovyan",
               "USER": "jovyan", "JUPYTER_CONFIG_PATH": "/opt/dcgan-image/jupyter",
               "DCGAN_COURSE_PROFILE": "fast", "DCGAN_COURSE_LESSONS": lessons,
               "JUPYTERHUB_USER": "ann", "LANG": "C.UTF-8"}
        full = [*view(self.binds(home), [self.base]), *as_uid(UID),
                "/opt/dcgan-image/start-course", *command]
        if kwargs.pop("popen", False):
            return subprocess.Popen(full, env=env, start_new_session=True, **kwargs)
        return subprocess.run(full, env=env, capture_output=True, text=True, timeout=120,
                              **kwargs)

    def volume(self, name: str) -> Path:
        """A learner's fresh volume: empty, its group the pod's (fsGroup), group-writable."""
        home = self.base / name
        home.mkdir()
        os.chown(home, 0, UID)
        os.chmod(home, 0o2770)
        return home


@pytest.fixture(scope="module")
def image():
    if os.geteuid() != 0 or not shutil.which("bwrap"):
        pytest.skip("the image's containers need root and bubblewrap (CI has both)")
    base = Path(tempfile.mkdtemp(prefix="dcgan-image-", dir="/tmp"))
    os.chmod(base, 0o755)
    built = Image(base)
    try:
        edition = subprocess.run([sys.executable, str(ROOT / "autograder" / "instructor.py"),
                                  "edition", str(built.course)], capture_output=True,
                                 text=True, timeout=300)
        assert edition.returncode == 0, edition.stdout + edition.stderr
        built.target.mkdir()
        image_environment(built.target / "venv")
        # As the Dockerfile's RUN: root, the build's /home/jovyan, the script from the context.
        env = {"PATH": f"{built.target / 'venv' / 'bin'}:/usr/bin:/bin", "HOME": "/home/jovyan",
               "DCGAN_IMAGE_SKIP_REQUIREMENTS": "1", "LANG": "C.UTF-8",
               # --ignore-installed: pip must not uninstall the course's own (editable)
               # install, which it sees through course-pins.pth (read-only here anyway)
               "DCGAN_IMAGE_PIP_OPTIONS": "--no-build-isolation --no-index --ignore-installed"}
        install = subprocess.run(
            [*view([(built.srv, "/srv", False), (built.opt, "/opt", False),
                    (built.build_home, "/home/jovyan", False)], []),
             "bash", str(IMAGE / "install-course.sh"), "/srv/dcgan-course", "/opt/dcgan-image"],
            env=env, capture_output=True, text=True, timeout=600)
        assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
        built.install_log = install.stdout + install.stderr
        yield built
    finally:
        shutil.rmtree(base, ignore_errors=True)


def run_in_kernel(url: str, token: str, code: str) -> str:
    import websocket

    headers = {"Authorization": f"token {token}"}
    kernel = requests.post(f"{url}/api/kernels", headers=headers, json={"name": "python3"},
                           timeout=60).json()["id"]
    ws = websocket.create_connection(f"{url.replace('http', 'ws')}/api/kernels/{kernel}/channels",
                                     header=[f"Authorization: token {token}"], timeout=180)
    try:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "ann",
                       "session": uuid.uuid4().hex, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False}}))
        text, deadline = [], time.monotonic() + 180
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                text.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                text.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(text)
        pytest.fail(f"the kernel did not finish in 180 s: {''.join(text)}")
    finally:
        ws.close()
        requests.delete(f"{url}/api/kernels/{kernel}", headers=headers, timeout=60)


@pytest.fixture(scope="module")
def lab(image):
    """JupyterLab started by the image's entrypoint on a learner's fresh volume."""
    home = image.volume("ann-volume")
    port, token = free_port(), secrets.token_hex(16)
    log = (image.base / "lab.log").open("w")
    server = image.container(home, "python", "-m", "jupyterlab", "--no-browser",
                             f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1",
                             f"--IdentityProvider.token={token}", popen=True, stdout=log,
                             stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"token {token}"}
    try:
        deadline = time.monotonic() + 240
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited: {(image.base / 'lab.log').read_text()[-4000:]}")
            try:
                if requests.get(f"{url}/api/status", headers=headers, timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer: {(image.base / 'lab.log').read_text()}")
            time.sleep(1)
        notebook = requests.get(f"{url}/api/contents/lessons/01-gan-intro/01-gan-intro.ipynb",
                                headers=headers, timeout=60)
        page = requests.get(f"{url}/lab/tree/lessons/01-gan-intro/01-gan-intro.ipynb",
                            headers=headers, timeout=60)
        korean = requests.get(f"{url}/api/contents/lessons-ko", headers=headers, timeout=60)
        kernel = run_in_kernel(url, token, "import os, sys, dcgan_course\n"
                               "print(dcgan_course.__file__)\nprint(os.getuid(), os.getcwd())\n"
                               "print(sys.prefix)")
        yield {"home": home, "notebook": notebook, "page": page, "korean": korean,
               "kernel": kernel}
    finally:
        os.killpg(server.pid, 15)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait(timeout=30)
        log.close()


def test_the_image_holds_the_learner_view_only(image):
    present = {p.name for p in image.course.iterdir()}
    assert {"lessons", "lessons-ko", "dcgan_course", "binder"} <= present
    assert not present & set(NOT_IN_A_LEARNER_IMAGE), present & set(NOT_IN_A_LEARNER_IMAGE)
    assert not (image.course / "build").exists() and not list(image.course.glob("*.egg-info"))


def test_the_package_is_installed_not_linked(image):
    """Non-editable: every file of the edition's package is in the environment, so the
    code does not depend on a folder (and would not miss data files a wheel leaves out)."""
    site = next((image.target / "venv" / "lib").glob("python3.*/site-packages"))
    installed = site / "dcgan_course"
    assert installed.is_dir() and not installed.is_symlink()
    shipped = {p.relative_to(image.course / "dcgan_course") for p in
               (image.course / "dcgan_course").rglob("*") if p.is_file()
               and "__pycache__" not in p.parts}
    missing = sorted(str(p) for p in shipped if not (installed / p).is_file())
    assert not missing, f"files of the package a non-editable install leaves out: {missing}"
    assert not list(site.glob("__editable__*")) and not list(site.glob("*dcgan*.egg-link"))


def test_lesson_01_opens_under_a_mounted_home(lab, image):
    assert lab["notebook"].status_code == 200, lab["notebook"].text[:500]
    body = lab["notebook"].json()
    assert body["type"] == "notebook" and len(body["content"]["cells"]) > 10
    assert lab["page"].status_code == 200 and "JupyterLab" in lab["page"].text
    assert lab["korean"].status_code == 200
    file, ids, prefix = lab["kernel"].strip().splitlines()[-3:]
    assert file == "/opt/dcgan-image/venv/lib/python3.11/site-packages/dcgan_course/__init__.py"
    assert ids.split() == [str(UID), "/home/jovyan"] and prefix == "/opt/dcgan-image/venv"
    copied = lab["home"] / "lessons" / "01-gan-intro" / "01-gan-intro.ipynb"
    assert copied.is_file() and copied.stat().st_uid == UID


def test_a_restart_keeps_the_learners_work(image):
    home = image.volume("restart-volume")
    assert image.container(home, "true").returncode == 0
    mine = home / "lessons" / "01-gan-intro" / "01-gan-intro.ipynb"
    mine.write_text("my work")
    shutil.rmtree(home / "lessons" / "02-upsampling")
    result = image.container(home, "true")
    assert result.returncode == 0, result.stderr
    assert mine.read_text() == "my work"  # never overwritten
    assert (home / "lessons" / "02-upsampling" / "02-upsampling.ipynb").is_file()  # restored


def test_a_graded_class_gets_its_lessons_from_the_exchange_only(image):
    home = image.volume("graded-volume")
    result = image.container(home, "true", lessons="exchange")
    assert result.returncode == 0, result.stderr
    assert not any(home.iterdir())


def test_a_home_the_learner_cannot_write_is_explained(image):
    home = image.base / "root-owned-volume"
    home.mkdir(mode=0o755)  # what a volume without fsGroup looks like to the learner's uid
    result = image.container(home, "true")
    assert result.returncode == 1 and "fsGroup" in result.stderr, result.stderr


def test_the_recipe_refuses_the_instructors_repository(tmp_path):
    (tmp_path / "solutions").mkdir()
    result = subprocess.run(["bash", str(IMAGE / "install-course.sh"), str(tmp_path),
                             str(tmp_path / "target")], capture_output=True, text=True)
    assert result.returncode == 2 and "learner edition" in result.stderr
    assert not (tmp_path / "target").exists()
