#!/usr/bin/env python3
"""Regenerates the CSV tables of inputs/default/ (the fictional city of Ohmstadt).

Run from anywhere:  python3 inputs/default/tools/make_default_city.py [CIGRE_DIR]
CIGRE_DIR holds CIGRE_profiles_per_unit.csv, CIGRE_residential_loads.csv and
CIGRE_industrial_loads.csv (default: /work/shared/data/grid/cigre_mv_benchmark_20kV, see
../README.md for their origin). Standard library only. Every number below is explained in
../README.md; this script only does the arithmetic (lengths, r_eq, blended profiles, stop
chainages, the route profiles mirrored for the reverse direction).
"""
import csv
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
CIGRE = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/grid/cigre_mv_benchmark_20kV"

DETOUR = 1.05  # track length / straight distance between nodes (curves), assumed

# ---------------------------------------------------------------- DC systems
SYSTEMS = [("TRAM750", 750), ("METRO1500", 1500), ("TROLLEY750", 750)]

# Lines as (node id, x_m, y_m); consecutive nodes are joined by a section.
# Coordinates: local metric grid, origin at the Markt (city centre), x east, y north.
TRAM_L1 = [  # Line 1 Westpark - Ostfeld, west to east
    ("T_Westpark", -5200, 650), ("T_Gaswerk", -4450, 760), ("T_Muehlenweg", -3700, 560),
    ("T_Lindenplatz", -2900, 380), ("T_Schillerstr", -2150, 260), ("T_Stadtbad", -1400, 170),
    ("T_Rathaus", -700, 90), ("T_Markt", 0, 0), ("T_Domplatz", 720, -110),
    ("T_Hbf_Nord", 1450, -230), ("T_Messe", 2200, -380), ("T_Klinikum", 2950, -480),
    ("T_Hafenstr", 3700, -610), ("T_Ostfriedhof", 4450, -720), ("T_Ostfeld", 5150, -840),
]
TRAM_L2 = [  # Line 2 Nordheim - Suedstadt, north to south (shares T_Markt)
    ("T_Nordheim", 320, 4750), ("T_Waldweg", 260, 4000), ("T_Universitaet", 160, 3250),
    ("T_Bergstr", 110, 2500), ("T_Kirchberg", 40, 1800), ("T_Theater", -40, 1150),
    ("T_Schlossgarten", -30, 560), ("T_Markt", 0, 0), ("T_Marienplatz", -140, -650),
    ("T_Sportpark", -290, -1350), ("T_Amselweg", -360, -2100), ("T_Gewerbehof", -440, -2850),
    ("T_Sued_Schule", -500, -3550), ("T_Suedstadt", -560, -4250),
]
METRO_U1 = [  # U1 Nordwest - Hauptbahnhof - Suedost
    ("U_Nordwest", -5000, 4300), ("U_Heide", -4250, 3600), ("U_Kaserne", -3450, 2950),
    ("U_Westbahnhof", -2600, 2300), ("U_Oper", -1700, 1500), ("U_Schlossplatz", -850, 700),
    ("U_Altstadt", -150, 60), ("U_Hauptbahnhof", 600, -650), ("U_Neumarkt", 1400, -1450), ("U_Stadion", 2200, -2250),
    ("U_Technikpark", 3000, -3050), ("U_Suedost", 3900, -3950), ("U_Suedost_Depot", 4400, -4450),
]

TROLLEY_O5 = [  # trolleybus line 5 Hauptbahnhof Ost - Feldweg (end of the wire), to the north-east
    ("O_Hauptbahnhof", 650, -600), ("O_Kanal", 1350, 250), ("O_Ring", 2000, 1050),
    ("O_Lerchenfeld", 2650, 1850), ("O_Wiesengrund", 3300, 2600), ("O_Feldweg", 3900, 3350),
]

