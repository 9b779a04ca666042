#!/usr/bin/env python3
"""Independent calculation of the road routes of scenario.yaml laid along the GTFS shapes of
feed/: great-circle (haversine) lengths along the shape points on a sphere of radius 6371008.8 m,
and the stops' chainages from the positions chosen in the feed by construction:
  S1 (with shape_dist_traveled 0, 0.7, 1.25, 2.3): stops at distances 0, 0.35 (half of segment 1),
  1.0 (segment 2 at (1.0 - 0.7) / (1.25 - 0.7)), 2.3 (the end);
  S2 (no distances): Delta at the start; Echo 0.0001 deg north of the middle of segment 1 (an
  east-west segment: it projects onto the middle); Extra (the route stop's own place, the trip
  does not serve it) 0.0001 deg south of the middle of segment 3; Alpha at the end.
Writes the output test_road_path must print."""
import math

R = 6371008.8


def hav(p, q):
    (la1, lo1), (la2, lo2) = [(math.radians(a), math.radians(b)) for a, b in (p, q)]
    a = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * R * math.asin(math.sqrt(min(a, 1.0)))


def cumulative(points):
    c = [0.0]
    for p, q in zip(points, points[1:]):
        c.append(c[-1] + hav(p, q))
    return c


def at(c, seg, f):
    return c[seg] + f * (c[seg + 1] - c[seg])


s1 = [(52.0, 21.0), (52.0, 21.01), (52.005, 21.01), (52.005, 21.025)]
s2 = s1[::-1]
c1, c2 = cumulative(s1), cumulative(s2)
routes = [
    ("bus-out", "S1", c1, [("A", at(c1, 0, 0)), ("B", at(c1, 0, 0.5)), ("C", at(c1, 1, 0.3 / 0.55)), ("D", c1[-1])]),
    ("bus-back", "S2", c2, [("Delta", 0.0), ("E", at(c2, 0, 0.5)), ("Extra", at(c2, 2, 0.5)), ("A", c2[-1])]),
]
for rid, shape, c, stops in routes:
    print(f"route {rid} shape {shape} length_m {c[-1]:.6f}")
    for name, x in stops:
        print(f"  stop {name} chainage_m {x:.6f}")
