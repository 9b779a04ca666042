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
  case OC_FLOW_DC_SECTIONS:
    *n     = f->plan.nsection;
    *index = f->plan.section_index;
    break;
  case OC_FLOW_AC_BRANCHES:
    *n     = f->plan.nbranch;
    *index = f->plan.branch_index;
    break;
  default:
    *n     = f->plan.nsub;
    *index = f->plan.sub_index;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The current along a section, from node a to node b, changes only where a vehicle draws or
   feeds back: I(x) = I_a - sum_{s_j <= x} I_j between vehicles. Its largest magnitude is over
   the stretches of positive length: the one from a to the first vehicle (when it is not on
   a), and the one after each vehicle position below 1. O(n^2) in the section's vehicles (a
   few), with no work space. */
static void section_currents(OcFlow f, const OcPlanSection *ps, const PetscScalar *x, PetscReal *i_from, PetscReal *i_to, PetscReal *i_max)
{
  const PetscInt   first = f->veh_start[ps->e - f->eStart], last = f->veh_start[ps->e - f->eStart + 1];
  const PetscReal *s   = f->veh_s;
  PetscReal        v_a = x[ps->loff[0]] * ps->un[0], v_b = x[ps->loff[1]] * ps->un[1], i_a = (v_a - v_b) / ps->sec->r_ohm, i_b = -i_a, s_min = 1, m = 0;

  for (PetscInt k = first; k < last; k++) {
    i_a += (1 - s[k]) * f->veh_eval[k].i_a;
    i_b += s[k] * f->veh_eval[k].i_a;
    s_min = PetscMin(s_min, s[k]);
  }
  if (last == first || s_min > 0) m = PetscAbsReal(i_a);
  for (PetscInt k = first; k < last; k++) {
    PetscReal i = i_a;
    if (s[k] >= 1) continue;
    for (PetscInt j = first; j < last; j++)
      if (s[j] <= s[k]) i -= f->veh_eval[j].i_a;
    m = PetscMax(m, PetscAbsReal(i));
  }
  *i_from = i_a;
  *i_to   = -i_b;
  *i_max  = m;
}

/* An AC branch's from-end current (A), loading (% of rate_a) and from-end flow (W, var). */
static void branch_flows(OcFlow f, const OcPlanBranch *pb, const PetscScalar *x, PetscReal *i_a, PetscReal *load, PetscReal *p_w, PetscReal *q_var)
{
  const OcMpCase *ac = &f->sc->ac;
  PetscReal       kv = ac->bus[pb->bus[0]->index].base_kv, rate = ac->branch[pb->br->index].rate_a_mva;
  OcAcBranchFlow  fl = {
     {0,  0, 0, 0},
     {{0}}
  };
  PetscReal s_from = 0, s_to = 0;

  if (pb->br->in_service) {
    OcKernelAcBranchFlow(&pb->br->y, x[pb->loff[0]], x[pb->loff[0] + 1], x[pb->loff[1]], x[pb->loff[1] + 1], &fl);
    s_from = PetscSqrtReal(PetscSqr(fl.s[OC_AC_P_F]) + PetscSqr(fl.s[OC_AC_Q_F])) * f->base_w;
    s_to   = PetscSqrtReal(PetscSqr(fl.s[OC_AC_P_T]) + PetscSqr(fl.s[OC_AC_Q_T])) * f->base_w;
  }
  if (i_a) *i_a = kv > 0 ? s_from / (PetscSqrtReal(3.0) * x[pb->loff[0] + 1] * kv * 1e3) : NAN;
  if (load) *load = rate > 0 ? 100 * PetscMax(s_from, s_to) / (rate * 1e6) : NAN;
  if (p_w) *p_w = fl.s[OC_AC_P_F] * f->base_w;
  if (q_var) *q_var = fl.s[OC_AC_Q_F] * f->base_w;
}

static void values_of_local(OcFlow f, OcFlowElements kind, const PetscScalar *x, PetscReal a[], PetscReal b[], PetscReal c[])
{
  const OcFlowPlan *p = &f->plan;

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
  else if (kind == OC_FLOW_DC_SECTIONS)
    for (PetscInt k = 0; k < p->nsection; k++) {
      PetscReal from, to, max;
      section_currents(f, &p->section[k], x, &from, &to, &max);
      if (a) a[k] = from;
      if (b) b[k] = to;
      if (c) c[k] = max;
    }
  else if (kind == OC_FLOW_AC_BRANCHES)
    for (PetscInt k = 0; k < p->nbranch; k++) branch_flows(f, &p->branch[k], x, a ? &a[k] : NULL, NULL, b ? &b[k] : NULL, c ? &c[k] : NULL);
}

PetscErrorCode OcFlowGetOwnedValues(OcFlow f, OcFlowElements kind, PetscReal a[], PetscReal b[], PetscReal c[])
{
  const OcFlowPlan  *p = &f->plan;
  Vec                lx;
  const PetscScalar *x;

  PetscFunctionBegin;
  if (kind == OC_FLOW_DC_NODES) {
    const PetscScalar *xg;
    PetscCall(VecGetArrayRead(f->X, &xg));
    for (PetscInt k = 0; k < p->ndc && a; k++) a[k] = xg[p->dc_row[k]] * f->sc->dc_system[f->sc->dc_node[p->dc_index[k]].system].u_nominal_v;
    PetscCall(VecRestoreArrayRead(f->X, &xg));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(DMGetLocalVector(f->dm, &lx));
  PetscCall(DMGlobalToLocal(f->dm, f->X, INSERT_VALUES, lx));
  PetscCall(VecGetArrayRead(lx, &x));
  values_of_local(f, kind, x, a, b, c);
  PetscCall(VecRestoreArrayRead(lx, &x));
  PetscCall(DMRestoreLocalVector(f->dm, &lx));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowGetOwnedBranchLoading(OcFlow f, PetscReal loading_pct[])
{
  const OcFlowPlan  *p = &f->plan;
  Vec                lx;
  const PetscScalar *x;

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(f->dm, &lx));
  PetscCall(DMGlobalToLocal(f->dm, f->X, INSERT_VALUES, lx));
  PetscCall(VecGetArrayRead(lx, &x));
  for (PetscInt k = 0; k < p->nbranch; k++) branch_flows(f, &p->branch[k], x, NULL, &loading_pct[k], NULL, NULL);
  PetscCall(VecRestoreArrayRead(lx, &x));
  PetscCall(DMRestoreLocalVector(f->dm, &lx));
  PetscFunctionReturn(PETSC_SUCCESS);
}