# Loop resistance (ohm/km) and thermal rating (A) per kind of section, see README.md.
R_TRAM_INNER, I_TRAM_INNER = 0.036, 2400   # 2 x (CW 120 Cu || 400 mm2 Al feeder) + 4 rails
R_TRAM_OUTER, I_TRAM_OUTER = 0.045, 2000   # 2 x (CW 120 Cu || 240 mm2 Al feeder) + 4 rails
R_METRO, I_METRO = 0.038, 3200             # 2 x (120 Cu messenger + 2 x CW 100 Cu) + 4 UIC60
R_TROLLEY, I_TROLLEY = 0.108, 1200         # 2 pairs of trolley wires 107 mm2 Cu || 240 mm2 Al feeder per pole
INNER_RADIUS_M = 2600  # tram sections whose midpoint is within this radius of the Markt are "inner"

# Substations: id, node, ac_bus, kind, rated MW, U_dN (rated DC voltage), p_noload_w
REG = 0.06  # inherent regulation at rated current, fraction of U_dN (assumed, typical 12-pulse)
SUBSTATIONS = [
    # tram, 750 V
    ("SS_Westpark", "T_Gaswerk", 2, "diode", 1.5, 750, 2500),
    ("SS_Schillerstr", "T_Schillerstr", 3, "diode", 2.0, 750, 3000),
    ("SS_Markt", "T_Markt", 8, "reversible", 3.0, 750, 4000),
    ("SS_Messe", "T_Messe", 9, "diode", 2.0, 750, 3000),
    ("SS_Ostfeld", "T_Ostfriedhof", 10, "diode", 1.5, 750, 2500),
    ("SS_Nordheim", "T_Waldweg", 6, "diode", 1.5, 750, 2500),
    ("SS_Kirchberg", "T_Kirchberg", 5, "reversible", 2.0, 750, 3000),
    ("SS_Amselweg", "T_Amselweg", 13, "diode", 2.0, 750, 3000),
    ("SS_Suedstadt", "T_Sued_Schule", 14, "diode", 1.5, 750, 2500),
    # metro, 1500 V
    ("US_Heide", "U_Heide", 1, "diode", 4.0, 1500, 5000),
    ("US_Westbahnhof", "U_Westbahnhof", 1, "diode", 4.0, 1500, 5000),
    ("US_Schlossplatz", "U_Schlossplatz", 12, "diode", 5.0, 1500, 6000),
    ("US_Hauptbahnhof", "U_Hauptbahnhof", 12, "reversible", 6.0, 1500, 7000),
    ("US_Stadion", "U_Stadion", 12, "diode", 5.0, 1500, 6000),
    ("US_Suedost", "U_Suedost", 12, "diode", 4.0, 1500, 5000),
    # trolleybus, 750 V
    ("OS_Hauptbahnhof", "O_Hauptbahnhof", 13, "reversible", 1.0, 750, 2000),
    ("OS_Wiesengrund", "O_Wiesengrund", 14, "diode", 1.0, 750, 2000),
]
EFFICIENCY = 0.985   # 12-pulse diode group incl. transformer load losses at rated load, assumed
POWER_FACTOR = 0.95  # 12-pulse diode rectifier, assumed
DUTY = "VI"          # EN 50328 / IEC 60146-1-1 heavy traction

# ---------------------------------------------------------------- fleet (README.md, "Fleet")
# Vehicle types: a base from the built-in library (docs/rolling_stock.md) and the values changed.
# Tram32: 32 m five-section 100 % low-floor tram of the Citadis 302 class; with load 41 t tare
# (assumed) + 133 passengers x 70 kg (two thirds of the 200 of a 32 m Citadis, Nottingham).
VEHICLE_COLUMNS = ["id", "base", "mass_kg"]
VEHICLE_TYPES = [
    ("Tram32", "tram", 41000 + 133 * 70),
    ("Metro3", "metro", ""),  # the library's 3-car metro unit unchanged
]

