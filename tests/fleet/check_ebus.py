#!/usr/bin/env python3
"""Hand calculation of the e-bus test line (tests/fleet/ebus), independent of the C kernels.

Reads the scenario's tables and the event log of test_ebus, and recomputes:
  * the blocks: from the services (one bus per service here), or from a GTFS feed's block_id
    and the chaining rule for trips without one, and that the fleet runs exactly these, each
    timetabled trip arriving at its last stop at the scheduled time (timed running),
  * every bus's battery energy at each trip end: E -= drive / eta_d (the test type has no
    auxiliaries and no regeneration, so the battery only discharges while driving), with the
    charge added by each visit,
  * the charger queues (first come first served, one bus per point, ties by block) and each
    session: start time, the charge curve integrated numerically (RK4, 0.01 s), end time at the
    target SOC or the departure, DC and AC energy,
  * energy conservation: AC drawn = stored + battery losses + charger losses, per visit and per
    charger (the chargers' AC energy comes from the power series the grid receives),
  * the stranded bus: at the floor, with the usable energy spent.
Battery values are the documented defaults (docs/scenario.md, "Batteries"): 10-90 % window, 97 %
each way, charge acceptance flat to 80 % SOC, then linear to 10 % of it at 100 %.
    check_ebus.py SCENARIO_DIR LOG [SCENARIO_FILE, default scenario.yaml]"""
import csv
import math
import re
import sys

SOC_MIN, SOC_MAX, ETA_C, ETA_D = 0.10, 0.90, 0.97, 0.97
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def clock(text):
    parts = [float(p) for p in text.split(":")] + [0.0]
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def table(folder, name):
    with open(f"{folder}/{name}", newline="") as f:
        return list(csv.DictReader(f))


SCENARIO = sys.argv[3] if len(sys.argv) > 3 else "scenario.yaml"


def setting(folder, key):
    """The value of a plain `key: value` line of the scenario file, or None."""
    m = re.search(rf"^\s*{key}:\s*(\S+)", open(f"{folder}/{SCENARIO}").read(), re.M)
    return m.group(1) if m else None


def scenario_table(folder, key):
    """The table that the scenario file names under key."""
    return table(folder, setting(folder, key))


def accept(soc, p_bus):
    """Charge acceptance of the battery at the terminals, W."""
    if soc <= 0.8:
        return p_bus
    return p_bus + (0.1 * p_bus - p_bus) * (min(soc, 1.0) - 0.8) / 0.2


def session(e0, cap, p_bus, p_point, t_on, t_off):
    """Charges from e0 between t_on and t_off (may be inf) up to SOC_MAX: (e1, t_end, reached)."""
    target, h, t, e = SOC_MAX * cap, 0.01, t_on, e0
    f = lambda x: ETA_C * min(accept(x / cap, p_bus), p_point)
    if e >= target:
        return e, t_on, True
    while t < t_off:
        step = min(h, t_off - t)
        k1 = f(e)
        k2 = f(e + step / 2 * k1)
        k3 = f(e + step / 2 * k2)
        k4 = f(e + step * k3)
        e_new = e + step / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        if e_new >= target:  # crossing within this sub-step: interpolate
            return target, t + step * (target - e) / (e_new - e), True
        e, t = e_new, t + step
    return e, t_off, False


def blocks_from_services(folder, types):
    """The two services of line B share their buses, but with these times (one minute apart,
    headway >= 2 turnaround) each bus keeps to one service's trips: block = service. Trips are
    (name as test_ebus lists it, route, departure)."""
    blocks = []
    for s in scenario_table(folder, "services"):
        first, last, h = clock(s["first_departure"]), clock(s["last_departure"]), float(s["headway_s"])
        trips, k = [], 0
        while first + k * h <= last + 1e-9:
            d = first + k * h
            trips.append((f"{s['route']}@{d:.0f}", s["route"], d))
            if s["return_route"]:
                check(h >= 2 * float(s["turnaround_s"]), "test assumes one bus per service")
                r = d + float(s["turnaround_s"])
                trips.append((f"{s['return_route']}@{r:.0f}", s["return_route"], r))
            k += 1
        blocks.append(bus_block(trips, types[s["vehicle_type"]]))
    return blocks


