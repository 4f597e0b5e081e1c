#!/usr/bin/env bash
# CPU per proxied GET /api/ping, side by side in one run on the same three replicas: HAProxy, a
# plain Spring Cloud Gateway route to one replica, and the gateway's balancer, for each gateway JVM
# (C1 or C2) and transport (NIO, epoll, io_uring). The figures are computed by
# `./scaleout experiment gateway-cpu` (load-tests/.../GatewayCpuExperiment.java, its parsing held by
# WrkTests and ProcessCpuTests); this script appends its table, dated, to docs/benchmarks/gateway-cpu.md.
# Traffic goes to 127.0.0.1 only, bounded in time (about 10 minutes in all).
#   benchmarks/gateway-cpu.sh [--seconds 10] [--connections 32]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SECONDS_PER_TARGET=10 CONNECTIONS=32
while [[ $# -gt 0 ]]; do
	case "$1" in
		--seconds) SECONDS_PER_TARGET=$2; shift 2 ;;
		--connections) CONNECTIONS=$2; shift 2 ;;
		-h | --help) sed -n '2,8p' "$0"; exit 0 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
for tool in wrk haproxy; do
	command -v "$tool" >/dev/null || { echo "needs $tool: sudo apt-get install -y $tool" >&2; exit 1; }
done
EXPERIMENT_CPU_SECONDS=$SECONDS_PER_TARGET EXPERIMENT_CONNECTIONS=$CONNECTIONS "$ROOT/scaleout" experiment gateway-cpu
out="$ROOT/docs/benchmarks/gateway-cpu.md"
[[ -f "$out" ]] || printf '# CPU per proxied request: HAProxy, a plain route, the balancer\n\nEach section is one run of benchmarks/gateway-cpu.sh, newest last.\n' >"$out"
{
	echo
	echo "## $(date -u +%Y-%m-%dT%H:%MZ)"
	echo
	echo "- command: \`benchmarks/gateway-cpu.sh --seconds $SECONDS_PER_TARGET --connections $CONNECTIONS\`"
	echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1), $(haproxy -v | head -1), $(wrk -v 2>&1 | head -1)"
	echo
	# The experiment's table without its HTML-comment markers.
	grep -v '^<!--' "$ROOT/load-tests/target/experiments/gateway-cpu.md"
} >>"$out"
echo "appended to $out"
