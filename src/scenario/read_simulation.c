#include <math.h>
#include "scenario_impl.h"

#define DAY_S 86400.0

/* outside_temperature: columns 'time' (clock times within one day, increasing) and
   'temperature_c', one row or more. */
static PetscErrorCode read_temperature(const OcCsv *t, OcDiag diag, OcScenarioData *d)
{
  const OcCsvColumn cols[2] = {
    {"time",          PETSC_TRUE},
    {"temperature_c", PETSC_TRUE}
  };
  PetscInt  c[2];
  PetscBool ok;

  PetscFunctionBegin;
  PetscCall(OcCsvBind(t, diag, cols, 2, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  if (t->nrows < 1) {
    PetscCall(OcDiagAdd(diag, t->name, 1, "expected at least one row"));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  d->ntemperature = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->temperature_t_s));
  PetscCall(PetscCalloc1(t->nrows, &d->temperature_c));
  for (PetscInt r = 0; r < t->nrows; r++) {
    PetscReal time_s = -1;
    if (!OcParseClock(OcCsvField(t, r, c[0]), &time_s) || time_s >= DAY_S) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'time': expected a clock time from 00:00 to 23:59:59, got '%s'", OcCsvField(t, r, c[0])));
    else if (r > 0 && time_s <= d->temperature_t_s[r - 1]) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'time': times must increase, but %s is not after the previous row", OcCsvField(t, r, c[0])));
    d->temperature_t_s[r] = time_s;
    PetscCall(OcCsvGetReal(t, diag, r, c[1], PETSC_TRUE, OC_REAL_ANY, &d->temperature_c[r]));
    if (d->temperature_c[r] < -90 || d->temperature_c[r] > 60) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'temperature_c': expected an outside temperature from -90 to 60 degC, got %s", OcCsvField(t, r, c[1])));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* simulation: start, end (clock times), time_step_s, output_interval_s, outside_temperature. */
PetscErrorCode OcScenarioReadSimulation(OcReadCtx *ctx, yaml_node_t *sim, OcScenarioData *d)
{
  static const char *const keys[] = {"start", "end", "time_step_s", "output_interval_s", "outside_temperature", NULL};
  OcYaml                  *y      = ctx->yaml;
  PetscBool                ok;
  PetscReal                ratio;
  char                     name[PETSC_MAX_PATH_LEN];
  OcCsv                    temperature;

  PetscFunctionBegin;
  PetscCall(OcYamlCheckMapping(y, sim, "simulation", keys, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  d->start_s           = NAN;
  d->end_s             = NAN;
  d->time_step_s       = 1.0;
  d->output_interval_s = NAN;
  PetscCall(OcYamlGetClock(y, sim, "simulation", "start", PETSC_TRUE, &d->start_s));
  PetscCall(OcYamlGetClock(y, sim, "simulation", "end", PETSC_TRUE, &d->end_s));
  PetscCall(OcYamlGetReal(y, sim, "simulation", "time_step_s", PETSC_FALSE, OC_REAL_POSITIVE, &d->time_step_s));
  PetscCall(OcYamlGetReal(y, sim, "simulation", "output_interval_s", PETSC_FALSE, OC_REAL_POSITIVE, &d->output_interval_s));
  if (isnan(d->output_interval_s)) d->output_interval_s = d->time_step_s;
  if (d->end_s <= d->start_s) PetscCall(OcDiagAdd(ctx->diag, y->path, OcYamlLine(sim), "simulation.end must be later than simulation.start"));
  /* Output is sampled on steps: an interval between two steps would silently drift. */
  ratio = d->output_interval_s / d->time_step_s;
  if (fabs(ratio - round(ratio)) > 1e-9 * ratio)
    PetscCall(OcDiagAdd(ctx->diag, y->path, OcYamlLine(sim), "simulation.output_interval_s (%g s) must be a whole multiple of simulation.time_step_s (%g s)", (double)d->output_interval_s, (double)d->time_step_s));
  PetscCall(OcReadTable(ctx, sim, "simulation", "outside_temperature", PETSC_FALSE, name, sizeof name, &temperature));
  if (temperature.header) PetscCall(read_temperature(&temperature, ctx->diag, d));
  PetscCall(OcCsvFree(&temperature));
  PetscFunctionReturn(PETSC_SUCCESS);
}
