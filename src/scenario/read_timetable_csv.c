#include <math.h>
#include <string.h>
#include "scenario_impl.h"

/* fleet.timetable.csv: a plain timetable for planners without a GTFS feed (docs/scenario.md).
   One row per (trip, stop): trip, route, stop (a route stop's name), departure (clock, past
   24:00 allowed), optionally vehicle_type and block (battery e-buses). A trip's rows come in
   the order of its stops along the route (rows of different trips may interleave); it starts at
   the route's first stop and may list only some of the others: a stop it does not list is
   served with its minimum dwell alone. A time at the route's last stop is the scheduled arrival
   (the run ends on arrival, as with GTFS): it chains e-bus trips into blocks. The trips fill the
   same timed-trip arrays as a GTFS feed. */

enum {
  TRIP,
  ROUTE,
  STOP,
  DEPARTURE,
  TYPE,
  BLOCK,
  NCOL
};

typedef struct {
  const char *trip;
  PetscInt    row;
} Row;

static int by_trip(const void *a, const void *b)
{
  const Row *x = (const Row *)a, *y = (const Row *)b;
  int        c = strcmp(x->trip, y->trip);
  return c ? c : (x->row > y->row) - (x->row < y->row);
}

typedef struct {
  const OcCsv          *t;
  OcDiag                diag;
  PetscInt              c[NCOL];
  const OcScenarioData *d;
  OcIdIndex             routes, types;
  PetscInt              default_type;
} Reader;

/* The index of the route stop named `name` after position `after` (-1: from the start), or -1. */
static PetscInt find_stop(const OcScenarioData *d, const OcRoute *rt, PetscInt after, const char *name)
{
  for (PetscInt k = after + 1; k < rt->nstops; k++)
    if (!strcmp(d->stop_name[rt->first_stop + k], name)) return k;
  return -1;
}

