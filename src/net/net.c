#include "net_impl.h"

PetscErrorCode OcNetCreate(MPI_Comm comm, OcNet *net)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(net));
  (*net)->comm    = comm;
  (*net)->g_off_s = 1e-6;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetSetScenario(OcNet net, const OcScenarioData *sc)
{
  PetscFunctionBegin;
  net->scenario = sc;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetSetFromOptions(OcNet net)
{
  PetscFunctionBegin;
  PetscOptionsBegin(net->comm, NULL, "Electrical network", "OcNet");
  PetscCall(PetscOptionsReal("-oc_net_rectifier_g_off", "Reverse conductance of a blocked diode rectifier (S)", "OcNetSetFromOptions", net->g_off_s, &net->g_off_s, NULL));
  PetscOptionsEnd();
  PetscCheck(net->g_off_s >= 0, net->comm, PETSC_ERR_USER_INPUT, "-oc_net_rectifier_g_off must be >= 0, got %g", (double)net->g_off_s);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetGetDM(OcNet net, DM *dm)
{
  PetscFunctionBegin;
  *dm = net->dm;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetGetKeys(OcNet net, const OcNetKeys **keys)
{
  PetscFunctionBegin;
  *keys = &net->keys;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetGetBaseMVA(OcNet net, PetscReal *base_mva)
{
  PetscFunctionBegin;
  /* Without a grid, per unit is taken on 1 MVA: the DC residuals are then in MW. */
  *base_mva = net->scenario->has_ac ? net->scenario->ac.base_mva : 1.0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetGetScenario(OcNet net, const OcScenarioData **sc)
{
  PetscFunctionBegin;
  *sc = net->scenario;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetGetSubstationParams(OcNet net, PetscInt index, OcDcSubstationParams *par)
{
  const OcSubstation *s = &net->scenario->substation[index];

  PetscFunctionBegin;
  par->u0_v         = s->u0_v;
  par->r_eq_ohm     = s->r_eq_ohm;
  par->reversible   = s->kind == OC_RECTIFIER_REVERSIBLE;
  par->g_off_s      = net->g_off_s;
  par->eta          = s->efficiency;
  par->eta_inv      = s->efficiency;
  par->p_noload_w   = s->p_noload_w;
  par->power_factor = s->power_factor;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetFindSection(OcNet net, PetscInt index, PetscInt *edge)
{
  PetscInt lo = 0, hi = net->nsections - 1;

  PetscFunctionBegin;
  *edge = -1;
  while (lo <= hi) {
    PetscInt mid = (lo + hi) / 2;
    if (net->section_index[mid] == index) {
      *edge = net->section_edge[mid];
      break;
    }
    if (net->section_index[mid] < index) lo = mid + 1;
    else hi = mid - 1;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetGetComponent(DM dm, PetscInt p, PetscInt key, void **comp, PetscInt *offset)
{
  PetscInt n, k;

  PetscFunctionBegin;
  *comp = NULL;
  PetscCall(DMNetworkGetNumComponents(dm, p, &n));
  for (PetscInt c = 0; c < n; c++) {
    void *data;
    PetscCall(DMNetworkGetComponent(dm, p, c, &k, &data, NULL));
    if (k != key) continue;
    *comp = data;
    if (offset) PetscCall(DMNetworkGetLocalVecOffset(dm, p, c, offset));
    break;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetView(OcNet net, PetscViewer v)
{
  PetscInt  vStart, vEnd, eStart, eEnd, n[2] = {0, 0};
  PetscBool ghost;

  PetscFunctionBegin;
  PetscCall(DMNetworkGetVertexRange(net->dm, &vStart, &vEnd));
  PetscCall(DMNetworkGetEdgeRange(net->dm, &eStart, &eEnd));
  for (PetscInt p = vStart; p < vEnd; p++) {
    PetscCall(DMNetworkIsGhostVertex(net->dm, p, &ghost));
    n[0] += !ghost;
  }
  n[1] = eEnd - eStart;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, n, 2, MPIU_INT, MPI_SUM, net->comm));
  PetscCall(PetscViewerASCIIPrintf(v, "network: %" PetscInt_FMT " vertices, %" PetscInt_FMT " edges\n", n[0], n[1]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetSetUp(OcNet net)
{
  PetscFunctionBegin;
  PetscCheck(net->scenario, net->comm, PETSC_ERR_ORDER, "OcNetSetScenario() must come before OcNetSetUp()");
  PetscCall(OcLogEventBegin(OC_EVENT_NET_BUILD));
  PetscCall(OcNetLayout(net));
  PetscCall(OcLogEventEnd(OC_EVENT_NET_BUILD));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetDestroy(OcNet *net)
{
  PetscFunctionBegin;
  if (!*net) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(DMDestroy(&(*net)->dm));
  PetscCall(PetscFree2((*net)->section_index, (*net)->section_edge));
  PetscCall(PetscFree(*net));
  PetscFunctionReturn(PETSC_SUCCESS);
}
