#!/usr/bin/env bash
# Two Ray "nodes" on one machine: a head and a worker started as separate `ray start` processes on
# loopback, and an `annales code --engine ray --address` job that needs both (it asks for more CPUs
# than either node has). Checks the output equals the local engine's.
#
#   bash benchmarks/ray_two_nodes.sh [articles-folder-or-file]   (default: tests/articles)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
INPUT=${1:-tests/articles}
PORT=${PORT:-6391}
OUT=$(mktemp -d)
cleanup() { "$BIN/ray" stop --force >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup
# Ray 2.5x clusters started with `ray start` authenticate with a token (~/.ray/auth_token): every
# process joining them (nodes, drivers) must run in token mode and see the same token.
export RAY_AUTH_MODE=token
[ -s "${RAY_AUTH_TOKEN_PATH:-$HOME/.ray/auth_token}" ] || "$BIN/ray" get-auth-token --generate >/dev/null
"$BIN/ray" start --head --node-ip-address=127.0.0.1 --port="$PORT" --num-cpus=1 --include-dashboard=false \
  --disable-usage-stats >/dev/null
"$BIN/ray" start --address="127.0.0.1:$PORT" --node-ip-address=127.0.0.1 --num-cpus=1 \
  --disable-usage-stats >/dev/null
"$BIN/python" - "$PORT" <<'PY'
import sys, ray
ray.init(address=f"127.0.0.1:{sys.argv[1]}", log_to_driver=False, configure_logging=False)
nodes = [n for n in ray.nodes() if n["Alive"]]
print(f"cluster: {len(nodes)} nodes, {int(ray.cluster_resources()['CPU'])} CPUs")
assert len(nodes) == 2, nodes
PY
"$BIN/annales" code "$INPUT" --format jsonl --date 2024-01-01 > "$OUT/local.jsonl"
start=$(date +%s)
RAY_ADDRESS="127.0.0.1:$PORT" "$BIN/annales" code "$INPUT" --format jsonl --date 2024-01-01 \
  --engine ray --address "127.0.0.1:$PORT" --workers 2 > "$OUT/ray.jsonl"
echo "two-node job: $(wc -l < "$OUT/ray.jsonl") documents in $(( $(date +%s) - start )) s"
if cmp -s "$OUT/local.jsonl" "$OUT/ray.jsonl"; then
  echo "two-node output equals the local engine's: yes"
else
  echo "two-node output equals the local engine's: NO"; exit 1
fi
