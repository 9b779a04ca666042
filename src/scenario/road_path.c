#include <math.h>
#include <string.h>
#include "road_path.h"

/* Road routes along GTFS shapes. The route's chainage is the great-circle length along the
   shape's points from its first point; the route's length is the whole shape's. A stop is
   placed by its shape_dist_traveled where the trip's stop time and every point of the shape
   give one (GTFS leaves the unit to the feed, so it only locates the stop between two points,
   and the chainage is measured there); otherwise by its place, projected onto the nearest point
   of the polyline at or after the previous stop. */

PetscReal OcGeoDistance(PetscReal lat1, PetscReal lon1, PetscReal lat2, PetscReal lon2)
{
  const PetscReal rad = PETSC_PI / 180, r = 6371008.8;
  PetscReal       a = PetscSqr(PetscSinReal((lat2 - lat1) * rad / 2)) + PetscCosReal(lat1 * rad) * PetscCosReal(lat2 * rad) * PetscSqr(PetscSinReal((lon2 - lon1) * rad / 2));
  return 2 * r * PetscAsinReal(PetscSqrtReal(PetscMin(a, 1.0)));
}

/* A place on a shape of np points: segment q (from point q to q + 1) and the fraction f of it. */
typedef struct {
  PetscInt  q;
  PetscReal f;
} Place;

typedef struct {
  const PetscReal *lat, *lon, *dist; /* the shape's points */
  PetscInt         np;
  PetscReal       *cum; /* chainage of each point */
} Shape;

static PetscReal chainage(const Shape *sh, Place p)
{
  return sh->cum[p.q] + p.f * (sh->cum[p.q + 1] - sh->cum[p.q]);
}

