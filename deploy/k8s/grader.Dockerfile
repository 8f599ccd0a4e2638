# The grading pod's image (deploy/k8s/grader.yaml): Python 3.11 (the course's), git, and
# bubblewrap for the grading sandbox; nothing of the course. The instructor clones the
# course into the pod's own volume and sets it up as on a laptop (deploy/README.md,
# "Grading"), so the solutions never go into an image.
#     docker build -f deploy/k8s/grader.Dockerfile -t REGISTRY/dcgan-course-grader:TAG deploy/k8s
FROM python:3.11-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap util-linux git \
 && rm -rf /var/lib/apt/lists/*
