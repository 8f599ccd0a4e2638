"""A whole class on the course's JupyterHub, for real: release -> fetch -> submit -> collect
-> autograde -> feedback, through nbgrader's exchange (autograder/hub/).

The test makes Unix accounts (one instructor, three learners) under a throwaway folder,
starts JupyterHub with ``autograder/hub/jupyterhub_config.py`` on 127.0.0.1 (free ports),
and lets each learner sign up (NativeAuthenticator) and wait for the instructor's approval.
The instructor releases lesson 01 (``classroom.py release``). Each learner, through the hub's
REST API and their own server (the same calls JupyterLab's Assignments panel makes),
fetches the lesson, writes a notebook (solved, partly solved, hostile) and submits it. The
instructor collects, autogrades in the sandbox and releases feedback, which each learner
fetches. It checks the grades, that learners cannot see each other's work or the
instructor's files (through the exchange, their kernels or the hub), the Assignments panel
in Chromium once, and that everything stops. The course is installed as the README says,
a clone with its ``.git`` (every solution in its history), and a second world-readable
clone lies under /srv and /opt: a learner's kernel must reach none of them. It needs root
(it makes users), bubblewrap and Node.js with the proxy (``python3 course.py test``
installs them).
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, clone_course, copy_course
from test_grading_safety import FULL, ZERO, notebook
from test_sandbox_processes import (
    assert_found_nothing,
    learner_view,
    look_around,
    other_course_copies,
    what_was_found,
)

pytestmark = [pytest.mark.slow, pytest.mark.notebooks]

LESSON = "01-gan-intro"
NOTEBOOK = f"{LESSON}.ipynb"
COURSE_ID = "dcgan-course"
PARTIAL = {**ZERO, "ex1-tests": FULL["ex1-tests"]}  # exercise 1 solved, the rest as released
START_S = 300  # the hub's start_timeout for servers; the hub itself starts in seconds
ARTIFACTS = ROOT / "test-artifacts" / "hub"
PROXY = ROOT / "autograder" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic", "--disable-dev-shm-usage"]

requests = pytest.importorskip("requests")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, check, timeout: float, every: float = 0.5):
    """Poll ``check`` until it returns something truthy; fail with ``what`` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def processes_of(uids: set[int]) -> list[int]:
    """Pids of live processes whose real uid is one of ``uids`` (zombies excluded)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines()
                          if ":" in line)
        except OSError:
            continue
        if int(fields["Uid"].split()[0]) in uids and not fields["State"].strip().startswith("Z"):
            found.append(int(status.parent.name))
    return found


class Hub:
    """A JupyterHub for the class, its users, and everything it starts; ``close`` undoes all."""

    def __init__(self, base: Path, course: Path) -> None:
        self.base, self.course = base, course
        tag = secrets.token_hex(2)
        self.instructor = f"dcg{tag}teach"
        self.learners = {"correct": f"dcg{tag}ann", "partial": f"dcg{tag}bob",
                         "hostile": f"dcg{tag}eve"}
        self.users = [self.instructor, *self.learners.values()]
        self.passwords = {name: secrets.token_urlsafe(12) for name in self.users}
        self.exchange = base / "exchange"
        self.state = base / "state"
        self.port, self.api_port, self.proxy_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.service_token = secrets.token_hex(24)
        self.tokens: dict[str, str] = {}
        self.process: subprocess.Popen | None = None
        self.log_path = base / "jupyterhub.log"
        self.uids: set[int] = set()

    # --- set-up -------------------------------------------------------------------------
    def make_accounts(self) -> None:
        (self.base / "home").mkdir(mode=0o755)
        for name in self.users:
            subprocess.run(["useradd", "--create-home", "--home-dir",
                            str(self.base / "home" / name), "--shell", "/bin/bash",
                            "--key", "HOME_MODE=0700", name], check=True, capture_output=True)
            self.uids.add(pwd.getpwnam(name).pw_uid)

    def start(self) -> None:
        env = dict(os.environ, DCGAN_HUB_IP="127.0.0.1", DCGAN_HUB_PORT=str(self.port),
                   DCGAN_HUB_API_PORT=str(self.api_port),
                   DCGAN_HUB_PROXY_API_PORT=str(self.proxy_port),
                   DCGAN_HUB_STATE=str(self.state), DCGAN_HUB_EXCHANGE=str(self.exchange),
                   DCGAN_HUB_INSTRUCTORS=self.instructor,
                   DCGAN_HUB_SERVICE_TOKEN=self.service_token, DCGAN_HUB_PROXY=str(PROXY),
                   PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
        env.pop("PYTHONPATH", None)
        config = self.course / "autograder" / "hub" / "jupyterhub_config.py"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)],
                                        cwd=self.base, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

        def up():
            if self.process.poll() is not None:
                pytest.fail(f"JupyterHub exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                return requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200
            except requests.RequestException:
                return False

        wait_for("JupyterHub to answer", up, START_S)

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text()[-chars:] if self.log_path.exists() else ""

    # --- the hub's pages and API ----------------------------------------------------------
    def browser_session(self) -> requests.Session:
        session = requests.Session()
        session.get(f"{self.url}/hub/login", timeout=30)
        return session

    def form(self, session: requests.Session, path: str, data: dict) -> requests.Response:
        data = {**data, "_xsrf": session.cookies.get("_xsrf", "")}
        return session.post(f"{self.url}/hub/{path}", data=data, timeout=60,
                            allow_redirects=False)

    def sign_up(self, name: str) -> str:
        session = self.browser_session()
        reply = self.form(session, "signup", {
            "username": name, "signup_password": self.passwords[name],
            "signup_password_confirmation": self.passwords[name]})
        return reply.text

    def log_in(self, name: str) -> requests.Session | None:
        session = self.browser_session()
        reply = self.form(session, "login", {"username": name,
                                             "password": self.passwords[name]})
        return session if reply.status_code == 302 else None

    def api(self, method: str, path: str, token: str | None = None, **kwargs):
        headers = {"Authorization": f"token {token or self.service_token}"}
        return requests.request(method, f"{self.url}/hub/api/{path}", headers=headers,
                                timeout=60, **kwargs)

    def start_server(self, name: str) -> None:
        reply = self.api("POST", f"users/{name}/server")
        assert reply.status_code in (201, 202), f"{reply.text}\n{self.log_tail()}"

    def wait_ready(self, name: str) -> None:
        def ready():
            if self.process.poll() is not None:
                pytest.fail(f"JupyterHub exited:\n{self.log_tail()}")
            server = self.api("GET", f"users/{name}").json().get("servers", {}).get("", {})
            return server.get("ready")

        wait_for(f"{name}'s server (hub log:\n{self.log_tail(1500)})", ready, START_S, 1)
        self.tokens[name] = self.api("POST", f"users/{name}/tokens",
                                     json={"note": "test", "expires_in": 3600}).json()["token"]

    def user(self, name: str, method: str, path: str, as_user: str | None = None, **kwargs):
        """A call to ``name``'s server, with ``as_user``'s token (default: the owner's)."""
        headers = {"Authorization": f"token {self.tokens[as_user or name]}"}
        return requests.request(method, f"{self.url}/user/{name}/{path}", headers=headers,
                                timeout=300, allow_redirects=False, **kwargs)

    def assignments(self, name: str, action: str | None = None) -> list[dict]:
        data = {"course_id": COURSE_ID, "assignment_id": LESSON}
        reply = (self.user(name, "POST", f"assignments/{action}", data=data) if action
                 else self.user(name, "GET", "assignments", params={"course_id": COURSE_ID}))
        assert reply.status_code == 200, reply.text
        body = reply.json()
        assert body.get("success", True), body
        return body["value"]

    def run_code(self, name: str, code: str) -> str:
        """Run ``code`` in a new kernel of ``name``'s server; its printed output."""
        import websocket

        kernel = self.user(name, "POST", "api/kernels", json={"name": "python3"}).json()["id"]
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{self.port}/user/{name}/api/kernels/{kernel}/channels",
            header=[f"Authorization: token {self.tokens[name]}"], timeout=120)
        try:
            msg_id = uuid.uuid4().hex
            ws.send(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": name,
                           "session": uuid.uuid4().hex, "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell",
                "content": {"code": code, "silent": False, "store_history": False,
                            "user_expressions": {}, "allow_stdin": False}}))
            text, deadline = [], time.monotonic() + 120
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
            pytest.fail(f"code in {name}'s kernel did not finish in 120 s: {''.join(text)}")
        finally:
            ws.close()
            self.user(name, "DELETE", f"api/kernels/{kernel}")

    def instructor_step(self, *args: str) -> tuple[str, float]:
        """``classroom.py`` as root, as the instructor runs it on the hub's machine."""
        start = time.perf_counter()
        env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep
                   + os.environ["PATH"], COURSE_GRADING_CELL_TIMEOUT="60")
        result = subprocess.run([sys.executable, str(self.course / "autograder" / "hub"
                                                     / "classroom.py"), *args,
                                 "--exchange", str(self.exchange)],
                                capture_output=True, text=True, timeout=900, env=env)
        assert result.returncode == 0, f"classroom.py {' '.join(args)}:\n{result.stdout}" \
                                       f"{result.stderr}"
        return result.stdout, time.perf_counter() - start

    # --- tear-down --------------------------------------------------------------------------
    def stop(self) -> dict:
        """Stop the hub as an operator would (SIGTERM) and report what was left running."""
        report = {"exit": None, "left": []}
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                report["exit"] = self.process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                report["exit"] = "timeout"
        elif self.process:
            report["exit"] = self.process.returncode
        deadline = time.monotonic() + 30
        while processes_of(self.uids) and time.monotonic() < deadline:
            time.sleep(0.5)
        report["left"] = processes_of(self.uids)
        report["ports_open"] = [p for p in (self.port, self.api_port, self.proxy_port)
                                if port_open(p)]
        return report

    def close(self) -> None:
        """Kill whatever is left (the hub's process group, the test users' processes), remove
        the users, their cgroups and the folder. Safe to call twice and after a failure."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while (left := processes_of(self.uids)) and time.monotonic() < deadline:
            for pid in left:  # only processes of the users this test made
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)
        if hasattr(self, "log"):
            self.log.close()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(self.log_path, ARTIFACTS / "jupyterhub.log")  # to read after a failure
        for name in self.users:
            if subprocess.run(["userdel", name], capture_output=True).returncode not in (0, 6):
                subprocess.run(["userdel", "--force", name], capture_output=True)
            for cgroup in (f"memory/dcgan-hub/{name}", f"cpu/dcgan-hub/{name}",
                           f"dcgan-hub/{name}"):
                with contextlib.suppress(OSError):
                    (Path("/sys/fs/cgroup") / cgroup).rmdir()
        shutil.rmtree(self.base, ignore_errors=True)


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def solved(kind: str) -> str:
    """The learners' notebooks: the grading-safety test's solved release, or exercise 1 only."""
    if kind == "correct":
        return notebook("solved")
    full = nbformat.reads(notebook("solved"), 4)
    only_ex1 = nbformat.reads(notebook("untouched"), 4)
    source = {c.id: c.source for c in full.cells}
    for cell in only_ex1.cells:
        if cell.id == "ex1-discriminator-loss":
            cell.source = source[cell.id]
    return nbformat.writes(only_ex1)


def hostile(course: Path, victim: str) -> str:
    """The grading-safety test's 'reader' attack aimed at this class: during grading it tries
    to read the hidden tests, the gradebook and the correct learner's collected notebook."""
    targets = [course / "solutions" / LESSON / NOTEBOOK,
               course / "autograder" / "gradebook.db",
               course / "autograder" / "submitted" / victim / LESSON / NOTEBOOK]
    return notebook("untouched", f"""
for path in {[str(t) for t in targets]!r}:
    try:
        print("FOUND", len(open(path, "rb").read()), path)
    except OSError as error:
        print("blocked:", path, type(error).__name__)
""")


