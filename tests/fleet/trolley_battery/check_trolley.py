#!/usr/bin/env python3
"""Hand calculation of the battery trolleybus test line (tests/fleet/trolley_battery), step by
step from the results of `ohmcity run`, independent of the C code.

The test types have no running resistance (Davis 0, flat, no curves) and no electric braking,
so in every step the traction work at the wheel is the rise of kinetic energy, max(dKE, 0), and
the vehicle's electrical demand is traction / eta_traction + auxiliaries. Where the vehicle is at
the end of a step decides (docs/scenario.md, "Battery trolleybuses"):
  * under the wire: line power p_line = p_req = traction / eta + aux + charging, the charging
    power the battery's charge curve (the type's charge_curve, or flat to 80 % SOC and linear to
    10 % of it at 100 %) integrated over the step up to soc_max 90 % (in closed form here), and
    E += eta_c charging dt;
  * off the wire: nothing from the line (p_req 0, p_line NaN), and the battery pays the demand,
    E -= demand * dt / eta_d, down to soc_min 10 %, where the vehicle is stranded: the time
    within the step when E reaches the floor, and its place, are checked against the summary.
Also: the trips' line energies against their power series, the blocks' charge from the wire,
and (with several result files, from runs on different rank counts) that all agree to 1e-10.
    check_trolley.py SCENARIO_DIR RESULTS.h5 [MORE.h5 ...]"""
import csv
import math
import sys

import h5py
import numpy as np

SOC_MIN, SOC_MAX, ETA_C, ETA_D = 0.10, 0.90, 0.97, 0.97
failures = []


def check(cond, what):
    if not cond and len(failures) < 30:
        failures.append(what)
    elif not cond:
        failures.append(None)


def table(folder, name):
    with open(f"{folder}/{name}", newline="") as f:
        return list(csv.DictReader(f))


def wired_ranges(folder):
    """Per route: the chainage ranges [a, b) with contact wire, in order."""
    length = {r["id"]: float(r["length_m"]) for r in table(folder, "dc_sections.csv")}
    rows = sorted(table(folder, "route_sections.csv"), key=lambda r: (r["route"], float(r["seq"])))
    ranges, at = {}, {}
    for r in rows:
        x = at.get(r["route"], 0.0)
        n = length[r["section"]] if r["section"] else float(r["length_m"])
        if r["section"]:
            ranges.setdefault(r["route"], []).append((x, x + n))
        else:
            ranges.setdefault(r["route"], [])
        at[r["route"]] = x + n
    return ranges, at


def under_wire(ranges, end, x):
    """The vehicle at chainage x: under the wire (the route's end belongs to its last part)."""
    return any(a <= x < b or (x == b == end) for a, b in ranges)


def charge_curve(ty):
    """The battery's charge acceptance, (soc, W) points: the type's charge_curve (kW), else flat at
    max_charge_power_w up to 80 % SOC and linear down to 10 % of it at 100 %."""
    text = ty.get("charge_curve", "")
    if text:
        return [(float(a), 1e3 * float(b)) for a, b in (pt.split(":") for pt in text.split(";"))]
    p = float(ty["max_charge_power_w"])
    return [(0.0, p), (0.8, p), (1.0, 0.1 * p)]


def wire_charge(e0, cap, curve, dt):
    """Mean charging power over dt from e0, up to soc_max, the piecewise-linear curve integrated
    in closed form: on a piece P = a + b e, de/dt = eta_c (a + b e) is linear in e (b = 0) or
    exponential towards -a / b; the time to the piece's end decides where the next one starts."""
    pts = [(-math.inf, curve[0][1])] + [(s * cap, p) for s, p in curve] + [(math.inf, curve[-1][1])]
    target, e, t = SOC_MAX * cap, e0, 0.0
    for (x0, p0), (x1, p1) in zip(pts, pts[1:]):
        if e >= x1 or x1 == x0:
            continue
        end = min(x1, target)
        b = 0.0 if math.isinf(x0) or math.isinf(x1) else (p1 - p0) / (x1 - x0)
        a = p0 - b * (0.0 if math.isinf(x0) else x0)
        if b == 0:
            need = (end - e) / (ETA_C * a) if a > 0 else math.inf
            e_at = lambda tau: e + ETA_C * a * tau
        else:
            k, e_inf = ETA_C * b, -a / b
            need = math.log((end - e_inf) / (e - e_inf)) / k if (end - e_inf) / (e - e_inf) > 0 else math.inf
            e_at = lambda tau, e=e: e_inf + (e - e_inf) * math.exp(k * tau)
        if t + need >= dt:
            e = min(e_at(dt - t), end)
            break
        e, t = end, t + need
        if e >= target:
            break
    return max(e - e0, 0.0) / (ETA_C * dt)


