#include <math.h>
#include <string.h>
#include "gtfs_map.h"
#include "road_path.h"

/* The mapping of a feed's trips onto the scenario's routes. A row of the mapping table names a
   GTFS route (by route_id, route_short_name or route_long_name), optionally one direction_id,
   and the scenario route and vehicle type its trips run as. Each trip's stops are matched in
   order onto the route's stops: by stop id (a route stop whose name is the stop_id), else by
   place (the nearest route stop within the tolerance). A trip must run from the route's first
   stop to its last. A GTFS block with a battery vehicle's trip is run whole or not at all. */

static const char *const direction_names[] = {"0", "1", NULL};

PetscErrorCode OcGtfsReadMap(const OcCsv *t, OcDiag diag, const OcGtfsFeed *feed, const OcScenarioData *d, OcGtfsMapRow **map)
{
  enum {
    GTFS_ROUTE,
    DIRECTION,
    ROUTE,
    TYPE,
    NCOL
  };
  static const OcCsvColumn cols[NCOL] = {
    {"gtfs_route",   PETSC_TRUE },
    {"direction",    PETSC_FALSE},
    {"route",        PETSC_TRUE },
    {"vehicle_type", PETSC_TRUE }
  };
  PetscInt  c[NCOL];
  PetscBool ok;
  OcIdIndex routes, types;

  PetscFunctionBegin;
  *map = NULL;
  PetscCall(OcCsvBind(t, diag, cols, NCOL, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcIdIndexBuild(d->route, d->nroutes, sizeof(OcRoute), &routes));
  PetscCall(OcIdIndexBuild(d->vehicle_type, d->nvehicle_types, sizeof(OcVehicleType), &types));
  PetscCall(PetscCalloc1(t->nrows, map));
  for (PetscInt r = 0; r < t->nrows; r++) {
    OcGtfsMapRow *m     = &(*map)[r];
    const char   *route = OcCsvField(t, r, c[ROUTE]), *type = OcCsvField(t, r, c[TYPE]);
    PetscBool     known = PETSC_FALSE;
    m->gtfs_route       = OcCsvField(t, r, c[GTFS_ROUTE]);
    m->line             = t->line[r];
    m->direction        = -1;
    m->route            = OcIdIndexFind(&routes, route);
    m->vehicle_type     = OcIdIndexFind(&types, type);
    if (OcCsvField(t, r, c[DIRECTION])[0]) PetscCall(OcCsvGetChoice(t, diag, r, c[DIRECTION], direction_names, &m->direction));
    for (PetscInt g = 0; g < feed->nroutes && !known; g++) known = !strcmp(feed->route_id[g], m->gtfs_route) || !strcmp(feed->route_short_name[g], m->gtfs_route) || !strcmp(feed->route_long_name[g], m->gtfs_route);
    if (!known) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'gtfs_route': no route '%s' in the feed's routes.txt (by route_id, route_short_name or route_long_name)", m->gtfs_route));
    if (m->route < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'route': no route '%s' in fleet.routes", route));
    if (m->vehicle_type < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'vehicle_type': no vehicle type '%s' in fleet.vehicle_types", type));
    if (m->route < 0 || m->vehicle_type < 0) continue;
    if (OcRouteRefusal(d, m->route, m->vehicle_type)) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'vehicle_type': '%s' cannot run on route '%s' (%s)", type, route, OcRouteRefusal(d, m->route, m->vehicle_type)));
  }
  PetscCall(OcIdIndexFree(&routes));
  PetscCall(OcIdIndexFree(&types));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The mapping row of GTFS route g in a direction: the first row naming the route with that
   direction or with none; -1 when the table has none. */
static PetscInt find_map(const OcGtfsMapRow map[], PetscInt nmap, const OcGtfsFeed *feed, PetscInt g, PetscInt direction)
{
  for (PetscInt k = 0; k < nmap; k++) {
    const char *v = map[k].gtfs_route;
    if (strcmp(feed->route_id[g], v) && strcmp(feed->route_short_name[g], v) && strcmp(feed->route_long_name[g], v)) continue;
    if (map[k].direction < 0 || map[k].direction == direction) return k;
  }
  return -1;
}

/* The route stop after `after` that GTFS stop s matches: the first with its id, else the
   nearest by place within the tolerance; -1 when none. */
static PetscInt match_stop(const OcGtfsMatcher *m, const OcRoute *rt, PetscInt after, PetscInt s)
{
  const OcScenarioData *d    = m->d;
  const OcGtfsFeed     *feed = m->feed;
  PetscInt              best = -1;
  PetscReal             dmin = m->tolerance_m;

  for (PetscInt k = after + 1; k < rt->nstops; k++)
    if (!strcmp(d->stop_name[rt->first_stop + k], feed->stop_id[s])) return k;
  if (isnan(feed->stop_lat[s])) return -1;
  for (PetscInt k = after + 1; k < rt->nstops; k++) {
    PetscInt  i = rt->first_stop + k;
    PetscReal dist;
    if (isnan(d->stop_lat[i])) continue;
    dist = OcGeoDistance(feed->stop_lat[s], feed->stop_lon[s], d->stop_lat[i], d->stop_lon[i]);
    if (dist <= dmin) {
      dmin = dist;
      best = k;
    }
  }
  return best;
}

/* Fits trip i onto route rt: dep[] (the route's nstops) receives the scheduled departures and
   stop_time[] the trip's stop time at each route stop (-1 where it skips one). ok is false after
   the misfit is recorded (when report is set). */
static PetscErrorCode fit_trip(const OcGtfsMatcher *m, PetscInt i, const OcRoute *rt, PetscBool report, PetscReal dep[], PetscInt stop_time[], PetscBool *ok)
{
  const OcGtfsFeed *feed  = m->feed;
  PetscInt          first = feed->trip_stop_start[i], last = feed->trip_stop_start[i + 1] - 1, at = -1;
  const char       *route = rt->id;

  PetscFunctionBegin;
  *ok = PETSC_FALSE;
  for (PetscInt k = 0; k < rt->nstops; k++) {
    dep[k]       = -PETSC_INFINITY;
    stop_time[k] = -1;
  }
  for (PetscInt j = first; j <= last; j++) {
    PetscInt    s = feed->stop_time_stop[j], k = match_stop(m, rt, at, s);
    const char *id = feed->stop_id[s];
    if (k < 0) {
      if (report)
        PetscCall(OcDiagAdd(m->diag, m->stop_times, feed->stop_time_line[j], "field 'stop_id': stop '%s' of trip '%s' matches no stop of route '%s' after %s%s%s (by name, or within %g m)", id, feed->trip_id[i], route, at < 0 ? "its start" : "'",
                            at < 0 ? "" : m->d->stop_name[rt->first_stop + at], at < 0 ? "" : "'", (double)m->tolerance_m));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    if ((j == first && k != 0) || (j == last && k != rt->nstops - 1)) {
      if (report)
        PetscCall(OcDiagAdd(m->diag, m->stop_times, feed->stop_time_line[j], "field 'stop_id': trip '%s' %s at stop '%s', which is stop '%s' of route '%s', not its %s stop '%s'", feed->trip_id[i], j == first ? "starts" : "ends", id, m->d->stop_name[rt->first_stop + k], route, j == first ? "first" : "last",
                            m->d->stop_name[rt->first_stop + (j == first ? 0 : rt->nstops - 1)]));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    /* The trip ends on arrival at its last stop: no departure there. */
    if (j < last) dep[k] = feed->stop_time_departure_s[j];
    stop_time[k] = j;
    at           = k;
  }
  *ok = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Lists (GTFS route, direction) pairs without a mapping row, with their trip counts. */
static PetscErrorCode add_unmapped(OcScenarioData *d, const OcGtfsFeed *feed, PetscInt g, PetscInt direction)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < d->nunmapped; k++)
    if (!strcmp(d->unmapped[k].id, feed->route_id[g]) && d->unmapped[k].direction == direction) {
      d->unmapped[k].ntrips++;
      PetscFunctionReturn(PETSC_SUCCESS);
    }
  PetscCall(PetscRealloc(sizeof(OcUnmappedRoute) * (size_t)(d->nunmapped + 1), &d->unmapped));
  PetscCall(PetscMemzero(&d->unmapped[d->nunmapped], sizeof(OcUnmappedRoute)));
  PetscCall(PetscStrncpy(d->unmapped[d->nunmapped].id, feed->route_id[g], OC_NAME_LEN));
  d->unmapped[d->nunmapped].direction = direction;
  d->unmapped[d->nunmapped++].ntrips  = 1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* With given blocks, a GTFS block with a trip run by a battery vehicle (e-bus, battery trolleybus)
   must have every trip of the date run by one: otherwise the vehicle would skip the energy of the
   trips left out. role[i] of feed trip i: ROLE_BATTERY (a battery vehicle's timed trip), ROLE_OUT (left out with its day's window: not a gap) or
   ROLE_OTHER. */
enum {
  ROLE_OTHER,
  ROLE_BATTERY,
  ROLE_OUT
};

static PetscErrorCode check_whole_blocks(const OcGtfsMatcher *m, const PetscInt role[])
{
  const OcGtfsFeed *feed = m->feed;
  PetscInt         *battery_trip;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(feed->nblocks, &battery_trip));
  for (PetscInt b = 0; b < feed->nblocks; b++) battery_trip[b] = -1;
  for (PetscInt i = 0; i < feed->ntrips; i++)
    if (role[i] == ROLE_BATTERY && feed->trip_block[i] >= 0 && battery_trip[feed->trip_block[i]] < 0) battery_trip[feed->trip_block[i]] = i;
  for (PetscInt i = 0; i < feed->ntrips; i++) {
    PetscInt b = feed->trip_block[i];
    if (b < 0 || role[i] != ROLE_OTHER || battery_trip[b] < 0) continue;
    PetscCall(OcDiagAdd(m->diag, m->trips, feed->trip_line[i], "field 'block_id': trip '%s' of block '%s' (GTFS route '%s') is not run by a vehicle with a traction battery, but trip '%s' of the block is: a battery vehicle's block is simulated whole; map the route onto a route of battery vehicles, or set fleet.timetable.blocks: chain",
                        feed->trip_id[i], feed->block_id[b], feed->route_id[feed->trip_route[i]], feed->trip_id[battery_trip[b]]));
    battery_trip[b] = -1; /* once per block */
  }
  PetscCall(PetscFree(battery_trip));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscBool in_window(const OcGtfsFeed *feed, PetscInt i, const OcGtfsDay *day)
{
  const PetscReal shift = 86400.0 * day->day, dep = feed->trip_departure_s[i] + shift, arr = feed->stop_time_arrival_s[feed->trip_stop_start[i + 1] - 1] + shift;
  return (PetscBool)(day->day == 0 || (dep < day->hi_s && arr > day->lo_s));
}

/* Room for n more timed trips of up to maxstops stops, and their sources. */
static PetscErrorCode grow(OcScenarioData *d, PetscInt n, PetscInt maxstops, OcTimedTripSource **src)
{
  PetscFunctionBegin;
  PetscCall(PetscRealloc(sizeof(OcTimedTrip) * (size_t)(d->ntimed_trips + n + 1), &d->timed_trip));
  PetscCall(PetscMemzero(d->timed_trip + d->ntimed_trips, sizeof(OcTimedTrip) * (size_t)(n + 1)));
  PetscCall(PetscRealloc(sizeof(PetscReal) * (size_t)(d->ntimed_departures + n * maxstops + 1), &d->timed_departure_s));
  PetscCall(PetscRealloc(sizeof(OcTimedTripSource) * (size_t)(d->ntimed_trips + n + 1), src));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The trips of one service day: mapped ones become timed trips (their times shifted to the
   date's clock, ids of another day tagged with its date), the date's others are listed. A road
   route without a length is laid along the shape of the first trip with one that fits it (one
   try: a failure is reported once). */
PetscErrorCode OcGtfsMapTrips(const OcGtfsMatcher *m, const OcGtfsMapRow map[], PetscInt nmap, OcBlockMode mode, const OcGtfsDay *day, OcTimedTripSource **src, OcScenarioData *d)
{
  const OcGtfsFeed *feed  = m->feed;
  const PetscReal   shift = 86400.0 * day->day;
  PetscInt          n = 0, *stop_time, maxstops = 0, *role;
  const char       *failed = NULL; /* the trip_id last reported: its generated copies are not */

  PetscFunctionBegin;
  for (PetscInt r = 0; r < d->nroutes; r++) maxstops = PetscMax(maxstops, d->route[r].nstops);
  for (PetscInt i = 0; i < feed->ntrips; i++) n += find_map(map, nmap, feed, feed->trip_route[i], feed->trip_direction[i]) >= 0 && in_window(feed, i, day);
  PetscCall(grow(d, n, maxstops, src));
  PetscCall(PetscMalloc1(maxstops, &stop_time));
  PetscCall(PetscCalloc1(feed->ntrips, &role));
  for (PetscInt i = 0; i < feed->ntrips; i++) {
    PetscInt     g = feed->trip_route[i], k = find_map(map, nmap, feed, g, feed->trip_direction[i]);
    OcTimedTrip *tt;
    PetscReal   *dep = d->timed_departure_s + d->ntimed_departures;
    PetscBool    ok, report = (PetscBool)(!failed || strcmp(failed, feed->trip_id[i]));
    if (k < 0) {
      /* A route the table does not name at all is listed once, whatever the direction. */
      if (day->day == 0) PetscCall(add_unmapped(d, feed, g, find_map(map, nmap, feed, g, 0) < 0 && find_map(map, nmap, feed, g, 1) < 0 ? -1 : feed->trip_direction[i]));
      continue;
    }
    if (!in_window(feed, i, day)) {
      role[i] = ROLE_OUT;
      continue;
    }
    tt        = &d->timed_trip[d->ntimed_trips];
    tt->route = map[k].route;
    PetscCall(fit_trip(m, i, &d->route[tt->route], report, dep, stop_time, &ok));
    if (!ok) {
      failed = feed->trip_id[i];
      continue;
    }
    if (isnan(d->route[tt->route].length_m) && feed->trip_shape[i] >= 0 && !m->laid[tt->route]) {
      m->laid[tt->route] = PETSC_TRUE;
      PetscCall(OcScenarioLayRoadPath(feed, i, stop_time, tt->route, m->stop_times, m->diag, d));
    }
    if (day->day) PetscCall(PetscSNPrintf(tt->id, sizeof tt->id, "%s@%s", feed->trip_id[i], day->date));
    else PetscCall(PetscStrncpy(tt->id, feed->trip_id[i], sizeof tt->id));
    for (PetscInt s = 0; s < d->route[tt->route].nstops; s++) dep[s] += shift; /* -INFINITY stays */
    tt->vehicle_type        = map[k].vehicle_type;
    tt->first               = d->ntimed_departures;
    tt->arrival_s           = feed->stop_time_arrival_s[feed->trip_stop_start[i + 1] - 1] + shift;
    role[i]                 = OcVehicleHasBattery(&d->vehicle_type[tt->vehicle_type]) ? ROLE_BATTERY : ROLE_OTHER;
    (*src)[d->ntimed_trips] = (OcTimedTripSource){feed->trip_block[i] >= 0 ? feed->block_id[feed->trip_block[i]] : "", m->trips, "block_id", feed->trip_line[i], day->day};
    d->ntimed_departures += d->route[tt->route].nstops;
    d->ntimed_trips++;
    d->ntimed_adjacent += day->day != 0;
  }
  if (mode == OC_BLOCKS_GIVEN) PetscCall(check_whole_blocks(m, role));
  PetscCall(PetscFree(role));
  PetscCall(PetscFree(stop_time));
  PetscFunctionReturn(PETSC_SUCCESS);
}
