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

PetscErrorCode OcFlowEvalSection(OcFlow f, PetscInt e, const PetscScalar *x, OcFlowComp node[2], PetscReal un[2], OcDcSectionResult *res, OcDcSectionStatus *status)
{
  const PetscInt *cone;
  OcFlowComp      sec;
  PetscInt        first = f->veh_start[e - f->eStart], n = f->veh_start[e - f->eStart + 1] - first;

  PetscFunctionBegin;
  PetscCall(OcFlowFindComp(f, e, f->keys->dc_section, &sec));
  PetscCall(DMNetworkGetConnectedVertices(f->dm, e, &cone));
  for (PetscInt k = 0; k < 2; k++) {
    PetscCall(OcFlowFindComp(f, cone[k], f->keys->dc_node, &node[k]));
    un[k] = ((OcNetDcNode *)node[k].data)->u_nominal_v;
  }
  *status = OcKernelDcSectionSolve(((OcNetDcSection *)sec.data)->r_ohm, (int)n, f->veh_s + first, f->veh_p + first, f->veh_par + first, x[node[0].loff] * un[0], x[node[1].loff] * un[1], f->veh_warm, f->veh_u + first, f->veh_eval + first, f->work, res);
  if (*status != OC_DC_SECTION_CONVERGED) {
    f->fail_section = ((OcNetDcSection *)sec.data)->index;
    f->fail_vehicle = res->worst_vehicle >= 0 ? f->veh_id[first + res->worst_vehicle] : -1;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscReal OcFlowLoadFactor(OcFlow f, const OcNetAcBus *b)
{
  return f->load_scale * (b->profile >= 0 ? OcProfileValue(f->sc, b->profile, f->t_s) : 1.0);
}
