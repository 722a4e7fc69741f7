#!/usr/bin/env bash
# The benchmark suite (issue 7) on the real local stack. Writes bench/results/<date>.md.
#   bench/run.sh                                   full run (about 15 minutes on 2 cores)
#   bench/run.sh --scale=smoke --out=/tmp/s.md     seconds-long run of every phase
#   bench/run.sh --only=write,list                 some phases (write, events, reminders, list)
# Needs: wrk (installed here from Debian's packages if missing), the service jars (built here).
set -euo pipefail
cd "$(dirname "$0")/.."

bash bench/install-wrk.sh

./mvnw -q -B -pl todo-api,notification-service,recurring-service,local-stack,bench -am install -DskipTests
./mvnw -q -B -pl bench exec:java -Dexec.args="$*"
