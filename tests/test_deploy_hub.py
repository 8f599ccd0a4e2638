"""The cluster's values and hub configuration, checked the way Helm and the hub pod use them.

There is no Kubernetes here, so the test does what the chart does with our files:

* merges the chart's default values, ``deploy/values.yaml``, ``deploy/site.example.yaml`` and
  the files ``deploy/install.sh`` passes with ``--set-file``, as Helm merges them, and
  validates the result against the chart's own ``values.schema.json`` (chart 4.4.0, copied
  to ``deploy/z2jh-4.4.0/`` with its source and licence);
* lays out ``/usr/local/etc/jupyterhub`` as the hub pod sees it (the values in the chart's
  Secret, the resource names of its ConfigMap, the chart's ``jupyterhub_config.py`` and
  ``z2jh.py``, our ``hub.extraFiles``) in a bubblewrap view, and loads the chart's
  ``jupyterhub_config.py`` there, which runs our ``hub.extraConfig`` last;
* with the configuration that produced, builds learners' pods with KubeSpawner's real
  class (the version of the chart's hub image) and logs learners in with the authenticator
  it names, against a real JupyterHub database, twice (a hub restart in between).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

DEPLOY = ROOT / "deploy"
CHART = DEPLOY / "z2jh-4.4.0"
CHART_VERSION = "4.4.0"
sys.path.insert(0, str(DEPLOY))
sys.path.insert(0, str(DEPLOY / "hub"))
import enrol  # noqa: E402 -- deploy/enrol.py
import roster  # noqa: E402 -- deploy/hub/roster.py

# The class of these tests: two learners, an instructor, and a learner who left.
CLASS_LIST = ("username,role,email\nann,learner,ann@example.org\nbob,learner,\n"
              "teach,instructor,t@example.org\nzed,learner,\n")


def helm_merge(base: dict, override: dict) -> dict:
    """``override`` over ``base`` as Helm coalesces values: maps merge key by key, anything
    else is replaced, and a null removes the key."""
    merged = dict(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def set_files(roster_path: Path) -> dict[str, Path]:
    """The ``--set-file KEY=FILE`` pairs of deploy/install.sh, with its variables filled."""
    script = (DEPLOY / "install.sh").read_text()
    pairs = re.findall(r'--set-file (\S+?)="([^"]+)"', script)
    assert pairs, "deploy/install.sh passes no --set-file"
    return {key: Path(path.replace("$DEPLOY", str(DEPLOY)).replace("$ROSTER", str(roster_path)))
            for key, path in pairs}


def dotted(key: str, value: object) -> dict:
    """``a.b.c=v`` as Helm's --set reads it: {'a': {'b': {'c': v}}}."""
    for part in reversed(key.split(".")):
        value = {part: value}
    return value  # type: ignore[return-value]


def merged_values(roster_path: Path, site: Path = DEPLOY / "site.example.yaml") -> dict:
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    for layer in (DEPLOY / "values.yaml", site):
        values = helm_merge(values, yaml.safe_load(layer.read_text()))
    for key, path in set_files(roster_path).items():
        values = helm_merge(values, dotted(key, path.read_text()))
    return values


def make_roster(folder: Path, text: str = CLASS_LIST) -> tuple[Path, dict[str, str]]:
    """A roster made by deploy/enrol.py from ``text``, with ``zed`` then withdrawn; returns
    the roster's path and the initial passwords."""
    folder.mkdir(parents=True, exist_ok=True)
    people = enrol.read_class_list(text)
    members, issued, _ = enrol.enrol(people, {}, rounds=4)
    del people["zed"]
    members, _, changes = enrol.enrol(people, members, rounds=4)
    assert changes["withdrawn"] == ["zed"]
    path = folder / "roster.csv"
    path.write_text(roster.dumps(members))
    return path, issued


# --- the values ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def class_roster(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    return make_roster(tmp_path_factory.mktemp("class"))


@pytest.fixture(scope="module")
def values(class_roster) -> dict:
    return merged_values(class_roster[0])


