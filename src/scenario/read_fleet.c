#include <string.h>
#include "scenario_impl.h"

/* The fleet part of a scenario: rolling stock, routes and headway services. */

/* The stop name at one end of a route (last: its last stop). */
static const char *terminal(const OcScenarioData *d, PetscInt route, PetscBool last)
{
  const OcRoute *r = &d->route[route];
  return d->stop_name[r->first_stop + (last ? r->nstops - 1 : 0)];
}

/* "a road route" or "on DC system 'X'". */
static PetscErrorCode route_kind(const OcScenarioData *d, PetscInt route, char text[], size_t size)
{
  PetscFunctionBegin;
  if (d->route[route].system < 0) PetscCall(PetscStrncpy(text, "a road route", size));
  else PetscCall(PetscSNPrintf(text, size, "on DC system '%s'", d->dc_system[d->route[route].system].id));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A return route chains the trips of a service of battery vehicles into blocks: it must run on
   the route's DC system (or the road, with it) back from where the route ends to where it
   starts, and the turnaround must be given. */
static PetscErrorCode read_return(const OcCsv *t, OcDiag diag, PetscInt r, PetscInt col, PetscInt col_turn, const OcIdIndex *routes, const OcScenarioData *d, OcService *s)
{
  const char *name = OcCsvField(t, r, col);

  PetscFunctionBegin;
  s->return_route = -1;
  s->turnaround_s = 0;
  if (!name[0]) {
    if (OcCsvField(t, r, col_turn)[0]) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'turnaround_s': given without a 'return_route'"));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  s->return_route = OcIdIndexFind(routes, name);
  PetscCall(OcCsvGetReal(t, diag, r, col_turn, PETSC_TRUE, OC_REAL_POSITIVE, &s->turnaround_s));
  if (s->return_route < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'return_route': no route '%s' in fleet.routes", name));
  else if (s->vehicle_type >= 0 && !OcVehicleHasBattery(&d->vehicle_type[s->vehicle_type]))
    PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'return_route': vehicle type '%s' has no traction battery; a return route chains the trips of battery vehicles into blocks", d->vehicle_type[s->vehicle_type].id));
  else if (s->route >= 0 && d->route[s->return_route].system != d->route[s->route].system) {
    char back[OC_NAME_LEN + 32], out[OC_NAME_LEN + 32];
    PetscCall(route_kind(d, s->return_route, back, sizeof back));
    PetscCall(route_kind(d, s->route, out, sizeof out));
    PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'return_route': '%s' is %s, but route '%s' is %s; a vehicle's block stays on one network", name, back, d->route[s->route].id, out));
  } else if (s->route >= 0 && (strcmp(terminal(d, s->route, PETSC_TRUE), terminal(d, s->return_route, PETSC_FALSE)) || strcmp(terminal(d, s->route, PETSC_FALSE), terminal(d, s->return_route, PETSC_TRUE))))
    PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'return_route': '%s' runs from '%s' to '%s', expected from '%s' to '%s' (the route's last and first stops)", name, terminal(d, s->return_route, PETSC_FALSE), terminal(d, s->return_route, PETSC_TRUE), terminal(d, s->route, PETSC_TRUE), terminal(d, s->route, PETSC_FALSE)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_services(const OcCsv *t, OcDiag diag, OcScenarioData *d)
{
  enum {
    ROUTE,
    TYPE,
    FIRST,
    LAST,
    HEADWAY,
    RETURN,
    TURNAROUND,
    NCOL
  };
  static const OcCsvColumn cols[NCOL] = {
    {"route",           PETSC_TRUE },
    {"vehicle_type",    PETSC_TRUE },
    {"first_departure", PETSC_TRUE },
    {"last_departure",  PETSC_TRUE },
    {"headway_s",       PETSC_TRUE },
    {"return_route",    PETSC_FALSE},
    {"turnaround_s",    PETSC_FALSE}
  };
  PetscInt  c[NCOL];
  PetscBool ok;
  OcIdIndex routes, types;

  PetscFunctionBegin;
  PetscCall(OcCsvBind(t, diag, cols, NCOL, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcIdIndexBuild(d->route, d->nroutes, sizeof(OcRoute), &routes));
  PetscCall(OcIdIndexBuild(d->vehicle_type, d->nvehicle_types, sizeof(OcVehicleType), &types));
  d->nservices = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->service));
  for (PetscInt r = 0; r < t->nrows; r++) {
    OcService  *s     = &d->service[r];
    const char *route = OcCsvField(t, r, c[ROUTE]), *type = OcCsvField(t, r, c[TYPE]);
    s->route        = OcIdIndexFind(&routes, route);
    s->vehicle_type = OcIdIndexFind(&types, type);
    if (s->route < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'route': no route '%s' in fleet.routes", route));
    if (s->vehicle_type < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'vehicle_type': no vehicle type '%s' in fleet.vehicle_types", type));
    if (!OcParseClock(OcCsvField(t, r, c[FIRST]), &s->first_s)) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'first_departure': expected a clock time H:MM:SS, got '%s'", OcCsvField(t, r, c[FIRST])));
    if (!OcParseClock(OcCsvField(t, r, c[LAST]), &s->last_s)) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'last_departure': expected a clock time H:MM:SS, got '%s'", OcCsvField(t, r, c[LAST])));
    else if (s->last_s < s->first_s) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'last_departure': %s is before the first departure", OcCsvField(t, r, c[LAST])));
    PetscCall(OcCsvGetReal(t, diag, r, c[HEADWAY], PETSC_TRUE, OC_REAL_POSITIVE, &s->headway_s));
    PetscCall(read_return(t, diag, r, c[RETURN], c[TURNAROUND], &routes, d, s));
    if (s->route < 0 || s->vehicle_type < 0) continue;
    if (OcRouteRefusal(d, s->route, s->vehicle_type)) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'vehicle_type': '%s' cannot run on route '%s' (%s)", type, route, OcRouteRefusal(d, s->route, s->vehicle_type)));
  }
  PetscCall(OcIdIndexFree(&routes));
  PetscCall(OcIdIndexFree(&types));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioReadFleet(OcReadCtx *ctx, yaml_node_t *fleet, OcScenarioData *d)
{
  static const char *const keys[] = {"vehicle_types", "routes", "route_sections", "route_profile", "route_stops", "services", "chargers", "timetable", "traces", NULL};
  enum {
    TYPES,
    ROUTES,
    SECTIONS,
    PROFILE,
    STOPS,
    SERVICES,
    CHARGERS,
    NKEYS
  };
  char         name[NKEYS][PETSC_MAX_PATH_LEN];
  OcCsv        t[NKEYS];
  PetscBool    ok, required[NKEYS] = {PETSC_TRUE, PETSC_TRUE, PETSC_FALSE, PETSC_FALSE, PETSC_TRUE, PETSC_FALSE, PETSC_FALSE};
  PetscInt     before, after;
  yaml_node_t *timetable, *traces;

  PetscFunctionBegin;
  PetscCall(OcYamlCheckMapping(ctx->yaml, fleet, "fleet", keys, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcDiagCount(ctx->diag, &before));
  for (PetscInt k = 0; k < NKEYS; k++) PetscCall(OcReadTable(ctx, fleet, "fleet", keys[k], required[k], name[k], sizeof name[k], &t[k]));
  PetscCall(OcDiagCount(ctx->diag, &after));
  if (after == before) PetscCall(OcScenarioReadVehicleTypes(&t[TYPES], ctx->diag, d));
  if (after == before) PetscCall(OcScenarioReadRoutes(ctx, &t[ROUTES], d));
  PetscCall(OcDiagCount(ctx->diag, &after));
  if (after == before && t[SERVICES].header) PetscCall(read_services(&t[SERVICES], ctx->diag, d));
  if (after == before && t[CHARGERS].header) PetscCall(OcScenarioReadChargers(&t[CHARGERS], ctx->diag, d));
  /* Timetables and traces refer to routes, stops and vehicle types: only on sound ones. */
  PetscCall(OcYamlGet(ctx->yaml, fleet, "fleet", "timetable", PETSC_FALSE, &timetable));
  PetscCall(OcYamlGet(ctx->yaml, fleet, "fleet", "traces", PETSC_FALSE, &traces));
  if (after == before && timetable) PetscCall(OcScenarioReadTimetable(ctx, timetable, d));
  if (after == before && traces) PetscCall(OcScenarioReadTraces(ctx, traces, d));
  /* Road routes laid along GTFS shapes have their length only now. */
  PetscCall(OcDiagCount(ctx->diag, &after));
  if (after == before) PetscCall(OcScenarioCheckRoadPaths(&t[ROUTES], ctx->diag, d));
  for (PetscInt k = 0; k < NKEYS; k++) PetscCall(OcCsvFree(&t[k]));
  PetscFunctionReturn(PETSC_SUCCESS);
}
