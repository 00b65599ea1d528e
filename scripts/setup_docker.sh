#!/usr/bin/env bash
# Docker engine + base sandbox image for the `docker` sandbox backend (run as root).
#
# Idempotent; each step is skipped when its result already exists:
#   1. apt: docker.io and debootstrap (no Docker Hub here: images are built, never pulled)
#   2. dockerd --bridge=none --iptables=false --ip-masq=false, in the background, when no
#      daemon answers; log in $DOCKERD_LOG; bounded wait for `docker info`
#   3. the base image (rewardstack-sandbox:latest) via `rewardstack sandbox build-image`'s
#      Python function, when missing
# Each step prints its wall time, so CI logs show where setup time goes.
#
# Env: REWARDSTACK_SKIP_DOCKER=1 skips everything; PYTHON (default .venv/bin/python, else python3), REWARDSTACK_SANDBOX_IMAGE,
#      DOCKERD_LOG (default /var/log/rewardstack-dockerd.log), DOCKERD_WAIT_S (default 60).
set -euo pipefail

cd "$(dirname "$0")/.."
IMAGE="${REWARDSTACK_SANDBOX_IMAGE:-rewardstack-sandbox:latest}"
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/rewardstack-dockerd.log}"
DOCKERD_WAIT_S="${DOCKERD_WAIT_S:-60}"
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi

step_start=0
step() { step_start=$(date +%s.%N); echo "setup_docker: $*"; }
step_done() {
  local now
  now=$(date +%s.%N)
  printf 'setup_docker:   done in %.1f s\n' "$(echo "$now - $step_start" | bc 2>/dev/null || echo 0)"
}

if [ "${REWARDSTACK_SKIP_DOCKER:-0}" = "1" ]; then
  echo "setup_docker: REWARDSTACK_SKIP_DOCKER=1, skipping (docker backend tests will skip)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "setup_docker: must run as root (installs packages, starts dockerd)" >&2
  exit 1
fi

# 1. packages
need_pkgs=()
for pkg in docker.io debootstrap bc; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_pkgs+=("$pkg")
done
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  step "installing ${need_pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  step_done
fi

# 2. daemon
if ! docker info >/dev/null 2>&1; then
  step "starting dockerd (log: $DOCKERD_LOG)"
  # A daemon that was killed (e.g. when the previous session's processes were ended)
  # leaves pid files; dockerd refuses to start, or waits for a "running" containerd
  # that is only a zombie, while they name a dead process.
  for pidfile in /var/run/docker.pid /var/run/docker/containerd/containerd.pid; do
    [ -f "$pidfile" ] || continue
    old_pid=$(cat "$pidfile" 2>/dev/null || true)
    state=$(ps -o stat= -p "${old_pid:-0}" 2>/dev/null || true)
    if [ -z "$state" ] || [ "${state#Z}" != "$state" ]; then
      rm -f "$pidfile"
    fi
  done
  # setsid + nohup: the daemon must outlive this script and the shell that ran it.
  setsid nohup /usr/sbin/dockerd --bridge=none --iptables=false --ip-masq=false \
    >>"$DOCKERD_LOG" 2>&1 </dev/null &
  dockerd_pid=$!
  deadline=$(( $(date +%s) + DOCKERD_WAIT_S ))
  until docker info >/dev/null 2>&1; do
    if ! kill -0 "$dockerd_pid" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
      echo "setup_docker: dockerd exited or did not answer within ${DOCKERD_WAIT_S}s; last log lines:" >&2
      tail -n 30 "$DOCKERD_LOG" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  step_done
fi

# 3. base image
if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
  step "building $IMAGE (debootstrap rootfs, cached under the user cache dir)"
  # Run as a file, not `-m`: it needs only the stdlib, and must not depend on the rest of
  # the package importing cleanly.
  "$PYTHON" rewardstack/verifiers/code/sandbox/docker_image.py --name "$IMAGE"
  step_done
fi
echo "setup_docker: engine up, image $IMAGE present"
