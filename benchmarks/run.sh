#!/usr/bin/env bash
# Runs the JMH benchmarks and regenerates BENCHMARKS.md at the repository root.
#
#   benchmarks/run.sh quick   # one fork, short iterations: about eighteen minutes on two cores
#   benchmarks/run.sh full    # two forks, longer iterations, more page depths
#
# The first run builds the data sets (2,000,000 tasks in SQLite and in PostgreSQL) under
# benchmarks/target/datasets and later runs reuse them while their fingerprint matches. PostgreSQL
# is embedded unless TASKENGINE_PG_URL (with TASKENGINE_PG_USER and TASKENGINE_PG_PASSWORD) names
# one: two servers, the read data set's with fsync off and the write benchmarks' with durable
# commits (fsync=on, synchronous_commit=on). Results: benchmarks/results/<mode>.json (JMH),
# <mode>-run.json (machine, timings, each PostgreSQL server's durability) and the chart
# <mode>-depth.svg.
set -euo pipefail

mode="${1:-}"
if [[ "$mode" != "quick" && "$mode" != "full" ]]; then
  echo "usage: benchmarks/run.sh quick|full" >&2
  exit 2
fi
started="$(date +%s)"
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests
exec java -Xmx4g -cp benchmarks/target/benchmarks.jar \
  dev.taskengine.benchmarks.Run "$mode" --started "$started"
