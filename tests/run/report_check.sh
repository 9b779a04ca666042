#!/usr/bin/env bash
# analysis/ohmcity-report against the run's own printed summary: on the test city (DC systems,
# substations, AC grid) and the e-bus line (chargers, blocks), the report's total substation
# energy, each DC system's vehicle energies and the chargers' total, read from /summary and added
# up by the script (substations: drawn - fed back), equal the totals ohmcity accumulated and
# printed, to 1 Wh; --plots writes
# its figures.   report_check.sh OHMCITY REPORT_SCRIPT CITY_YAML EBUS_YAML
set -euo pipefail
ohmcity=$1 report=$2 city=$3 ebus=$4
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
close() { # close NAME PRINTED REPORTED
  awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { d = a - b; if (d < 0) d = -d
    if (a == "" || b == "" || d > 1e-3) { printf "FAIL: %s: printed %s kWh, report %s kWh\n", n, a, b; exit 1 }
    printf "%s: %s kWh printed, %s kWh in the report\n", n, a + 0, b + 0 }'
}
num() { tr -d ',*' <<< "$1"; }

mpiexec -n 2 --oversubscribe "$ohmcity" run "$city" -oc_quiet -oc_output_file "$work/city.h5" > "$work/city.txt"
"$report" "$work/city.h5" -o "$work/city.md" --plots "$work"
printed=$(awk '/energy drawn by the substations/ { print $10 }' "$work/city.txt")
reported=$(num "$(sed -n 's/^All substations, from the AC grid: .* net \*\*\([0-9.,]*\) kWh.*/\1/p' "$work/city.md")")
close "substations" "$printed" "$reported"
for sys in $(awk -F: '/vehicles drew/ { print $1 }' "$work/city.txt"); do
  line=$(grep "^$sys: " "$work/city.txt")
  drew=$(sed 's/.*vehicles drew \([0-9.]*\) kWh.*/\1/' <<< "$line")
  back=$(sed 's/.*fed back \([0-9.]*\) kWh.*/\1/' <<< "$line")
  row=$(grep "^| $sys |" "$work/city.md")
  close "$sys drew" "$drew" "$(num "$(awk -F'|' '{ print $7 }' <<< "$row")")"
  close "$sys fed back" "$back" "$(num "$(awk -F'|' '{ print $8 }' <<< "$row")")"
done
for png in substations_p_ac_w ac_buses_vm_pu; do
  [ -s "$work/$png.png" ] || { echo "FAIL: no $png.png"; exit 1; }
done

mpiexec -n 2 --oversubscribe "$ohmcity" run "$ebus" -oc_quiet -oc_output_file "$work/ebus.h5" > "$work/ebus.txt"
"$report" "$work/ebus.h5" -o "$work/ebus.md"
printed=$(sed -n 's/^e-buses: .*energy from the chargers \([0-9.]*\) kWh (AC).*/\1/p' "$work/ebus.txt")
reported=$(num "$(sed -n 's/^All chargers: \*\*\([0-9.,]*\) kWh.*/\1/p' "$work/ebus.md")")
close "chargers" "$printed" "$reported"
grep -q "ran out of charge" "$work/ebus.md" || { echo "FAIL: no e-bus blocks section"; exit 1; }
echo "the sizing report agrees with the run's summary"
