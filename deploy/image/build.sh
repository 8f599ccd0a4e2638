#!/bin/bash
# Build (and push) the learners' image from the learner edition, never from the repository.
#
#     deploy/image/build.sh REGISTRY/dcgan-course-learner:TAG [--push]
#
# Run it in the instructor's checkout with the course's environment (.venv). TAG is yours
# (the commit is a good one: `git rev-parse --short HEAD`); put the same name and tag in
# site.yaml (singleuser.image). Needs docker (or podman as docker) and `--push` a registry
# the cluster can pull from.
set -euo pipefail
IMAGE="${1:?usage: deploy/image/build.sh REGISTRY/NAME:TAG [--push]}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CONTEXT="$(mktemp -d)"
trap 'rm -rf "$CONTEXT"' EXIT
"$ROOT/.venv/bin/python" "$ROOT/autograder/instructor.py" edition "$CONTEXT/edition"
cp -R "$ROOT/deploy/image" "$CONTEXT/image"
docker build --tag "$IMAGE" --file "$CONTEXT/image/Dockerfile" "$CONTEXT"
if [ "${2:-}" = "--push" ]; then
    docker push "$IMAGE"
fi
