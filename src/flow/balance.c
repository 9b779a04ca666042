#include "flow_impl.h"

/* Power balance of the last solution, summed over ranks: what the vehicles take, what the
   lines, substations and AC branches lose. Used to check conservation of energy. */

static PetscErrorCode section_balance(OcFlow f, PetscInt e, const PetscScalar *x, OcFlowBalance *b)
{
  OcFlowComp        node[2];
  PetscReal         un[2], p_terminals;
  OcDcSectionResult res;
  OcDcSectionStatus st;
  PetscInt          first = f->veh_start[e - f->eStart], last = f->veh_start[e - f->eStart + 1];

  PetscFunctionBegin;
  PetscCall(OcFlowEvalSection(f, e, x, node, un, &res, &st));
  p_terminals = x[node[0].loff] * un[0] * res.i_a_a + x[node[1].loff] * un[1] * res.i_b_a;
  b->dc_line_w += p_terminals;
  for (PetscInt k = first; k < last; k++) {
    b->vehicles_w += f->veh_eval[k].p_line_w;
    b->dc_line_w -= f->veh_eval[k].p_line_w;
    b->rheostat_w += f->veh_eval[k].p_rheostat_w;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode substation_balance(OcFlow f, const OcNetSubstation *s, PetscReal v_v, PetscReal vm, OcFlowBalance *b)
{
  OcDcSubstationEval ev;
  PetscReal          conv, res;

  PetscFunctionBegin;
  OcKernelDcSubstationEvaluate(&s->par, v_v, vm, &ev);
  OcKernelDcSubstationLosses(&s->par, v_v, vm, &ev, &conv, &res);
  b->substation_w += conv + res;
  b->substation_ac_w += ev.p_ac_w;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode edge_balance(OcFlow f, PetscInt e, const PetscScalar *x, OcFlowBalance *b)
{
  OcFlowComp      c, v[2];
  const PetscInt *cone;

  PetscFunctionBegin;
  PetscCall(DMNetworkGetConnectedVertices(f->dm, e, &cone));
  PetscCall(OcFlowFindComp(f, e, f->keys->dc_section, &c));
  if (c.data) PetscCall(section_balance(f, e, x, b));
  PetscCall(OcFlowFindComp(f, e, f->keys->ac_branch, &c));
  if (c.data && ((OcNetAcBranch *)c.data)->in_service) {
    OcAcBranchFlow fl;
    for (PetscInt k = 0; k < 2; k++) PetscCall(OcFlowFindComp(f, cone[k], f->keys->ac_bus, &v[k]));
    OcKernelAcBranchFlow(&((OcNetAcBranch *)c.data)->y, x[v[0].loff], x[v[0].loff + 1], x[v[1].loff], x[v[1].loff + 1], &fl);
    b->ac_w += (fl.s[OC_AC_P_F] + fl.s[OC_AC_P_T]) * f->base_w;
  }
  PetscCall(OcFlowFindComp(f, e, f->keys->substation, &c));
  if (c.data) {
    PetscCall(OcFlowFindComp(f, cone[0], f->keys->ac_bus, &v[0]));
    PetscCall(OcFlowFindComp(f, cone[1], f->keys->dc_node, &v[1]));
    PetscCall(substation_balance(f, (OcNetSubstation *)c.data, x[v[1].loff] * ((OcNetDcNode *)v[1].data)->u_nominal_v, x[v[0].loff + 1], b));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode vertex_balance(OcFlow f, PetscInt v, const PetscScalar *x, OcFlowBalance *b)
{
  OcFlowComp c, dc;

  PetscFunctionBegin;
  PetscCall(OcFlowFindComp(f, v, f->keys->ac_bus, &c));
  if (c.data) b->ac_w += ((OcNetAcBus *)c.data)->gs_pu * x[c.loff + 1] * x[c.loff + 1] * f->base_w;
  PetscCall(OcFlowFindComp(f, v, f->keys->substation, &c));
  if (!c.data) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcFlowFindComp(f, v, f->keys->dc_node, &dc));
  PetscCall(substation_balance(f, (OcNetSubstation *)c.data, x[dc.loff] * ((OcNetDcNode *)dc.data)->u_nominal_v, 1.0, b));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowGetBalance(OcFlow f, OcFlowBalance *b)
{
  Vec                lx;
  const PetscScalar *x;
  PetscInt           vStart, vEnd;
  PetscBool          ghost;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(b, sizeof *b));
  PetscCall(DMGetLocalVector(f->dm, &lx));
  PetscCall(DMGlobalToLocal(f->dm, f->X, INSERT_VALUES, lx));
  PetscCall(VecGetArrayRead(lx, &x));
  PetscCall(DMNetworkGetVertexRange(f->dm, &vStart, &vEnd));
  for (PetscInt v = vStart; v < vEnd; v++) {
    PetscCall(DMNetworkIsGhostVertex(f->dm, v, &ghost));
    if (!ghost) PetscCall(vertex_balance(f, v, x, b));
  }
  for (PetscInt e = f->eStart; e < f->eEnd; e++) PetscCall(edge_balance(f, e, x, b));
  PetscCall(VecRestoreArrayRead(lx, &x));
  PetscCall(DMRestoreLocalVector(f->dm, &lx));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, b, sizeof *b / sizeof(PetscReal), MPIU_REAL, MPI_SUM, f->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}
