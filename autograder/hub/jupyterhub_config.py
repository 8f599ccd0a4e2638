"""JupyterHub for a class on one machine: the DCGAN course, nbgrader's exchange, limits.

Run as root (the hub starts each user's server as that user), from the course's
environment, after `autograder/hub/README.md`'s two install steps:

    .venv/bin/jupyterhub -f autograder/hub/jupyterhub_config.py

What it sets up, and why:

* **Accounts**: learners sign up at ``/hub/signup`` and cannot log in until an instructor
  approves them at ``/hub/authorize`` (NativeAuthenticator); the approved account gets a
  Unix user with a private home on first login (``classhub.ClassAuthenticator``).
* **Servers**: every user's JupyterLab runs the course environment (this ``.venv``), as
  that user, under the memory/CPU limits measured for the lessons
  (``classhub.ClassSpawner``); a learner's in a bubblewrap world that holds only the learner
  view (``autograder/learner_view.py``), their own home, the exchange and their own /tmp,
  and shows only their own processes.
* **Settings**: learners get Binder's learner settings (``binder/learner_settings.py``: no
  instructor tools, Validate kept) plus nbgrader's Assignments panel; instructors get
  formgrader and the other instructor tools (``config/learner``, ``config/instructor``).
* **Exchange**: nbgrader's exchange folder, world-writable with the sticky bit.

Every setting an operator may need to change comes from an environment variable, with a
default for a real class:

    DCGAN_HUB_IP           address to listen on            (default: all addresses)
    DCGAN_HUB_PORT         port of the hub's public proxy  (8000; put TLS in front)
    DCGAN_HUB_INSTRUCTORS  comma-separated admin accounts  (instructor)
    DCGAN_HUB_STATE        hub database and cookie secret  (/srv/dcgan-hub)
    DCGAN_HUB_EXCHANGE     nbgrader's exchange folder      (/srv/nbgrader/exchange)
    DCGAN_HUB_API_PORT, DCGAN_HUB_PROXY_API_PORT   internal ports (8081, 8001)
    DCGAN_HUB_PROXY        configurable-http-proxy   (node_modules/.bin/ next to this file)
    DCGAN_HUB_SERVICE_TOKEN   optional: an API token for scripted class management
                              (the service "class-admin", admin rights on users/servers)
"""

import os
import shutil
import sys
from pathlib import Path

HUB_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(HUB_DIR))
import classhub  # noqa: E402

c = get_config()  # noqa: F821 -- provided by traitlets when it loads this file

STATE = Path(os.environ.get("DCGAN_HUB_STATE", "/srv/dcgan-hub"))
EXCHANGE = Path(os.environ.get("DCGAN_HUB_EXCHANGE", "/srv/nbgrader/exchange"))
INSTRUCTORS = [n.strip() for n in os.environ.get("DCGAN_HUB_INSTRUCTORS", "instructor")
               .split(",") if n.strip()]

STATE.mkdir(parents=True, exist_ok=True)
os.chmod(STATE, 0o700)  # the hub's database holds password hashes and tokens
classhub.ensure_exchange(EXCHANGE)

# --- network: one public port (the proxy); the hub's own API on loopback -----------------
c.JupyterHub.ip = os.environ.get("DCGAN_HUB_IP", "")
c.JupyterHub.port = int(os.environ.get("DCGAN_HUB_PORT", 8000))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("DCGAN_HUB_API_PORT", 8081))
c.ConfigurableHTTPProxy.api_url = (
    f"http://127.0.0.1:{int(os.environ.get('DCGAN_HUB_PROXY_API_PORT', 8001))}")
PROXY = Path(os.environ.get("DCGAN_HUB_PROXY",
                           HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"))
if not PROXY.exists():
    sys.exit(f"JupyterHub's proxy is not installed ({PROXY} is missing): run "
             f"`npm ci --prefix {HUB_DIR}` (Node.js 20 and npm; Debian: apt-get install npm).")
c.ConfigurableHTTPProxy.command = [shutil.which("node") or "node", str(PROXY)]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")

# --- accounts: sign-up, approval by an instructor, a Unix user per approved account ---------
c.JupyterHub.authenticator_class = classhub.ClassAuthenticator
c.Authenticator.admin_users = set(INSTRUCTORS)
c.Authenticator.allow_all = True  # NativeAuthenticator lets in only approved accounts
c.LocalAuthenticator.create_system_users = True
c.NativeAuthenticator.open_signup = False  # every account waits for an instructor
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5  # then a 10-minute block
c.NativeAuthenticator.seconds_before_next_try = 600

# --- servers: the course environment, per-user view and limits -----------------------------
c.JupyterHub.spawner_class = classhub.ClassSpawner
c.ClassSpawner.instructors = ",".join(INSTRUCTORS)
c.ClassSpawner.exchange_root = str(EXCHANGE)
c.ClassSpawner.world_root = str(STATE / "worlds")  # each learner's accounts file
c.Spawner.default_url = "/lab"
c.Spawner.mem_limit = classhub.MEM_LIMIT
c.Spawner.mem_guarantee = classhub.MEM_GUARANTEE
c.Spawner.cpu_limit = classhub.CPU_LIMIT
c.Spawner.cpu_guarantee = classhub.CPU_GUARANTEE
# JupyterLab takes 10-30 s to start on a quiet 2-core machine, and measured up to 115 s for
# four servers at once at a load average of 30: a slow start beats a failed one.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 120
c.LocalProcessSpawner.interrupt_timeout = 10
c.LocalProcessSpawner.term_timeout = 10

# --- optional: a token for scripted class management (tests, enrolment scripts) ---------
if os.environ.get("DCGAN_HUB_SERVICE_TOKEN"):
    c.JupyterHub.services = [{"name": "class-admin",
                              "api_token": os.environ["DCGAN_HUB_SERVICE_TOKEN"]}]
    c.JupyterHub.load_roles = [{
        "name": "class-admin",
        "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
        "services": ["class-admin"],
    }]
