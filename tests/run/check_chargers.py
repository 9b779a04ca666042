"""Checks the charger and e-bus statistics in a results file (/summary/chargers, /summary/ebuses)
against a direct computation from the time series of the same file. The run must record every
step; the first record is the initial state before any step.
    check_chargers.py RESULTS.h5 DT_S POINTS,...   (points per charger site, chargers.csv order)"""
import sys

import h5py
import numpy as np


def close(name, got, want, rel=1e-9, abs_=1e-6):
    got, want = np.asarray(got, float), np.asarray(want, float)
    bad = ~np.isclose(got, want, rtol=rel, atol=abs_)
    if bad.any():
        sys.exit(f"FAIL: {name}: file {got[bad]} direct {want[bad]}")
    print(f"{name}: agrees on {got.size} elements")


def main():
    path, dt = sys.argv[1], float(sys.argv[2])
    points = np.array([float(v) for v in sys.argv[3].split(",")])
    with h5py.File(path, "r") as f:
        p = f["chargers/p_ac_w"][1:]
        busy = f["chargers/occupied_points"][1:]
        s = f["summary/chargers"]
        if not (p > 0).any():
            sys.exit("FAIL: no charger delivered power: the check would prove nothing")
        close("charger energy", s["energy_j"][:], p.sum(0) * dt)
        close("charger peak power", s["peak_p_w"][:], p.max(0))
        close("charger utilisation", s["utilisation"][:], busy.sum(0) * dt / (points * len(busy) * dt))
        soc = f["vehicles/soc"][1:]
        e = f["summary/ebuses"]["min_soc"][:]
        close("lowest state of charge", e[e >= 0].min(), np.nanmin(soc))
    print("charger statistics agree with the written series")


main()
