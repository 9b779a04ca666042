#!/usr/bin/env bash
# Wall time and peak memory of `ohmcity run` at several rank counts, best of REPEATS runs each:
#   jobscripts/bench/run_scaling.sh [SCENARIO [RANKS...]]
#   RANKS default "1 2"; REPEATS=3; OHMCITY=path to the program (default build/src/app/ohmcity);
#   EXTRA="..." passes options to every run (a run stopped by -oc_stop_at prints no summary: its
#   steps a second and Newton iterations show as "-").
# Prints one line per rank count: wall seconds, steps a second, largest resident set of one
# process (MiB, from /usr/bin/time -v of each rank), Newton iterations a step, results size.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
scenario=${1:-$root/inputs/default/city.yaml}
shift || true
ranks=("$@")
[ ${#ranks[@]} -gt 0 ] || ranks=(1 2)
repeats=${REPEATS:-3}
ohmcity=${OHMCITY:-$root/build/src/app/ohmcity}
[ -x "$ohmcity" ] || { echo "run_scaling: no program at $ohmcity (build first, or set OHMCITY)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "run_scaling: needs GNU time (Debian package time)" >&2; exit 1; }
export OMPI_MCA_rmaps_base_oversubscribe=1
if [ "$(id -u)" = 0 ]; then export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; ohmcity $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"
echo "== $scenario; best of $repeats; EXTRA='${EXTRA:-}'"
printf '%5s %9s %9s %9s %8s %9s\n' ranks wall_s steps/s rss_MiB its/st file_MB
for np in "${ranks[@]}"; do
  best=""
  for r in $(seq "$repeats"); do
    log=$work/np${np}_r$r
    rm -f "$work/out.h5"
    # each rank under GNU time: the largest resident set of any one process
    /usr/bin/time -f "%e" -o "$log.wall" mpiexec -n "$np" /usr/bin/time -f "rss_kb %M" -a -o "$log.rss" \
      "$ohmcity" run "$scenario" -oc_quiet -oc_output_file "$work/out.h5" ${EXTRA:-} >"$log.out" 2>&1 ||
      { echo "run_scaling: the run at $np ranks failed:" >&2; tail -5 "$log.out" >&2; exit 1; }
    wall=$(cat "$log.wall")
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$wall
      rss=$(awk '/rss_kb/ { if ($2 > m) m = $2 } END { printf "%.1f", m / 1024 }' "$log.rss")
      steps=$(awk '/ steps, / { print $1 }' "$log.out")
      its=$(awk '/Newton iterations a step/ { print $(NF-4) }' "$log.out")
      size=$(du -m "$work/out.h5" 2>/dev/null | cut -f1 || echo -)
    fi
  done
  rate=$(awk -v s="${steps:-}" -v w="$best" 'BEGIN { if (s == "") print "-"; else printf "%.0f", s / w }')
  printf '%5s %9s %9s %9s %8s %9s\n' "$np" "$best" "$rate" "$rss" "${its:--}" "$size"
done
