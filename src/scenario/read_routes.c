#include <math.h>
#include <string.h>
#include "scenario_impl.h"

/* fleet.routes, fleet.route_sections, fleet.route_profile, fleet.route_stops: the routes'
   geometry along their chainage (docs/scenario.md). Rows of the per-route tables may come in
   any order: each route's rows are sorted by seq, from_m or chainage_m. */

static const char *const direction_names[] = {"forward", "reverse", NULL};

static PetscErrorCode read_route_list(const OcCsv *t, OcDiag diag, OcScenarioData *d)
{
  enum {
    ID,
    SYSTEM,
    LENGTH,
    NCOL
  };
  static const OcCsvColumn cols[NCOL] = {
    {"id",       PETSC_TRUE },
    {"system",   PETSC_FALSE},
    {"length_m", PETSC_FALSE}
  };
  PetscInt  c[NCOL];
  PetscBool ok;
  OcIdIndex systems, ix;

  PetscFunctionBegin;
  PetscCall(OcCsvBind(t, diag, cols, NCOL, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcIdIndexBuild(d->dc_system, d->ndc_systems, sizeof(OcDcSystem), &systems));
  d->nroutes = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->route));
  for (PetscInt r = 0; r < t->nrows; r++) {
    OcRoute    *rt  = &d->route[r];
    const char *sys = OcCsvField(t, r, c[SYSTEM]);
    PetscCall(OcCsvGetId(t, diag, r, c[ID], rt->id));
    rt->system = sys[0] ? OcIdIndexFind(&systems, sys) : -1;
    if (sys[0] && rt->system < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'system': no DC system '%s'", sys));
    /* A road route without a length is laid along a GTFS shape (fleet.timetable, road_path.c). */
    if (!sys[0] && !OcCsvField(t, r, c[LENGTH])[0]) rt->length_m = NAN;
    else if (!sys[0]) PetscCall(OcCsvGetReal(t, diag, r, c[LENGTH], PETSC_TRUE, OC_REAL_POSITIVE, &rt->length_m));
    else if (OcCsvField(t, r, c[LENGTH])[0]) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'length_m': a route on DC system '%s' takes its length from its sections; leave it empty", sys));
  }
  PetscCall(OcIdIndexBuild(d->route, d->nroutes, sizeof(OcRoute), &ix));
  PetscCall(OcIdIndexCheckUnique(&ix, t, diag));
  PetscCall(OcIdIndexFree(&ix));
  PetscCall(OcIdIndexFree(&systems));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Sorts the rows of a per-route table by (route, key): order[] receives row numbers, and
   route_of[]/key[] the parsed values (-1 route where unreadable). */
static PetscErrorCode group_rows(const OcCsv *t, const PetscInt route_of[], const PetscReal key[], PetscInt order[])
{
  PetscReal *k2;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(t->nrows, &k2));
  for (PetscInt r = 0; r < t->nrows; r++) {
    order[r] = r;
    k2[r]    = route_of[r] * 1e12 + key[r]; /* keys are chainages or sequence numbers < 1e12 */
  }
  PetscCall(PetscSortRealWithPermutation(t->nrows, k2, order));
  PetscCall(PetscFree(k2));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Reads the route and key columns of a per-route table (key NAN where an optional one is empty). */
static PetscErrorCode route_and_key(const OcCsv *t, OcDiag diag, const OcIdIndex *routes, PetscInt rcol, PetscInt kcol, PetscBool required, OcRealConstraint kc, PetscInt route_of[], PetscReal key[])
{
  PetscFunctionBegin;
  for (PetscInt r = 0; r < t->nrows; r++) {
    const char *id = OcCsvField(t, r, rcol);
    route_of[r]    = OcIdIndexFind(routes, id);
    key[r]         = NAN;
    if (route_of[r] < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'route': no route '%s' in fleet.routes", id));
    PetscCall(OcCsvGetReal(t, diag, r, kcol, required, kc, &key[r]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The node a directed section starts or ends at. */
static PetscInt section_end(const OcScenarioData *d, PetscInt s, PetscBool reverse, PetscBool at_end)
{
  return (reverse != at_end) ? d->dc_section[s].to : d->dc_section[s].from;
}

/* One route_sections row without a section: a stretch of length_m without contact wire, run on
   the vehicle's battery. */
static PetscErrorCode read_off_wire(const OcCsv *t, OcDiag diag, PetscInt r, const PetscInt c[], PetscInt dir_col, OcRoute *route, PetscReal *length)
{
  PetscFunctionBegin;
  *length = 0;
  if (c[0] < 0) {
    PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'section': expected a DC section, found an empty field (a stretch without contact wire needs its length in a 'length_m' column)"));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(OcCsvGetReal(t, diag, r, c[0], PETSC_TRUE, OC_REAL_POSITIVE, length));
  if (OcCsvField(t, r, dir_col)[0]) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'direction': a stretch without contact wire (empty section) has no direction; leave it empty"));
  if (route->system < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'route': route '%s' is a road route (no system): its length is in fleet.routes", route->id));
  route->noff_wire++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A route's wired section: on the route's system and, unless a stretch without wire comes
   between them, starting where the previous one ends. */
static PetscErrorCode check_wired(const OcCsv *t, OcDiag diag, PetscInt r, const char *id, PetscInt k, PetscInt s, PetscInt dir, const OcRoute *route, const OcScenarioData *d)
{
  PetscInt prev = route->nsections > 1 ? d->route_section[k - 1] : -1;

  PetscFunctionBegin;
  if (route->system < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'route': route '%s' is a road route (no system): it has no DC sections", route->id));
  else if (d->dc_section[s].system != route->system) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'section': section '%s' is not on the route's DC system '%s'", id, d->dc_system[route->system].id));
  else if (prev >= 0 && section_end(d, prev, (PetscBool)d->route_section_reverse[k - 1], PETSC_TRUE) != section_end(d, s, (PetscBool)dir, PETSC_FALSE))
    PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'section': section '%s' does not start where the route's previous section ends (check the order and the direction)", id));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* route_sections: route, seq, section, direction, and length_m for a row without a section (a
   stretch without contact wire). */
static PetscErrorCode read_route_sections(const OcCsv *t, OcDiag diag, const OcIdIndex *routes, OcScenarioData *d)
{
  enum {
    ROUTE,
    SEQ,
    SECTION,
    DIR,
    LENGTH,
    NCOL
  };
  static const OcCsvColumn cols[NCOL] = {
    {"route",     PETSC_TRUE },
    {"seq",       PETSC_TRUE },
    {"section",   PETSC_TRUE },
    {"direction", PETSC_FALSE},
    {"length_m",  PETSC_FALSE}
  };
  PetscInt   c[NCOL], *route_of, *order;
  PetscReal *seq;
  PetscBool  ok;
  OcIdIndex  sections;

  PetscFunctionBegin;
  PetscCall(OcCsvBind(t, diag, cols, NCOL, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc3(t->nrows, &route_of, t->nrows, &seq, t->nrows, &order));
  PetscCall(route_and_key(t, diag, routes, c[ROUTE], c[SEQ], PETSC_TRUE, OC_REAL_ANY, route_of, seq));
  PetscCall(group_rows(t, route_of, seq, order));
  PetscCall(OcIdIndexBuild(d->dc_section, d->ndc_sections, sizeof(OcDcSection), &sections));
  d->nroute_sections = t->nrows;
  /* One allocation per array: other ranks receive them one by one (OcScenarioDataBcast). */
  PetscCall(PetscCalloc1(t->nrows, &d->route_section));
  PetscCall(PetscCalloc1(t->nrows, &d->route_section_reverse));
  PetscCall(PetscCalloc1(t->nrows, &d->route_section_start_m));
  for (PetscInt k = 0; k < t->nrows; k++) {
    PetscInt    r = order[k], rt = route_of[r], dir = 0, s = -1;
    const char *id = OcCsvField(t, r, c[SECTION]);
    PetscReal   length;
    if (rt < 0) continue;
    OcRoute *route = &d->route[rt];
    if (!route->nsections) route->first_section = k;
    if (k > 0 && route_of[order[k - 1]] == rt && seq[order[k - 1]] == seq[r]) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'seq': %g appears twice in route '%s'", (double)seq[r], route->id));
    route->nsections++;
    d->route_section_start_m[k] = route->length_m;
    if (!id[0]) {
      d->route_section[k] = -1;
      PetscCall(read_off_wire(t, diag, r, &c[LENGTH], c[DIR], route, &length));
      route->length_m += length;
      continue;
    }
    s = OcIdIndexFind(&sections, id);
    PetscCall(OcCsvGetChoice(t, diag, r, c[DIR], direction_names, &dir));
    d->route_section[k]         = s;
    d->route_section_reverse[k] = dir;
    if (c[LENGTH] >= 0 && OcCsvField(t, r, c[LENGTH])[0]) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'length_m': a DC section's length is in its system's sections table; give length_m only on a row without a section"));
    if (s < 0) {
      PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'section': no DC section '%s'", id));
      continue;
    }
    PetscCall(check_wired(t, diag, r, id, k, s, dir, route, d));
    route->length_m += d->dc_section[s].length_m;
  }
  for (PetscInt rt = 0; rt < d->nroutes; rt++) {
    const OcRoute *route = &d->route[rt];
    if (route->system >= 0 && !route->nsections) PetscCall(OcDiagAdd(diag, t->name, 0, "route '%s' has no sections", route->id));
    else if (route->system >= 0 && route->noff_wire == route->nsections) PetscCall(OcDiagAdd(diag, t->name, 0, "route '%s' on DC system '%s' has no section with contact wire", route->id, d->dc_system[route->system].id));
  }
  PetscCall(OcIdIndexFree(&sections));
  PetscCall(PetscFree3(route_of, seq, order));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* route_profile: from_m, gradient, curve_radius_m, speed_limit_kmh; each row holds from its
   from_m on. Empty: flat, straight, no limit below the vehicle's. */
static PetscErrorCode read_route_profile(const OcCsv *t, OcDiag diag, const OcIdIndex *routes, OcScenarioData *d)
{
  enum {
    ROUTE,
    FROM,
    GRADE,
    RADIUS,
    LIMIT,
    NCOL
  };
  static const OcCsvColumn cols[NCOL] = {
    {"route",           PETSC_TRUE },
    {"from_m",          PETSC_TRUE },
    {"gradient",        PETSC_FALSE},
    {"curve_radius_m",  PETSC_FALSE},
    {"speed_limit_kmh", PETSC_FALSE}
  };
  PetscInt   c[NCOL], *route_of, *order;
  PetscReal *from;
  PetscBool  ok;

  PetscFunctionBegin;
  PetscCall(OcCsvBind(t, diag, cols, NCOL, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc3(t->nrows, &route_of, t->nrows, &from, t->nrows, &order));
  PetscCall(route_and_key(t, diag, routes, c[ROUTE], c[FROM], PETSC_TRUE, OC_REAL_NONNEG, route_of, from));
  PetscCall(group_rows(t, route_of, from, order));
  d->ngrades = d->ncurves = d->nlimits = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->grade_start_m));
  PetscCall(PetscCalloc1(t->nrows, &d->grade));
  PetscCall(PetscCalloc1(t->nrows, &d->curve_start_m));
  PetscCall(PetscCalloc1(t->nrows, &d->curve_radius_m));
  PetscCall(PetscCalloc1(t->nrows, &d->limit_start_m));
  PetscCall(PetscCalloc1(t->nrows, &d->limit_mps));
  for (PetscInt k = 0; k < t->nrows; k++) {
    PetscInt  r = order[k], rt = route_of[r];
    PetscReal limit_kmh = PETSC_INFINITY;
    if (rt < 0) continue;
    OcRoute *route = &d->route[rt];
    if (!route->ngrade) route->first_grade = route->first_curve = route->first_limit = k;
    route->ngrade++;
    route->ncurve++;
    route->nlimit++;
    if (k > 0 && route_of[order[k - 1]] == rt && from[order[k - 1]] == from[r]) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'from_m': %g m appears twice in route '%s'", (double)from[r], route->id));
    if (from[r] > route->length_m) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'from_m': %g m is beyond the end of route '%s' (%g m)", (double)from[r], route->id, (double)route->length_m));
    d->grade_start_m[k] = d->curve_start_m[k] = d->limit_start_m[k] = from[r];
    PetscCall(OcCsvGetReal(t, diag, r, c[GRADE], PETSC_FALSE, OC_REAL_ANY, &d->grade[k]));
    PetscCall(OcCsvGetReal(t, diag, r, c[RADIUS], PETSC_FALSE, OC_REAL_NONNEG, &d->curve_radius_m[k]));
    PetscCall(OcCsvGetReal(t, diag, r, c[LIMIT], PETSC_FALSE, OC_REAL_POSITIVE, &limit_kmh));
    d->limit_mps[k] = limit_kmh / 3.6;
    if (PetscAbsReal(d->grade[k]) > 0.2) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'gradient': %g is steeper than 20 %%; the gradient is a fraction (rise over run), e.g. 0.04 for 4 %%", (double)d->grade[k]));
    if (d->curve_radius_m[k] > 0 && d->curve_radius_m[k] < 30) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'curve_radius_m': %g m is below 30 m (0 or empty means straight)", (double)d->curve_radius_m[k]));
  }
  PetscCall(PetscFree3(route_of, from, order));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The sort keys of route_stops: the chainage, required except on a road route laid along a GTFS
   shape (no length_m), whose stops come in file order and get their chainages from the shape. */
static PetscErrorCode stop_keys(const OcCsv *t, OcDiag diag, PetscInt col, const OcScenarioData *d, const PetscInt route_of[], PetscReal at[])
{
  PetscFunctionBegin;
  for (PetscInt r = 0; r < t->nrows; r++) {
    const OcRoute *rt = route_of[r] >= 0 ? &d->route[route_of[r]] : NULL;
    if (!rt) continue;
    if (!isnan(rt->length_m) && !OcCsvField(t, r, col)[0]) PetscCall(OcCsvGetReal(t, diag, r, col, PETSC_TRUE, OC_REAL_NONNEG, &at[r]));
    if (!isnan(rt->length_m)) continue;
    if (!isnan(at[r])) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'chainage_m': road route '%s' has no length_m, so its path and its stops' chainages come from a GTFS shape; leave chainage_m empty or give the route's length_m", rt->id));
    at[r] = (PetscReal)r;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* route_stops: name, chainage_m, dwell_s (default 20 s, assumed), lat and lon (degrees, both or
   neither; for matching GTFS stops by place). */
static PetscErrorCode read_route_stops(const OcCsv *t, OcDiag diag, const OcIdIndex *routes, OcScenarioData *d)
{
  enum {
    ROUTE,
    NAME,
    CHAINAGE,
    DWELL,
    LAT,
    LON,
    NCOL
  };
  static const OcCsvColumn cols[NCOL] = {
    {"route",      PETSC_TRUE },
    {"name",       PETSC_TRUE },
    {"chainage_m", PETSC_TRUE },
    {"dwell_s",    PETSC_FALSE},
    {"lat",        PETSC_FALSE},
    {"lon",        PETSC_FALSE}
  };
  PetscInt   c[NCOL], *route_of, *order;
  PetscReal *at;
  PetscBool  ok;

  PetscFunctionBegin;
  PetscCall(OcCsvBind(t, diag, cols, NCOL, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc3(t->nrows, &route_of, t->nrows, &at, t->nrows, &order));
  PetscCall(route_and_key(t, diag, routes, c[ROUTE], c[CHAINAGE], PETSC_FALSE, OC_REAL_NONNEG, route_of, at));
  PetscCall(stop_keys(t, diag, c[CHAINAGE], d, route_of, at));
  PetscCall(group_rows(t, route_of, at, order));
  d->nstops = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->stop_m));
  PetscCall(PetscCalloc1(t->nrows, &d->stop_dwell_s));
  PetscCall(PetscCalloc1(t->nrows, &d->stop_name));
  PetscCall(PetscMalloc1(t->nrows, &d->stop_lat));
  PetscCall(PetscMalloc1(t->nrows, &d->stop_lon));
  for (PetscInt k = 0; k < t->nrows; k++) {
    PetscInt r = order[k], rt = route_of[r];
    d->stop_lat[k] = d->stop_lon[k] = NAN;
    if (rt < 0) continue;
    OcRoute *route = &d->route[rt];
    if (!route->nstops) route->first_stop = k;
    route->nstops++;
    d->stop_m[k]       = isnan(route->length_m) ? NAN : at[r];
    d->stop_dwell_s[k] = 20;
    PetscCall(OcCsvGetId(t, diag, r, c[NAME], d->stop_name[k]));
    PetscCall(OcCsvGetReal(t, diag, r, c[DWELL], PETSC_FALSE, OC_REAL_NONNEG, &d->stop_dwell_s[k]));
    PetscCall(OcCsvGetReal(t, diag, r, c[LAT], PETSC_FALSE, OC_REAL_ANY, &d->stop_lat[k]));
    PetscCall(OcCsvGetReal(t, diag, r, c[LON], PETSC_FALSE, OC_REAL_ANY, &d->stop_lon[k]));
    if (isnan(d->stop_lat[k]) != isnan(d->stop_lon[k])) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field '%s': a stop's place needs both lat and lon", isnan(d->stop_lat[k]) ? "lat" : "lon"));
    else if (PetscAbsReal(d->stop_lat[k]) > 90 || PetscAbsReal(d->stop_lon[k]) > 180)
      PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'lat': expected degrees, lat in [-90, 90] and lon in [-180, 180], got %g, %g", (double)d->stop_lat[k], (double)d->stop_lon[k]));
    if (k > 0 && route_of[order[k - 1]] == rt && at[order[k - 1]] == at[r]) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'chainage_m': two stops of route '%s' at %g m", route->id, (double)at[r]));
    if (at[r] > route->length_m) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'chainage_m': %g m is beyond the end of route '%s' (%g m)", (double)at[r], route->id, (double)route->length_m));
  }
  for (PetscInt rt = 0; rt < d->nroutes; rt++)
    if (d->route[rt].nstops < 2) PetscCall(OcDiagAdd(diag, t->name, 0, "route '%s' has %" PetscInt_FMT " stop%s; a route needs at least two (its first and last)", d->route[rt].id, d->route[rt].nstops, d->route[rt].nstops == 1 ? "" : "s"));
  PetscCall(PetscFree3(route_of, at, order));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const char *OcRouteRefusal(const OcScenarioData *d, PetscInt route, PetscInt type)
{
  const OcRoute       *r = &d->route[route];
  const OcVehicleType *t = &d->vehicle_type[type];

  if (r->system < 0 && t->kind != OC_VEHICLE_EBUS) return "a road route needs a battery e-bus";
  if (r->system >= 0 && t->kind == OC_VEHICLE_EBUS) return "a route on a DC system needs a vehicle taking power from it";
  if (r->noff_wire && !OcVehicleHasBattery(t)) return "the route has stretches without contact wire, which need a vehicle with a traction battery (battery_capacity_kwh)";
  return NULL;
}

PetscErrorCode OcScenarioReadRoutes(OcReadCtx *ctx, const OcCsv t[4], OcScenarioData *d)
{
  OcIdIndex routes;
  PetscInt  before, after;

  PetscFunctionBegin;
  PetscCall(OcDiagCount(ctx->diag, &before));
  PetscCall(read_route_list(&t[0], ctx->diag, d));
  PetscCall(OcDiagCount(ctx->diag, &after));
  if (after > before || !t[0].header) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcIdIndexBuild(d->route, d->nroutes, sizeof(OcRoute), &routes));
  if (t[1].header) PetscCall(read_route_sections(&t[1], ctx->diag, &routes, d));
  PetscCall(OcDiagCount(ctx->diag, &after));
  /* Profile and stops are placed along the lengths the sections give. */
  if (after == before && t[2].header) PetscCall(read_route_profile(&t[2], ctx->diag, &routes, d));
  if (after == before) PetscCall(read_route_stops(&t[3], ctx->diag, &routes, d));
  PetscCall(OcIdIndexFree(&routes));
  PetscFunctionReturn(PETSC_SUCCESS);
}