@pytest.fixture(scope="module")
def hub():
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("the hub test makes Unix users and runs JupyterHub as root: run it as root "
                    "(CI does)")
    for tool in ("bwrap", "setpriv", "useradd", "node"):
        assert shutil.which(tool), f"{tool} is missing: `python3 course.py test` installs it"
    assert PROXY.exists(), "run `npm ci --prefix autograder/hub` (course.py test does)"
    base = Path(tempfile.mkdtemp(prefix="dcgan-hub-", dir="/tmp"))
    os.chmod(base, 0o755)  # users' homes live below; each home is 0700
    hub = Hub(base, clone_course(base / "course"))
    try:
        with other_course_copies() as copies:
            hub.other_copies = copies
            hub.make_accounts()
            hub.start()
            yield hub
    finally:
        hub.close()


@pytest.fixture(scope="module")
def flow(hub):
    """The whole loop, timed; the tests below check what it left behind."""
    times, outputs = {}, {}
    start = time.perf_counter()
    # Accounts: sign-up, refused until approved, then approved by the instructor.
    for name in hub.users:
        outputs[f"signup {name}"] = hub.sign_up(name)
    refused_before_approval = hub.log_in(hub.learners["correct"]) is None
    teacher = hub.log_in(hub.instructor)
    assert teacher, f"the instructor could not log in:\n{hub.log_tail()}"
    for name in hub.learners.values():
        reply = teacher.get(f"{hub.url}/hub/authorize/{name}", timeout=30, allow_redirects=False)
        assert reply.status_code in (200, 302), reply.text
    approved_log_in = all(hub.log_in(name) for name in hub.learners.values())
    times["accounts"] = time.perf_counter() - start

    mark = time.perf_counter()
    with ThreadPoolExecutor(len(hub.users)) as pool:  # as a class arrives: all at once
        list(pool.map(hub.start_server, hub.users))
    for name in hub.users:
        hub.wait_ready(name)
    times["servers"] = time.perf_counter() - mark

    outputs["release"], times["release"] = hub.instructor_step("release", LESSON)

    mark = time.perf_counter()
    listed = {}
    for kind, name in hub.learners.items():
        listed[kind] = hub.assignments(name)
        hub.assignments(name, "fetch")
        path = f"api/contents/{LESSON}/{NOTEBOOK}"
        fetched = hub.user(name, "GET", path)
        assert fetched.status_code == 200, fetched.text
        text = solved(kind) if kind != "hostile" else hostile(hub.course, hub.learners["correct"])
        reply = hub.user(name, "PUT", path, json={"type": "notebook", "format": "json",
                                                   "content": json.loads(text)})
        assert reply.status_code in (200, 201), reply.text
        outputs[f"submitted {kind}"] = hub.assignments(name, "submit")
    times["fetch and submit"] = time.perf_counter() - mark
    inbound = hub.exchange / COURSE_ID / "inbound"
    outputs["submission modes"] = {p.name: (p.stat().st_uid, p.stat().st_mode & 0o7777)
                                   for p in inbound.iterdir()}

    # The hostile learner hands in "as" the correct one (a later submission under her name)
    # and plants a link to the solution notebook as her own newest submission; then, told
    # the name of the correct learner's submission, tries to read, empty and rename it.
    eve = hub.learners["hostile"]
    ann = hub.learners["correct"]
    outputs["forge"] = hub.run_code(eve, forge(hub, ann))
    genuine = next(p for p in inbound.iterdir() if p.name.startswith(f"{ann}+")
                   and p.stat().st_uid == pwd.getpwnam(ann).pw_uid)
    outputs["tamper"] = hub.run_code(eve, probe_code({
        "list ann's submission": f"os.listdir({str(genuine)!r})",
        "read ann's notebook": f"open({str(genuine / NOTEBOOK)!r}).read()",
        "remove ann's notebook": f"os.remove({str(genuine / NOTEBOOK)!r})",
        "write into ann's submission": f"open({str(genuine / 'extra.py')!r}, 'w').write('1')",
        "rename ann's submission": f"os.rename({str(genuine)!r}, {str(genuine) + 'x'!r})",
    }))

    # The hostile learner looks around from their own kernel while the others' work waits.
    victim_home = pwd.getpwnam(hub.learners["correct"]).pw_dir
    probes = {
        "inbound listing": f"os.listdir({str(hub.exchange / COURSE_ID / 'inbound')!r})",
        "inbound glob": f"glob.glob({str(hub.exchange / COURSE_ID / 'inbound')!r} + '/*')",
        "other home": f"os.listdir({victim_home!r})",
        "other notebook": f"open({victim_home + '/' + LESSON + '/' + NOTEBOOK!r}).read()",
        "hidden tests": f"open({str(hub.course / 'solutions' / LESSON / NOTEBOOK)!r}).read()",
        "repo solutions": f"os.listdir({str(ROOT / 'solutions')!r})",
        "gradebook": f"open({str(hub.course / 'autograder' / 'gradebook.db')!r}, 'rb').read()",
        "hub database": f"open({str(hub.state / 'jupyterhub.sqlite')!r}, 'rb').read()",
        "root's home": "os.listdir(os.path.expanduser('~root'))",
        "course checkout": f"os.listdir({str(hub.course)!r})",
        "course git": f"os.listdir({str(hub.course / '.git')!r})",
        "verdicts": f"open({str(hub.course / 'autograder/verdicts/lesson01.py')!r}).read()",
        "verdict tests": f"open({str(hub.course / 'tests/test_verdicts_lesson01.py')!r}).read()",
    }
    outputs["probes"] = hub.run_code(eve, probe_code(probes))
    # Every way to an answer: git show on every checkout, reading instructor files, a walk
    # over everything visible, /proc of the hub and of the other learners.
    checkouts = [str(hub.course), str(ROOT), str(learner_view.MOUNT), victim_home,
                 *map(str, hub.other_copies), "/root", "/home", "/opt", "/srv", "/tmp", "/"]
    others = [hub.process.pid, *processes_of({pwd.getpwnam(hub.learners["correct"]).pw_uid})]
    outputs["look around"] = {"checkouts": checkouts, "host_pids": others,
                              "printed": hub.run_code(eve, look_around(checkouts, others))}
    outputs["world"] = hub.run_code(eve, WORLD)
    outputs["whoami"] = hub.run_code(eve, "import os; print(os.getuid(), os.getcwd())")
    # A learner's kernel as the lessons use it (TensorFlow and the course package loaded,
    # lesson 01's toy GAN built and run), for the per-user memory under the cgroup.
    outputs["lesson kernel"] = hub.run_code(hub.learners["correct"], TOY_TRAINING)

    mark = time.perf_counter()
    outputs["collect"], times["collect"] = hub.instructor_step("collect", LESSON)
    outputs["grade"], times["grade"] = hub.instructor_step("grade", LESSON)
    outputs["feedback"], times["feedback"] = hub.instructor_step("feedback", LESSON)
    times["collect to feedback"] = time.perf_counter() - mark

    mark = time.perf_counter()
    feedback = {}
    for kind, name in hub.learners.items():
        hub.assignments(name, "fetch_feedback")
        folder = hub.user(name, "GET", f"api/contents/{LESSON}/feedback").json()
        stamp = folder["content"][0]["path"]
        page = hub.user(name, "GET", f"api/contents/{stamp}/{LESSON}.html").json()
        feedback[kind] = page["content"]
    times["fetch feedback"] = time.perf_counter() - mark
    times["whole loop"] = time.perf_counter() - start

    memory = {}
    sys.path.insert(0, str(hub.course / "autograder" / "hub"))
    from classhub import CgroupLimits

    for name in hub.users:
        limits = CgroupLimits(name)
        memory[name] = {"peak": limits.peak_memory(), "limit": limits.limit()}
    result = {"times": times, "outputs": outputs, "listed": listed, "feedback": feedback,
              "refused_before_approval": refused_before_approval,
              "approved_log_in": approved_log_in, "memory": memory}
    print(json.dumps({"times": times, "memory": memory}, indent=1))
    (ARTIFACTS).mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "flow.json").write_text(json.dumps(result, indent=1, default=str))
    return result