# Lines for the routes: tag, system, vehicle type, first / second direction route ids.
LINES = [
    ("L1", "TRAM750", "Tram32", "T1-E", "T1-W"),
    ("L2", "TRAM750", "Tram32", "T2-S", "T2-N"),
    ("U1", "METRO1500", "Metro3", "U1-SE", "U1-NW"),
]
# Stops as (name, where, dwell_s); where = a node id (the stop is at the node) or
# (node, metres past it along the line's forward direction). Intermediate tram stops sit in the
# middle of the longer sections; names fictional.
STOPS = {
    "L1": [("Westpark", "T_Westpark", 30), ("Gaswerk", "T_Gaswerk", 20), ("Brunnenweg", ("T_Gaswerk", 410), 20),
           ("Muehlenweg", "T_Muehlenweg", 20), ("Lindenviertel", ("T_Muehlenweg", 430), 20), ("Lindenplatz", "T_Lindenplatz", 25),
           ("Goetheschule", ("T_Lindenplatz", 400), 20), ("Schillerstr", "T_Schillerstr", 25), ("Uhlandstr", ("T_Schillerstr", 400), 20),
           ("Stadtbad", "T_Stadtbad", 20), ("Rathaus", "T_Rathaus", 25), ("Markt", "T_Markt", 30),
           ("Kornmarkt", ("T_Markt", 380), 25), ("Domplatz", "T_Domplatz", 25), ("Hbf_Nord", "T_Hbf_Nord", 30),
           ("Zollhof", ("T_Hbf_Nord", 400), 20), ("Messe", "T_Messe", 25), ("Klinikum", "T_Klinikum", 25),
           ("Werftstr", ("T_Klinikum", 400), 20), ("Hafenstr", "T_Hafenstr", 20), ("Ostfriedhof", "T_Ostfriedhof", 20),
           ("Ostfeld", "T_Ostfeld", 30)],
    "L2": [("Nordheim", "T_Nordheim", 30), ("Waldweg", "T_Waldweg", 20), ("Hochschulring", ("T_Waldweg", 400), 20),
           ("Universitaet", "T_Universitaet", 30), ("Bergstr", "T_Bergstr", 20), ("Kirchberg", "T_Kirchberg", 25),
           ("Theater", "T_Theater", 25), ("Schlossgarten", "T_Schlossgarten", 20), ("Markt", "T_Markt", 30),
           ("Spitalgasse", ("T_Markt", 350), 25), ("Marienplatz", "T_Marienplatz", 25), ("Friedenstr", ("T_Marienplatz", 380), 20),
           ("Sportpark", "T_Sportpark", 20), ("Finkenstr", ("T_Sportpark", 400), 20), ("Amselweg", "T_Amselweg", 20),
           ("Drosselweg", ("T_Amselweg", 400), 20), ("Gewerbehof", "T_Gewerbehof", 20), ("Sued_Schule", "T_Sued_Schule", 20),
           ("Suedstadt", "T_Suedstadt", 30)],
    "U1": [("Nordwest", "U_Nordwest", 30), ("Heide", "U_Heide", 30), ("Kaserne", "U_Kaserne", 30),
           ("Westbahnhof", "U_Westbahnhof", 35), ("Oper", "U_Oper", 30), ("Schlossplatz", "U_Schlossplatz", 35),
           ("Altstadt", "U_Altstadt", 40), ("Hauptbahnhof", "U_Hauptbahnhof", 40), ("Neumarkt", "U_Neumarkt", 35),
           ("Stadion", "U_Stadion", 30), ("Technikpark", "U_Technikpark", 30), ("Suedost", "U_Suedost", 30),
           ("Suedost_Depot", "U_Suedost_Depot", 30)],
}
# Track profile along each line's forward direction (all assumed, see README.md), as
# piecewise-constant functions: [(from, value)], the first from 0; 'from' is a node, a
# (node, metres past it) pair, or ("end", -metres) counted from the line's end.
GRADES = {
    "L1": [(0, -0.005), ("T_Muehlenweg", -0.012), ("T_Schillerstr", -0.003), ("T_Markt", 0.0),
           (("T_Hafenstr", 170), 0.03), (("T_Hafenstr", 370), 0.0), (("T_Hafenstr", 520), -0.03),
           (("T_Hafenstr", 720), 0.004)],
    "L2": [(0, 0.005), ("T_Waldweg", 0.015), ("T_Universitaet", -0.04), ("T_Bergstr", -0.03),
           ("T_Kirchberg", -0.015), ("T_Theater", -0.005), ("T_Markt", 0.0), ("T_Gewerbehof", 0.005)],
    "U1": [(0, -0.004), (("U_Westbahnhof", 420), -0.035), (("U_Westbahnhof", 820), 0.0),
           (("U_Stadion", 170), 0.035), (("U_Stadion", 570), 0.002)],
}
LIMITS = {  # km/h; 25 over the terminal crossovers of the trams, 40 for the metro
    "L1": [(0, 25), (80, 70), ("T_Lindenplatz", 60), ("T_Stadtbad", 50), (("T_Markt", -60), 20),
           (("T_Markt", 60), 50), ("T_Messe", 60), ("T_Klinikum", 70), (("end", -80), 25)],
    "L2": [(0, 25), (80, 70), ("T_Universitaet", 50), (("T_Markt", -60), 20), (("T_Markt", 60), 50),
           ("T_Sportpark", 60), ("T_Gewerbehof", 70), (("end", -80), 25)],
    "U1": [(0, 40), (250, 80), (("end", -250), 40)],
}
CURVES = {  # (from, length_m, radius_m, speed limit km/h or None)
    "L1": [(("T_Gaswerk", 40), 50, 120, 30)],
    "L2": [(("T_Universitaet", 220), 90, 100, 30), (("T_Universitaet", 520), 90, 100, 30),
           (("T_Theater", 20), 20, 150, 35), (("T_Markt", 20), 15, 50, None)],
    "U1": [(("U_Westbahnhof", 40), 40, 500, None), (("U_Altstadt", 130), 150, 300, 60)],
}
# ---------------------------------------------------------------- e-bus lines (README.md, "E-buses")
# Eight radial battery e-bus lines from two bus depots, each a road route out and back:
# (line, depot, outer terminal, length_m, AC bus of the terminal charger, hill: None or
# (from_m, to_m, gradient) along the outbound direction). Lengths, places and hills assumed.
EBUS_TYPE = ("E12", "ebus12", "")  # the library's 12 m e-bus unchanged (350 kWh, 300 kW charging)
EBUS_LINES = [
    ("B10", "Betriebshof West", "Nordheim Ost", 8400, 6, None),
    ("B11", "Betriebshof West", "Heide Siedlung", 7200, 4, None),
    ("B12", "Betriebshof West", "Westpark Sued", 6800, 3, None),
    ("B13", "Betriebshof West", "Universitaet Nord", 9000, 5, (6500, 8000, 0.03)),
    ("B20", "Betriebshof Ost", "Ostfeld Nord", 7600, 10, None),
    ("B21", "Betriebshof Ost", "Technikpark", 8000, 13, None),
    ("B22", "Betriebshof Ost", "Suedstadt Ost", 9200, 14, (1000, 2000, -0.02)),
    ("B23", "Betriebshof Ost", "Hafen", 6400, 11, None),
]
# Depot chargers: depot stop, AC bus, points, kW a point (plug-in depot chargers, assumed).
EBUS_DEPOTS = [("Betriebshof West", 1, 24, 150), ("Betriebshof Ost", 12, 24, 150)]
EBUS_TERMINAL_POINTS, EBUS_TERMINAL_KW = 2, 450  # pantograph chargers at each outer terminal, assumed
EBUS_STOP_SPACING_M = 450    # mean stop spacing, assumed (typical urban bus: 300-500 m)
EBUS_DWELL_S = 20            # minimum dwell at a stop, assumed
EBUS_SPEED_KMH = 50          # urban speed limit (StVO section 3)
EBUS_SCHEDULED_KMH = 18.0    # scheduled speed for the timetable's running time, assumed
EBUS_LAYOVER_S = 360         # planned layover at the outer terminal (charging), assumed
# Headway periods of the e-bus lines (both directions run as round trips from the depot).
EBUS_PERIODS = [("05:00", "05:40", 1200), ("06:00", "06:50", 600), ("07:00", "08:55", 300),
                ("09:00", "15:50", 600), ("16:00", "18:55", 300), ("19:00", "20:45", 900),
                ("21:00", "23:40", 1200)]

