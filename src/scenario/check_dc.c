#include "scenario_impl.h"

/* Every DC node must be connected, through sections, to a substation of its system: an island
   without a source would make the power-flow matrix singular, so it is an input error. */

static PetscInt find_root(PetscInt *parent, PetscInt i)
{
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i         = parent[i];
  }
  return i;
}

PetscErrorCode OcScenarioCheckDc(OcReadCtx *ctx, OcScenarioData *d)
{
  PetscInt  *parent;
  PetscBool *fed, *reported, *system_fed;

  PetscFunctionBegin;
  if (!d->ndc_nodes) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc1(d->ndc_nodes, &parent));
  PetscCall(PetscCalloc1(d->ndc_nodes, &fed));
  PetscCall(PetscCalloc1(d->ndc_nodes, &reported));
  PetscCall(PetscCalloc1(d->ndc_systems, &system_fed));
  for (PetscInt i = 0; i < d->ndc_nodes; i++) parent[i] = i;
  for (PetscInt s = 0; s < d->ndc_sections; s++) parent[find_root(parent, d->dc_section[s].from)] = find_root(parent, d->dc_section[s].to);
  for (PetscInt k = 0; k < d->nsubstations; k++) {
    fed[find_root(parent, d->substation[k].node)]        = PETSC_TRUE;
    system_fed[d->dc_node[d->substation[k].node].system] = PETSC_TRUE;
  }
  for (PetscInt s = 0; s < d->ndc_systems; s++)
    if (!system_fed[s]) PetscCall(OcDiagAdd(ctx->diag, ctx->dc_table[3], 0, "DC system '%s' has no substation; every DC system needs at least one", d->dc_system[s].id));
  for (PetscInt i = 0; i < d->ndc_nodes; i++) {
    PetscInt root = find_root(parent, i);
    if (fed[root] || reported[root] || !system_fed[d->dc_node[i].system]) continue;
    reported[root] = PETSC_TRUE;
    PetscCall(OcDiagAdd(ctx->diag, ctx->dc_table[1], 0, "DC node '%s' of system '%s' is not connected to any substation (an island without a source)", d->dc_node[i].id, d->dc_system[d->dc_node[i].system].id));
  }
  PetscCall(PetscFree(parent));
  PetscCall(PetscFree(fed));
  PetscCall(PetscFree(reported));
  PetscCall(PetscFree(system_fed));
  PetscFunctionReturn(PETSC_SUCCESS);
}