def probe_code(probes: dict[str, str]) -> str:
    """Code that tries each expression and prints ``<key> GOT <size>`` or ``<key> DENIED``."""
    return "import glob, os\n" + "".join(
        f"try:\n    r = {expr}\n    print({key!r}, 'GOT', len(r) if r else 'EMPTY')\n"
        f"except Exception as e:\n    print({key!r}, 'DENIED', type(e).__name__)\n"
        for key, expr in probes.items())


def forge(hub: Hub, victim: str) -> str:
    """The hostile learner's hand-ins through the exchange: her own lesson folder submitted
    with nbgrader under the victim's name (newer than the victim's own), and a submission of
    her own whose notebook is a link to the instructor's solution, dated in the future."""
    planted = (hub.exchange / COURSE_ID / "inbound"
               / f"{hub.learners['hostile']}+{LESSON}+2099-01-01 00:00:00.000000 UTC+planted")
    solution = hub.course / "solutions" / LESSON / NOTEBOOK
    return f"""
import os, subprocess, sys
done = subprocess.run([sys.executable, "-m", "nbgrader", "submit", {LESSON!r},
                       "--CourseDirectory.student_id={victim}"], cwd=os.path.expanduser("~"),
                      capture_output=True, text=True)
print("forged", done.returncode, done.stderr[-2000:])
os.mkdir({str(planted)!r})
os.symlink({str(solution)!r}, {str(planted / NOTEBOOK)!r})
print("planted")
"""