def test_one_chart_version_everywhere():
    """The chart version is named once per place that uses it, and it is the one the
    checked files came from; the KubeSpawner installed here is that chart's."""
    assert f"CHART_VERSION={CHART_VERSION}" in (DEPLOY / "install.sh").read_text()
    assert f"jupyterhub/jupyterhub {CHART_VERSION}" in (DEPLOY / "values.yaml").read_text()
    assert f"tag `{CHART_VERSION}`" in (CHART / "README.md").read_text()
    assert metadata.version("jupyterhub-kubespawner") == "7.0.0"
    assert metadata.version("kubernetes-asyncio") == "36.1.0"


def test_values_validate_against_the_charts_schema(values):
    import jsonschema

    schema = json.loads((CHART / "values.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(values, schema)
    # The schema is strict where it matters: a misspelt key is refused, as Helm refuses it.
    misspelt = helm_merge(values, {"singleuser": {"memroy": {"limit": "2G"}}})
    with pytest.raises(jsonschema.ValidationError, match="memroy"):
        jsonschema.validate(misspelt, schema)


def test_tls_and_the_class_settings(values):
    https = values["proxy"]["https"]
    assert https["enabled"] is True and https["type"] == "letsencrypt"
    assert https["hosts"] and https["letsencrypt"]["contactEmail"]
    user = values["singleuser"]
    assert user["image"]["name"] != "quay.io/jupyterhub/k8s-singleuser-sample"
    assert user["storage"]["homeMountPath"] == "/home/jovyan"
    assert values["cull"]["enabled"] is True


# --- the hub pod ------------------------------------------------------------------------------

#: Run inside the hub pod's view: load the chart's configuration, then use it.
PROBE = textwrap.dedent('''
    import asyncio, json, sys
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("jupyterhub_config.py",
                                path="/usr/local/etc/jupyterhub").load_config()
    passwords = json.loads(sys.argv[1])

    from jupyterhub import orm
    from kubespawner import KubeSpawner
    from kubernetes_asyncio.client import ApiClient


    class User:  # what KubeSpawner reads of JupyterHub's user
        def __init__(self, name):
            self.name, self.id, self.url, self.escaped_name = name, 7, f"/user/{name}/", name


    async def pod(name):
        spawner = KubeSpawner(config=config, user=User(name), _mock=True)
        try:
            manifest = await spawner.get_pod_manifest()
        except Exception as error:
            return {"refused": str(error)}
        return ApiClient().sanitize_for_serialization(manifest)


    async def log_in(authenticator, name, password):
        user = await authenticator.get_authenticated_user(None, {"username": name,
                                                                 "password": password})
        return user["name"] if user else None


    async def main():
        out = {"pods": {name: await pod(name) for name in ("ann", "bob", "teach", "zed",
                                                           "mallory")}}
        out["uid_callable"] = callable(config.KubeSpawner.uid)
        authenticator_class = config.JupyterHub.authenticator_class
        out["authenticator"] = authenticator_class.__name__
        db_url = "sqlite:///" + sys.argv[2]
        for start in ("first", "restart"):
            db = orm.new_session_factory(db_url)()
            authenticator = authenticator_class(config=config, _deprecated_db_session=db)
            logins = {}
            for name in ("ann", "bob", "teach", "zed", "mallory"):
                logins[name] = await log_in(authenticator, name, passwords.get(name, "x" * 12))
            logins["ann, wrong password"] = await log_in(authenticator, "ann", "not-hers-123")
            logins["bob with ann's"] = await log_in(authenticator, "bob", passwords["ann"])
            if start == "first":
                assert authenticator.change_password("ann", "a new secret 42")
                from nativeauthenticator.orm import UserInfo
                out["accounts"] = {i.username: i.is_authorized for i in UserInfo.all_users(db)}
            logins["ann, new password"] = await log_in(authenticator, "ann", "a new secret 42")
            out[start] = {"logins": logins,
                          "allowed": sorted(authenticator.allowed_users),
                          "admins": sorted(authenticator.admin_users),
                          "blocked": sorted(authenticator.blocked_users),
                          "signup": authenticator.enable_signup,
                          "existing": authenticator.allow_existing_users}
            db.close()
        print(json.dumps(out))


    asyncio.run(main())
''')


def names_config(values: dict) -> dict[str, str]:
    """The resource names the chart's ConfigMap gives the hub (no fullnameOverride: each
    component is named as it is)."""
    return {name: name for name in ("hub", "proxy-api", "proxy-public", "proxy-http",
                                    "user-scheduler", "priority", "singleuser",
                                    "image-pull-secret", "autohttps", "user-placeholder")}


def hub_pod_view(base: Path, values: dict) -> Path:
    """``/usr/local/etc/jupyterhub`` as the chart mounts it in the hub pod."""
    etc = base / "etc-jupyterhub"
    for folder in ("secret", "config"):
        (etc / folder).mkdir(parents=True)
    shutil.copy(CHART / "files" / "hub" / "jupyterhub_config.py", etc)
    shutil.copy(CHART / "files" / "hub" / "z2jh.py", etc)
    secret = {**values, "Chart": {"Name": "jupyterhub", "Version": CHART_VERSION,
                                  "AppVersion": "5.5.0"},
              "Release": {"Name": "dcgan", "Namespace": "dcgan", "Service": "Helm"}}
    (etc / "secret" / "values.yaml").write_text(yaml.safe_dump(secret))
    (etc / "secret" / "hub.config.JupyterHub.cookie_secret").write_text("ab" * 32)
    (etc / "secret" / "hub.config.CryptKeeper.keys").write_text("cd" * 32)
    for key, name in names_config(values).items():
        (etc / "config" / key).write_text(name)
    for entry in values["hub"]["extraFiles"].values():  # the chart mounts each at mountPath
        target = entry["mountPath"].removeprefix("/usr/local/etc/jupyterhub/")
        assert target != entry["mountPath"], entry["mountPath"]
        (etc / target).parent.mkdir(parents=True, exist_ok=True)
        (etc / target).write_text(entry["stringData"])
    return etc


@pytest.fixture(scope="module")
def hub(values, class_roster, tmp_path_factory):
    if os.geteuid() != 0 or not shutil.which("bwrap"):
        pytest.skip("the hub pod's view needs root and bubblewrap (CI has both)")
    base = tmp_path_factory.mktemp("hubpod")
    etc = hub_pod_view(base, values)
    kubeconfig = base / "kubeconfig"  # KubeSpawner loads one; nothing is ever sent to it
    kubeconfig.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": "test",
        "clusters": [{"name": "test", "cluster": {"server": "https://127.0.0.1:9"}}],
        "contexts": [{"name": "test", "context": {"cluster": "test", "user": "test"}}],
        "users": [{"name": "test", "user": {"token": "unused"}}]}))
    env = dict(os.environ, KUBECONFIG=str(kubeconfig), POD_NAMESPACE="dcgan",
               PROXY_API_SERVICE_PORT="8001", HUB_SERVICE_PORT="8081")
    command = ["bwrap", "--dev-bind", "/", "/", "--tmpfs", "/usr/local/etc",
               "--ro-bind", str(etc), "/usr/local/etc/jupyterhub", "--chdir", str(base),
               "--die-with-parent", "--", sys.executable, "-c", PROBE,
               json.dumps(class_roster[1]), str(base / "jupyterhub.sqlite")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    return {"log": result.stderr, **json.loads(result.stdout.strip().splitlines()[-1])}



def package_constant(module: str, name: str) -> object:
    """A constant of the course package, read from its source (importing the package would
    load TensorFlow)."""
    import ast

    tree = ast.parse((ROOT / "dcgan_course" / module).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name
                                                for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"dcgan_course/{module} has no {name}")


def container(pod: dict) -> dict:
    return pod["spec"]["containers"][0]


def test_each_learner_runs_as_their_own_uid(hub, class_roster):
    """KubeSpawner's uid, gid and fsGroup are the roster's uid of the pod's user: on the
    shared exchange every learner is a different Unix user."""
    members = roster.read(class_roster[0])
    seen = set()
    for name in ("ann", "bob", "teach"):
        pod, uid = hub["pods"][name], members[name].uid
        context = container(pod)["securityContext"]
        assert (context["runAsUser"], context["runAsGroup"]) == (uid, uid), (name, context)
        assert context["allowPrivilegeEscalation"] is False
        assert pod["spec"]["securityContext"]["fsGroup"] == uid
        assert uid not in seen and uid != 1000
        seen.add(uid)
    assert hub["uid_callable"], "the uid must be computed per user, not one number for all"


def test_no_pod_for_anyone_off_the_roster_or_withdrawn(hub):
    for name in ("zed", "mallory"):
        assert "not an active member of the class roster" in hub["pods"][name]["refused"]


def test_the_exchange_and_the_data_are_shared_volumes(hub):
    pod = hub["pods"]["ann"]
    volumes = {v["name"]: v for v in pod["spec"]["volumes"]}
    mounts = {m["mountPath"]: m for m in container(pod)["volumeMounts"]}
    env = {e["name"]: e.get("value") for e in container(pod)["env"]}
    exchange = volumes[mounts["/srv/nbgrader/exchange"]["name"]]
    data = volumes[mounts["/srv/dcgan-data"]["name"]]
    # In-tree NFS (Kubernetes never regroups it to a pod's fsGroup); the data read-only.
    assert set(exchange) == {"name", "nfs"} and not exchange["nfs"].get("readOnly")
    assert not mounts["/srv/nbgrader/exchange"].get("readOnly")
    assert data["nfs"]["readOnly"] is True and mounts["/srv/dcgan-data"]["readOnly"] is True
    home = volumes[mounts["/home/jovyan"]["name"]]
    assert home["persistentVolumeClaim"]["claimName"] == "claim-ann"
    assert env[package_constant("data/svhn.py", "CACHE_ENV")] == "/srv/dcgan-data"  # lesson 06
    assert env["DCGAN_HUB_EXCHANGE"] == "/srv/nbgrader/exchange"
    assert "DCGAN_HUB_EXCHANGE" in (DEPLOY / "image" / "jupyter" / "nbgrader_config.py").read_text()
    assert env["DCGAN_COURSE_LESSONS"] == "exchange" and env["JUPYTERHUB_USER"] == "ann"


def test_learners_get_the_measured_resources(hub):
    resources = container(hub["pods"]["bob"])["resources"]
    assert resources["requests"]["memory"] == int(1.3 * 2**30)  # lesson 07's peak, measured
    assert resources["limits"]["memory"] == 2 * 2**30  # Binder's limit
    assert (resources["requests"]["cpu"], resources["limits"]["cpu"]) == (0.5, 2)


def test_accounts_come_from_the_roster(hub):
    """Pre-approved accounts with the initial passwords enrol.py issued; nobody else, no
    sign-up, no way back in for a withdrawn learner; a changed password survives a restart
    (the roster's hash never overwrites it)."""
    assert hub["authenticator"] == "RosterAuthenticator"
    assert hub["accounts"] == {"ann": True, "bob": True, "teach": True}
    first, restart = hub["first"], hub["restart"]
    for state in (first, restart):
        assert state["allowed"] == ["ann", "bob", "teach"] and state["admins"] == ["teach"]
        assert state["blocked"] == ["zed"]
        assert state["signup"] is False and state["existing"] is False
        logins = state["logins"]
        assert logins["bob"] == "bob" and logins["teach"] == "teach"
        assert logins["zed"] is None and logins["mallory"] is None
        assert logins["ann, wrong password"] is None and logins["bob with ann's"] is None
        assert logins["ann, new password"] == "ann"
    assert first["logins"]["ann"] == "ann"  # the initial password, before she changed it
    assert restart["logins"]["ann"] is None  # after: only her own password