# ---------------------------------------------------------------- battery trolleybus (README.md, "Trolleybus")
# Line O5 runs under the wire from Hauptbahnhof Ost to Feldweg, then on its battery over the
# 2030 extension to the new district Neubau Nordost, which has no wire (in-motion charging):
# the library's 18 m trolleybus with a traction battery, charged from the wire on the way.
TROLLEY_TYPE = ("Trolley18B", "trolleybus", "", 60, 100000)  # 60 kWh, 100 kW charging: assumed
TROLLEY_LINE = ("O5", "TROLLEY750", "Hauptbahnhof Ost", "Neubau Nordost")
TROLLEY_OFF_WIRE_M = 2000    # the extension without wire, assumed
TROLLEY_SPEED_KMH = 50       # urban speed limit (StVO section 3)

# Headway periods of the 2030 timetable, (first, last departure, headway_s): the same clock
# times in both directions, from either terminus.
TRAM_PERIODS = [("04:30", "05:45", 900), ("06:00", "06:52:30", 450), ("07:00", "08:55", 300),
                ("09:00", "15:52:30", 450), ("16:00", "18:55", 300), ("19:00", "20:50", 600),
                ("21:00", "24:30", 900)]
METRO_PERIODS = [("04:30", "05:50", 600), ("06:00", "06:55", 300), ("07:00", "08:56", 240),
                 ("09:00", "15:55", 300), ("16:00", "18:56", 240), ("19:00", "20:54", 360),
                 ("21:00", "24:40", 600)]


