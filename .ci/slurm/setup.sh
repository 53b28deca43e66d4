#!/usr/bin/env bash
# One-node Slurm for `make test-slurm`: Debian's slurm-wlm and munge, slurmctld + slurmd on this host, loopback
# only, no cgroups (containers lack them). Installs the packages when missing, writes /etc/slurm/slurm.conf,
# starts munged, slurmctld and slurmd, records their pids in $SLURM_STATE/pids (stop.sh stops exactly those),
# and waits until the node is idle. Needs root. Prints the seconds it took.
set -euo pipefail
t0=$(date +%s)
STATE=${SLURM_STATE:-/tmp/faultline-slurm}
mkdir -p "$STATE"
export DEBIAN_FRONTEND=noninteractive
need=""
for p in slurm-wlm munge; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
if [ -n "$need" ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $need > "$STATE/apt.log"
fi
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=faultline
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
# munge: a key, then the daemon (as root with --force: a container has no munge user session).
[ -s /etc/munge/munge.key ] || { mkdir -p /etc/munge; dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
chmod 400 /etc/munge/munge.key
if ! munge -n >/dev/null 2>&1; then
  munged --force --pid-file="$STATE/munged.pid" --socket=/run/munge/munge.socket.2
  for _ in $(seq 50); do [ -s "$STATE/munged.pid" ] && break; sleep 0.1; done
  cat "$STATE/munged.pid" >> "$STATE/pids"
fi
slurmctld -c -f /etc/slurm/slurm.conf
slurmd -c -f /etc/slurm/slurm.conf
for f in slurmctld slurmd; do
  for _ in $(seq 100); do [ -s "$STATE/$f.pid" ] && break; sleep 0.1; done
  cat "$STATE/$f.pid" >> "$STATE/pids"
done
for _ in $(seq 120); do
  state=$(sinfo -h -N -o %t 2>/dev/null | head -1 || true)
  case "$state" in idle*|mix*|alloc*) break;; esac
  sleep 0.5
done
sinfo
echo "slurm set-up took $(( $(date +%s) - t0 )) s"
