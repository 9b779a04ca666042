#!/usr/bin/env bash
# Solves a case with `ohmcity pf -oc_pf_output`, prints the solved generators (bus, Pg, Qg),
# then solves the solved case again: it must converge without a Newton iteration.
set -euo pipefail
ohmcity=$1 case=$2
solved=$(mktemp --suffix=.m)
trap 'rm -f "$solved"' EXIT
"$ohmcity" pf "$case" -oc_quiet -oc_pf_output "$solved"
awk '/mpc.gen = \[/{on=1; next} /\];/{on=0} on {printf "gen at bus %d: Pg %.2f MW, Qg %.2f Mvar\n", $1, $2, $3}' "$solved"
"$ohmcity" pf "$solved" | grep -o 'converged in [0-9]* Newton iterations'