WORLD = """
import json, os, dcgan_course
print("WORLD" + json.dumps({"package": dcgan_course.__file__,
                           "users": [line.split(":")[0] for line in open("/etc/passwd")],
                           "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
                           "uids": sorted({os.stat("/proc/" + p).st_uid for p in
                                           os.listdir("/proc") if p.isdigit()})}))
"""

TOY_TRAINING = """
import tensorflow as tf
from dcgan_course import toy_gan
generator, discriminator = toy_gan.build_generator(), toy_gan.build_discriminator()
print("ran", discriminator(generator(tf.random.normal((256, 4)))).shape, "on", tf.__version__)
"""


def scores(course: Path) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'autograder' / 'gradebook.db'}") as gradebook:
        return {s.student_id: {g.name: g.score for n in s.notebooks for g in n.grades}
                for s in gradebook.assignment_submissions(LESSON)}


def test_only_approved_learners_log_in(flow):
    assert flow["refused_before_approval"], "a learner logged in before approval"
    assert flow["approved_log_in"], "an approved learner could not log in"


def test_learners_see_the_released_lesson_and_submit(flow, hub):
    for kind in hub.learners:
        assert [a["assignment_id"] for a in flow["listed"][kind]] == [LESSON]
        assert flow["listed"][kind][0]["status"] == "released"
        statuses = {a["status"] for a in flow["outputs"][f"submitted {kind}"]}
        assert "submitted" in statuses, flow["outputs"][f"submitted {kind}"]


