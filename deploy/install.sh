#!/bin/bash
# Install or upgrade the class hub (deploy/README.md). Run from the instructor's checkout:
#
#     deploy/install.sh ROSTER [SITE]        # e.g. deploy/install.sh class/roster.csv deploy/site.yaml
#
# The same command enrols new learners: rerun it after deploy/enrol.py changed the roster
# (the hub restarts; running servers keep running).
set -euo pipefail
ROSTER="${1:?usage: deploy/install.sh ROSTER.csv [SITE.yaml]}"
SITE="${2:-$(dirname "$0")/site.yaml}"
DEPLOY="$(cd "$(dirname "$0")" && pwd)"
CHART_VERSION=4.4.0
NAMESPACE="${DCGAN_NAMESPACE:-dcgan}"
helm repo add jupyterhub https://hub.jupyter.org/helm-chart/ >/dev/null 2>&1 || true
helm repo update jupyterhub
helm upgrade --install dcgan jupyterhub/jupyterhub --version "$CHART_VERSION" \
    --namespace "$NAMESPACE" --create-namespace --wait --timeout 15m \
    --values "$DEPLOY/values.yaml" --values "$SITE" \
    --set-file hub.extraFiles.dcgan-hub.stringData="$DEPLOY/hub/dcgan_hub.py" \
    --set-file hub.extraFiles.dcgan-roster-reader.stringData="$DEPLOY/hub/roster.py" \
    --set-file hub.extraFiles.dcgan-roster.stringData="$ROSTER"