/* The vehicle type of row r (its own or the default), -1 after recording the problem. */
static PetscErrorCode row_type(const Reader *rd, PetscInt r, PetscInt *ty)
{
  const char *type = OcCsvField(rd->t, r, rd->c[TYPE]);

  PetscFunctionBegin;
  *ty = type[0] ? OcIdIndexFind(&rd->types, type) : rd->default_type;
  if (!type[0] && rd->default_type < 0) PetscCall(OcDiagAdd(rd->diag, rd->t->name, rd->t->line[r], "field 'vehicle_type': empty, and fleet.timetable names no vehicle_type for such rows"));
  else if (*ty < 0) PetscCall(OcDiagAdd(rd->diag, rd->t->name, rd->t->line[r], "field 'vehicle_type': no vehicle type '%s' in fleet.vehicle_types", type));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The trip whose rows are row[0..n): its route and type from the first row, its departures into
   dep[] (the route's nstops, -INFINITY where none). ok is false after a problem was recorded. */
static PetscErrorCode read_trip(const Reader *rd, const Row row[], PetscInt n, OcTimedTrip *tt, PetscReal dep[], PetscBool *ok)
{
  const OcCsv          *t = rd->t;
  const OcScenarioData *d = rd->d;
  const OcRoute        *rt;
  PetscInt              at = -1, before, after, prev_row = -1;
  PetscReal             prev = -PETSC_INFINITY;

  PetscFunctionBegin;
  PetscCall(OcDiagCount(rd->diag, &before));
  for (PetscInt j = 0; j < n; j++) {
    PetscInt ty, r = row[j].row;
    PetscCall(row_type(rd, r, &ty));
    if (j == 0) tt->vehicle_type = ty;
    else if (ty >= 0 && tt->vehicle_type >= 0 && ty != tt->vehicle_type)
      PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'vehicle_type': trip '%s' changes vehicle type (line %" PetscInt_FMT " gives '%s')", tt->id, t->line[row[0].row], d->vehicle_type[tt->vehicle_type].id));
    if (j > 0 && strcmp(OcCsvField(t, r, rd->c[ROUTE]), d->route[tt->route].id))
      PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'route': trip '%s' changes route (line %" PetscInt_FMT " gives '%s')", tt->id, t->line[row[0].row], d->route[tt->route].id));
    if (j > 0 && strcmp(OcCsvField(t, r, rd->c[BLOCK]), OcCsvField(t, row[0].row, rd->c[BLOCK])))
      PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'block': trip '%s' changes block (line %" PetscInt_FMT " gives '%s')", tt->id, t->line[row[0].row], OcCsvField(t, row[0].row, rd->c[BLOCK])));
  }
  rt = &d->route[tt->route];
  if (tt->vehicle_type >= 0 && OcRouteRefusal(d, tt->route, tt->vehicle_type)) {
    /* The type is the row's, or the timetable's for a row without one: name where it comes from. */
    const PetscBool own = OcCsvField(t, row[0].row, rd->c[TYPE])[0] ? PETSC_TRUE : PETSC_FALSE;
    const char     *why = OcRouteRefusal(d, tt->route, tt->vehicle_type), *type = d->vehicle_type[tt->vehicle_type].id;
    if (own) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[row[0].row], "field 'vehicle_type': '%s' cannot run on route '%s' (%s)", type, rt->id, why));
    else PetscCall(OcDiagAdd(rd->diag, t->name, t->line[row[0].row], "field 'route': trip '%s' runs as '%s' (fleet.timetable.vehicle_type), which cannot run on route '%s' (%s)", tt->id, type, rt->id, why));
  }
  for (PetscInt k = 0; k < rt->nstops; k++) dep[k] = -PETSC_INFINITY;
  tt->arrival_s = NAN;
  for (PetscInt j = 0; j < n; j++) {
    PetscInt    r    = row[j].row, k;
    const char *stop = OcCsvField(t, r, rd->c[STOP]), *time = OcCsvField(t, r, rd->c[DEPARTURE]);
    PetscReal   t_s;
    k = find_stop(d, rt, at, stop);
    if (k < 0 && find_stop(d, rt, -1, stop) < 0) {
      PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'stop': no stop '%s' on route '%s'", stop, rt->id));
      break;
    }
    if (k < 0) {
      PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'stop': stop '%s' of trip '%s' is listed after '%s' (line %" PetscInt_FMT ") but does not follow it on route '%s'; list a trip's stops in route order, each once", stop, tt->id, d->stop_name[rt->first_stop + at], t->line[prev_row], rt->id));
      break;
    }
    if (j == 0 && k != 0) {
      PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'stop': trip '%s' starts at '%s', not at the first stop '%s' of route '%s'", tt->id, stop, d->stop_name[rt->first_stop], rt->id));
      break;
    }
    if (!OcParseClock(time, &t_s)) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'departure': expected a clock time H:MM[:SS[.s]] (hours may exceed 23), got '%s'", time));
    else if (t_s < prev)
      PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'departure': %s is earlier than the time of trip '%s' at '%s' (line %" PetscInt_FMT "); times must not decrease along a trip", time, tt->id, d->stop_name[rt->first_stop + at], t->line[prev_row]));
    else {
      prev = t_s;
      /* At the last stop the time is the arrival: the run ends there. */
      if (k < rt->nstops - 1) dep[k] = t_s;
      else tt->arrival_s = t_s;
    }
    at       = k;
    prev_row = r;
  }
  PetscCall(OcDiagCount(rd->diag, &after));
  *ok = (PetscBool)(after == before);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Groups the rows by trip, reads each trip, then forms the e-bus blocks. */
static PetscErrorCode read_trips(Reader *rd, OcBlockRule rule, OcScenarioData *d)
{
  const OcCsv       *t = rd->t;
  Row               *row;
  PetscInt           n = t->nrows, ntrips = 0, ndep = 0;
  OcTimedTripSource *src;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n, &row));
  for (PetscInt r = 0; r < n; r++) row[r] = (Row){OcCsvField(t, r, rd->c[TRIP]), r};
  qsort(row, (size_t)n, sizeof *row, by_trip);
  /* Room for every trip on the longest route: the arrays are trimmed by the counts. */
  for (PetscInt k = 0; k < n; k++) ntrips += k == 0 || strcmp(row[k].trip, row[k - 1].trip);
  for (PetscInt r = 0; r < d->nroutes; r++) ndep = PetscMax(ndep, d->route[r].nstops);
  PetscCall(PetscCalloc1(ntrips, &d->timed_trip));
  PetscCall(PetscMalloc1(ntrips * ndep, &d->timed_departure_s));
  PetscCall(PetscMalloc1(ntrips, &src));
  for (PetscInt k = 0, end; k < n; k = end) {
    OcTimedTrip *tt    = &d->timed_trip[d->ntimed_trips];
    const char  *route = OcCsvField(t, row[k].row, rd->c[ROUTE]);
    PetscBool    ok    = PETSC_FALSE;
    for (end = k + 1; end < n && !strcmp(row[end].trip, row[k].trip);) end++;
    PetscCall(OcCsvGetId(t, rd->diag, row[k].row, rd->c[TRIP], tt->id));
    tt->route = OcIdIndexFind(&rd->routes, route);
    if (tt->route < 0) {
      PetscCall(OcDiagAdd(rd->diag, t->name, t->line[row[k].row], "field 'route': no route '%s' in fleet.routes", route));
      continue;
    }
    tt->first = d->ntimed_departures;
    PetscCall(read_trip(rd, row + k, end - k, tt, d->timed_departure_s + tt->first, &ok));
    if (!ok) continue;
    src[d->ntimed_trips] = (OcTimedTripSource){OcCsvField(t, row[k].row, rd->c[BLOCK]), t->name, "block", t->line[row[k].row], 0};
    d->ntimed_departures += d->route[tt->route].nstops;
    d->ntimed_trips++;
  }
  PetscCall(OcScenarioBuildTimedBlocks(rd->diag, rule, src, d));
  PetscCall(PetscFree(src));
  PetscCall(PetscFree(row));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioReadTimetableCsv(OcReadCtx *ctx, yaml_node_t *map, OcBlockRule rule, OcScenarioData *d)
{
  static const char *const gtfs_keys[] = {"gtfs", "service_date", "routes", "stop_tolerance_m", NULL};
  static const OcCsvColumn cols[NCOL]  = {
     {"trip",         PETSC_TRUE },
     {"route",        PETSC_TRUE },
     {"stop",         PETSC_TRUE },
     {"departure",    PETSC_TRUE },
     {"vehicle_type", PETSC_FALSE},
     {"block",        PETSC_FALSE}
  };
  char      name[PETSC_MAX_PATH_LEN], type[OC_NAME_LEN] = "";
  PetscBool ok = PETSC_FALSE;
  OcCsv     t;
  Reader    rd;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&rd, sizeof rd));
  for (PetscInt k = 0; gtfs_keys[k]; k++) {
    yaml_node_t *v;
    PetscCall(OcYamlGet(ctx->yaml, map, "fleet.timetable", gtfs_keys[k], PETSC_FALSE, &v));
    if (v) PetscCall(OcDiagAdd(ctx->diag, ctx->yaml->path, OcYamlLine(v), "fleet.timetable.%s: a timetable is either a GTFS feed or a csv table; remove '%s' or 'csv'", gtfs_keys[k], gtfs_keys[k]));
  }
  PetscCall(OcReadTable(ctx, map, "fleet.timetable", "csv", PETSC_TRUE, name, sizeof name, &t));
  PetscCall(OcYamlGetString(ctx->yaml, map, "fleet.timetable", "vehicle_type", PETSC_FALSE, type, sizeof type));
  PetscCall(OcIdIndexBuild(d->route, d->nroutes, sizeof(OcRoute), &rd.routes));
  PetscCall(OcIdIndexBuild(d->vehicle_type, d->nvehicle_types, sizeof(OcVehicleType), &rd.types));
  rd.default_type = type[0] ? OcIdIndexFind(&rd.types, type) : -1;
  if (type[0] && rd.default_type < 0) {
    yaml_node_t *v;
    PetscCall(OcYamlGet(ctx->yaml, map, "fleet.timetable", "vehicle_type", PETSC_FALSE, &v));
    PetscCall(OcDiagAdd(ctx->diag, ctx->yaml->path, OcYamlLine(v), "fleet.timetable.vehicle_type: no vehicle type '%s' in fleet.vehicle_types", type));
  }
  if (t.header) PetscCall(OcCsvBind(&t, ctx->diag, cols, NCOL, rd.c, &ok));
  if (ok) {
    rd.t    = &t;
    rd.diag = ctx->diag;
    rd.d    = d;
    PetscCall(read_trips(&rd, rule, d));
  }
  PetscCall(OcIdIndexFree(&rd.routes));
  PetscCall(OcIdIndexFree(&rd.types));
  PetscCall(OcCsvFree(&t));
  PetscFunctionReturn(PETSC_SUCCESS);
}
