"""The DCGAN course's additions to Zero to JupyterHub's hub, loaded by ``hub.extraConfig``.

``deploy/values.yaml`` mounts this file and the class roster into the hub pod (both through
``hub.extraFiles``) and calls :func:`configure` from ``hub.extraConfig``, after the chart's
own ``jupyterhub_config.py`` has set everything else. It does three things, all from the
roster (``roster.py``; written by ``deploy/enrol.py``):

* **Accounts, enrolled in bulk.** :class:`RosterAuthenticator` is NativeAuthenticator with
  sign-up switched off: every active member of the roster has an approved account with the
  initial password ``enrol.py`` generated (only its bcrypt hash reaches the cluster), made
  when the hub starts if it does not exist yet; learners change it at
  ``/hub/change-password``, and a restart never resets it. Only active members may log in;
  withdrawn ones are blocked, even though the hub's database still knows them.
* **One Unix uid per learner.** Every user's pod runs as the member's uid, with the same
  number as its group and as the group of its home volume (``fsGroup``). On the shared
  exchange (an NFS volume) each learner is then a different user, which is what nbgrader's
  file exchange needs to keep learners apart (inbound is write-only for them, each
  submission and feedback file belongs to one uid). A name that is not on the roster gets
  no pod at all.
* **Nothing else by hand.** Volumes, resources and environment stay in the values file,
  where the chart's schema checks them.

``tests/test_deploy_hub.py`` runs the chart's own ``jupyterhub_config.py`` with the values
and this module, and builds the pods with KubeSpawner's real classes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.orm import UserInfo
from traitlets import Unicode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import roster  # noqa: E402 -- deploy/hub/roster.py, mounted next to this file

#: Where values.yaml mounts the roster in the hub pod.
ROSTER_PATH = "/usr/local/etc/jupyterhub/dcgan/roster.csv"


class RosterAuthenticator(NativeAuthenticator):
    """NativeAuthenticator whose accounts come from the class roster, approved in advance.

    Learners cannot sign up (so nobody can claim a classmate's name first); the roster's
    active members log in with the password the instructor handed them.
    """

    roster_path = Unicode(ROSTER_PATH, help="The class roster (deploy/enrol.py writes it).",
                          config=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seed_accounts()

    def seed_accounts(self) -> list[str]:
        """Make the approved account of each active member who has none yet; withdraw the
        approval of withdrawn members. Returns the usernames of the accounts made."""
        members = roster.read(self.roster_path)
        made = []
        for member in members.values():
            info = UserInfo.find(self.db, member.username)
            if not member.active:
                if info is not None and info.is_authorized:
                    info.is_authorized = False
                continue
            if info is None and member.password_hash:
                self.db.add(UserInfo(username=member.username, is_authorized=True,
                                     password=member.password_hash.encode()))
                made.append(member.username)
        self.db.commit()
        if made:
            self.log.info("Enrolled %d account(s) from the roster %s", len(made),
                          self.roster_path)
        return made


class RosterUids:
    """The roster's uid of a spawner's user, for KubeSpawner's ``uid``, ``gid`` and
    ``fs_gid`` callables. Refuses (no pod) a user who is not an active member."""

    def __init__(self, members: dict[str, roster.Member]) -> None:
        self.members = members

    def __call__(self, spawner) -> int:  # noqa: ANN001 -- KubeSpawner passes itself
        name = spawner.user.name
        member = self.members.get(name)
        if member is None or not member.active:
            raise RuntimeError(f"{name} is not an active member of the class roster, so no "
                               "server is started for them (deploy/enrol.py adds members)")
        return member.uid


def configure(c, roster_path: str = ROSTER_PATH, authenticator: str = "native") -> None:  # noqa: ANN001
    """Apply the roster to the hub's configuration ``c``.

    ``authenticator="native"`` uses :class:`RosterAuthenticator`; any other value leaves the
    authenticator the values file chose (for example an OAuth one from ``hub.config``) and
    only applies the roster's allow-list, admins and uids: the roster's usernames must then
    be the names that authenticator returns.
    """
    members = roster.read(roster_path)
    active = {m.username for m in members.values() if m.active}
    if authenticator == "native":
        c.JupyterHub.authenticator_class = RosterAuthenticator
        c.RosterAuthenticator.roster_path = roster_path
        c.NativeAuthenticator.enable_signup = False
        c.NativeAuthenticator.open_signup = False
    c.Authenticator.allow_all = False
    c.Authenticator.allowed_users = active
    # Without this, anyone who ever logged in stays allowed after leaving the roster.
    c.Authenticator.allow_existing_users = False
    c.Authenticator.blocked_users = {m.username for m in members.values() if not m.active}
    c.Authenticator.admin_users = {m.username for m in members.values()
                                   if m.active and m.role == "instructor"}
    uids = RosterUids(members)
    c.KubeSpawner.uid = uids
    c.KubeSpawner.gid = uids
    c.KubeSpawner.fs_gid = uids
    c.KubeSpawner.supplemental_gids = []
    # The home volume's group is set once, not walked file by file at every start.
    c.KubeSpawner.pod_security_context = {"fsGroupChangePolicy": "OnRootMismatch"}
    print(f"dcgan_hub: roster {roster_path}: {len(active)} active member(s), "
          f"{len(members) - len(active)} withdrawn", file=sys.stderr)

