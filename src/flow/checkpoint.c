/* The Newton solution as the warm start of the next solve, saved by element: AC buses (Va in
   rad, Vm in pu) and DC nodes (voltage in pu of the node's nominal voltage), exactly as they
   are in the solution vector, so that a restart on any partition starts from the same point. */
#include "flow_impl.h"
#include <occheckpoint.h>

static PetscErrorCode transfer(OcFlow f, OcCheckpoint ck, PetscBool write)
{
  const OcFlowPlan *p = &f->plan;
  PetscInt          rstart, nbus_global = f->sc->has_ac ? f->sc->ac.nbus : 0;
  PetscReal        *bus, *node;
  PetscScalar      *x;

  PetscFunctionBegin;
  PetscCall(VecGetOwnershipRange(f->X, &rstart, NULL));
  PetscCall(PetscMalloc2(2 * p->nbus, &bus, p->ndc, &node));
  PetscCall(VecGetArray(f->X, &x));
  for (PetscInt k = 0; k < p->nbus && write; k++) {
    bus[k]           = x[p->bus[k].goff - rstart];
    bus[p->nbus + k] = x[p->bus[k].goff + 1 - rstart];
  }
  for (PetscInt k = 0; k < p->ndc && write; k++) node[k] = x[p->dc_row[k]];
  if (write) {
    PetscCall(OcCheckpointWriteFields(ck, "flow/ac_buses", 2, nbus_global, p->nbus, p->bus_index, bus));
    PetscCall(OcCheckpointWriteFields(ck, "flow/dc_nodes", 1, f->sc->ndc_nodes, p->ndc, p->dc_index, node));
  } else {
    PetscCall(OcCheckpointReadFields(ck, "flow/ac_buses", 2, nbus_global, p->nbus, p->bus_index, bus));
    PetscCall(OcCheckpointReadFields(ck, "flow/dc_nodes", 1, f->sc->ndc_nodes, p->ndc, p->dc_index, node));
    for (PetscInt k = 0; k < p->nbus; k++) {
      x[p->bus[k].goff - rstart]     = bus[k];
      x[p->bus[k].goff + 1 - rstart] = bus[p->nbus + k];
    }
    for (PetscInt k = 0; k < p->ndc; k++) x[p->dc_row[k]] = node[k];
  }
  PetscCall(VecRestoreArray(f->X, &x));
  PetscCall(PetscFree2(bus, node));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowCheckpointWrite(OcFlow f, OcCheckpoint ck)
{
  PetscFunctionBegin;
  PetscCall(transfer(f, ck, PETSC_TRUE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowCheckpointRead(OcFlow f, OcCheckpoint ck)
{
  PetscFunctionBegin;
  PetscCall(transfer(f, ck, PETSC_FALSE));
  PetscFunctionReturn(PETSC_SUCCESS);
}