def check_file(folder, path, counts):
    vt = {r["id"]: r for r in table(folder, "vehicle_types.csv")}
    ranges, length = wired_ranges(folder)
    route_ids = [r["id"] for r in table(folder, "routes.csv")]
    f = h5py.File(path, "r")
    v, sm = f["vehicles"], f["summary/vehicles"]
    names = [n.decode() for n in v["name"][:]]
    t = f["time"][:]
    x, sp = v["chainage_m"][:], v["speed_mps"][:]
    p_req, p_line, soc, p_bat = v["p_req_w"][:], v["p_line_w"][:], v["soc"][:], v["p_battery_w"][:]
    stranded_t = f["summary/ebuses/stranded_time_s"][:]
    stranded_x = f["summary/ebuses/stranded_chainage_m"][:]
    stranded_r = f["summary/ebuses/stranded_route"][:]
    # Which type runs a trip: the service whose departures include it. Both services here run
    # the same routes, so the types are told apart by the battery: its capacity sets the SOC
    # drop, and the type whose hand calculation fits is taken (and must be the only one).
    for j, name in enumerate(names):
        route = route_ids[int(sm["route"][j])]
        rows = np.where(~np.isnan(x[:, j]))[0]
        check(len(rows) > 2, f"{path}: trip {name} did not run")
        fits = [k for k in vt if k] if len(rows) > 2 else []
        results = {k: step_checks(vt[k], ranges[route], length[route], t, rows, x[:, j], sp[:, j], p_req[:, j], p_line[:, j], soc[:, j], p_bat[:, j]) for k in fits}
        good = [k for k, r in results.items() if not r[0]]
        check(len(good) == 1, f"{path}: trip {name}: the hand calculation fits types {good}; first problems {[r[0][:2] for r in results.values()]}")
        if len(good) != 1:
            continue
        _, c, strand = results[good[0]]
        for key in c:
            counts[key] = counts.get(key, 0) + c[key]
        drawn = np.nansum(p_line[rows, j]) * 1.0
        check(abs(sm["energy_drawn_j"][j] - drawn) <= 1e-9 * max(abs(drawn), 1.0), f"{path}: trip {name}: energy drawn {sm['energy_drawn_j'][j]} J, the power series gives {drawn} J")
        if strand:
            t_hand, x_hand = strand
            hit = [b for b in range(len(stranded_t)) if stranded_t[b] >= 0 and abs(stranded_t[b] - t_hand) < 1e-6]
            check(len(hit) == 1, f"{path}: trip {name}: stranded at {t_hand} s by hand, blocks stranded at {stranded_t}")
            if len(hit) == 1:
                b = hit[0]
                check(route_ids[int(stranded_r[b])] == route and abs(stranded_x[b] - x_hand) < 1e-9 and not under_wire(ranges[route], length[route], x_hand), f"{path}: trip {name}: stranded at {route} {x_hand} m by hand, the summary says route {stranded_r[b]} {stranded_x[b]} m")
            counts["stranded"] = counts.get("stranded", 0) + 1
    # The step in which a trip ends is in the row of the block's next trip (the finished trip's
    # record ends with the step before).
    wire = f["summary/ebuses/e_wire_j"][:].sum()
    from_series = 0.0
    for j in range(len(names)):
        rows = np.where(~np.isnan(x[:, j]))[0]
        for n in rows:
            if under_wire(ranges[route_ids[int(sm["route"][j])]], length[route_ids[int(sm["route"][j])]], x[n, j]):
                from_series -= p_bat[n, j]
    check(abs(wire - from_series) <= 1e-9 * wire, f"{path}: the blocks' charge from the wire {wire} J, the battery power series under the wire {from_series} J")
    counts["e_wire_kwh"] = wire / 3.6e6
    return {k: v[k][:] for k in ("chainage_m", "speed_mps", "p_req_w", "p_line_w", "soc", "p_battery_w")}


