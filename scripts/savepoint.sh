#!/usr/bin/env bash
# Savepoints of a job on the Flink cluster, through its REST API; prints the savepoint's path,
# which scripts/submit.sh ... --savepointPath=<path> resumes from.
#
#   scripts/savepoint.sh stop <jobId> [--workdir=work/flink]      stop the job with a savepoint
#   scripts/savepoint.sh trigger <jobId> [--workdir=work/flink]   take a savepoint, keep running
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib/flink-rest.sh"
source "$root/scripts/lib/servers.sh"

usage() {
  usage_from_header 7
}
action="${1:-}"
job_id="${2:-}"
[[ -n "$action" && -n "$job_id" ]] || usage
workdir="$root/work/flink"
for arg in "${@:3}"; do
  case "$arg" in
    --workdir=*) workdir="${arg#*=}" ;;
    *) usage ;;
  esac
done
rest="$(rest_url_of "$workdir")"

# request: asks for the savepoint; prints the trigger id.
request() {
  local response
  case "$action" in
    stop) response="$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"drain": false}' \
            "$rest/jobs/$job_id/stop")" ;;
    trigger) response="$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"cancel-job": false}' \
            "$rest/jobs/$job_id/savepoints")" ;;
    *) usage ;;
  esac || { echo "The cluster at $rest refused a savepoint of job $job_id" >&2; exit 1; }
  echo "$response" | jq -r '.["request-id"]'
}

deadline=$((SECONDS + 120))
trigger_id="$(request)" || exit 1
while [[ $SECONDS -lt $deadline ]]; do
  status="$(curl -sf "$rest/jobs/$job_id/savepoints/$trigger_id")"
  if [[ "$(echo "$status" | jq -r '.status.id')" == COMPLETED ]]; then
    location="$(echo "$status" | jq -r '.operation.location // empty')"
    if [[ -n "$location" ]]; then
      echo "$location"
      exit 0
    fi
    failure="$(echo "$status" | jq -r '.operation["failure-cause"]["stack-trace"] // .operation')"
    # A job just started or restored may still be deploying a task (one whose state lets the
    # others run already): the savepoint is asked for again once every task runs.
    if [[ "$failure" == *"Not all required tasks are currently running"* ]]; then
      sleep 1
      trigger_id="$(request)" || exit 1
      continue
    fi
    echo "Savepoint failed: $(echo "$failure" | head -5)" >&2
    exit 1
  fi
  sleep 0.5
done
echo "Savepoint of job $job_id not complete after 120 s" >&2
exit 1