def write_fleet(sections):
    """Writes the fleet tables; sections as written to dc_sections.csv, in line order."""
    write("vehicle_types.csv", VEHICLE_COLUMNS + ["battery_capacity_kwh", "max_charge_power_w"],
          [t + ("", "") for t in VEHICLE_TYPES] + [TROLLEY_TYPE] + [EBUS_TYPE + ("", "")])
    routes, rsec, prof, stops, services = [], [], [], [], []
    for tag, system, vtype, fwd, rev in LINES:
        secs = [s for s in sections if s[0].startswith(tag + "_")]
        at, km = {secs[0][1]: 0}, 0
        for s in secs:
            km += s[3]
            at[s[2]] = km
        length = km

        def pos(w):
            if isinstance(w, int):
                return w
            if isinstance(w, str):
                return at[w]
            return length + w[1] if w[0] == "end" else at[w[0]] + w[1]

        def step(table):  # piecewise-constant function of the forward chainage
            pts = sorted((pos(w), v) for w, v in table)
            return pts, lambda x: [v for p, v in pts if p <= x][-1]

        grade_pts, grade = step(GRADES[tag])
        limit_pts, limit = step(LIMITS[tag])
        curves = [(pos(w), pos(w) + n, r, lim) for w, n, r, lim in CURVES[tag]]

        def radius(x):
            return next((r for a, b, r, _ in curves if a <= x < b), 0)

        def speed(x):
            return min([limit(x)] + [lim for a, b, _, lim in curves if a <= x < b and lim])

        breaks = sorted({0} | {p for p, _ in grade_pts + limit_pts} | {c for a, b, _, _ in curves for c in (a, b)})
        breaks = [b for b in breaks if 0 <= b < length]
        for rid, reverse in ((fwd, False), (rev, True)):
            routes.append((rid, system, ""))
            order = list(reversed(secs)) if reverse else secs
            for k, s in enumerate(order):
                rsec.append((rid, k + 1, s[0], "reverse" if reverse else "forward", ""))
            # rows at the breakpoints of this direction; each holds to the next one
            pts = sorted({length - b for b in breaks[1:]} | {0}) if reverse else breaks
            rows, last = [], None
            for i, y in enumerate(pts):
                y2 = pts[i + 1] if i + 1 < len(pts) else length
                x = length - (y + y2) / 2 if reverse else (y + y2) / 2  # middle of the piece, forward chainage
                val = ((-1 if reverse else 1) * grade(x), radius(x), speed(x))
                if val != last:
                    rows.append((rid, y, fmt(val[0], 4) if val[0] else 0, val[1] or "", val[2]))
                    last = val
            prof.extend(rows)
            seq = [(name, pos(w), dwell) for name, w, dwell in STOPS[tag]]
            for name, x, dwell in (reversed(seq) if reverse else seq):
                stops.append((rid, name, length - x if reverse else x, dwell))
            for first, last_dep, h in (METRO_PERIODS if system == "METRO1500" else TRAM_PERIODS):
                services.append((rid, vtype, first, last_dep, h))
        print(f"{tag}: routes {fwd}, {rev}: {length / 1000:.2f} km, {len(STOPS[tag])} stops, mean spacing {length / (len(STOPS[tag]) - 1):.0f} m")
    services = [s + ("", "") for s in services]
    write_trolley(sections, routes, rsec, prof, stops, services)
    chargers = write_ebus(routes, prof, stops, services)
    write("routes.csv", ["id", "system", "length_m"], routes)
    write("route_sections.csv", ["route", "seq", "section", "direction", "length_m"], rsec)
    write("route_profile.csv", ["route", "from_m", "gradient", "curve_radius_m", "speed_limit_kmh"], prof)
    write("route_stops.csv", ["route", "name", "chainage_m", "dwell_s"], stops)
    write("services.csv", ["route", "vehicle_type", "first_departure", "last_departure", "headway_s", "return_route", "turnaround_s"], services)
    write("chargers.csv", ["id", "ac_bus", "kind", "location", "points", "p_point_w", "efficiency", "start_delay_s", "power_factor"], chargers)


