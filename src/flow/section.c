#include "flow_impl.h"

PetscErrorCode OcFlowFindComp(OcFlow f, PetscInt p, PetscInt key, OcFlowComp *c)
{
  PetscInt n, k;

  PetscFunctionBegin;
  c->data = NULL;
  PetscCall(DMNetworkGetNumComponents(f->dm, p, &n));
  for (PetscInt i = 0; i < n; i++) {
    void *data;
    PetscCall(DMNetworkGetComponent(f->dm, p, i, &k, &data, NULL));
    if (k != key) continue;
    c->data = data;
    PetscCall(DMNetworkGetLocalVecOffset(f->dm, p, i, &c->loff));
    PetscCall(DMNetworkGetGlobalVecOffset(f->dm, p, i, &c->goff));
    break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowEvalSection(OcFlow f, const OcPlanSection *ps, const PetscScalar *x, OcDcSectionResult *res, OcDcSectionStatus *status)
{
  PetscInt first = f->veh_start[ps->e - f->eStart], n = f->veh_start[ps->e - f->eStart + 1] - first;

  PetscFunctionBegin;
  *status = OcKernelDcSectionSolve(ps->sec->r_ohm, (int)n, f->veh_s + first, f->veh_p + first, f->veh_par + first, x[ps->loff[0]] * ps->un[0], x[ps->loff[1]] * ps->un[1], f->veh_warm, f->veh_u + first, f->veh_eval + first, f->work, res);
  if (*status != OC_DC_SECTION_CONVERGED) {
    f->fail_section = ps->sec->index;
    f->fail_vehicle = res->worst_vehicle >= 0 ? f->veh_id[first + res->worst_vehicle] : -1;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void OcFlowEvalSubstation(const OcPlanSubstation *ps, const PetscScalar *x, OcDcSubstationEval *ev)
{
  OcKernelDcSubstationEvaluate(&ps->sub->par, x[ps->dc_loff] * ps->un, ps->bus ? x[ps->ac_loff + 1] : 1.0, ev);
}

PetscReal OcFlowLoadFactor(OcFlow f, const OcNetAcBus *b)
{
  return f->load_scale * (b->profile >= 0 ? OcProfileValue(f->sc, b->profile, f->t_s) : 1.0);
}
