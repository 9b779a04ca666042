"""Checks the sizing statistics in a results file (/summary) against a direct computation from
the time series in the same file. The run must record every step (output_interval_s equal to
time_step_s): the statistics are accumulated online over the steps, the first record is the
initial state before any step.
    check_stats.py RESULTS.h5 DT_S UMIN1_V,... UMIN2_V,... RATED_A,... DUTY,... I_MAX_A,... \
        ROUTE_SYSTEM,... SYS_UMIN1_V,... SYS_UMIN2_V,...
(file order: Umin1 and Umin2 per DC node; the rated DC current and duty class 1..6 per
substation; the thermal rating per DC section, 0 where not rated; the DC system of each route in
the scenario's order, -1 for a road route; Umin1 and Umin2 per DC system)."""
import sys

import h5py
import numpy as np


def close(name, got, want, rel=1e-9, abs_=1e-6):
    got, want = np.asarray(got, float), np.asarray(want, float)
    bad = ~np.isclose(got, want, rtol=rel, atol=abs_, equal_nan=True) & ~(np.isinf(got) & np.isinf(want))
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


# IEC 60146-1-1 / EN 50328 duty classes: overloads {window in s: multiple of the rated current}.
DUTY = {1: {}, 2: {60: 1.5}, 3: {120: 1.5}, 4: {10: 2.0, 7200: 1.25}, 5: {60: 2.0, 7200: 1.5},
        6: {60: 3.0, 7200: 1.5}}
WINDOWS = {10: "10s", 60: "1min", 120: "2min", 7200: "2h"}


def rolling_peak(x, w):
    """Largest mean of x over w consecutive rows, per column (-inf when fewer rows)."""
    if len(x) < w:
        return np.full(x.shape[1], -np.inf)
    c = np.cumsum(np.vstack([np.zeros(x.shape[1]), x]), 0)
    return ((c[w:] - c[:-w]) / w).max(0)


def longest_run(beyond, dt):
    """Longest spell of consecutive True rows, per column, in s."""
    best, cur = np.zeros(beyond.shape[1]), np.zeros(beyond.shape[1])
    for row in beyond:
        cur = np.where(row, cur + dt, 0)
        best = np.maximum(best, cur)
    return best


def check_substation_duty(f, dt, rated, duty):
    i = f["substations/i_a"][1:]
    s = f["summary/substations"]
    close("rated current", s["rated_i_a"][:], rated)
    close("duty class", s["duty_class"][:], duty)
    above = np.abs(i) > rated
    close("substation time above rating", s["time_above_rating_s"][:], above.sum(0) * dt)
    close("substation longest spell above rating", s["longest_above_rating_s"][:], longest_run(above, dt))
    rms = np.sqrt((i * i).mean(0))
    use, binding = rms / rated, np.zeros(len(rated))
    for window, name in WINDOWS.items():
        peak = np.sqrt(np.maximum(rolling_peak(i * i, int(round(window / dt))), 0))
        peak[~np.isfinite(rolling_peak(i * i, int(round(window / dt))))] = -np.inf
        close(f"peak RMS current over {name}", s[f"peak_rms_i_{name}_a"][:], peak)
        for k in range(len(rated)):
            limit = DUTY[int(duty[k])].get(window)
            if limit and np.isfinite(peak[k]) and peak[k] / (limit * rated[k]) > use[k]:
                use[k], binding[k] = peak[k] / (limit * rated[k]), window
    close("duty utilisation", s["duty_utilisation"][:], use)
    close("duty binding window", s["duty_binding_window_s"][:], binding)
    close("duty exceeded", s["duty_exceeded"][:], use > 1)
    return use


def check_sections(f, dt, t, i_max_a):
    i = f["sections/i_a"][1:]
    s = f["summary/sections"]
    rated = i_max_a > 0
    close("section peak current", s["peak_i_a"][:], i.max(0))
    close("section time of the peak", s["t_peak_i_s"][:], t[i.argmax(0)])
    close("section RMS current", s["rms_i_a"][:], np.sqrt((i * i).mean(0)))
    want = np.where(rated, 100 * i.max(0) / np.where(rated, i_max_a, 1), np.nan)
    close("section peak loading", s["peak_loading_pct"][:], want)
    want = np.where(rated, (i > np.where(rated, i_max_a, np.inf)).sum(0) * dt, np.nan)
    close("section time above rating", s["time_above_rating_s"][:], want)


def check_branches(f, dt, t):
    i = f["ac_branches/i_from_a"][1:]
    load = f["ac_branches/loading_pct"][1:]
    s = f["summary/ac_branches"]
    close("branch peak current", s["peak_i_from_a"][:], i.max(0))
    close("branch RMS current", s["rms_i_from_a"][:], np.sqrt((i * i).mean(0)))
    close("branch peak loading", s["peak_loading_pct"][:], load.max(0))
    close("branch time of the peak loading", s["t_peak_loading_s"][:], t[load.argmax(0)])
    close("branch time above rating", s["time_above_rating_s"][:], (load > 100).sum(0) * dt)
    # The current is the from end's |S| / (sqrt(3) Vm kV): every bus of the test grid is at 20 kV.
    bus = {int(b): k for k, b in enumerate(f["ac_buses/id"][:])}
    frm = [bus[int(n.decode().split("-")[0])] for n in f["ac_branches/name"][:]]
    vm = f["ac_buses/vm_pu"][1:][:, frm]
    sabs = np.hypot(f["ac_branches/p_from_w"][1:], f["ac_branches/q_from_var"][1:])
    close("branch current from the from end's power", i, sabs / (np.sqrt(3) * vm * 20e3))


def check_buses(f, t):
    vm = f["ac_buses/vm_pu"][1:]
    s = f["summary/ac_buses"]
    close("lowest AC voltage", s["vm_min_pu"][:], vm.min(0))
    close("time of the lowest AC voltage", s["t_vm_min_s"][:], t[vm.argmin(0)])
    close("highest AC voltage", s["vm_max_pu"][:], vm.max(0))
    close("time of the highest AC voltage", s["t_vm_max_s"][:], t[vm.argmax(0)])


def main():
    path, dt = sys.argv[1], float(sys.argv[2])
    umin1 = np.array([float(v) for v in sys.argv[3].split(",")])
    umin2 = np.array([float(v) for v in sys.argv[4].split(",")])
    rated = np.array([float(v) for v in sys.argv[5].split(",")])
    duty = np.array([float(v) for v in sys.argv[6].split(",")])
    i_max_a = np.array([float(v) for v in sys.argv[7].split(",")])
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
        check_vehicles(f, dt, float_list(sys.argv[8]).astype(int), float_list(sys.argv[9]), float_list(sys.argv[10]))
        t = f["time"][1:]
        use = check_substation_duty(f, dt, rated, duty)
        check_sections(f, dt, t, i_max_a)
        check_branches(f, dt, t)
        check_buses(f, t)
        # The test city's ratings are chosen so that the checks find something.
        if not (use > 1).any() or not (use < 1).any():
            sys.exit(f"FAIL: the test expects substations both within and beyond their duty class: {use}")
    print("statistics agree with the written series")


main()
