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

static void ac_bus_terms(OcFlow fl, const OcPlanBus *pb, PetscReal extra_p, PetscReal extra_q, const PetscScalar *x, PetscScalar *f)
{
  const OcNetAcBus *b    = pb->bus;
  PetscReal         load = OcFlowLoadFactor(fl, b);
  OcAcBusFlow       sh;

  OcKernelAcShuntFlow(b->gs_pu, b->bs_pu, x[pb->loff + 1], &sh);
  /* Without generation (balance_only), what is left is what the generators supply. */
  f[pb->loff] += OcFlowBusRowP(fl, b) ? sh.p + b->pd_pu * load + extra_p / fl->base_w - (fl->balance_only ? 0 : b->pg_pu) : x[pb->loff] - b->va0_rad;
  f[pb->loff + 1] += OcFlowBusRowQ(fl, b) ? sh.q + b->qd_pu * load + extra_q / fl->base_w - (fl->balance_only ? 0 : b->qg_pu) : x[pb->loff + 1] - b->vm0_pu;
}

static void substation_terms(OcFlow fl, const OcPlanSubstation *ps, const PetscScalar *x, PetscScalar *f)
{
  OcDcSubstationEval ev;

  OcFlowEvalSubstation(ps, x, &ev);
  f[ps->dc_loff] -= ev.i_a * ps->un / fl->base_w;
  if (!ps->bus) return;
  add_if(f, ps->ac_loff, OcFlowBusRowP(fl, ps->bus), ev.p_ac_w / fl->base_w);
  add_if(f, ps->ac_loff + 1, OcFlowBusRowQ(fl, ps->bus), ev.q_ac_var / fl->base_w);
}

static void ac_branch_terms(OcFlow fl, const OcPlanBranch *pb, const PetscScalar *x, PetscScalar *f)
{
  OcAcBranchFlow flow;

  if (!pb->br->in_service) return;
  OcKernelAcBranchFlow(&pb->br->y, x[pb->loff[0]], x[pb->loff[0] + 1], x[pb->loff[1]], x[pb->loff[1] + 1], &flow);
  for (PetscInt k = 0; k < 2; k++) {
    add_if(f, pb->loff[k], OcFlowBusRowP(fl, pb->bus[k]), flow.s[2 * k]);
    add_if(f, pb->loff[k] + 1, OcFlowBusRowQ(fl, pb->bus[k]), flow.s[2 * k + 1]);
  }
}

/* Whether an end of the section is above the regeneration cut-off of a vehicle braking in it.
   No solution has that: a braking vehicle feeds only below its cut-off and is the highest point
   of its section, and no other source is as high (rectifiers' U0 lie below Umax1). An iterate
   there is on the wrong side of the cut-off, where the braking vehicle no longer responds to the
   voltage and the constant-power loads pull the network further up: out of the domain. */
static PetscBool past_cut_off(OcFlow fl, const OcPlanSection *ps, const PetscScalar *x)
{
  const PetscInt  first = fl->veh_start[ps->e - fl->eStart], last = fl->veh_start[ps->e - fl->eStart + 1];
  const PetscReal v = PetscMax(PetscRealPart(x[ps->loff[0]]) * ps->un[0], PetscRealPart(x[ps->loff[1]]) * ps->un[1]);

  for (PetscInt k = first; k < last; k++)
    if (fl->veh_p[k] < 0 && v > fl->veh_par[k].u_regen_cut_v) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* ok becomes PETSC_FALSE when the section has no solution at this state, or the state is past
   a braking vehicle's cut-off. */
static PetscErrorCode dc_section_terms(OcFlow fl, const OcPlanSection *ps, const PetscScalar *x, PetscScalar *f, PetscBool *ok)
{
  OcDcSectionResult res;
  OcDcSectionStatus st;

  PetscFunctionBegin;
  PetscCall(OcFlowEvalSection(fl, ps, x, &res, &st));
  if (st != OC_DC_SECTION_CONVERGED || past_cut_off(fl, ps, x)) *ok = PETSC_FALSE;
  f[ps->loff[0]] += res.i_a_a * ps->un[0] / fl->base_w;
  f[ps->loff[1]] += res.i_b_a * ps->un[1] / fl->base_w;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowFormFunction(SNES snes, Vec X, Vec F, void *ctx)
{
  OcFlow             fl = (OcFlow)ctx;
  const OcFlowPlan  *p  = &fl->plan;
  Vec                lx, lf;
  const PetscScalar *x;
  PetscScalar       *f;
  PetscBool          ok = PETSC_TRUE;

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(fl->dm, &lx));
  PetscCall(DMGetLocalVector(fl->dm, &lf));
  PetscCall(DMGlobalToLocalBegin(fl->dm, X, INSERT_VALUES, lx));
  PetscCall(DMGlobalToLocalEnd(fl->dm, X, INSERT_VALUES, lx));
  PetscCall(VecSet(lf, 0.0));
  PetscCall(VecGetArrayRead(lx, &x));
  PetscCall(VecGetArray(lf, &f));
  fl->fail_section = -1;
  for (PetscInt k = 0; k < p->nbus; k++) ac_bus_terms(fl, &p->bus[k], fl->extra_p[k], fl->extra_q[k], x, f);
  for (PetscInt k = 0; k < p->nbranch; k++) ac_branch_terms(fl, &p->branch[k], x, f);
  for (PetscInt k = 0; k < p->nsub; k++) substation_terms(fl, &p->sub[k], x, f);
  for (PetscInt k = 0; k < p->nsection; k++) PetscCall(dc_section_terms(fl, &p->section[k], x, f, &ok));
  fl->veh_warm = PETSC_TRUE;
  PetscCall(VecRestoreArrayRead(lx, &x));
  PetscCall(VecRestoreArray(lf, &f));
  PetscCall(VecSet(F, 0.0));
  PetscCall(DMLocalToGlobalBegin(fl->dm, lf, ADD_VALUES, F));
  PetscCall(DMLocalToGlobalEnd(fl->dm, lf, ADD_VALUES, F));
  PetscCall(DMRestoreLocalVector(fl->dm, &lx));
  PetscCall(DMRestoreLocalVector(fl->dm, &lf));
  /* A section beyond voltage collapse, or past a cut-off, at this iterate: the line search
     shortens the step. */
  if (!ok) PetscCall(SNESSetFunctionDomainError(snes));
  PetscFunctionReturn(PETSC_SUCCESS);
}
