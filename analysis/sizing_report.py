#!/usr/bin/env python3
"""Infrastructure sizing report from an ohmcity results file (docs/output.md).

    sizing_report.py RESULTS.h5 [-o REPORT.md] [--plots DIR] [--top N]

Writes a Markdown report with the figures a sizing study quotes: energy drawn by each
substation and in total, substation loading (15-min peak power, rated current, duty class and
its use), the lowest pantograph voltage and the EN 50388 mean useful voltage per DC system with
the vehicle-time below Umin1/Umin2, recovered braking energy (fed back into the line against
burnt on board), the most loaded DC sections and AC branches, the AC voltage range, and for
battery e-buses the chargers' energy, peak power and use and the lowest states of charge. Every
figure is read from the file's /summary statistics (computed by ohmcity over every time step);
the report only sorts, converts units and adds up. With --plots, PNG figures of the time series
(total substation power, lowest AC bus voltage, total charger power, with
15-minute means) go to DIR (needs matplotlib).

Needs h5py and numpy (Debian: python3-h5py); analysis/ohmcity-report finds an interpreter that
has them."""
import argparse
import math
import sys

import h5py
import numpy as np


def names(f, group):
    return [n.decode() if isinstance(n, bytes) else str(n) for n in f[f"{group}/name"][()]]


def summary(f, group, stat):
    key = f"summary/{group}/{stat}"
    return f[key][()] if key in f else None


def kwh(j):
    return j / 3.6e6


def clock(t):
    if not math.isfinite(t):
        return "-"
    s = int(round(t))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def table(out, header, rows):
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for r in rows:
        out.append("| " + " | ".join(r) + " |")
    out.append("")


def fmt(x, digits=1):
    return "-" if x is None or not math.isfinite(x) else f"{x:,.{digits}f}"


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}


def substations(f, out):
    if "substations" not in f or len(f["substations/name"]) == 0:
        return 0.0
    n = names(f, "substations")
    e, back = summary(f, "substations", "energy_j"), summary(f, "substations", "fed_back_j")
    p15, rated = summary(f, "substations", "peak_p_15min_w"), summary(f, "substations", "rated_i_a")
    duty, use = summary(f, "substations", "duty_class"), summary(f, "substations", "duty_utilisation")
    above, rms = summary(f, "substations", "time_above_rating_s"), summary(f, "substations", "rms_i_a")
    out.append("## Substations\n")
    rows = []
    for k in np.argsort(-e):
        rows.append([n[k], fmt(kwh(e[k])), fmt(kwh(back[k])), fmt(p15[k] / 1e6, 3), fmt(rms[k]), fmt(rated[k], 0),
                     ROMAN.get(int(duty[k]), "-") if math.isfinite(duty[k]) else "-", fmt(100 * use[k]), fmt(above[k], 0)])
    table(out, ["substation", "energy drawn (kWh)", "fed back to the grid (kWh)", "peak 15-min power (MW)", "RMS current (A)",
                "rated current (A)", "duty class", "duty use (%)", "time above rating (s)"], rows)
    total, total_back = float(np.sum(e)), float(np.sum(back))
    out.append(f"All substations, from the AC grid: drawn {kwh(total):,.3f} kWh, fed back {kwh(total_back):,.3f} kWh, "
               f"net **{kwh(total - total_back):,.3f} kWh** (the figure `ohmcity run` prints); "
               f"{int(np.sum(summary(f, 'substations', 'duty_exceeded') > 0))} of {len(n)} above their duty class.\n")
    return total - total_back


