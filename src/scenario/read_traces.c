#include <math.h>
#include <string.h>
#include "scenario_impl.h"

/* fleet.traces: vehicles replayed from a recorded trace (docs/scenario.md). One CSV row per
   sample: time, vehicle, the position (route and chainage_m, or section and position_m), the
   electrical power requested and optionally the vehicle type. A vehicle's rows may be
   interleaved with other vehicles' but must follow each other in time. */

enum {
  TIME,
  VEHICLE,
  ROUTE,
  CHAINAGE,
  SECTION,
  POSITION,
  POWER,
  TYPE,
  NCOL
};

typedef struct {
  const char *vehicle;
  PetscInt    row;
} Row;

static int by_vehicle(const void *a, const void *b)
{
  const Row *x = (const Row *)a, *y = (const Row *)b;
  int        c = strcmp(x->vehicle, y->vehicle);
  return c ? c : (x->row > y->row) - (x->row < y->row);
}

typedef struct {
  const OcCsv          *t;
  OcDiag                diag;
  const PetscInt       *c;
  const OcScenarioData *d;
  OcIdIndex             routes, sections, types;
  PetscInt              default_type;
} Reader;

/* A time as a clock H:MM:SS[.s] or seconds since midnight. */
static PetscBool parse_time(const char *text, PetscReal *t_s)
{
  return OcParseClock(text, t_s) || (OcParseReal(text, t_s) && *t_s >= 0);
}

/* The sample of row r into slot k of the scenario's arrays; the trace's route and type from
   its first row must hold on every row. */