def test_grades_through_the_exchange_are_exact(flow, hub):
    got = scores(hub.course)
    learners = hub.learners
    assert got == {learners["correct"]: FULL, learners["partial"]: PARTIAL,
                   learners["hostile"]: ZERO}, flow["outputs"]["grade"]


def test_the_hostile_submission_found_nothing_while_graded(flow, hub):
    path = (hub.course / "autograder" / "autograded" / hub.learners["hostile"] / LESSON
            / NOTEBOOK)
    text = "".join(output.get("text", "") for cell in nbformat.read(path, 4).cells
                   for output in cell.get("outputs", []))
    assert "FOUND" not in text and text.count("blocked:") == 3, text


def test_each_learner_fetches_their_own_feedback(flow):
    total = float(sum(FULL.values()))
    for kind, got in (("correct", total), ("partial", float(PARTIAL["ex1-tests"])),
                      ("hostile", 0.0)):
        assert f"{got} / {total}" in flow["feedback"][kind] or \
            f"{got:g} / {total:g}" in flow["feedback"][kind], kind


def test_a_learner_cannot_read_others_or_the_instructor_through_their_kernel(flow):
    report = flow["outputs"]["probes"].splitlines()
    for probe in ("inbound listing", "other home", "other notebook", "hidden tests",
                  "gradebook", "hub database"):
        assert f"{probe} DENIED" in " ".join(report), report
    # The exchange's inbound folder cannot be listed, so a glob finds nothing; no course
    # checkout exists in a learner's world; root's home holds nothing but the course's
    # Python (bound read-only) when it lives there.
    assert "inbound glob GOT EMPTY" in report, report
    for probe in ("repo solutions", "course checkout", "course git", "verdicts",
                  "verdict tests"):
        assert f"{probe} DENIED" in " ".join(report), report
    assert "root's home GOT 1" in report or "root's home DENIED" in report, report


