#!/usr/bin/env bash
# Reproduces the performance figures in the README: warm answers a second on one thread, and the time
# from JVM start to the first answer of `ask`, plain and with the fast-start JVM options.
# usage: scripts/bench.sh [QUESTIONS.jsonl] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
questions=${1:-src/test/resources/eval/calibration.jsonl}
seconds=${2:-20}
[ -f target/cmo-advisor.jar ] || mvn -q -DskipTests package

echo "== throughput (one thread, warm): the whole conversation as ask runs it, then the search alone"
java -jar target/cmo-advisor.jar bench "$questions" --seconds "$seconds"

median_start() {
  local times=()
  for _ in 1 2 3 4 5; do
    local t0 t1
    t0=$(date +%s%N)
    echo "Ретейнер канча турат?" | java "$@" -jar target/cmo-advisor.jar ask >/dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}

echo "== JVM start to first answer of 'ask' (median of 5 runs, ms)"
echo "plain java -jar:              $(median_start)"
archive=target/cmo-advisor.jsa
echo "Ретейнер канча турат?" | java -XX:ArchiveClassesAtExit="$archive" -jar target/cmo-advisor.jar ask >/dev/null 2>&1
echo "fast start (C1 + class data): $(median_start -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="$archive")"
