#!/usr/bin/env bash
# Stops the daemons setup.sh started, by the pids it recorded (nothing else).
STATE=${SLURM_STATE:-/tmp/faultline-slurm}
[ -f "$STATE/pids" ] || exit 0
while read -r pid; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done < "$STATE/pids"
rm -f "$STATE/pids"