def test_a_learner_reaches_no_course_checkout_and_no_answer(flow, hub):
    """Issue 26's done-when on the hub: git show on every checkout (the instructor's clone
    with .git, the repository, clones under /srv, /opt and another home), reading tests/,
    solutions/, autograder/ and gradebooks, a walk over everything, and /proc of the hub and
    of another learner: all fail."""
    looked = flow["outputs"]["look around"]
    found = what_was_found(looked["printed"])
    assert_found_nothing(found, looked["checkouts"], looked["host_pids"])


def test_a_learner_sees_the_learner_view_and_only_their_own_processes(flow, hub):
    world = json.loads(flow["outputs"]["world"].split("WORLD", 1)[1].splitlines()[0])
    assert world["package"] == str(learner_view.MOUNT / "dcgan_course" / "__init__.py")
    assert world["users"] == ["root", "nobody", hub.learners["hostile"]]
    eve = pwd.getpwnam(hub.learners["hostile"]).pw_uid
    assert set(world["uids"]) <= {0, eve} and len(world["pids"]) < 12, world


def test_each_submission_folder_is_its_owners_alone(flow, hub):
    """nbgrader 0.9.6 leaves every submission folder 0777: whoever learns its name can empty
    it or put files in. The learners' settings submit it 0700 (config/learner)."""
    modes = flow["outputs"]["submission modes"]
    owners = {pwd.getpwnam(name).pw_uid: name for name in hub.learners.values()}
    assert sorted(owners[uid] for uid, _ in modes.values()) == sorted(hub.learners.values())
    assert {oct(mode) for _, mode in modes.values()} == {"0o700"}, modes


