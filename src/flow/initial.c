#include "flow_impl.h"

/* MATPOWER's start: the case's voltages, with the generators' set points at PV and reference
   buses; DC nodes at their system's highest no-load voltage (every rectifier on its kink). */
PetscErrorCode OcFlowSetInitialGuess(OcFlow f)
{
  PetscInt     vStart, vEnd;
  PetscScalar *x;
  Vec          lx;
  PetscBool    ghost;

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(f->dm, &lx));
  PetscCall(VecSet(lx, 0.0));
  PetscCall(VecGetArray(lx, &x));
  PetscCall(DMNetworkGetVertexRange(f->dm, &vStart, &vEnd));
  for (PetscInt v = vStart; v < vEnd; v++) {
    OcFlowComp c;
    PetscCall(DMNetworkIsGhostVertex(f->dm, v, &ghost));
    if (ghost) continue;
    PetscCall(OcFlowFindComp(f, v, f->keys->ac_bus, &c));
    if (c.data) {
      x[c.loff]     = ((OcNetAcBus *)c.data)->va0_rad;
      x[c.loff + 1] = ((OcNetAcBus *)c.data)->vm0_pu;
    }
    PetscCall(OcFlowFindComp(f, v, f->keys->dc_node, &c));
    if (c.data) x[c.loff] = ((OcNetDcNode *)c.data)->v0_v / ((OcNetDcNode *)c.data)->u_nominal_v;
  }
  PetscCall(VecRestoreArray(lx, &x));
  PetscCall(VecSet(f->X, 0.0));
  PetscCall(DMLocalToGlobalBegin(f->dm, lx, ADD_VALUES, f->X));
  PetscCall(DMLocalToGlobalEnd(f->dm, lx, ADD_VALUES, f->X));
  PetscCall(DMRestoreLocalVector(f->dm, &lx));
  PetscFunctionReturn(PETSC_SUCCESS);
}
