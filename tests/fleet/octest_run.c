#include "octest_run.h"

PetscErrorCode OcTestRunCreate(const char *path, PetscBool with_flow, OcTestRun *r)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(r, sizeof *r));
  PetscCall(OcScenarioCreate(PETSC_COMM_WORLD, &r->sc));
  PetscCall(OcScenarioLoad(r->sc, path));
  PetscCall(OcScenarioGetData(r->sc, &r->d));
  PetscCall(OcNetCreate(PETSC_COMM_WORLD, &r->net));
  PetscCall(OcNetSetScenario(r->net, r->d));
  PetscCall(OcNetSetFromOptions(r->net));
  PetscCall(OcNetSetUp(r->net));
  if (with_flow) {
    PetscCall(OcFlowCreate(r->net, &r->flow));
    PetscCall(OcFlowSetFromOptions(r->flow));
    PetscCall(OcFlowSetUp(r->flow));
  }
  PetscCall(OcFleetCreate(r->net, &r->fleet));
  PetscCall(OcFleetSetUp(r->fleet));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcTestRunDestroy(OcTestRun *r)
{
  PetscFunctionBegin;
  PetscCall(OcFleetDestroy(&r->fleet));
  if (r->flow) PetscCall(OcFlowDestroy(&r->flow));
  PetscCall(OcNetDestroy(&r->net));
  PetscCall(OcScenarioRestoreData(r->sc, &r->d));
  PetscCall(OcScenarioDestroy(&r->sc));
  PetscFunctionReturn(PETSC_SUCCESS);
}
