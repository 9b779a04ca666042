#include "flow_impl.h"

PetscErrorCode OcFlowGetOwned(OcFlow f, OcFlowElements kind, PetscInt *n, const PetscInt **index)
{
  PetscFunctionBegin;
  switch (kind) {
  case OC_FLOW_AC_BUSES:
    *n     = f->plan.nbus;
    *index = f->plan.bus_index;
    break;
  case OC_FLOW_DC_NODES:
    *n     = f->plan.ndc;
    *index = f->plan.dc_index;
    break;
  default:
    *n     = f->plan.nsub;
    *index = f->plan.sub_index;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowGetOwnedValues(OcFlow f, OcFlowElements kind, PetscReal a[], PetscReal b[], PetscReal c[])
{
  const OcFlowPlan  *p = &f->plan;
  Vec                lx;
  const PetscScalar *x;

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(f->dm, &lx));
  PetscCall(DMGlobalToLocal(f->dm, f->X, INSERT_VALUES, lx));
  PetscCall(VecGetArrayRead(lx, &x));
  if (kind == OC_FLOW_AC_BUSES)
    for (PetscInt k = 0; k < p->nbus; k++) {
      if (a) a[k] = x[p->bus[k].loff + 1];
      if (b) b[k] = x[p->bus[k].loff] * 180 / PETSC_PI;
    }
  else if (kind == OC_FLOW_SUBSTATIONS)
    for (PetscInt k = 0; k < p->nsub; k++) {
      OcDcSubstationEval ev;
      OcFlowEvalSubstation(&p->sub[k], x, &ev);
      if (a) a[k] = ev.i_a;
      if (b) b[k] = ev.p_ac_w;
      if (c) c[k] = ev.q_ac_var;
    }
  if (kind == OC_FLOW_DC_NODES) {
    const PetscScalar *xg;
    PetscCall(VecGetArrayRead(f->X, &xg));
    for (PetscInt k = 0; k < p->ndc && a; k++) a[k] = xg[p->dc_row[k]] * f->sc->dc_system[f->sc->dc_node[p->dc_index[k]].system].u_nominal_v;
    PetscCall(VecRestoreArrayRead(f->X, &xg));
  }
  PetscCall(VecRestoreArrayRead(lx, &x));
  PetscCall(DMRestoreLocalVector(f->dm, &lx));
  PetscFunctionReturn(PETSC_SUCCESS);
}
