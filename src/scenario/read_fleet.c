#include "scenario_impl.h"

/* The fleet part of a scenario: rolling stock, routes and headway services. */

static PetscErrorCode read_services(const OcCsv *t, OcDiag diag, OcScenarioData *d)
{
  enum {
    ROUTE,
    TYPE,
    FIRST,
    LAST,
    HEADWAY,
    NCOL
  };
  static const OcCsvColumn cols[NCOL] = {
    {"route",           PETSC_TRUE},
    {"vehicle_type",    PETSC_TRUE},
    {"first_departure", PETSC_TRUE},
    {"last_departure",  PETSC_TRUE},
    {"headway_s",       PETSC_TRUE}
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
    if (s->route < 0 || s->vehicle_type < 0) continue;
    /* Rail vehicles and trolleybuses run on a DC system; battery e-buses on the road. */
    if ((d->vehicle_type[s->vehicle_type].kind == OC_VEHICLE_EBUS) != (d->route[s->route].system < 0))
      PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'vehicle_type': '%s' cannot run on route '%s' (%s)", type, route, d->route[s->route].system < 0 ? "a road route needs a battery e-bus" : "a route on a DC system needs a vehicle taking power from it"));
  }
  PetscCall(OcIdIndexFree(&routes));
  PetscCall(OcIdIndexFree(&types));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioReadFleet(OcReadCtx *ctx, yaml_node_t *fleet, OcScenarioData *d)
{
  static const char *const keys[] = {"vehicle_types", "routes", "route_sections", "route_profile", "route_stops", "services", "timetable", "traces", NULL};
  enum {
    TYPES,
    ROUTES,
    SECTIONS,
    PROFILE,
    STOPS,
    SERVICES,
    NKEYS
  };
  char         name[NKEYS][PETSC_MAX_PATH_LEN];
  OcCsv        t[NKEYS];
  PetscBool    ok, required[NKEYS] = {PETSC_TRUE, PETSC_TRUE, PETSC_FALSE, PETSC_FALSE, PETSC_TRUE, PETSC_FALSE};
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
