#!/usr/bin/python3
"""Independent count of a GTFS feed for one service date, written apart from the C reader
(src/scenario/gtfs*.c) with nothing but the standard library, to check its summary:

    gtfs_counts.py FEED (folder|zip) YYYYMMDD [H:MM:SS ...]

prints the same lines as test_gtfs without -dump: counts of stops, routes, services, trips
(and those generated from frequencies.txt), stop times, blocks, shape points, the first
departure and last arrival, vehicles in service at the times given and the most vehicles in
service over the day.

The rules are the GTFS reference's: a calendar.txt service runs on the flagged weekdays from
start_date to end_date, calendar_dates.txt adds (1) or removes (2) dates; a trip of
frequencies.txt is replaced by one trip per start_time + k * headway_secs < end_time. The
vehicle count is the reader's documented definition: a trip without block_id is in service
over [departure from its first stop, arrival at its last); a block is one vehicle from its
first departure to its last arrival. The maximum is found by brute force: the count is
evaluated at every time a vehicle starts.
"""
import csv
import datetime
import io
import sys
import zipfile


def read_table(feed, kind, name):
    """Rows of one file as dicts ('' for missing trailing fields), or None when absent."""
    if kind == "zip":
        with zipfile.ZipFile(feed) as z:
            if name not in z.namelist():
                return None
            text = z.read(name).decode("utf-8-sig")
    else:
        try:
            with open(f"{feed}/{name}", encoding="utf-8-sig", newline="") as f:
                text = f.read()
        except FileNotFoundError:
            return None
    rows = list(csv.DictReader(io.StringIO(text, newline=""), restval=""))
    return [{k.strip(): (v or "").strip() for k, v in r.items() if k is not None} for r in rows]


def seconds(clock):
    h, m, s = clock.split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)


def clock(t):
    t = round(t)
    return f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}"


def running_services(feed, kind, date):
    day = datetime.date(int(date[:4]), int(date[4:6]), int(date[6:]))
    weekday = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][day.weekday()]
    services, running = set(), set()
    for r in read_table(feed, kind, "calendar.txt") or []:
        services.add(r["service_id"])
        if r["start_date"] <= date <= r["end_date"] and r[weekday] == "1":
            running.add(r["service_id"])
    for r in read_table(feed, kind, "calendar_dates.txt") or []:
        services.add(r["service_id"])
        if r["date"] == date:
            (running.add if r["exception_type"] == "1" else running.discard)(r["service_id"])
    return services, running


def main():
    feed, kind, date, probes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    stops = read_table(feed, kind, "stops.txt")
    routes = read_table(feed, kind, "routes.txt")
    trips = read_table(feed, kind, "trips.txt")
    shapes = read_table(feed, kind, "shapes.txt") or []
    services, running = running_services(feed, kind, date)

    times = {}  # trip_id -> [(sequence, arrival, departure)]
    for r in read_table(feed, kind, "stop_times.txt"):
        a, d = r["arrival_time"] or r["departure_time"], r["departure_time"] or r["arrival_time"]
        times.setdefault(r["trip_id"], []).append((int(r["stop_sequence"]), a, d))
    windows = {}
    for r in read_table(feed, kind, "frequencies.txt") or []:
        windows.setdefault(r["trip_id"], []).append((seconds(r["start_time"]), seconds(r["end_time"]), int(r["headway_secs"])))

    spans, blocks = [], {}  # spans of trips without block; block -> [start, end]
    ntrips = nfreq = nstop_times = 0
    for t in trips:
        if t["service_id"] not in running:
            continue
        st = sorted(times[t["trip_id"]])
        first, last = seconds(st[0][2]), seconds(st[-1][1])
        starts = [(first, 0)]
        if t["trip_id"] in windows:
            starts = [(s, s - first) for b, e, h in windows[t["trip_id"]] for s in range(b, e, h)]
            nfreq += len(starts)
        for s, shift in starts:
            ntrips += 1
            nstop_times += len(st)
            block = "" if t["trip_id"] in windows else t.get("block_id", "")
            if block:
                span = blocks.setdefault(block, [first, last])
                span[0], span[1] = min(span[0], first), max(span[1], last)
            else:
                spans.append((first + shift, last + shift))
    spans += [tuple(v) for v in blocks.values()]

    def in_service(t):
        return sum(1 for s, e in spans if s <= t < e)

    print(f"GTFS feed for service date {date}")
    print(f"  stops {len(stops)}, routes {len(routes)}, services {len(services)} ({len(running & services)} running)")
    print(f"  trips {ntrips} ({nfreq} from frequencies.txt), stop times {nstop_times}")
    print(f"  blocks {len(blocks)}, shapes {len({r['shape_id'] for r in shapes})} with {len(shapes)} points")
    if spans:
        print(f"  first departure {clock(min(s for s, e in spans))}, last arrival {clock(max(e for s, e in spans))}")
    else:
        print("  first departure -, last arrival -")
    for p in probes:
        print(f"vehicles in service at {p}: {in_service(seconds(p))}")
    best = max(((in_service(s), -s) for s, e in spans), default=(0, 0))
    print(f"most vehicles in service: {best[0]} from {clock(-best[1])}")


if __name__ == "__main__":
    main()
