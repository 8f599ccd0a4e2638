"""The cluster path's Zero to JupyterHub values file stays valid and agrees with the hub.

The values file is for the Helm chart jupyterhub/jupyterhub 4.4.0. The keys below are the
ones this file uses, as that chart's values schema names them (a misspelt key is refused by
``helm install``, or silently ignored where the chart passes a section through); the per-user
resources must be the same measured numbers the one-machine hub enforces.
"""

from __future__ import annotations

import sys

import pytest
import yaml
from conftest import ROOT

HUB = ROOT / "autograder" / "hub"
VALUES = HUB / "z2jh-values.yaml"

#: Top-level sections of the chart's values (chart 4.4.0 values.schema.yaml).
CHART_SECTIONS = {"cull", "custom", "debug", "enabled", "fullnameOverride", "global", "httpRoute",
                  "hub", "imagePullSecret", "imagePullSecrets", "ingress", "nameOverride",
                  "prePuller", "proxy", "rbac", "scheduling", "singleuser"}
#: The keys of each section that this file may use (a subset of what the chart accepts).
CHART_KEYS = {
    "hub": {"config", "services", "loadRoles", "concurrentSpawnLimit",
            "consecutiveFailureLimit", "extraConfig", "extraEnv", "extraFiles", "db"},
    "singleuser": {"image", "defaultUrl", "startTimeout", "memory", "cpu", "storage",
                   "extraEnv", "extraFiles", "cmd", "profileList", "lifecycleHooks"},
    "scheduling": {"userScheduler", "podPriority", "userPlaceholder", "corePods", "userPods"},
    "cull": {"enabled", "timeout", "every", "maxAge", "users", "concurrency"},
    "prePuller": {"hook", "continuous"},
}


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load(VALUES.read_text())


def test_values_use_only_keys_the_chart_knows(values):
    assert set(values) <= CHART_SECTIONS, set(values) - CHART_SECTIONS
    for section, allowed in CHART_KEYS.items():
        unknown = set(values.get(section, {})) - allowed
        assert not unknown, f"{section}: keys the chart does not know: {unknown}"
    # hub.config passes traitlets through: its keys must be class names (capitalised).
    assert all(name[:1].isupper() for name in values["hub"]["config"])
    # extraFiles entries need a mountPath and exactly one of data/stringData/binaryData.
    for name, entry in values["singleuser"]["extraFiles"].items():
        assert entry["mountPath"].startswith("/"), name
        assert len({"data", "stringData", "binaryData"} & set(entry)) == 1, name


def test_learners_get_the_measured_guarantees_and_limits(values):
    sys.path.insert(0, str(HUB))
    import classhub

    user = values["singleuser"]
    assert user["memory"] == {"guarantee": classhub.MEM_GUARANTEE, "limit": classhub.MEM_LIMIT}
    assert user["cpu"] == {"guarantee": classhub.CPU_GUARANTEE, "limit": classhub.CPU_LIMIT}
    assert user["defaultUrl"] == "/lab"


def test_sign_up_with_approval_and_an_exchange_without_shared_files(values):
    config = values["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == \
        "nativeauthenticator.NativeAuthenticator"
    assert config["NativeAuthenticator"]["open_signup"] is False
    assert "ngshare" in values["hub"]["services"]
    exchange = values["singleuser"]["extraFiles"]["nbgrader-exchange"]["stringData"]
    assert "configureExchange" in exchange and "dcgan-course" in exchange
    compile(exchange, "nbgrader_config.py", "exec")  # the learners' nbgrader config parses
    assert values["cull"]["enabled"] is True


def test_hub_versions_match_the_chart(values):
    """Chart 4.4.0's hub image runs JupyterHub 5.5 with NativeAuthenticator 1.3.0: the
    one-machine hub pins the same major versions, so both paths behave alike."""
    pins = dict(line.split("==") for line in (HUB / "requirements.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    assert pins["jupyterhub"].startswith("5.5.")
    assert pins["jupyterhub-nativeauthenticator"] == "1.3.0"
    assert "4.4.0" in VALUES.read_text()


def test_hub_pins_are_installed():
    """tests/requirements.txt installs the hub's pins (tests/test_environment.py checks the
    runtime and test pins; these come in through autograder/hub/requirements.txt)."""
    from importlib import metadata

    for line in (HUB / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            assert metadata.version(name) == version, f"{name}: rerun `python3 course.py test`"