def test_a_learner_cannot_touch_a_classmates_submission(flow):
    report = flow["outputs"]["tamper"]
    assert "forged 0" in flow["outputs"]["forge"] and "planted" in flow["outputs"]["forge"], \
        flow["outputs"]["forge"]
    for probe in ("list ann's submission", "read ann's notebook", "remove ann's notebook",
                  "write into ann's submission", "rename ann's submission"):
        assert f"{probe} DENIED" in report, report


def test_collect_refuses_a_forged_name_and_a_planted_link(flow, hub):
    """The hostile learner's submission under the correct learner's name (newer: nbgrader
    would take it as theirs) and her own newest one, a link to the solution notebook (root's
    collect would copy the solution): both refused before nbgrader collects. The grades
    (test_grades_through_the_exchange_are_exact) are each learner's own work."""
    report = flow["outputs"]["collect"]
    eve, ann = (pwd.getpwnam(hub.learners[k]) for k in ("hostile", "correct"))
    assert "3 submission(s) accepted, 2 refused" in report, report
    assert (f"made by uid {eve.pw_uid} ({eve.pw_name}), not by {ann.pw_name}'s uid "
            f"{ann.pw_uid}") in report, report
    assert f"planted/{NOTEBOOK} is a link" in report, report
    refused = hub.exchange / COURSE_ID / "refused"
    assert len(list(refused.iterdir())) == 2 and refused.stat().st_mode & 0o777 == 0o700
    collected = hub.course / "autograder" / "submitted"
    assert sorted(p.name for p in collected.iterdir()) == sorted(hub.learners.values())


def test_a_learner_cannot_reach_others_through_the_hub(flow, hub):
    eve, ann = hub.learners["hostile"], hub.learners["correct"]
    other = hub.user(ann, "GET", f"api/contents/{LESSON}", as_user=eve)
    assert other.status_code in (302, 403, 404), other.status_code
    assert hub.api("GET", "users", token=hub.tokens[eve]).status_code == 403
    assert hub.api("GET", f"users/{ann}", token=hub.tokens[eve]).status_code in (403, 404)
    assert hub.user(eve, "GET", "formgrader").status_code == 404  # no instructor tools


def test_the_instructor_keeps_formgrader(flow, hub):
    assert hub.user(hub.instructor, "GET", "formgrader").status_code == 200


def test_servers_run_as_their_users_under_the_measured_limits(flow, hub):
    assert "ran (256, 1)" in flow["outputs"]["lesson kernel"], flow["outputs"]["lesson kernel"]
    uid, cwd = flow["outputs"]["whoami"].split()
    assert int(uid) == pwd.getpwnam(hub.learners["hostile"]).pw_uid
    for name, memory in flow["memory"].items():
        assert memory["limit"] == 2 * 2**30, (name, memory)
        if memory["peak"] is not None:
            assert 0 < memory["peak"] < memory["limit"], (name, memory)


def test_the_exchange_has_the_right_permissions(flow, hub):
    mode = {name: (hub.exchange / COURSE_ID / name).stat().st_mode & 0o7777
            for name in ("outbound", "inbound", "feedback")}
    assert (hub.exchange.stat().st_mode & 0o7777) == 0o1777
    assert mode["outbound"] == 0o755
    assert mode["inbound"] & 0o777 == 0o733 and mode["inbound"] & 0o1000
    assert mode["feedback"] & 0o777 == 0o711 and mode["feedback"] & 0o1000


# -- the exchange's two holes, checked without a hub (quick, as root) ---------------------

def as_root():
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("making files of other users needs root (CI runs as root)")


def submission(inbound: Path, who: str, when: str, tag: str, owner: str,
               notebook: str | Path) -> Path:
    """An inbound entry named for ``who``, made by ``owner``: the notebook's text, or a
    link to ``notebook`` when it is a path."""
    folder = inbound / f"{who}+{LESSON}+{when} 00:00:00.000000 UTC+{tag}"
    folder.mkdir()
    if isinstance(notebook, Path):
        (folder / NOTEBOOK).symlink_to(notebook)
    else:
        (folder / NOTEBOOK).write_text(notebook)
    uid = pwd.getpwnam(owner).pw_uid
    for path in (folder, folder / NOTEBOOK):
        os.lchown(path, uid, uid)
    return folder