def on_taper(curve, soc):
    """Whether the curve at soc is below its top: the battery charges on its taper."""
    return np.interp(soc, [x for x, _ in curve], [p for _, p in curve]) < max(p for _, p in curve)


def step_checks(ty, ranges, end, t, rows, x, sp, p_req, p_line, soc, p_bat):
    """The hand calculation of one trip's steps for vehicle type ty: (problems, counts, stranding)."""
    m_eff = float(ty["mass_kg"]) * (1 + float(ty["rotating_mass_factor"]))
    eta_t, aux = float(ty["eta_traction"]), float(ty["aux_power_w"])
    cap, curve = float(ty["battery_capacity_kwh"]) * 3.6e6, charge_curve(ty)
    p_max = max(p for _, p in curve)
    bad, c, strand = [], {}, None
    # The first row holds the step in which the block's previous trip ended (its traction and
    # auxiliaries for part of the step): left out.
    for n0, n in zip(rows[1:-1], rows[2:]):
        dt = t[n] - t[n0]
        e0, e1 = soc[n0] * cap, soc[n] * cap
        if e0 <= SOC_MIN * cap * (1 + 1e-12):
            break  # stranded: stands still from now on
        drive = (max(0.5 * m_eff * (sp[n] ** 2 - sp[n0] ** 2), 0.0) / eta_t + aux * dt) / dt
        if under_wire(ranges, end, x[n]):
            q = wire_charge(e0, cap, curve, dt)
            if not (abs(p_req[n] - (drive + q)) <= 1e-9 * p_max and abs(p_line[n] - p_req[n]) <= 1e-9 * p_max):
                bad.append(f"t {t[n]}: under the wire p_req {p_req[n]}, p_line {p_line[n]}, by hand {drive} + {q} W")
            if not (abs(e1 - (e0 + ETA_C * q * dt)) <= 1e-12 * cap and abs(p_bat[n] + q) <= 1e-9 * p_max):
                bad.append(f"t {t[n]}: under the wire E {e1} J, p_battery {p_bat[n]} W, by hand {e0 + ETA_C * q * dt} J, {-q} W")
            key = "wire_taper" if q > 0 and on_taper(curve, soc[n0]) else "wire_charging" if q > 0 else "wire_full"
            c[key] = c.get(key, 0) + 1
            continue
        if not (p_req[n] == 0 and math.isnan(p_line[n])):
            bad.append(f"t {t[n]}: off the wire p_req {p_req[n]}, p_line {p_line[n]}")
        e_hand = e0 - drive * dt / ETA_D
        if e_hand < SOC_MIN * cap:
            strand = (t[n0] + (e0 - SOC_MIN * cap) * ETA_D / drive, x[n])
            if abs(e1 - SOC_MIN * cap) > 1e-12 * cap:
                bad.append(f"t {t[n]}: stranded with E {e1} J, not at the floor {SOC_MIN * cap} J")
            break
        if not (abs(e1 - e_hand) <= 1e-12 * cap and abs(p_bat[n] - drive) <= 1e-9 * p_max):
            bad.append(f"t {t[n]}: off the wire E {e1} J, p_battery {p_bat[n]} W, by hand {e_hand} J, {drive} W")
        key = "off_wire_standing" if sp[n] == 0 and sp[n0] == 0 else "off_wire_traction" if sp[n] > sp[n0] else "off_wire_other"
        c[key] = c.get(key, 0) + 1
    return bad, c, strand


def main():
    folder, files = sys.argv[1], sys.argv[2:]
    first = None
    for path in files:
        counts = {}
        arrays = check_file(folder, path, counts)
        print(f"{path}: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in sorted(counts.items())))
        # Every kind of step must have been seen, or the test would prove nothing.
        for key in ("wire_charging", "wire_taper", "wire_full", "off_wire_standing", "off_wire_traction", "stranded"):
            check(counts.get(key, 0) > 0, f"{path}: no step of kind {key} checked")
        if first is None:
            first = arrays
            continue
        for k, a in arrays.items():
            b = first[k]
            same = np.array_equal(np.isnan(a), np.isnan(b)) and np.allclose(a[~np.isnan(a)], b[~np.isnan(b)], rtol=1e-10, atol=1e-10)
            check(same, f"{path}: series {k} differs from {files[0]}")
    for what in failures:
        if what:
            print("FAIL:", what)
    if failures:
        print(f"{len(failures)} problems")
        sys.exit(1)
    print("all steps agree with the hand calculation")


main()
