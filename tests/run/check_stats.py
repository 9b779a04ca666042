"""Checks the sizing statistics in a results file (/summary) against a direct computation from
the time series in the same file. The run must record every step (output_interval_s equal to
time_step_s): the statistics are accumulated online over the steps, the first record is the
initial state before any step.
    check_stats.py RESULTS.h5 DT_S UMIN1_V,... UMIN2_V,... ROUTE_SYSTEM,... SYS_UMIN1_V,... SYS_UMIN2_V,...
(thresholds per DC node in file order; the DC system of each route in the scenario's order, -1
for a road route; thresholds per DC system)."""
import sys

import h5py
import numpy as np


def close(name, got, want, rel=1e-9, abs_=1e-6):
    got, want = np.asarray(got, float), np.asarray(want, float)
    bad = ~np.isclose(got, want, rtol=rel, atol=abs_) & ~(np.isinf(got) & np.isinf(want))
    if bad.any():
        sys.exit(f"FAIL: {name}: file {got[bad]} direct {want[bad]}")
    print(f"{name}: agrees on {got.size} elements")


def float_list(text):
    return np.array([float(v) for v in text.split(",")])


def check_vehicles(f, dt, route_system, sys_umin1, sys_umin2):
    """Per trip statistics from the vehicles' series; per DC system totals from the trips; the
    vehicles' net line energy against the substations' DC output."""
    u = f["vehicles/u_v"][1:]
    p = f["vehicles/p_line_w"][1:]
    burnt = f["vehicles/p_rheostat_w"][1:]
    v = f["summary/vehicles"]
    route = v["route"][:].astype(int)
    ran = ~np.isnan(v["u_min_v"][:])
    on = ~np.isnan(u)
    if not ran.any():
        sys.exit("FAIL: no trip ran on the DC network")
    un = np.where(on, u, np.nan)
    close("vehicle lowest voltage", v["u_min_v"][:][ran], np.nanmin(un[:, ran], 0))
    close("vehicle highest voltage", v["u_max_v"][:][ran], np.nanmax(un[:, ran], 0))
    t = f["time"][1:]
    close("vehicle time of lowest voltage", v["t_u_min_s"][:][ran], t[np.nanargmin(un[:, ran], 0)])
    system = route_system[route]
    u1, u2 = sys_umin1[system], sys_umin2[system]
    close("vehicle time below Umin1", v["time_below_umin1_s"][:][ran], (on & (u < u1))[:, ran].sum(0) * dt)
    close("vehicle time below Umin2", v["time_below_umin2_s"][:][ran], (on & (u < u2))[:, ran].sum(0) * dt)
    pz = np.where(on, p, 0)
    close("vehicle energy drawn", v["energy_drawn_j"][:][ran], np.clip(pz, 0, None)[:, ran].sum(0) * dt)
    close("vehicle energy fed back", v["energy_fed_back_j"][:][ran], -np.clip(pz, None, 0)[:, ran].sum(0) * dt)
    close("vehicle energy burnt", v["energy_burnt_j"][:][ran], np.where(on, burnt, 0)[:, ran].sum(0) * dt)
    # EN 50388 mean useful voltage: the voltage averaged over the steps with traction; the
    # series has no traction flag, so check the bounds it must lie within.
    useful = v["u_mean_useful_v"][:][ran]
    lo, hi = v["u_min_v"][:][ran], v["u_max_v"][:][ran]
    if np.any((useful < lo - 1e-9) | (useful > hi + 1e-9)):
        sys.exit("FAIL: a mean useful voltage outside the vehicle's voltage range")
    print(f"vehicle mean useful voltage: within range on {useful.size} trips")
    s = f["summary/dc_systems"]
    for k in range(len(s["u_min_v"])):
        mine = ran & (system == k)
        close(f"system {k} lowest voltage", s["u_min_v"][k], v["u_min_v"][:][mine].min())
        for name in ("time_below_umin1_s", "time_below_umin2_s", "energy_drawn_j", "energy_fed_back_j", "energy_burnt_j"):
            close(f"system {k} {name}", s[name][k], v[name][:][mine].sum())
    close("vehicles' net line energy", (v["energy_drawn_j"][:][ran] - v["energy_fed_back_j"][:][ran]).sum(), pz.sum() * dt)


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
        check_vehicles(f, dt, float_list(sys.argv[5]).astype(int), float_list(sys.argv[6]), float_list(sys.argv[7]))
    print("statistics agree with the written series")


main()