def test_collect_takes_only_what_the_named_learner_made(tmp_path):
    """Regression (nbgrader collect trusts the name a submission claims and follows links
    as root): daemon's own work is collected, not the newer one nobody handed in under
    daemon's name; nobody's own work, not the link to the solution nobody planted."""
    as_root()
    course = copy_course(tmp_path / "course")
    inbound = tmp_path / "exchange" / COURSE_ID / "inbound"
    inbound.mkdir(parents=True)
    solution = course / "solutions" / LESSON / NOTEBOOK
    submission(inbound, "daemon", "2024-01-01", "own", "daemon", "daemon's work")
    submission(inbound, "daemon", "2025-01-01", "forged", "nobody", "nobody's forgery")
    submission(inbound, "nobody", "2024-01-01", "own", "nobody", "nobody's work")
    submission(inbound, "nobody", "2099-01-01", "planted", "nobody", solution)
    result = subprocess.run([sys.executable, str(course / "autograder" / "hub" / "classroom.py"),
                             "collect", LESSON, "--exchange", str(tmp_path / "exchange")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    submitted = course / "autograder" / "submitted"
    assert (submitted / "daemon" / LESSON / NOTEBOOK).read_text() == "daemon's work"
    assert (submitted / "nobody" / LESSON / NOTEBOOK).read_text() == "nobody's work"
    assert "2 submission(s) accepted, 2 refused" in result.stdout, result.stdout
    assert "made by uid 65534 (nobody), not by daemon's uid 1" in result.stdout
    assert f"planted/{NOTEBOOK} is a link" in result.stdout
    refused = tmp_path / "exchange" / COURSE_ID / "refused"
    assert sorted(p.name.rsplit("+", 1)[1] for p in refused.iterdir()) == ["forged", "planted"]


def test_the_learners_submit_leaves_the_folder_to_its_owner(tmp_path):
    """Regression: nbgrader 0.9.6 makes each submission folder 0777 (anyone who learns the
    name can empty it); with the hub's learner settings it is 0700."""
    as_root()
    exchange = tmp_path / "exchange"
    (exchange / COURSE_ID / "inbound").mkdir(parents=True)
    (exchange / COURSE_ID / "outbound" / LESSON).mkdir(parents=True)
    (tmp_path / "home" / LESSON).mkdir(parents=True)
    (tmp_path / "home" / LESSON / NOTEBOOK).write_text(notebook("untouched"))
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(ROOT / "autograder" / "hub" / "config"
                                                    / "learner"),
           "DCGAN_HUB_EXCHANGE": str(exchange), "HOME": str(tmp_path / "home")}
    env.pop("JUPYTER_CONFIG_DIR", None)
    result = subprocess.run([sys.executable, "-m", "nbgrader", "submit", LESSON,
                             "--CourseDirectory.student_id=daemon"], cwd=tmp_path / "home",
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    [folder] = (exchange / COURSE_ID / "inbound").iterdir()
    assert folder.stat().st_mode & 0o7777 == 0o700, oct(folder.stat().st_mode)


def test_the_assignments_panel_in_the_browser(flow, hub):
    """A learner logs in through the hub's page and opens the Assignments panel."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `python3 course.py test` installs Chromium")
    from playwright.sync_api import sync_playwright

    name = hub.learners["correct"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"{hub.url}/hub/login")
            page.fill("input[name=username]", name)
            page.fill("input[name=password]", hub.passwords[name])
            page.click("input[type=submit], button[type=submit]")
            page.wait_for_url(f"**/user/{name}/lab**", timeout=120_000)
            page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click(timeout=120_000)
            menu = page.locator(".lm-Menu-content").inner_text()
            page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
            panel = page.locator("#nbgrader-assignment-list, .nbgrader-AssignmentList").first
            panel.wait_for(state="visible", timeout=60_000)
            page.get_by_text(LESSON).first.wait_for(timeout=60_000)
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / "assignments-panel.png"))
            text = page.locator("body").inner_text()
        finally:
            browser.close()
    assert "Formgrader" not in menu and "Create Assignment" not in menu, menu
    assert LESSON in text


def test_everything_stops_cleanly(flow, hub):
    report = hub.stop()
    assert report["exit"] == 0, f"{report}\n{hub.log_tail()}"
    assert report["left"] == [], f"processes of the class left running: {report['left']}"
    assert report["ports_open"] == [], report