def dc_systems(f, out):
    if "summary/dc_systems" not in f or len(f["dc_systems/name"]) == 0:
        return
    n = names(f, "dc_systems")
    umin, useful = summary(f, "dc_systems", "u_min_v"), summary(f, "dc_systems", "u_mean_useful_v")
    b1, b2 = summary(f, "dc_systems", "time_below_umin1_s"), summary(f, "dc_systems", "time_below_umin2_s")
    drawn, back, burnt = summary(f, "dc_systems", "energy_drawn_j"), summary(f, "dc_systems", "energy_fed_back_j"), summary(f, "dc_systems", "energy_burnt_j")
    out.append("## DC systems: pantograph voltage and braking energy\n")
    rows = []
    for k in range(len(n)):
        braked = back[k] + burnt[k]
        rows.append([n[k], fmt(umin[k]), fmt(useful[k]), fmt(b1[k], 0), fmt(b2[k], 0), fmt(kwh(drawn[k]), 3), fmt(kwh(back[k]), 3),
                     fmt(kwh(burnt[k]), 3), fmt(100 * back[k] / braked) if braked > 0 else "-"])
    table(out, ["system", "lowest pantograph voltage (V)", "mean useful voltage (V, EN 50388)", "vehicle-time below Umin1 (s)",
                "below Umin2 (s)", "vehicles drew (kWh)", "fed back (kWh)", "burnt on board (kWh)", "electric braking fed back (%)"], rows)


def top_loaded(f, out, group, title, label, top):
    stat = summary(f, group, "peak_loading_pct")
    if stat is None or len(stat) == 0:
        return
    n = names(f, group)
    t_key = "t_peak_i_s" if group == "sections" else "t_peak_loading_s"
    t = summary(f, group, t_key)
    above = summary(f, group, "time_above_rating_s")
    order = [k for k in np.argsort(-np.nan_to_num(stat, nan=-1.0)) if math.isfinite(stat[k])][:top]
    if not order:
        return
    out.append(f"## {title}\n")
    table(out, [label, "peak loading (% of rating)", "at", "time above rating (s)"],
          [[n[k], fmt(stat[k]), clock(t[k]), fmt(above[k], 0)] for k in order])


def ac_buses(f, out, top):
    vmin = summary(f, "ac_buses", "vm_min_pu")
    if vmin is None or len(vmin) == 0:
        return
    ids, t, vmax = f["ac_buses/id"][()], summary(f, "ac_buses", "t_vm_min_s"), summary(f, "ac_buses", "vm_max_pu")
    out.append("## AC bus voltages\n")
    table(out, ["bus", "lowest voltage (pu)", "at", "highest (pu)"],
          [[str(ids[k]), fmt(vmin[k], 4), clock(t[k]), fmt(vmax[k], 4)] for k in np.argsort(vmin)[:top]])


def chargers(f, out):
    e = summary(f, "chargers", "energy_j")
    if e is None or len(e) == 0:
        return
    n = names(f, "chargers")
    peak, use = summary(f, "chargers", "peak_p_w"), summary(f, "chargers", "utilisation")
    out.append("## E-bus chargers\n")
    table(out, ["charger", "energy from the grid (kWh)", "peak power (kW)", "use of its points (%)"],
          [[n[k], fmt(kwh(e[k])), fmt(peak[k] / 1e3), fmt(100 * use[k])] for k in np.argsort(-e)])
    out.append(f"All chargers: **{kwh(float(np.sum(e))):,.3f} kWh** from the AC grid.\n")


def ebuses(f, out, top):
    soc = summary(f, "ebuses", "min_soc")
    if soc is None or len(soc) == 0:
        return
    n = names(f, "ebuses")
    st = summary(f, "ebuses", "stranded_time_s")
    wire = summary(f, "ebuses", "e_wire_j")  # battery trolleybuses: charged from the contact line
    trolley = wire is not None and bool(np.any(wire > 0))
    ran = [k for k in range(len(soc)) if soc[k] >= 0]
    out.append("## Battery vehicle blocks (e-buses, battery trolleybuses)\n" if trolley else "## E-bus blocks\n")
    out.append(f"{len(ran)} of {len(soc)} blocks ran; {int(np.sum(st >= 0))} ran out of charge.\n")
    head = ["block", "lowest state of charge (%)", "stranded at"] + (["charged from the contact line (kWh)"] if trolley else [])
    table(out, head, [[n[k], fmt(100 * soc[k]), clock(st[k]) if st[k] >= 0 else "-"] + ([fmt(kwh(wire[k]))] if trolley else [])
                      for k in sorted(ran, key=lambda k: soc[k])[:top]])
    if trolley:
        out.append(f"All battery trolleybuses: **{kwh(float(np.sum(wire))):,.3f} kWh** into their batteries from the contact line.\n")


