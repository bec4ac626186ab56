#!/usr/bin/env bash
# Keeps the local stack's devbroker running: restarts it whenever it dies (crash, kill -9).
# The devbroker keeps its log in memory and cannot keep its port, so a restarted one is a new,
# empty cluster on a new port: it rewrites STATE/kafka-bootstrap (atomically), the services
# re-read that file when they lose the broker, and their outboxes republish what the dead one
# held (see README, Reliability). Started by broker_start (deploy/lib/stack.sh); SIGTERM stops
# the devbroker and the supervisor (stack_down).
#
#   devbroker_supervisor.sh DEVBROKER_BINARY STATE_DIR
#
# STATE_DIR/pids/devbroker always holds the pid of the current devbroker.
set -uo pipefail
binary="$1" state="$2"
child=""

stop() {
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null
    wait "$child" 2>/dev/null
  fi
  rm -f "$state/pids/devbroker"
  exit 0
}
trap stop TERM INT

while true; do
  "$binary" --bootstrap-file "$state/kafka-bootstrap" >>"$state/logs/devbroker.log" 2>&1 &
  child=$!
  echo "$child" >"$state/pids/devbroker"
  wait "$child"
  status=$?
  echo "$(date -u +%FT%TZ) devbroker pid $child exited with status $status; restarting it" \
    >>"$state/logs/devbroker.log"
  sleep 0.5
done