def bus_block(trips, vtype):
    return {"trips": trips, "cap": float(vtype["battery_capacity_kwh"]) * 3.6e6, "p_bus": float(vtype["max_charge_power_w"])}


def blocks_from_feed(folder, types):
    """GTFS trips (feed/, every trip on the service date, mapped by gtfs_routes.csv and
    direction) as docs/scenario.md states (fleet.timetable.blocks: given, the default; chain
    ignores block_id; trip gives every trip a bus): trips with a block_id keep it; the others are chained
    in departure order, each taking the bus of its type that has been ready longest at its first
    stop (ready: scheduled arrival + min_layover_s; ties: the lower block), or a new bus; blocks
    are numbered by their first departure."""
    layover, mode = float(setting(folder, "min_layover_s") or 300), setting(folder, "blocks") or "given"
    stops = {}
    for r in scenario_table(folder, "route_stops"):
        stops.setdefault(r["route"], []).append(r["name"])
    mapping = {(r["gtfs_route"], r["direction"]): (r["route"], r["vehicle_type"]) for r in table(folder, "gtfs_routes.csv")}
    times = {}
    for r in table(folder, "feed/stop_times.txt"):
        times.setdefault(r["trip_id"], []).append((int(r["stop_sequence"]), clock(r["departure_time"]), clock(r["arrival_time"])))
    trips = []
    for r in table(folder, "feed/trips.txt"):
        route, vtype = mapping[(r["route_id"], r["direction_id"])]
        st = sorted(times[r["trip_id"]])
        trips.append({"id": r["trip_id"], "route": route, "type": vtype, "dep": st[0][1], "arr": st[-1][2], "block": r["block_id"] if mode == "given" else ""})
    trips.sort(key=lambda t: t["dep"])  # stable: feed order among equal departures
    given, buses = {}, []  # given: block_id -> trips; buses: [type, stop, ready, trips]
    for t in trips:
        if t["block"]:
            given.setdefault(t["block"], []).append(t)
            continue
        ready = [b for b in buses if b[0] == t["type"] and b[1] == stops[t["route"]][0] and b[2] <= t["dep"] and mode != "trip"]
        bus = min(ready, key=lambda b: b[2]) if ready else None  # min keeps the first (lower block) on ties
        if bus is None:
            bus = [t["type"], None, None, []]
            buses.append(bus)
        bus[1], bus[2] = stops[t["route"]][-1], t["arr"] + layover
        bus[3].append(t)
    runs = sorted(list(given.values()) + [b[3] for b in buses], key=lambda run: (run[0]["dep"], trips.index(run[0])))
    blocks = [bus_block([(t["id"], t["route"], t["dep"]) for t in run], types[run[0]["type"]]) for run in runs]
    for blk, run in zip(blocks, runs):
        blk["arr"] = [t["arr"] for t in run]
    return blocks


