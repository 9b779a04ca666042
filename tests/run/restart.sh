#!/usr/bin/env bash
# Checkpoint and restart of ohmcity run on the test city (20 minutes, 2400 steps):
#  1. stopped at 06:10 (-oc_stop_at) on A ranks and restarted on B ranks (1->4, 4->2, 2->1):
#     the results file equals the uninterrupted run's (h5diff --delta 1e-6 across rank counts,
#     as run_identical; root attributes, which hold the options, excluded) and so does the
#     printed summary;
#  2. killed (SIGKILL of every rank) after a periodic checkpoint: the checkpoint and the results
#     .part are readable, and the restart on the same ranks gives the uninterrupted results
#     exactly (h5diff without tolerance);
#  3. stopped by SIGUSR1 (as a batch system does): exit status 0, checkpoint written, and the
#     restart on 1 rank completes and equals the uninterrupted run;
#  4. a checkpoint of another scenario is refused with a message naming both;
#  5. a run started mid-service (city_mid.yaml: warm-up first) stopped and restarted on other
#     ranks equals the uninterrupted one.
#   restart.sh OHMCITY H5DIFF
set -euo pipefail
ohmcity=$1 h5diff=$2 here=$(cd "$(dirname "$0")" && pwd)
city=$here/city20.yaml
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
export OMPI_MCA_mpi_yield_when_idle=1 OMPI_MCA_odls_base_sigkill_timeout=0 SOURCE_DATE_EPOCH=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
run() { # np, then ohmcity's arguments after the scenario
  local np=$1; shift
  mpiexec -n "$np" --oversubscribe "$ohmcity" run "$city" -oc_quiet "$@"
}
same() { # reference, results, h5diff options...
  local ref=$1 res=$2; shift 2
  "$h5diff" --exclude-attribute / "$@" "$ref" "$res" || { echo "FAIL: $res differs from $ref"; exit 1; }
}

run 2 -oc_output_file full.h5 > full.txt
grep -v '^results:' full.txt > full.summary

# 1. stop on A ranks, restart on B ranks
for ab in 1:4 4:2 2:1; do
  a=${ab%:*} b=${ab#*:}
  run "$a" -oc_output_file r$a$b.h5 -oc_stop_at 06:10 > stop$a$b.txt
  grep -q 'stopped at 06:10:00; checkpoint written to r'$a$b'.ckpt.h5' stop$a$b.txt || { cat stop$a$b.txt; echo "FAIL: no stop message"; exit 1; }
  [ -f r$a$b.h5.part ] && [ ! -e r$a$b.h5 ] || { echo "FAIL: a stopped run must leave its results as .part"; exit 1; }
  run "$b" -oc_output_file r$a$b.h5 --restart r$a$b.ckpt.h5 > restart$a$b.txt
  grep -v '^results:' restart$a$b.txt | cmp - full.summary || { echo "FAIL: the summary after a restart $a -> $b ranks differs"; exit 1; }
  same full.h5 r$a$b.h5 --delta=1e-6
  echo "stopped at 06:10 on $a ranks, restarted on $b: results and summary equal the uninterrupted run"
done

# 2. SIGKILL after a periodic checkpoint
run 2 -oc_output_file k.h5 -oc_checkpoint_interval_s 60 > kill.txt 2>&1 &
launcher=$!
for _ in $(seq 1 3000); do [ -f k.ckpt.h5 ] && break; sleep 0.01; done
[ -f k.ckpt.h5 ] || { echo "FAIL: no checkpoint written"; exit 1; }
for p in $(pgrep -P "$launcher" -f mpiexec || true) $launcher; do
  for rank in $(pgrep -P "$p" -x ohmcity || true); do kill -KILL "$rank" 2>/dev/null || true; done
done
wait "$launcher" 2>/dev/null && { echo "FAIL: the run finished before it was killed"; exit 1; }
[ ! -e k.h5 ] || { echo "FAIL: the run finished before it was killed"; exit 1; }
h5dump -H k.ckpt.h5 > /dev/null && h5dump -d /time k.h5.part > /dev/null || { echo "FAIL: unreadable after SIGKILL"; exit 1; }
echo "killed at $(h5dump -d /run/time_s k.ckpt.h5 | grep '(0)' | tr -s ' ') s with $(h5dump -H -d /time k.h5.part | grep -o 'DATASPACE.*' | head -1): checkpoint and results readable"
run 2 -oc_output_file k.h5 --restart k.ckpt.h5 > restartk.txt
grep -v '^results:' restartk.txt | cmp - full.summary || { echo "FAIL: the summary after SIGKILL and restart differs"; exit 1; }
same full.h5 k.h5
echo "killed and restarted on 2 ranks: results identical to the uninterrupted run"

# 3. SIGUSR1 to mpiexec, which forwards it to the ranks
run 2 -oc_output_file u.h5 -oc_checkpoint_interval_s 60 > usr1.txt 2>&1 &
launcher=$!
for _ in $(seq 1 3000); do [ -f u.ckpt.h5 ] && break; sleep 0.01; done
for p in $(pgrep -P "$launcher" -x mpiexec || true); do kill -USR1 "$p"; done
wait "$launcher" || { cat usr1.txt; echo "FAIL: a run stopped by SIGUSR1 must exit with status 0"; exit 1; }
grep -q 'SIGUSR1 received: stopped at' usr1.txt || { cat usr1.txt; echo "FAIL: no SIGUSR1 stop message"; exit 1; }
run 1 -oc_output_file u.h5 --restart u.ckpt.h5 > restartu.txt
grep -v '^results:' restartu.txt | cmp - full.summary || { echo "FAIL: the summary after SIGUSR1 and restart differs"; exit 1; }
same full.h5 u.h5 --delta=1e-6
echo "stopped by SIGUSR1 on 2 ranks, restarted on 1: results and summary equal the uninterrupted run"

# 4. another scenario
if mpiexec -n 2 --oversubscribe "$ohmcity" run "$here/city20_every_step.yaml" -oc_quiet -oc_output_file other.h5 --restart r14.ckpt.h5 > other.txt 2>&1; then
  echo "FAIL: a checkpoint of another scenario was accepted"; exit 1
fi
grep -q "checkpoint r14.ckpt.h5 was written by a run of scenario 'Test city, 20 minutes' (data hash [0-9a-f]*); this scenario is" other.txt || { cat other.txt; echo "FAIL: unclear refusal"; exit 1; }
echo "a checkpoint of another scenario is refused"

# 5. a run started mid-service (warm-up first), stopped on 2 ranks and restarted on 4: the
#    restart continues from the checkpoint without a second warm-up
mid=$here/city_mid.yaml
mpiexec -n 2 --oversubscribe "$ohmcity" run "$mid" -oc_quiet -oc_output_file mid.h5 > mid.txt
mpiexec -n 2 --oversubscribe "$ohmcity" run "$mid" -oc_quiet -oc_output_file m.h5 -oc_stop_at 06:17 > midstop.txt
mpiexec -n 4 --oversubscribe "$ohmcity" run "$mid" -oc_quiet -oc_output_file m.h5 --restart m.ckpt.h5 > midrestart.txt
cmp <(grep -v '^results:' mid.txt) <(grep -v '^results:' midrestart.txt) || { echo "FAIL: the summary of a warmed-up run after a restart differs"; exit 1; }
same mid.h5 m.h5 --delta=1e-6
echo "a run started mid-service, stopped on 2 ranks and restarted on 4: results and summary equal the uninterrupted run"
echo "restart reproduces the uninterrupted run"
