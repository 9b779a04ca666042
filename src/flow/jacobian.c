#include "flow_impl.h"

/* The analytic Jacobian of OcFlowFormFunction, entry by entry from the same kernels. Rows that
   fix Va or Vm get a 1 on the diagonal, and edges leave them alone (row index -1 is ignored by
   MatSetValues). Unknowns: Va (rad), Vm (pu), DC voltage in pu of the node's nominal voltage. */

static PetscErrorCode ac_bus_jac(OcFlow fl, PetscInt v, const PetscScalar *x, Mat J)
{
  OcFlowComp  c;
  OcNetAcBus *b;
  OcAcBusFlow sh;
  PetscInt    row[2], col[2];
  PetscScalar val[4] = {0, 0, 0, 0};

  PetscFunctionBegin;
  PetscCall(OcFlowFindComp(fl, v, fl->keys->ac_bus, &c));
  if (!c.data) PetscFunctionReturn(PETSC_SUCCESS);
  b = (OcNetAcBus *)c.data;
  OcKernelAcShuntFlow(b->gs_pu, b->bs_pu, x[c.loff + 1], &sh);
  row[0] = col[0] = c.goff;
  row[1] = col[1] = c.goff + 1;
  if (OcFlowBusRowP(fl, b)) val[1] = sh.dp_dvm;
  else val[0] = 1;
  if (OcFlowBusRowQ(fl, b)) val[3] = sh.dq_dvm;
  else val[3] = 1;
  PetscCall(MatSetValues(J, 2, row, 2, col, val, ADD_VALUES));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode substation_jac(OcFlow fl, const OcNetSubstation *s, const OcFlowComp *ac, const OcFlowComp *dc, const PetscScalar *x, Mat J)
{
  const OcNetDcNode *node = (const OcNetDcNode *)dc->data;
  PetscReal          un   = node->u_nominal_v;
  OcDcSubstationEval ev;
  PetscInt           row[3], col[2];
  PetscScalar        val[6];

  PetscFunctionBegin;
  OcKernelDcSubstationEvaluate(&s->par, x[dc->loff] * un, ac ? x[ac->loff + 1] : 1.0, &ev);
  if (!ac) {
    val[0] = -ev.di_dv_s * un * un / fl->base_w;
    PetscCall(MatSetValues(J, 1, &dc->goff, 1, &dc->goff, val, ADD_VALUES));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  row[0] = dc->goff;
  row[1] = OcFlowBusRowP(fl, (const OcNetAcBus *)ac->data) ? ac->goff : -1;
  row[2] = OcFlowBusRowQ(fl, (const OcNetAcBus *)ac->data) ? ac->goff + 1 : -1;
  col[0] = dc->goff;
  col[1] = ac->goff + 1;
  val[0] = -ev.di_dv_s * un * un / fl->base_w;
  val[1] = -ev.di_dvm_a * un / fl->base_w;
  val[2] = ev.dp_dv_a * un / fl->base_w;
  val[3] = ev.dp_dvm_w / fl->base_w;
  val[4] = ev.dq_dv_a * un / fl->base_w;
  val[5] = ev.dq_dvm_var / fl->base_w;
  PetscCall(MatSetValues(J, 3, row, 2, col, val, ADD_VALUES));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ac_branch_jac(OcFlow fl, PetscInt e, const OcNetAcBranch *br, const PetscScalar *x, Mat J)
{
  const PetscInt *cone;
  OcFlowComp      bus[2];
  OcAcBranchFlow  flow;
  PetscInt        row[4], col[4];

  PetscFunctionBegin;
  if (!br->in_service) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(DMNetworkGetConnectedVertices(fl->dm, e, &cone));
  for (PetscInt k = 0; k < 2; k++) {
    const OcNetAcBus *b;
    PetscCall(OcFlowFindComp(fl, cone[k], fl->keys->ac_bus, &bus[k]));
    b              = (const OcNetAcBus *)bus[k].data;
    col[2 * k]     = bus[k].goff;
    col[2 * k + 1] = bus[k].goff + 1;
    row[2 * k]     = OcFlowBusRowP(fl, b) ? bus[k].goff : -1;
    row[2 * k + 1] = OcFlowBusRowQ(fl, b) ? bus[k].goff + 1 : -1;
  }
  OcKernelAcBranchFlow(&br->y, x[bus[0].loff], x[bus[0].loff + 1], x[bus[1].loff], x[bus[1].loff + 1], &flow);
  PetscCall(MatSetValues(J, 4, row, 4, col, &flow.jac[0][0], ADD_VALUES));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode dc_section_jac(OcFlow fl, PetscInt e, const PetscScalar *x, Mat J)
{
  OcFlowComp        node[2];
  PetscReal         un[2];
  OcDcSectionResult res;
  OcDcSectionStatus st;
  PetscInt          idx[2];
  PetscScalar       val[4];

  PetscFunctionBegin;
  PetscCall(OcFlowEvalSection(fl, e, x, node, un, &res, &st));
  idx[0] = node[0].goff;
  idx[1] = node[1].goff;
  val[0] = res.di_a_dv_a_s * un[0] * un[0] / fl->base_w;
  val[1] = res.di_a_dv_b_s * un[1] * un[0] / fl->base_w;
  val[2] = res.di_b_dv_a_s * un[0] * un[1] / fl->base_w;
  val[3] = res.di_b_dv_b_s * un[1] * un[1] / fl->base_w;
  PetscCall(MatSetValues(J, 2, idx, 2, idx, val, ADD_VALUES));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode edge_jac(OcFlow fl, PetscInt e, const PetscScalar *x, Mat J)
{
  OcFlowComp c;

  PetscFunctionBegin;
  PetscCall(OcFlowFindComp(fl, e, fl->keys->ac_branch, &c));
  if (c.data) PetscCall(ac_branch_jac(fl, e, (OcNetAcBranch *)c.data, x, J));
  PetscCall(OcFlowFindComp(fl, e, fl->keys->dc_section, &c));
  if (c.data) PetscCall(dc_section_jac(fl, e, x, J));
  PetscCall(OcFlowFindComp(fl, e, fl->keys->substation, &c));
  if (c.data) {
    const PetscInt *cone;
    OcFlowComp      ac, dc;
    PetscCall(DMNetworkGetConnectedVertices(fl->dm, e, &cone));
    PetscCall(OcFlowFindComp(fl, cone[0], fl->keys->ac_bus, &ac));
    PetscCall(OcFlowFindComp(fl, cone[1], fl->keys->dc_node, &dc));
    PetscCall(substation_jac(fl, (OcNetSubstation *)c.data, &ac, &dc, x, J));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowFormJacobian(SNES snes, Vec X, Mat J, Mat P, void *ctx)
{
  OcFlow             fl = (OcFlow)ctx;
  Vec                lx;
  const PetscScalar *x;
  PetscInt           vStart, vEnd;
  PetscBool          ghost;

  PetscFunctionBegin;
  PetscCall(MatZeroEntries(P));
  PetscCall(DMGetLocalVector(fl->dm, &lx));
  PetscCall(DMGlobalToLocalBegin(fl->dm, X, INSERT_VALUES, lx));
  PetscCall(DMGlobalToLocalEnd(fl->dm, X, INSERT_VALUES, lx));
  PetscCall(VecGetArrayRead(lx, &x));
  PetscCall(DMNetworkGetVertexRange(fl->dm, &vStart, &vEnd));
  for (PetscInt v = vStart; v < vEnd; v++) {
    OcFlowComp sub, dc;
    PetscCall(DMNetworkIsGhostVertex(fl->dm, v, &ghost));
    if (ghost) continue;
    PetscCall(ac_bus_jac(fl, v, x, P));
    PetscCall(OcFlowFindComp(fl, v, fl->keys->substation, &sub));
    if (!sub.data) continue;
    PetscCall(OcFlowFindComp(fl, v, fl->keys->dc_node, &dc));
    PetscCall(substation_jac(fl, (OcNetSubstation *)sub.data, NULL, &dc, x, P));
  }
  for (PetscInt e = fl->eStart; e < fl->eEnd; e++) PetscCall(edge_jac(fl, e, x, P));
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