def even_stops(rid, line, first, last, length, n, reverse):
    """n + 1 stops evenly along a bus line from first to last, named `<line> stop NN` between
    them; the reverse route has them at (length - chainage)."""
    names = [first] + [f"{line} stop {k:02d}" for k in range(1, n)] + [last]
    seq = [(names[k], round(length * k / n), EBUS_DWELL_S) for k in range(n + 1)]
    return [(rid, name, length - x if reverse else x, dwell) for name, x, dwell in (reversed(seq) if reverse else seq)]


def turnaround_s(length):
    """Outbound departure to return departure: the length at the scheduled speed plus the layover
    at the far terminal, rounded up to a minute."""
    return math.ceil((length / (EBUS_SCHEDULED_KMH / 3.6) + EBUS_LAYOVER_S) / 60) * 60


def write_trolley(sections, routes, rsec, prof, stops, services):
    """Appends the battery trolleybus line to the fleet tables: its wired sections, then the
    stretch without wire, out and back, stops every EBUS_STOP_SPACING_M or so, in blocks."""
    line, system, first, last = TROLLEY_LINE
    secs = [s for s in sections if s[0].startswith(line + "_")]
    wired = sum(s[3] for s in secs)
    length = wired + TROLLEY_OFF_WIRE_M
    n = round(length / EBUS_STOP_SPACING_M)
    out, back = f"{line}-out", f"{line}-back"
    for rid, reverse in ((out, False), (back, True)):
        routes.append((rid, system, ""))
        parts = [(s[0], "forward", "") for s in secs] + [("", "", TROLLEY_OFF_WIRE_M)]
        for k, (sec, direction, off) in enumerate(reversed(parts) if reverse else parts):
            rsec.append((rid, k + 1, sec, "reverse" if reverse and sec else direction, off))
        prof.append((rid, 0, 0, "", TROLLEY_SPEED_KMH))
        stops.extend(even_stops(rid, line, first, last, length, n, reverse))
    turn = turnaround_s(length)
    for first_dep, last_dep, h in EBUS_PERIODS:
        services.append((out, TROLLEY_TYPE[0], first_dep, last_dep, h, back, turn))
    print(f"{line}: {first} - {last}: {length / 1000:.2f} km ({wired / 1000:.2f} km wired), {n + 1} stops, turnaround {turn / 60:.0f} min, peak {math.ceil(2 * turn / 300)} vehicles")