def main():
    folder, log_path = sys.argv[1], sys.argv[2]
    types = {r["id"]: r for r in scenario_table(folder, "vehicle_types")}
    stops = {}
    for r in scenario_table(folder, "route_stops"):
        stops.setdefault(r["route"], []).append(r["name"])
    chargers = {r["id"]: r for r in scenario_table(folder, "chargers")}
    at_stop = {r["location"]: r["id"] for r in chargers.values()}

    blocks = blocks_from_services(folder, types) if setting(folder, "services") else blocks_from_feed(folder, types)
    events, summary, charger_ac, listed = [], {}, {}, {}
    for line in open(log_path):
        w = line.split()
        if w[0] == "blocktrips":
            listed[int(w[1])] = w[2:]
        elif w[0] == "block":
            summary[int(w[1])] = {"min_soc": float(w[3]), "e_charged": float(w[5]), "stranded_t": float(w[7])}
        elif w[0] == "charger":
            charger_ac[w[1]] = float(w[3])
        else:
            events.append({"t": float(w[0]), "kind": w[1], "block": int(w[3]), "site": w[7], "a": float(w[9]), "b": float(w[11]), "e": float(w[13])})

    check(listed == {b: [name for name, _, _ in blk["trips"]] for b, blk in enumerate(blocks)},
          f"blocks: the fleet runs {listed}, hand {[[n for n, _, _ in blk['trips']] for blk in blocks]}")
    for blk in blocks:
        blk["trips"] = [(route, dep) for _, route, dep in blk["trips"]]

    # Arrivals at chargers, from the trip ends: (time, block, site, deadline, trip index).
    arrivals = []
    for b, blk in enumerate(blocks):
        ends = [e for e in events if e["block"] == b and e["kind"] in ("trip_end", "parked")]
        stranded = [e for e in events if e["block"] == b and e["kind"] == "stranded"]
        check(len(ends) + len(stranded) >= 1, f"block {b}: no trip ended")
        blk["ends"] = ends
        for i, e in enumerate(ends):
            # Timed running: a timetabled e-bus reaches its last stop at the scheduled arrival (the
            # log has the end of the step it arrived in).
            if "arr" in blk:
                check(0 <= e["t"] - blk["arr"][i] <= 1 + 1e-9, f"block {b}: trip {i} ends at {e['t']:.3f} s, scheduled {blk['arr'][i]:.0f} s")
            stop = stops[blk["trips"][i][0]][-1]
            if stop not in at_stop:
                continue
            site = chargers[at_stop[stop]]
            last = i + 1 == len(blk["trips"])
            check(last == (e["kind"] == "parked"), f"block {b}: trip {i} end kind {e['kind']}")
            if last:
                arrivals.append((e["t"], b, site["id"], math.inf, i))
            elif blk["trips"][i + 1][1] > e["t"]:
                arrivals.append((e["t"], b, site["id"], blk["trips"][i + 1][1], i))

    # The queues, first come first served, ties by block; every site independently.
    visits = {}  # (block, trip end index) -> (start, end, e_dc, e_ac) with e0 filled in later
    arrivals.sort()
    energy = {b: SOC_MAX * blk["cap"] for b, blk in enumerate(blocks)}
    ac_by_site = {c: 0.0 for c in chargers}
    # Walk the blocks' trip ends and the visits in time order, so that each visit starts from
    # the battery energy of its arrival.
    free = {c: [-math.inf] * int(chargers[c]["points"] or 1) for c in chargers}
    pending = {b: 0 for b in range(len(blocks))}
    min_soc = {b: SOC_MAX for b in range(len(blocks))}

    def advance_block(b, upto_index):
        while pending[b] <= upto_index:
            e = blocks[b]["ends"][pending[b]]
            energy[b] -= e["a"] / ETA_D
            min_soc[b] = min(min_soc[b], energy[b] / blocks[b]["cap"])
            check(abs(energy[b] - e["e"]) <= 1e-6 * blocks[b]["cap"], f"block {b} trip end {pending[b]}: battery {e['e']:.6e} J, hand {energy[b]:.6e} J")
            if (b, pending[b]) in visits:
                energy[b] += ETA_C * visits[(b, pending[b])][2]
            pending[b] += 1

    for t_arr, b, site, deadline, i in arrivals:
        advance_block(b, i - 1)
        ch = chargers[site]
        pts = free[site]
        k = min(range(len(pts)), key=lambda j: (max(pts[j], t_arr), j))
        start = max(pts[k], t_arr)
        e0 = energy[b] - blocks[b]["ends"][i]["a"] / ETA_D
        if start >= deadline:
            continue
        e1, t_end, _ = session(e0, blocks[b]["cap"], blocks[b]["p_bus"], float(ch["p_point_w"]), start + float(ch["start_delay_s"]), deadline)
        pts[k] = t_end
        e_dc = (e1 - e0) / ETA_C
        e_ac = e_dc / float(ch["efficiency"])
        visits[(b, i)] = (start, t_end, e_dc, e_ac)
        ac_by_site[site] += e_ac
        got_s = [e for e in events if e["kind"] == "charge_start" and e["block"] == b and abs(e["t"] - start) < 1e-6]
        got_e = [e for e in events if e["kind"] == "charge_end" and e["block"] == b and abs(e["t"] - t_end) < 1e-2]
        check(len(got_s) == 1, f"block {b} at {site}: expected a session starting at {start:.6f} s")
        check(len(got_e) == 1, f"block {b} at {site}: expected the session to end at {t_end:.3f} s")
        if got_e:
            g = got_e[0]
            check(abs(g["a"] - e_dc) <= 1e-6 * e_dc, f"block {b} at {site}: DC energy {g['a']:.6e} J, hand {e_dc:.6e} J")
            check(abs(g["b"] - e_ac) <= 1e-6 * e_ac, f"block {b} at {site}: AC energy {g['b']:.6e} J, hand {e_ac:.6e} J")
            # conservation: AC = stored + battery losses + charger losses
            stored = e1 - e0
            check(abs(g["b"] - (stored + (1 - ETA_C) * g["a"] + (g["b"] - g["a"]))) <= 1e-9 * g["b"] and abs(g["b"] * float(ch["efficiency"]) * ETA_C - stored) <= 1e-6 * stored,
                  f"block {b} at {site}: energy not conserved")
        print(f"block {b} at {site}: arrived {t_arr:.0f} s, charging {start:.3f} to {t_end:.3f} s, {e_dc / 3.6e6:.4f} kWh DC, {e_ac / 3.6e6:.4f} kWh AC")

    for b in range(len(blocks)):
        advance_block(b, len(blocks[b]["ends"]) - 1)
        s = summary[b]
        stranded = [e for e in events if e["block"] == b and e["kind"] == "stranded"]
        if stranded:
            e = stranded[0]
            cap = blocks[b]["cap"]
            usable = (SOC_MAX - SOC_MIN) * cap * ETA_D
            check(abs(e["e"] - SOC_MIN * cap) <= 1e-9 * cap, f"block {b}: stranded above the floor")
            check(e["b"] <= usable <= e["b"] + 400e3, f"block {b}: stranded after {e['b']:.6e} J drawn, usable {usable:.6e} J")
            check(abs(s["stranded_t"] - e["t"]) < 1e-3 and abs(s["min_soc"] - SOC_MIN) < 1e-9, f"block {b}: stranding not in the summary")
            print(f"block {b}: stranded at {e['t']:.3f} s, {e['a']:.1f} m along its route, after {e['b'] / 3.6e6:.4f} kWh")
        else:
            check(abs(s["min_soc"] - min_soc[b]) <= 1e-9, f"block {b}: min SOC {s['min_soc']:.9f}, hand {min_soc[b]:.9f}")
            check(s["stranded_t"] == -1, f"block {b}: reported stranded")
            dc = sum(v[2] for (bb, _), v in visits.items() if bb == b)
            check(abs(s["e_charged"] - dc) <= 1e-6 * max(dc, 1), f"block {b}: charged {s['e_charged']:.6e} J, hand {dc:.6e} J")
    for c, e in ac_by_site.items():
        check(abs(charger_ac.get(c, 0) - e) <= 1e-6 * max(e, 1), f"charger {c}: AC energy {charger_ac.get(c, 0):.6e} J, hand {e:.6e} J")
        print(f"charger {c}: {e / 3.6e6:.4f} kWh from the grid")
    if failures:
        print("FAIL:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("e-bus hand calculation agrees")


main()
