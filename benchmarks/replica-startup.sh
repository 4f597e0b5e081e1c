#!/usr/bin/env bash
# Seconds from `./scaleout scale 3` until the gateway counts the new app-3 healthy, with the rest
# running (Redis, lock nodes, S3Proxy, app-1, app-2, the gateway): the replica run as a plain
# `java -jar` (SCALEOUT_FAST_START=false) against the launcher's fast start (the jar extracted,
# plus the JVM's class archive from a training run: CDS on JDK 17, the AOT cache on JDK 25),
# on each JDK found. The CLI's own JVM start is inside the figure, so it is an upper bound.
# Appends a dated table to docs/benchmarks/replica-startup.md. Traffic only to 127.0.0.1.
#   benchmarks/replica-startup.sh [--runs 3]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=3
while [[ $# -gt 0 ]]; do
	case "$1" in
		--runs) RUNS=$2; shift 2 ;;
		-h | --help) sed -n '2,8p' "$0"; exit 0 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
jdks=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
for candidate in /usr/lib/jvm/temurin-25*; do [[ -x "$candidate/bin/java" ]] && jdks+=("$candidate"); done

admitted() { # seconds until the gateway counts app-3 healthy
	local gateway=$1 start=$2
	python3 - "$gateway" "$start" <<'PY'
import json, sys, time, urllib.request
gateway, start = sys.argv[1], float(sys.argv[2])
while time.time() - start < 120:
    try:
        with urllib.request.urlopen(gateway + "/gateway/instances", timeout=1) as r:
            pool = json.load(r)["app"]
        if any(i["id"] == "app-3" and i["state"].lower() == "healthy" for i in pool["instances"]):
            print(f"{time.time() - start:.1f}")
            sys.exit(0)
    except Exception:
        pass
    time.sleep(0.05)
print("timeout")
PY
}

rows=()
for jdk in "${jdks[@]}"; do
	version=$("$jdk/bin/java" -version 2>&1 | head -1 | sed -E 's/.*version "([^"]+)".*/\1/')
	for mode in jar fast; do
		fast=$([[ $mode == fast ]] && echo true || echo false)
		export PATH="$jdk/bin:$PATH" SCALEOUT_FAST_START=$fast
		"$ROOT/scaleout" down >/dev/null
		# The first fast start of a jar trains its archive: that is up's, not a measured start.
		"$ROOT/scaleout" up --replicas 2 --canary off >/dev/null
		gateway=$("$ROOT/scaleout" url gateway)
		times=()
		for ((run = 1; run <= RUNS; run++)); do
			start=$(date +%s.%N)
			"$ROOT/scaleout" scale 3 >/dev/null &
			times+=("$(admitted "$gateway" "$start")")
			wait
			"$ROOT/scaleout" scale 2 >/dev/null
			sleep 5
		done
		sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
		echo "JDK $version, $mode: $sorted"
		rows+=("| $version | $([[ $mode == fast ]] && echo 'extracted jar + class archive' || echo 'java -jar') | $(awk '{print $1}' <<<"$sorted") | $(awk -v n="$RUNS" '{print $(int((n+1)/2))}' <<<"$sorted") | $(awk '{print $NF}' <<<"$sorted") |")
	done
done
"$ROOT/scaleout" down >/dev/null
out="$ROOT/docs/benchmarks/replica-startup.md"
[[ -f "$out" ]] || printf '# A replica from start to admitted by the gateway\n\nEach section is one run of the script, newest last.\n' >"$out"
{
	printf '\n## %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf '`benchmarks/replica-startup.sh --runs %s` on %s cores; seconds from `./scaleout scale 3` until the gateway counts app-3 healthy (min / median / max of %s), with the rest running.\n\n' "$RUNS" "$(nproc)" "$RUNS"
	printf '| JDK | how the replica starts | min | median | max |\n| --- | --- | --- | --- | --- |\n'
	printf '%s\n' "${rows[@]}"
	printf '\nBoth kinds of row run with the launcher'"'"'s gateway re-reading its instance file every second. The CLI'"'"'s own JVM start is inside every figure.\n'
} >>"$out"
echo "written to docs/benchmarks/replica-startup.md"