def write_ebus(routes, prof, stops, services):
    """Appends the e-bus lines to the fleet tables; returns the chargers' rows."""
    chargers = [(f"CD_{depot.split()[-1]}", bus, "depot", depot, n, kw * 1000, "", "", "") for depot, bus, n, kw in EBUS_DEPOTS]
    for line, depot, term, length, bus, hill in EBUS_LINES:
        n = round(length / EBUS_STOP_SPACING_M)
        out, back = f"{line}-out", f"{line}-back"
        for rid, reverse in ((out, False), (back, True)):
            routes.append((rid, "", length))
            cuts = [(0, 0)] + ([(hill[0], hill[2]), (hill[1], 0)] if hill else [])
            rows = []  # mirrored for the return: a piece [a, b) becomes [L - b, L - a), downhill

            for i, (x, g) in enumerate(cuts):
                x2 = cuts[i + 1][0] if i + 1 < len(cuts) else length
                rows.append((length - x2, -g) if reverse else (x, g))
            for x, g in sorted(rows):
                prof.append((rid, x, fmt(g, 4) if g else 0, "", EBUS_SPEED_KMH))
            stops.extend(even_stops(rid, line, depot, term, length, n, reverse))
        turn = turnaround_s(length)
        for first, last_dep, h in EBUS_PERIODS:
            services.append((out, EBUS_TYPE[0], first, last_dep, h, back, turn))
        chargers.append((f"CT_{line}", bus, "terminal", term, EBUS_TERMINAL_POINTS, EBUS_TERMINAL_KW * 1000, "", "", ""))
        print(f"{line}: {depot} - {term}: {length / 1000:.1f} km, {n + 1} stops, turnaround {turn / 60:.0f} min, peak {math.ceil(2 * turn / 300)} buses")
    return chargers


def dist(a, b):
    return math.hypot(a[1] - b[1], a[2] - b[2])


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def fmt(v, nd):
    s = f"{v:.{nd}f}".rstrip("0").rstrip(".")
    return s if s else "0"


