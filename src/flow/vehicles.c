#include "flow_impl.h"

/* Groups this rank's vehicles by local edge (a CSR over eStart .. eEnd) in the order given. */
PetscErrorCode OcFlowSetVehicles(OcFlow f, PetscInt n, const OcFlowVehicle veh[])
{
  PetscInt nedges = f->eEnd - f->eStart, nlocal = 0, nmax = 0, *edge, *next;
  size_t   need;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n, &edge));
  PetscCall(PetscArrayzero(f->veh_start, nedges + 1));
  for (PetscInt i = 0; i < n; i++) {
    PetscCall(OcNetFindSection(f->net, veh[i].section, &edge[i]));
    if (edge[i] < 0) continue;
    f->veh_start[edge[i] - f->eStart + 1]++;
    nlocal++;
  }
  for (PetscInt e = 0; e < nedges; e++) {
    nmax = PetscMax(nmax, f->veh_start[e + 1]);
    f->veh_start[e + 1] += f->veh_start[e];
  }
  PetscCall(PetscFree7(f->veh_id, f->veh_s, f->veh_p, f->veh_u, f->veh_par, f->veh_eval, f->veh_state));
  PetscCall(PetscMalloc7(nlocal, &f->veh_id, nlocal, &f->veh_s, nlocal, &f->veh_p, nlocal, &f->veh_u, nlocal, &f->veh_par, nlocal, &f->veh_eval, nlocal, &f->veh_state));
  PetscCall(PetscMalloc1(nedges, &next));
  PetscCall(PetscArraycpy(next, f->veh_start, nedges));
  for (PetscInt i = 0; i < n; i++) {
    PetscInt k;
    if (edge[i] < 0) continue;
    k             = next[edge[i] - f->eStart]++;
    f->veh_id[k]  = veh[i].id;
    f->veh_s[k]   = veh[i].s;
    f->veh_p[k]   = veh[i].p_req_w;
    f->veh_par[k] = veh[i].par;
    f->veh_u[k]   = 0;
  }
  f->nveh     = nlocal;
  f->veh_warm = PETSC_FALSE;
  need        = OcKernelDcSectionWorkspaceSize((int)nmax);
  if (need > f->work_len) {
    PetscCall(PetscFree(f->work));
    PetscCall(PetscMalloc1(need, &f->work));
    f->work_len = need;
  }
  PetscCall(PetscFree(next));
  PetscCall(PetscFree(edge));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowGetVehicleStates(OcFlow f, PetscInt *n, const OcFlowVehicleState **states)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < f->nveh; k++) { f->veh_state[k] = (OcFlowVehicleState){f->veh_id[k], f->veh_u[k], f->veh_eval[k].i_a, f->veh_eval[k].p_line_w, f->veh_eval[k].p_rheostat_w, f->veh_eval[k].regime}; }
  *n      = f->nveh;
  *states = f->veh_state;
  PetscFunctionReturn(PETSC_SUCCESS);
}
