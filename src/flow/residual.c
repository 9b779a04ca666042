#include "flow_impl.h"

/* Residual of the coupled system, per unit of the base power:
     AC bus, P and Q rows: power from the bus into its branches, shunt, load and substations,
       minus generation (a PV bus's Q row and both rows of the reference bus fix Vm and Va);
     DC node: current out of the node into its sections minus the substations' current,
       times the node's nominal voltage over the base power.
   Vertex terms are added by the owner, edge terms by the edge's rank into local (ghosted)
   rows, and DMLocalToGlobal adds them up. */

static void add_if(PetscScalar *f, PetscInt row, PetscBool active, PetscReal v)
{
  if (active) f[row] += v;
}

static PetscErrorCode ac_bus_terms(OcFlow fl, PetscInt v, const PetscScalar *x, PetscScalar *f)
{
  OcFlowComp  c;
  OcNetAcBus *b;
  OcAcBusFlow sh;
  PetscReal   load;

  PetscFunctionBegin;
  PetscCall(OcFlowFindComp(fl, v, fl->keys->ac_bus, &c));
  if (!c.data) PetscFunctionReturn(PETSC_SUCCESS);
  b    = (OcNetAcBus *)c.data;
  load = OcFlowLoadFactor(fl, b);
  OcKernelAcShuntFlow(b->gs_pu, b->bs_pu, x[c.loff + 1], &sh);
  /* Without generation, the balance left is what the generators supply. */
  f[c.loff]     += OcFlowBusRowP(fl, b) ? sh.p + b->pd_pu * load - (fl->balance_only ? 0 : b->pg_pu) : x[c.loff] - b->va0_rad;
  f[c.loff + 1] += OcFlowBusRowQ(fl, b) ? sh.q + b->qd_pu * load - (fl->balance_only ? 0 : b->qg_pu) : x[c.loff + 1] - b->vm0_pu;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A substation on the DC node dc (and, when AC-fed, the bus ac; else vm = 1). */
static PetscErrorCode substation_terms(OcFlow fl, const OcNetSubstation *s, const OcFlowComp *ac, const OcFlowComp *dc, const PetscScalar *x, PetscScalar *f)
{
  const OcNetDcNode *node = (const OcNetDcNode *)dc->data;
  OcDcSubstationEval ev;

  PetscFunctionBegin;
  OcKernelDcSubstationEvaluate(&s->par, x[dc->loff] * node->u_nominal_v, ac ? x[ac->loff + 1] : 1.0, &ev);
  f[dc->loff] -= ev.i_a * node->u_nominal_v / fl->base_w;
  if (ac) {
    const OcNetAcBus *b = (const OcNetAcBus *)ac->data;
    add_if(f, ac->loff, OcFlowBusRowP(fl, b), ev.p_ac_w / fl->base_w);
    add_if(f, ac->loff + 1, OcFlowBusRowQ(fl, b), ev.q_ac_var / fl->base_w);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode vertex_terms(OcFlow fl, PetscInt v, const PetscScalar *x, PetscScalar *f)
{
  OcFlowComp dc, sub;

  PetscFunctionBegin;
  PetscCall(ac_bus_terms(fl, v, x, f));
  PetscCall(OcFlowFindComp(fl, v, fl->keys->substation, &sub));
  if (!sub.data) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcFlowFindComp(fl, v, fl->keys->dc_node, &dc));
  PetscCall(substation_terms(fl, (OcNetSubstation *)sub.data, NULL, &dc, x, f));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ac_branch_terms(OcFlow fl, PetscInt e, const OcNetAcBranch *br, const PetscScalar *x, PetscScalar *f)
{
  const PetscInt *cone;
  OcFlowComp      bus[2];
  OcAcBranchFlow  flow;

  PetscFunctionBegin;
  if (!br->in_service) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(DMNetworkGetConnectedVertices(fl->dm, e, &cone));
  for (PetscInt k = 0; k < 2; k++) PetscCall(OcFlowFindComp(fl, cone[k], fl->keys->ac_bus, &bus[k]));
  OcKernelAcBranchFlow(&br->y, x[bus[0].loff], x[bus[0].loff + 1], x[bus[1].loff], x[bus[1].loff + 1], &flow);
  for (PetscInt k = 0; k < 2; k++) {
    const OcNetAcBus *b = (const OcNetAcBus *)bus[k].data;
    add_if(f, bus[k].loff, OcFlowBusRowP(fl, b), flow.s[2 * k]);
    add_if(f, bus[k].loff + 1, OcFlowBusRowQ(fl, b), flow.s[2 * k + 1]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Returns PETSC_FALSE when the section has no solution at this state. */
static PetscErrorCode dc_section_terms(OcFlow fl, PetscInt e, const PetscScalar *x, PetscScalar *f, PetscBool *ok)
{
  OcFlowComp        node[2];
  PetscReal         un[2];
  OcDcSectionResult res;
  OcDcSectionStatus st;

  PetscFunctionBegin;
  PetscCall(OcFlowEvalSection(fl, e, x, node, un, &res, &st));
  *ok = st == OC_DC_SECTION_CONVERGED ? PETSC_TRUE : PETSC_FALSE;
  f[node[0].loff] += res.i_a_a * un[0] / fl->base_w;
  f[node[1].loff] += res.i_b_a * un[1] / fl->base_w;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode edge_terms(OcFlow fl, PetscInt e, const PetscScalar *x, PetscScalar *f, PetscBool *ok)
{
  OcFlowComp c;

  PetscFunctionBegin;
  *ok = PETSC_TRUE;
  PetscCall(OcFlowFindComp(fl, e, fl->keys->ac_branch, &c));
  if (c.data) PetscCall(ac_branch_terms(fl, e, (OcNetAcBranch *)c.data, x, f));
  PetscCall(OcFlowFindComp(fl, e, fl->keys->dc_section, &c));
  if (c.data) PetscCall(dc_section_terms(fl, e, x, f, ok));
  PetscCall(OcFlowFindComp(fl, e, fl->keys->substation, &c));
  if (c.data) {
    const PetscInt *cone;
    OcFlowComp      ac, dc;
    PetscCall(DMNetworkGetConnectedVertices(fl->dm, e, &cone));
    PetscCall(OcFlowFindComp(fl, cone[0], fl->keys->ac_bus, &ac));
    PetscCall(OcFlowFindComp(fl, cone[1], fl->keys->dc_node, &dc));
    PetscCall(substation_terms(fl, (OcNetSubstation *)c.data, &ac, &dc, x, f));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowFormFunction(SNES snes, Vec X, Vec F, void *ctx)
{
  OcFlow             fl = (OcFlow)ctx;
  Vec                lx, lf;
  const PetscScalar *x;
  PetscScalar       *f;
  PetscInt           vStart, vEnd;
  PetscBool          ok = PETSC_TRUE, ghost;

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(fl->dm, &lx));
  PetscCall(DMGetLocalVector(fl->dm, &lf));
  PetscCall(DMGlobalToLocalBegin(fl->dm, X, INSERT_VALUES, lx));
  PetscCall(DMGlobalToLocalEnd(fl->dm, X, INSERT_VALUES, lx));
  PetscCall(VecSet(lf, 0.0));
  PetscCall(VecGetArrayRead(lx, &x));
  PetscCall(VecGetArray(lf, &f));
  PetscCall(DMNetworkGetVertexRange(fl->dm, &vStart, &vEnd));
  for (PetscInt v = vStart; v < vEnd; v++) {
    PetscCall(DMNetworkIsGhostVertex(fl->dm, v, &ghost));
    if (!ghost) PetscCall(vertex_terms(fl, v, x, f));
  }
  fl->fail_section = -1;
  for (PetscInt e = fl->eStart; e < fl->eEnd; e++) {
    PetscBool section_ok;
    PetscCall(edge_terms(fl, e, x, f, &section_ok));
    ok = (PetscBool)(ok && section_ok);
  }
  fl->veh_warm = PETSC_TRUE;
  PetscCall(VecRestoreArrayRead(lx, &x));
  PetscCall(VecRestoreArray(lf, &f));
  PetscCall(VecSet(F, 0.0));
  PetscCall(DMLocalToGlobalBegin(fl->dm, lf, ADD_VALUES, F));
  PetscCall(DMLocalToGlobalEnd(fl->dm, lf, ADD_VALUES, F));
  PetscCall(DMRestoreLocalVector(fl->dm, &lx));
  PetscCall(DMRestoreLocalVector(fl->dm, &lf));
  /* A section beyond voltage collapse at this iterate: the line search shortens the step. */
  if (!ok) PetscCall(SNESSetFunctionDomainError(snes));
  PetscFunctionReturn(PETSC_SUCCESS);
}
