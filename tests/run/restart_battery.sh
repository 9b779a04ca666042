#!/usr/bin/env bash
# Checkpoint and restart with battery vehicles: each case stops a run at a time on one rank count
# and continues it on another; the restarted run gives the uninterrupted run's results file
# (h5diff --delta 1e-6, root attributes excluded) and summary.
#   restart_battery.sh OHMCITY H5DIFF SCENARIO "HH:MM[:SS] NP_STOP NP_RESTART" ...
# E-buses (tests/fleet/ebus: two buses queueing at a single-point charger, one stranded): stopped
# while buses charge and queue (06:20, 4 -> 1) and just before the stranding (06:02:30, 2 -> 4).
# Battery trolleybuses (tests/fleet/trolley_battery): stopped with vehicles off the wire and
# charging under it (06:12:30, 2 -> 4) and just before the stranding off the wire (06:14:30, 4 -> 1).
set -euo pipefail
ohmcity=$1 h5diff=$2 scenario=$3
shift 3
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_mpi_yield_when_idle=1 SOURCE_DATE_EPOCH=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
run() { # np, then ohmcity's arguments after the scenario
  local np=$1; shift
  mpiexec -n "$np" --oversubscribe "$ohmcity" run "$scenario" -oc_quiet "$@"
}
run 2 -oc_output_file full.h5 | grep -v '^results:' > full.txt
for case in "$@"; do
  read -r at a b <<< "$case"
  rm -f part.h5 part.h5.part part.ckpt.h5
  run "$a" -oc_output_file part.h5 -oc_stop_at "$at" > /dev/null
  run "$b" -oc_output_file part.h5 --restart part.ckpt.h5 | grep -v '^results:' > restarted.txt
  cmp full.txt restarted.txt || { echo "FAIL: the summary after a restart at $at ($a -> $b ranks) differs"; exit 1; }
  "$h5diff" --exclude-attribute / --delta=1e-6 full.h5 part.h5 > diff.txt || { cat diff.txt; echo "FAIL: the results after a restart at $at ($a -> $b ranks) differ"; exit 1; }
  echo "restart at $at, $a -> $b ranks: same results and summary"
done
echo "battery restart reproduces the uninterrupted run"
