"""Checks the sizing statistics in a results file (/summary) against a direct computation from
the time series in the same file. The run must record every step (output_interval_s equal to
time_step_s): the statistics are accumulated online over the steps, the first record is the
initial state before any step.
    check_stats.py RESULTS.h5 DT_S UMIN1_V,... UMIN2_V,...   (thresholds per DC node, file order)"""
import sys

import h5py
import numpy as np


def close(name, got, want, rel=1e-9, abs_=1e-6):
    got, want = np.asarray(got, float), np.asarray(want, float)
    bad = ~np.isclose(got, want, rtol=rel, atol=abs_) & ~(np.isinf(got) & np.isinf(want))
    if bad.any():
        sys.exit(f"FAIL: {name}: file {got[bad]} direct {want[bad]}")
    print(f"{name}: agrees on {got.size} elements")


def main():
    path, dt = sys.argv[1], float(sys.argv[2])
    umin1 = np.array([float(v) for v in sys.argv[3].split(",")])
    umin2 = np.array([float(v) for v in sys.argv[4].split(",")])
    with h5py.File(path, "r") as f:
        p = f["substations/p_ac_w"][1:]
        i = f["substations/i_a"][1:]
        u = f["dc_nodes/u_v"][1:]
        s = f["summary/substations"]
        n = f["summary/dc_nodes"]
        close("energy drawn", s["energy_j"][:], np.clip(p, 0, None).sum(0) * dt)
        close("energy fed back", s["fed_back_j"][:], -np.clip(p, None, 0).sum(0) * dt)
        close("RMS current", s["rms_i_a"][:], np.sqrt((i * i).sum(0) * dt / (len(i) * dt)))
        for name, window in (("peak_p_1s_w", 1), ("peak_p_1min_w", 60), ("peak_p_15min_w", 900)):
            w = int(round(window / dt))
            c = np.cumsum(np.vstack([np.zeros(p.shape[1]), p]), 0)
            means = (c[w:] - c[:-w]) / w
            close(name, s[name][:], means.max(0))
        close("lowest voltage", n["u_min_v"][:], u.min(0))
        close("highest voltage", n["u_max_v"][:], u.max(0))
        close("time below Umin1", n["time_below_umin1_s"][:], (u < umin1).sum(0) * dt)
        close("time below Umin2", n["time_below_umin2_s"][:], (u < umin2).sum(0) * dt)
    print("statistics agree with the written series")


main()