def rolling_mean(t, v, window_s):
    """Mean of v over the window_s before each record (records evenly spaced); NaN before."""
    if len(t) < 2:
        return np.full_like(v, np.nan)
    k = int(round(window_s / (t[1] - t[0])))
    if k < 1 or k >= len(v):
        return np.full_like(v, np.nan)
    c = np.concatenate(([0.0], np.cumsum(v)))
    m = np.full_like(v, np.nan)
    m[k:] = (c[k + 1:] - c[1:-k]) / k
    return m


def plots(f, folder):
    """Totals over the group (the lowest value for voltages), with their 15-minute mean."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    t = f["time"][()]
    made = []
    for group, series, scale, ylabel, what, reduce in (
            ("substations", "p_ac_w", 1e-6, "MW", "power of all substations from the AC grid", np.nansum),
            ("ac_buses", "vm_pu", 1.0, "pu", "lowest AC bus voltage", np.nanmin),
            ("chargers", "p_ac_w", 1e-6, "MW", "power of all e-bus chargers from the AC grid", np.nansum)):
        if f"{group}/{series}" not in f or f[f"{group}/{series}"].shape[1] == 0:
            continue
        v = reduce(f[f"{group}/{series}"][()] * scale, axis=1)
        fig, ax = plt.subplots(figsize=(10, 4))
        ax.plot(t / 3600.0, v, lw=0.6, label="at each record")
        ax.plot(t / 3600.0, rolling_mean(t, v, 900.0), lw=1.8, label="15-minute mean")
        ax.set_xlabel("time of the service day (h)")
        ax.set_ylabel(ylabel)
        ax.set_title(what)
        ax.grid(alpha=0.3)
        ax.legend(loc="best", fontsize="small")
        path = f"{folder}/{group}_{series}.png"
        fig.tight_layout()
        fig.savefig(path, dpi=120)
        plt.close(fig)
        made.append(path)
    return made


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", help="results file written by ohmcity run")
    ap.add_argument("-o", "--output", help="report file (Markdown); default: standard output")
    ap.add_argument("--plots", metavar="DIR", help="write PNG figures of the time series there")
    ap.add_argument("--top", type=int, default=10, help="rows of the ranked tables (default 10)")
    args = ap.parse_args()
    with h5py.File(args.results, "r") as f:
        if "summary" not in f:
            sys.exit(f"{args.results}: no /summary: not a completed ohmcity run (a stopped run keeps its results as .part)")
        t = f["time"][()]
        attr = lambda k: f.attrs[k].decode() if isinstance(f.attrs.get(k), bytes) else str(f.attrs.get(k, "-"))
        out = [f"# Sizing report: {attr('scenario')}\n",
               f"From `{args.results}` (ohmcity {attr('ohmcity_version')}, {attr('git_hash')}): "
               f"{clock(t[0])} to {clock(t[-1])}, {len(t)} records.\n"]
        substations(f, out)
        dc_systems(f, out)
        top_loaded(f, out, "sections", "Most loaded DC sections", "section", args.top)
        top_loaded(f, out, "ac_branches", "Most loaded AC branches", "branch", args.top)
        ac_buses(f, out, args.top)
        chargers(f, out)
        ebuses(f, out, args.top)
        if args.plots:
            made = plots(f, args.plots)
            out.append("## Figures\n")
            out.extend(f"![{p}]({p})\n" for p in made)
    text = "\n".join(out) + "\n"
    if args.output:
        with open(args.output, "w") as fp:
            fp.write(text)
    else:
        sys.stdout.write(text)


main()
