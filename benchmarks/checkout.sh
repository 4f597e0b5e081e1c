#!/usr/bin/env bash
# Checkouts/s in one run, for one hot SKU and for 20 SKUs spread: guard redlock (3 lock nodes),
# a single-node Redisson lock (the same code with one lock node), and atomic (Lua, no lock).
# Appends a dated table to docs/benchmarks/checkout.md. Traffic only to 127.0.0.1, bounded in time.
#   benchmarks/checkout.sh [--threads 8] [--seconds 15]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
THREADS=8 SECONDS_PER_RUN=15
while [[ $# -gt 0 ]]; do
	case "$1" in
		--threads) THREADS=$2; shift 2 ;;
		--seconds) SECONDS_PER_RUN=$2; shift 2 ;;
		-h | --help) sed -n '2,5p' "$0"; exit 0 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
export SCALEOUT_JAVA_OPTS="-Xmx512m -XX:+UseParallelGC"
declare -A RESULT
for setup in redlock single-node atomic; do
	"$ROOT/scaleout" down >/dev/null
	case "$setup" in
		redlock) "$ROOT/scaleout" up --guard redlock >/dev/null ;;
		single-node) SCALEOUT_LOCK_NODES=1 "$ROOT/scaleout" up --guard redlock >/dev/null ;;
		atomic) "$ROOT/scaleout" up --guard atomic >/dev/null ;;
	esac
	# Where the gateway is, as the topology model says.
	gateway=$("$ROOT/scaleout" url gateway)
	# Warm-up, then the measured runs.
	java "$ROOT/benchmarks/CheckoutBenchmark.java" "$gateway" spread "$THREADS" 10 >/dev/null
	for shape in hot spread; do
		line=$(java "$ROOT/benchmarks/CheckoutBenchmark.java" "$gateway" "$shape" "$THREADS" "$SECONDS_PER_RUN")
		echo "$setup $line"
		RESULT[$setup-$shape]=$(sed -E 's/.*\(([0-9.]+)\/s\).*/\1/' <<<"$line")
	done
done
"$ROOT/scaleout" down >/dev/null
out="$ROOT/docs/benchmarks/checkout.md"
[[ -f "$out" ]] || printf '# Checkouts per second by guard\n\nEach section is one run of the script, newest last.\n' >"$out"
ratio=$(awk -v r="${RESULT[redlock-hot]}" -v a="${RESULT[atomic-hot]}" 'BEGIN { printf "%.2f", r / a }')
{
	echo
	echo "## $(date -u +%Y-%m-%dT%H:%MZ)"
	echo
	echo "- machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
	echo "- command: \`benchmarks/checkout.sh --threads $THREADS --seconds $SECONDS_PER_RUN\`"
	echo "- load: $THREADS logged-in users through the gateway (3 replicas, ./scaleout with \`$SCALEOUT_JAVA_OPTS\`), each looping PUT one unit in the cart + POST /api/orders; a 10 s warm-up per setup; every step shares the same cores"
	echo
	echo "| guard | hot SKU (checkouts/s) | 20 SKUs spread (checkouts/s) |"
	echo "| --- | ---: | ---: |"
	echo "| redlock (3 lock nodes, fenced) | ${RESULT[redlock-hot]} | ${RESULT[redlock-spread]} |"
	echo "| single-node Redisson lock (fenced) | ${RESULT[single-node-hot]} | ${RESULT[single-node-spread]} |"
	echo "| atomic (Lua, no lock) | ${RESULT[atomic-hot]} | ${RESULT[atomic-spread]} |"
	echo
	echo "redlock / atomic on the hot SKU: **$ratio** (target ≥ 0.1)."
} | tee -a "$out"
