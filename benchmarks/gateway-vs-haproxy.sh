#!/usr/bin/env bash
# Throughput and latency of GET /api/ping on the same 3 replicas, in one run, interleaved:
# direct to one replica, through HAProxy (round robin), through the gateway.
# Writes docs/benchmarks/gateway-vs-haproxy.md. Traffic goes to 127.0.0.1 only, bounded in time.
# Appends a dated section to docs/benchmarks/gateway-vs-haproxy.md, so runs compare before/after.
#   benchmarks/gateway-vs-haproxy.sh [--duration 15s] [--rounds 2] [--connections 32] [--java-opts "..."] [--label "..."]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=15s ROUNDS=2 CONNECTIONS=32 THREADS=2 HAPROXY_PORT=8070 LABEL=""
# Full JIT (C2) for a fair measurement; ./scaleout's default favours start-up time instead.
JAVA_OPTS="-Xmx512m -XX:+UseParallelGC"
while [[ $# -gt 0 ]]; do
	case "$1" in
		--duration) DURATION=$2; shift 2 ;;
		--rounds) ROUNDS=$2; shift 2 ;;
		--connections) CONNECTIONS=$2; shift 2 ;;
		--java-opts) JAVA_OPTS=$2; shift 2 ;;
		--label) LABEL=$2; shift 2 ;;
		-h | --help) sed -n '2,6p' "$0"; exit 0 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
for tool in wrk haproxy; do
	command -v "$tool" >/dev/null || { echo "needs $tool: sudo apt-get install -y $tool" >&2; exit 1; }
done

"$ROOT/scaleout" down >/dev/null
SCALEOUT_JAVA_OPTS="$JAVA_OPTS" "$ROOT/scaleout" up --replicas 3 --session redis --lb round-robin
# The replicas' and the gateway's addresses, as the topology model says (./scaleout port/url).
replicas=()
for n in 1 2 3; do replicas+=("$("$ROOT/scaleout" port "app-$n")"); done
gateway=$("$ROOT/scaleout" url gateway)
work=$(mktemp -d)
cat >"$work/haproxy.cfg" <<CFG
global
    maxconn 4096
defaults
    mode http
    timeout connect 500ms
    timeout client 30s
    timeout server 30s
    option http-keep-alive
frontend bench
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend app
backend app
    balance roundrobin
    server app1 127.0.0.1:${replicas[0]}
    server app2 127.0.0.1:${replicas[1]}
    server app3 127.0.0.1:${replicas[2]}
CFG
haproxy -f "$work/haproxy.cfg" -D -p "$work/haproxy.pid"
trap 'kill "$(cat "$work/haproxy.pid")" 2>/dev/null || true; rm -rf "$work"' EXIT

declare -A URL=([direct]=http://127.0.0.1:${replicas[0]}/api/ping [haproxy]=http://127.0.0.1:$HAPROXY_PORT/api/ping
	[gateway]=$gateway/api/ping)
declare -A RPS P50 P99
to_ms() { # wrk latency such as 1.23ms, 850.00us, 1.02s
	awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
# Warm-up: the JIT compiles the hot paths of every JVM before anything is measured.
for warmup in 1 2; do
	for target in direct haproxy gateway; do wrk -t"$THREADS" -c"$CONNECTIONS" -d10s "${URL[$target]}" >/dev/null; done
done
for ((round = 1; round <= ROUNDS; round++)); do
	for target in direct haproxy gateway; do
		out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${URL[$target]}")
		rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
		p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
		p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
		errors=$(awk '/Non-2xx|Socket errors/' <<<"$out")
		[[ -n "$errors" ]] && echo "$target round $round: $errors" >&2
		echo "round $round  $target  $rps req/s  p50 ${p50} ms  p99 ${p99} ms"
		RPS[$target]="${RPS[$target]:-} $rps" P50[$target]="${P50[$target]:-} $p50" P99[$target]="${P99[$target]:-} $p99"
	done
done
"$ROOT/scaleout" down >/dev/null

mean() { awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.2f", s / NF }' <<<"$1"; }
direct_rps=$(mean "${RPS[direct]}") haproxy_rps=$(mean "${RPS[haproxy]}") gateway_rps=$(mean "${RPS[gateway]}")
direct_p99=$(mean "${P99[direct]}") gateway_p99=$(mean "${P99[gateway]}")
ratio=$(awk -v g="$gateway_rps" -v h="$haproxy_rps" 'BEGIN { printf "%.2f", g / h }')
added=$(awk -v g="$gateway_p99" -v d="$direct_p99" 'BEGIN { printf "%.2f", g - d }')
out="$ROOT/docs/benchmarks/gateway-vs-haproxy.md"
[[ -f "$out" ]] || printf '# GET /api/ping: direct vs HAProxy vs gateway\n\nEach section is one run of the script, newest last.\n' >"$out"
{
	echo
	echo "## $(date -u +%Y-%m-%dT%H:%MZ)${LABEL:+ — $LABEL}"
	echo
	echo "- machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1)"
	echo "- command: \`benchmarks/gateway-vs-haproxy.sh --duration $DURATION --rounds $ROUNDS --connections $CONNECTIONS --java-opts \"$JAVA_OPTS\"\`"
	echo "- load: wrk -t$THREADS -c$CONNECTIONS, $ROUNDS interleaved rounds of $DURATION each, after two 10 s warm-ups of each target; 3 replicas and the gateway started by ./scaleout with \`$JAVA_OPTS\`; HAProxy 127.0.0.1:$HAPROXY_PORT round robin over the same replicas; everything on the same cores"
	echo
	echo "| target | requests/s (mean) | p50 ms | p99 ms | per round (req/s) |"
	echo "| --- | ---: | ---: | ---: | --- |"
	for target in direct haproxy gateway; do
		echo "| $target | $(mean "${RPS[$target]}") | $(mean "${P50[$target]}") | $(mean "${P99[$target]}") | ${RPS[$target]} |"
	done
	echo
	echo "Gateway / HAProxy throughput: **$ratio** (goal ≥ 0.8). p99 added by the gateway over direct: **$added ms** (goal ≤ 2 ms)."
} | tee -a "$out"