static PetscErrorCode read_sample(Reader *rd, PetscInt r, OcTrace *tr, PetscInt k, OcScenarioData *d)
{
  const OcCsv *t     = rd->t;
  const char  *route = OcCsvField(t, r, rd->c[ROUTE]), *section = OcCsvField(t, r, rd->c[SECTION]), *type = OcCsvField(t, r, rd->c[TYPE]), *time = OcCsvField(t, r, rd->c[TIME]);
  PetscInt     rt = -1, ty = type[0] ? OcIdIndexFind(&rd->types, type) : rd->default_type;
  PetscReal    length = 0;

  PetscFunctionBegin;
  d->trace_t_s[k] = d->trace_power_w[k] = d->trace_pos_m[k] = NAN;
  d->trace_section[k]                                       = -1;
  if (!parse_time(time, &d->trace_t_s[k])) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'time': expected a clock time H:MM:SS[.s] or seconds since midnight, got '%s'", time));
  else if (k > tr->first && !(d->trace_t_s[k] > d->trace_t_s[k - 1]))
    PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'time': %s is not after the previous sample of vehicle '%s'; each vehicle's samples must follow each other in time", time, tr->id));
  PetscCall(OcCsvGetReal(t, rd->diag, r, rd->c[POWER], PETSC_TRUE, OC_REAL_ANY, &d->trace_power_w[k]));
  if (!type[0] && rd->default_type < 0) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'vehicle_type': empty, and fleet.traces names no vehicle_type for such rows"));
  else if (ty < 0) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'vehicle_type': no vehicle type '%s' in fleet.vehicle_types", type));
  else if (k == tr->first) {
    tr->vehicle_type = ty;
    if (OcVehicleHasBattery(&d->vehicle_type[ty])) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'vehicle_type': '%s' has a traction battery; a trace replays the line power of a vehicle without one", d->vehicle_type[ty].id));
  } else if (ty != tr->vehicle_type) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'vehicle_type': vehicle '%s' changes type within its trace", tr->id));
  if ((route[0] && rd->c[CHAINAGE] < 0) || (section[0] && rd->c[POSITION] < 0)) {
    PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field '%s': a sample placed by %s needs a '%s' column", route[0] ? "route" : "section", route[0] ? "route" : "section", route[0] ? "chainage_m" : "position_m"));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (!route[0] == !section[0]) {
    PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field '%s': give either route and chainage_m or section and position_m", route[0] ? "section" : "route"));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (route[0]) {
    rt = OcIdIndexFind(&rd->routes, route);
    /* A route is judged once, on the vehicle's first sample; later ones must keep to it. */
    if (rt < 0) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'route': no route '%s' in fleet.routes", route));
    else if (k > tr->first && rt != tr->route) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'route': vehicle '%s' changes route within its trace", tr->id));
    else if (k == tr->first && d->route[rt].system < 0) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'route': route '%s' is a road route; a trace replays a vehicle on a DC system", route));
    else if (k == tr->first && d->route[rt].noff_wire) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'route': route '%s' has stretches without contact wire; a trace replays a vehicle that draws from the line all along", route));
    if (k == tr->first) tr->route = rt;
    if (rt < 0 || d->route[rt].system < 0 || d->route[rt].noff_wire) PetscFunctionReturn(PETSC_SUCCESS);
    length = d->route[rt].length_m;
    PetscCall(OcCsvGetReal(t, rd->diag, r, rd->c[CHAINAGE], PETSC_TRUE, OC_REAL_NONNEG, &d->trace_pos_m[k]));
  } else {
    PetscInt s = OcIdIndexFind(&rd->sections, section);
    if (s < 0) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'section': no DC section '%s'", section));
    else if (tr->route >= 0) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field 'section': vehicle '%s' is placed by route on its first sample; keep one way for the whole trace", tr->id));
    if (s < 0 || tr->route >= 0) PetscFunctionReturn(PETSC_SUCCESS);
    d->trace_section[k] = s;
    length              = d->dc_section[s].length_m;
    PetscCall(OcCsvGetReal(t, rd->diag, r, rd->c[POSITION], PETSC_TRUE, OC_REAL_NONNEG, &d->trace_pos_m[k]));
  }
  if (d->trace_pos_m[k] > length)
    PetscCall(OcDiagAdd(rd->diag, t->name, t->line[r], "field '%s': %g m is beyond the end of %s '%s' (%g m)", route[0] ? "chainage_m" : "position_m", (double)d->trace_pos_m[k], route[0] ? "route" : "section", route[0] ? route : section, (double)length));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_rows(Reader *rd, OcScenarioData *d)
{
  const OcCsv *t = rd->t;
  Row         *row;
  PetscInt     n = t->nrows;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n, &row));
  for (PetscInt r = 0; r < n; r++) row[r] = (Row){OcCsvField(t, r, rd->c[VEHICLE]), r};
  qsort(row, (size_t)n, sizeof *row, by_vehicle);
  for (PetscInt k = 0; k < n; k++) d->ntraces += k == 0 || strcmp(row[k].vehicle, row[k - 1].vehicle);
  d->ntrace_samples = n;
  PetscCall(PetscCalloc1(d->ntraces, &d->trace));
  PetscCall(PetscMalloc1(n, &d->trace_t_s));
  PetscCall(PetscMalloc1(n, &d->trace_power_w));
  PetscCall(PetscMalloc1(n, &d->trace_pos_m));
  PetscCall(PetscMalloc1(n, &d->trace_section));
  for (PetscInt k = 0, v = -1; k < n; k++) {
    if (k == 0 || strcmp(row[k].vehicle, row[k - 1].vehicle)) {
      OcTrace *tr = &d->trace[++v];
      PetscCall(OcCsvGetId(t, rd->diag, row[k].row, rd->c[VEHICLE], tr->id));
      tr->first = k;
      tr->route = tr->vehicle_type = -1;
    }
    d->trace[v].n++;
    PetscCall(read_sample(rd, row[k].row, &d->trace[v], k, d));
  }
  for (PetscInt v = 0; v < d->ntraces; v++)
    if (d->trace[v].n < 2) PetscCall(OcDiagAdd(rd->diag, t->name, t->line[row[d->trace[v].first].row], "field 'vehicle': vehicle '%s' has one sample; a trace needs two or more (it runs from its first to its last)", d->trace[v].id));
  PetscCall(PetscFree(row));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioReadTraces(OcReadCtx *ctx, yaml_node_t *map, OcScenarioData *d)
{
  static const char *const keys[]     = {"file", "vehicle_type", NULL};
  static const OcCsvColumn cols[NCOL] = {
    {"time",         PETSC_TRUE },
    {"vehicle",      PETSC_TRUE },
    {"route",        PETSC_FALSE},
    {"chainage_m",   PETSC_FALSE},
    {"section",      PETSC_FALSE},
    {"position_m",   PETSC_FALSE},
    {"power_w",      PETSC_TRUE },
    {"vehicle_type", PETSC_FALSE}
  };
  char      name[PETSC_MAX_PATH_LEN], type[OC_NAME_LEN] = "";
  PetscInt  c[NCOL];
  PetscBool ok;
  OcCsv     t;
  Reader    rd;

  PetscFunctionBegin;
  PetscCall(OcYamlCheckMapping(ctx->yaml, map, "fleet.traces", keys, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMemzero(&rd, sizeof rd));
  PetscCall(OcReadTable(ctx, map, "fleet.traces", "file", PETSC_TRUE, name, sizeof name, &t));
  PetscCall(OcYamlGetString(ctx->yaml, map, "fleet.traces", "vehicle_type", PETSC_FALSE, type, sizeof type));
  PetscCall(OcIdIndexBuild(d->route, d->nroutes, sizeof(OcRoute), &rd.routes));
  PetscCall(OcIdIndexBuild(d->dc_section, d->ndc_sections, sizeof(OcDcSection), &rd.sections));
  PetscCall(OcIdIndexBuild(d->vehicle_type, d->nvehicle_types, sizeof(OcVehicleType), &rd.types));
  rd.default_type = type[0] ? OcIdIndexFind(&rd.types, type) : -1;
  if (type[0] && rd.default_type < 0) {
    yaml_node_t *v;
    PetscCall(OcYamlGet(ctx->yaml, map, "fleet.traces", "vehicle_type", PETSC_FALSE, &v));
    PetscCall(OcDiagAdd(ctx->diag, ctx->yaml->path, OcYamlLine(v), "fleet.traces.vehicle_type: no vehicle type '%s' in fleet.vehicle_types", type));
  }
  ok = PETSC_FALSE;
  if (t.header) PetscCall(OcCsvBind(&t, ctx->diag, cols, NCOL, c, &ok));
  if (ok) {
    rd.t    = &t;
    rd.diag = ctx->diag;
    rd.c    = c;
    rd.d    = d;
    PetscCall(read_rows(&rd, d));
  }
  PetscCall(OcIdIndexFree(&rd.routes));
  PetscCall(OcIdIndexFree(&rd.sections));
  PetscCall(OcIdIndexFree(&rd.types));
  PetscCall(OcCsvFree(&t));
  PetscFunctionReturn(PETSC_SUCCESS);
}