/* The first place whose shape distance is D; false when D is outside the shape's. */
static PetscBool place_by_dist(const Shape *sh, PetscReal D, Place *at)
{
  for (PetscInt q = 0; q < sh->np - 1; q++) {
    if (D < sh->dist[q] || D > sh->dist[q + 1]) continue;
    *at = (Place){q, sh->dist[q + 1] > sh->dist[q] ? (D - sh->dist[q]) / (sh->dist[q + 1] - sh->dist[q]) : 0};
    return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* The point of the polyline nearest to (lat, lon), not before `from`. Each segment is projected
   in the plane tangent at its first point (east = dlon cos(lat), north = dlat): exact enough
   over segments of a few hundred metres. Ties go to the earlier segment. */
static Place project(const Shape *sh, Place from, PetscReal lat, PetscReal lon)
{
  const PetscReal rad  = PETSC_PI / 180;
  Place           best = from;
  PetscReal       dmin = PETSC_MAX_REAL;

  for (PetscInt q = from.q; q < sh->np - 1; q++) {
    PetscReal c = PetscCosReal(sh->lat[q] * rad), bx = (sh->lon[q + 1] - sh->lon[q]) * c, by = sh->lat[q + 1] - sh->lat[q];
    PetscReal px = (lon - sh->lon[q]) * c, py = lat - sh->lat[q], l2 = bx * bx + by * by, f = l2 > 0 ? (px * bx + py * by) / l2 : 0, d2;
    f  = PetscClipInterval(f, q == from.q ? from.f : 0, 1);
    d2 = PetscSqr(px - f * bx) + PetscSqr(py - f * by);
    if (d2 < dmin) {
      dmin = d2;
      best = (Place){q, f};
    }
  }
  return best;
}

PetscErrorCode OcScenarioLayRoadPath(const OcGtfsFeed *feed, PetscInt i, const PetscInt stop_time[], PetscInt rt, const char *stop_times, OcDiag diag, OcScenarioData *d)
{
  OcRoute    *route = &d->route[rt];
  PetscInt    s = feed->trip_shape[i], p0 = feed->shape_start[s], line = feed->stop_time_line[feed->trip_stop_start[i]];
  const char *id      = feed->shape_id[s];
  PetscBool   by_dist = PETSC_TRUE, ok = PETSC_TRUE;
  Shape       sh = {feed->shape_lat + p0, feed->shape_lon + p0, feed->shape_dist + p0, feed->shape_start[s + 1] - p0, NULL};
  Place       at = {0, 0};

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(sh.np, &sh.cum));
  sh.cum[0] = 0;
  for (PetscInt p = 1; p < sh.np; p++) sh.cum[p] = sh.cum[p - 1] + OcGeoDistance(sh.lat[p - 1], sh.lon[p - 1], sh.lat[p], sh.lon[p]);
  for (PetscInt p = 0; p < sh.np; p++) by_dist = (PetscBool)(by_dist && !isnan(sh.dist[p]));
  for (PetscInt k = 0; k < route->nstops && ok; k++) {
    PetscInt    j = stop_time[k], st = route->first_stop + k;
    const char *name = d->stop_name[st];
    if (j >= 0 && by_dist && !isnan(feed->stop_time_dist[j])) {
      if (!place_by_dist(&sh, feed->stop_time_dist[j], &at)) {
        PetscCall(OcDiagAdd(diag, stop_times, feed->stop_time_line[j], "field 'shape_dist_traveled': %g (stop '%s' of trip '%s') is outside shape '%s' (%g to %g)", (double)feed->stop_time_dist[j], feed->stop_id[feed->stop_time_stop[j]], feed->trip_id[i], id,
                            (double)sh.dist[0], (double)sh.dist[sh.np - 1]));
        ok = PETSC_FALSE;
        break;
      }
    } else {
      PetscReal lat = j >= 0 ? feed->stop_lat[feed->stop_time_stop[j]] : d->stop_lat[st], lon = j >= 0 ? feed->stop_lon[feed->stop_time_stop[j]] : d->stop_lon[st];
      if (isnan(lat)) {
        PetscCall(OcDiagAdd(diag, stop_times, line, "stop '%s' of road route '%s' has no place to lay on shape '%s': trip '%s' %s, and route_stops gives no lat/lon", name, route->id, id, feed->trip_id[i], j >= 0 ? "gives its stop no lat/lon" : "does not serve it"));
        ok = PETSC_FALSE;
        break;
      }
      at = project(&sh, at, lat, lon);
    }
    d->stop_m[st] = chainage(&sh, at);
    if (k > 0 && !(d->stop_m[st] > d->stop_m[st - 1])) {
      PetscCall(OcDiagAdd(diag, stop_times, j >= 0 ? feed->stop_time_line[j] : line, "stop '%s' of road route '%s' falls at %.1f m along shape '%s' of trip '%s', not after the previous stop '%s' (%.1f m); the stops must follow the shape", name, route->id,
                          (double)d->stop_m[st], id, feed->trip_id[i], d->stop_name[st - 1], (double)d->stop_m[st - 1]));
      ok = PETSC_FALSE;
    }
  }
  if (ok) {
    route->length_m = sh.cum[sh.np - 1];
    PetscCall(PetscStrncpy(route->shape, id, sizeof route->shape));
  }
  PetscCall(PetscFree(sh.cum));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The position of a column in a table's header, -1 when absent. */
static PetscInt column(const OcCsv *t, const char *name)
{
  for (PetscInt c = 0; c < t->ncols; c++)
    if (!strcmp(t->header[c], name)) return c;
  return -1;
}

PetscErrorCode OcScenarioCheckRoadPaths(const OcCsv t[4], OcDiag diag, const OcScenarioData *d)
{
  const OcCsv *routes = &t[0], *profile = &t[2];
  PetscInt     id = column(routes, "id"), pr = column(profile, "route"), pf = column(profile, "from_m");
  OcIdIndex    ix;

  PetscFunctionBegin;
  for (PetscInt r = 0; r < routes->nrows; r++) {
    const OcRoute *rt = &d->route[r]; /* routes are read in table order */
    if (isnan(rt->length_m))
      PetscCall(OcDiagAdd(diag, routes->name, routes->line[r], "field 'length_m': empty, but no GTFS trip with a shape runs on road route '%s' (fleet.timetable.gtfs) to lay its path; give its length_m and its stops' chainage_m", OcCsvField(routes, r, id)));
  }
  if (!profile->header) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcIdIndexBuild(d->route, d->nroutes, sizeof(OcRoute), &ix));
  for (PetscInt r = 0; r < profile->nrows; r++) {
    PetscInt  k = OcIdIndexFind(&ix, OcCsvField(profile, r, pr));
    PetscReal from;
    if (k < 0 || !d->route[k].shape[0] || !OcParseReal(OcCsvField(profile, r, pf), &from)) continue;
    if (from > d->route[k].length_m)
      PetscCall(OcDiagAdd(diag, profile->name, profile->line[r], "field 'from_m': %g m is beyond the end of route '%s' (%g m along GTFS shape '%s')", (double)from, d->route[k].id, (double)d->route[k].length_m, d->route[k].shape));
  }
  PetscCall(OcIdIndexFree(&ix));
  PetscFunctionReturn(PETSC_SUCCESS);
}