def main():
    nodes, seen = [], set()
    for system, line in (("TRAM750", TRAM_L1), ("TRAM750", TRAM_L2), ("METRO1500", METRO_U1), ("TROLLEY750", TROLLEY_O5)):
        for n in line:
            if n[0] not in seen:
                seen.add(n[0])
                nodes.append((n[0], system, n[1], n[2]))
    write("dc_systems.csv", ["id", "u_nominal_v"], SYSTEMS)
    write("dc_nodes.csv", ["id", "system", "x_m", "y_m"], nodes)

    sections, chain = [], {}
    for tag, line, kind in (("L1", TRAM_L1, "tram"), ("L2", TRAM_L2, "tram"), ("U1", METRO_U1, "metro"), ("O5", TROLLEY_O5, "trolley")):
        km = 0.0
        chain[line[0][0]] = (tag, 0.0)
        for k in range(len(line) - 1):
            a, b = line[k], line[k + 1]
            length = round(dist(a, b) * DETOUR / 10) * 10
            if kind == "metro":
                r, imax = R_METRO, I_METRO
            elif kind == "trolley":
                r, imax = R_TROLLEY, I_TROLLEY
            else:
                mid = ((a[1] + b[1]) / 2, (a[2] + b[2]) / 2)
                inner = math.hypot(*mid) < INNER_RADIUS_M
                r, imax = (R_TRAM_INNER, I_TRAM_INNER) if inner else (R_TRAM_OUTER, I_TRAM_OUTER)
            sections.append((f"{tag}_{k + 1:02d}", a[0], b[0], length, r, imax))
            km += length
            chain.setdefault(b[0], (tag, km))
        print(f"{tag}: {len(line) - 1} sections, {km / 1000:.2f} km")
    write("dc_sections.csv", ["id", "from_node", "to_node", "length_m", "r_ohm_per_km", "i_max_a"], sections)
    write_fleet(sections)

    rows = []
    for sid, node, bus, kind, p_mw, udn, pnl in SUBSTATIONS:
        u0 = udn * (1 + REG)
        req = REG * udn * udn / (p_mw * 1e6)
        rows.append((sid, node, bus, kind, fmt(u0, 1), fmt(req, 6), int(p_mw * 1e6), EFFICIENCY, pnl, POWER_FACTOR, DUTY))
        print(f"  {sid:16s} {node:16s} km {chain.get(node, ('?', -1))[1] / 1000:6.2f} bus {bus:2d} {kind:10s} {p_mw} MW u0 {u0:.0f} r_eq {req:.5f}")
    write("substations.csv", ["id", "node", "ac_bus", "kind", "u0_v", "r_eq_ohm", "rated_power_w", "efficiency", "p_noload_w", "power_factor", "duty_class"], rows)

    # ------------------------------------------------------------ AC load profiles
    with open(os.path.join(CIGRE, "CIGRE_profiles_per_unit.csv"), newline="") as f:
        prof = list(csv.DictReader(f))

    def loads(name):
        with open(os.path.join(CIGRE, name), newline="") as f:
            out = {}
            for r in csv.DictReader(f):
                s, pf = float(r["apparent_power_kVA"]), float(r["power_factor"])
                out[int(r["bus"])] = (s * pf, s * math.sqrt(1 - pf * pf))
            return out

    res, ind = loads("CIGRE_residential_loads.csv"), loads("CIGRE_industrial_loads.csv")
    columns = [("residential", None), ("industrial", None)]
    assign = []
    for bus in sorted(set(res) | set(ind)):
        if bus in res and bus in ind:
            w = res[bus][0] / (res[bus][0] + ind[bus][0])  # share of the residential P
            name = f"mixed_bus{bus}"
            columns.append((name, w))
            assign.append((bus, name))
            # Q follows the same multiplier: its largest error, for the README
            qerr = max(abs((res[bus][1] + ind[bus][1]) * (w * float(p["residential_load"]) + (1 - w) * float(p["industrial_load"]))
                           - (res[bus][1] * float(p["residential_load"]) + ind[bus][1] * float(p["industrial_load"]))) for p in prof)
            print(f"  bus {bus}: residential share of P {w:.4f}, largest Q error {qerr:.1f} kvar")
        else:
            assign.append((bus, "residential" if bus in res else "industrial"))
    rows = []
    for p in prof:
        r_, i_ = float(p["residential_load"]), float(p["industrial_load"])
        row = [p["time"]]
        for name, w in columns:
            v = r_ if name == "residential" else i_ if name == "industrial" else w * r_ + (1 - w) * i_
            row.append(fmt(v, 4))
        rows.append(row)
    write("load_profiles.csv", ["time"] + [c[0] for c in columns], rows)
    write("ac_loads.csv", ["bus", "profile"], assign)

    # ------------------------------------------------------------ HV/MV transformer check
    gen_pg = {1: 0.0, 12: 0.0}  # DER of feeder 1 (buses 2-11) and feeder 2 (13-14), case Pg in MW
    feeder = lambda b: 1 if b <= 11 else 12
    for bus, pg in ((3, .012), (4, .012), (5, .019), (5, .013), (6, .019), (7, 1.5), (8, .019), (9, .019), (9, .31), (9, .214), (10, .025), (10, .006), (11, .006)):
        gen_pg[feeder(bus)] += pg
    print("hour  TR1 P/Q [MW/Mvar]  TR2 P/Q   (base load with profiles, DER at case Pg, no losses)")
    for p in prof:
        r_, i_ = float(p["residential_load"]), float(p["industrial_load"])
        tot = {1: [0.0, 0.0], 12: [0.0, 0.0]}
        for tab, m in ((res, r_), (ind, i_)):
            for bus, (pk, qk) in tab.items():
                tot[feeder(bus)][0] += pk * m / 1000
                tot[feeder(bus)][1] += qk * m / 1000
        s = {k: (tot[k][0] - gen_pg[k], tot[k][1]) for k in tot}
        print(f"{p['time']}  {s[1][0]:6.2f} {s[1][1]:5.2f} ({math.hypot(*s[1]):5.2f} MVA)  {s[12][0]:6.2f} {s[12][1]:5.2f} ({math.hypot(*s[12]):5.2f} MVA)")


if __name__ == "__main__":
    main()
