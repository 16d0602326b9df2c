#!/usr/bin/env bash
# A local Ray cluster of a head and two worker nodes on this machine, for the lake benchmarks
# and the walk-through in docs/pipeline.md ("Running on a local three-node Ray cluster").
#
#   benchmarks/ray_local_cluster.sh start   # then: export RAY_ADDRESS=127.0.0.1:6390
#   benchmarks/ray_local_cluster.sh stop
#
# Each node: one CPU and a small object store (OBJECT_STORE bytes, default 200 MB); distinct
# ports are picked by Ray for the workers' raylets. RAY=path/to/ray overrides the command.
set -euo pipefail
RAY=${RAY:-.venv/bin/ray}
PORT=${PORT:-6390}
OBJECT_STORE=${OBJECT_STORE:-200000000}
# Ray's token authentication: every node, and the build that joins them, read the same token
# (~/.ray/auth_token, created once here).
export RAY_AUTH_MODE=${RAY_AUTH_MODE:-token}
case "${1:-}" in
start)
  "$RAY" get-auth-token --generate >/dev/null
  "$RAY" start --head --port "$PORT" --num-cpus 1 --object-store-memory "$OBJECT_STORE" \
    --include-dashboard false --disable-usage-stats
  for _ in 1 2; do
    "$RAY" start --address "127.0.0.1:$PORT" --num-cpus 1 \
      --object-store-memory "$OBJECT_STORE" --disable-usage-stats
  done
  echo "export RAY_ADDRESS=127.0.0.1:$PORT RAY_AUTH_MODE=$RAY_AUTH_MODE"
  ;;
stop)
  "$RAY" stop --force
  ;;
*)
  echo "usage: $0 start|stop" >&2
  exit 2
  ;;
esac
