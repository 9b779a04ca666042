#include "flow_impl.h"

/* The analytic Jacobian of OcFlowFormFunction, entry by entry from the same kernels. Rows that
   fix Va or Vm get a 1 on the diagonal, and edges leave them alone (row index -1 is ignored by
   MatSetValues). Unknowns: Va (rad), Vm (pu), DC voltage in pu of the node's nominal voltage. */

static PetscErrorCode ac_bus_jac(OcFlow fl, const OcPlanBus *pb, const PetscScalar *x, Mat J)
{
  const OcNetAcBus *b      = pb->bus;
  PetscInt          idx[2] = {pb->goff, pb->goff + 1};
  PetscScalar       val[4] = {0, 0, 0, 0};
  OcAcBusFlow       sh;

  PetscFunctionBegin;
  OcKernelAcShuntFlow(b->gs_pu, b->bs_pu, x[pb->loff + 1], &sh);
  if (OcFlowBusRowP(fl, b)) val[1] = sh.dp_dvm;
  else val[0] = 1;
  val[3] = OcFlowBusRowQ(fl, b) ? sh.dq_dvm : 1;
  PetscCall(MatSetValues(J, 2, idx, 2, idx, val, ADD_VALUES));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode substation_jac(OcFlow fl, const OcPlanSubstation *ps, const PetscScalar *x, Mat J)
{
  OcDcSubstationEval ev;
  PetscReal          un = ps->un;
  PetscInt           row[3], col[2];
  PetscScalar        val[6];

  PetscFunctionBegin;
  OcFlowEvalSubstation(ps, x, &ev);
  val[0] = -ev.di_dv_s * un * un / fl->base_w;
  if (!ps->bus) {
    PetscCall(MatSetValues(J, 1, &ps->dc_goff, 1, &ps->dc_goff, val, ADD_VALUES));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  row[0] = ps->dc_goff;
  row[1] = OcFlowBusRowP(fl, ps->bus) ? ps->ac_goff : -1;
  row[2] = OcFlowBusRowQ(fl, ps->bus) ? ps->ac_goff + 1 : -1;
  col[0] = ps->dc_goff;
  col[1] = ps->ac_goff + 1;
  val[1] = -ev.di_dvm_a * un / fl->base_w;
  val[2] = ev.dp_dv_a * un / fl->base_w;
  val[3] = ev.dp_dvm_w / fl->base_w;
  val[4] = ev.dq_dv_a * un / fl->base_w;
  val[5] = ev.dq_dvm_var / fl->base_w;
  PetscCall(MatSetValues(J, 3, row, 2, col, val, ADD_VALUES));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ac_branch_jac(OcFlow fl, const OcPlanBranch *pb, const PetscScalar *x, Mat J)
{
  OcAcBranchFlow flow;
  PetscInt       row[4], col[4];

  PetscFunctionBegin;
  if (!pb->br->in_service) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt k = 0; k < 2; k++) {
    col[2 * k]     = pb->goff[k];
    col[2 * k + 1] = pb->goff[k] + 1;
    row[2 * k]     = OcFlowBusRowP(fl, pb->bus[k]) ? pb->goff[k] : -1;
    row[2 * k + 1] = OcFlowBusRowQ(fl, pb->bus[k]) ? pb->goff[k] + 1 : -1;
  }
  OcKernelAcBranchFlow(&pb->br->y, x[pb->loff[0]], x[pb->loff[0] + 1], x[pb->loff[1]], x[pb->loff[1] + 1], &flow);
  PetscCall(MatSetValues(J, 4, row, 4, col, &flow.jac[0][0], ADD_VALUES));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode dc_section_jac(OcFlow fl, const OcPlanSection *ps, const PetscScalar *x, Mat J)
{
  OcDcSectionResult res;
  OcDcSectionStatus st;
  const PetscReal  *un = ps->un;
  PetscScalar       val[4];

  PetscFunctionBegin;
  PetscCall(OcFlowEvalSection(fl, ps, x, &res, &st));
  val[0] = res.di_a_dv_a_s * un[0] * un[0] / fl->base_w;
  val[1] = res.di_a_dv_b_s * un[1] * un[0] / fl->base_w;
  val[2] = res.di_b_dv_a_s * un[0] * un[1] / fl->base_w;
  val[3] = res.di_b_dv_b_s * un[1] * un[1] / fl->base_w;
  PetscCall(MatSetValues(J, 2, ps->goff, 2, ps->goff, val, ADD_VALUES));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowFormJacobian(SNES snes, Vec X, Mat J, Mat P, void *ctx)
{
  OcFlow             fl = (OcFlow)ctx;
  const OcFlowPlan  *p  = &fl->plan;
  Vec                lx;
  const PetscScalar *x;

  PetscFunctionBegin;
  PetscCall(MatZeroEntries(P));
  PetscCall(DMGetLocalVector(fl->dm, &lx));
  PetscCall(DMGlobalToLocalBegin(fl->dm, X, INSERT_VALUES, lx));
  PetscCall(DMGlobalToLocalEnd(fl->dm, X, INSERT_VALUES, lx));
  PetscCall(VecGetArrayRead(lx, &x));
  for (PetscInt k = 0; k < p->nbus; k++) PetscCall(ac_bus_jac(fl, &p->bus[k], x, P));
  for (PetscInt k = 0; k < p->nbranch; k++) PetscCall(ac_branch_jac(fl, &p->branch[k], x, P));
  for (PetscInt k = 0; k < p->nsub; k++) PetscCall(substation_jac(fl, &p->sub[k], x, P));
  for (PetscInt k = 0; k < p->nsection; k++) PetscCall(dc_section_jac(fl, &p->section[k], x, P));
  PetscCall(VecRestoreArrayRead(lx, &x));
  PetscCall(DMRestoreLocalVector(fl->dm, &lx));
  PetscCall(MatAssemblyBegin(P, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(P, MAT_FINAL_ASSEMBLY));
  if (J != P) {
    PetscCall(MatAssemblyBegin(J, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(J, MAT_FINAL_ASSEMBLY));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
