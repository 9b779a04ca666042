#include "flow_impl.h"

/* Power balance of the last solution, summed over ranks: what the vehicles take, what the
   lines, substations and AC branches lose. Used to check conservation of energy. */

static PetscErrorCode section_balance(OcFlow f, const OcPlanSection *ps, const PetscScalar *x, OcFlowBalance *b)
{
  OcDcSectionResult res;
  OcDcSectionStatus st;
  PetscInt          first = f->veh_start[ps->e - f->eStart], last = f->veh_start[ps->e - f->eStart + 1];

  PetscFunctionBegin;
  PetscCall(OcFlowEvalSection(f, ps, x, &res, &st));
  b->dc_line_w += x[ps->loff[0]] * ps->un[0] * res.i_a_a + x[ps->loff[1]] * ps->un[1] * res.i_b_a;
  for (PetscInt k = first; k < last; k++) {
    b->vehicles_w += f->veh_eval[k].p_line_w;
    b->dc_line_w -= f->veh_eval[k].p_line_w;
    b->rheostat_w += f->veh_eval[k].p_rheostat_w;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void substation_balance(const OcPlanSubstation *ps, const PetscScalar *x, OcFlowBalance *b)
{
  OcDcSubstationEval ev;
  PetscReal          conv, res, v = x[ps->dc_loff] * ps->un, vm = ps->bus ? x[ps->ac_loff + 1] : 1.0;

  OcFlowEvalSubstation(ps, x, &ev);
  OcKernelDcSubstationLosses(&ps->sub->par, v, vm, &ev, &conv, &res);
  b->substation_w += conv + res;
  b->substation_ac_w += ev.p_ac_w;
}

static void ac_balance(OcFlow f, const OcFlowPlan *p, const PetscScalar *x, OcFlowBalance *b)
{
  for (PetscInt k = 0; k < p->nbus; k++) b->ac_w += p->bus[k].bus->gs_pu * x[p->bus[k].loff + 1] * x[p->bus[k].loff + 1] * f->base_w;
  for (PetscInt k = 0; k < p->nbranch; k++) {
    const OcPlanBranch *pb = &p->branch[k];
    OcAcBranchFlow      fl;
    if (!pb->br->in_service) continue;
    OcKernelAcBranchFlow(&pb->br->y, x[pb->loff[0]], x[pb->loff[0] + 1], x[pb->loff[1]], x[pb->loff[1] + 1], &fl);
    b->ac_w += (fl.s[OC_AC_P_F] + fl.s[OC_AC_P_T]) * f->base_w;
  }
}

PetscErrorCode OcFlowGetBalance(OcFlow f, OcFlowBalance *b)
{
  const OcFlowPlan  *p = &f->plan;
  Vec                lx;
  const PetscScalar *x;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(b, sizeof *b));
  PetscCall(DMGetLocalVector(f->dm, &lx));
  PetscCall(DMGlobalToLocal(f->dm, f->X, INSERT_VALUES, lx));
  PetscCall(VecGetArrayRead(lx, &x));
  ac_balance(f, p, x, b);
  for (PetscInt k = 0; k < p->nsub; k++) substation_balance(&p->sub[k], x, b);
  for (PetscInt k = 0; k < p->nsection; k++) PetscCall(section_balance(f, &p->section[k], x, b));
  PetscCall(VecRestoreArrayRead(lx, &x));
  PetscCall(DMRestoreLocalVector(f->dm, &lx));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, b, sizeof *b / sizeof(PetscReal), MPIU_REAL, MPI_SUM, f->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}
