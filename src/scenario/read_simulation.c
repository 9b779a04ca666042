#include <math.h>
#include "scenario_impl.h"

/* simulation: start, end (clock times), time_step_s, output_interval_s. */
PetscErrorCode OcScenarioReadSimulation(OcReadCtx *ctx, yaml_node_t *sim, OcScenarioData *d)
{
  static const char *const keys[] = {"start", "end", "time_step_s", "output_interval_s", NULL};
  OcYaml                  *y      = ctx->yaml;
  PetscBool                ok;
  PetscReal                ratio;

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
  PetscFunctionReturn(PETSC_SUCCESS);
}
