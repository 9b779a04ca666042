#include <math.h>
#include "net_impl.h"

/* Global vertex numbering on rank 0: AC buses first (in the case's order), then DC nodes.
   Edges: AC branches, DC sections, then the AC-fed substations. */

static PetscErrorCode build_edge_list(const OcScenarioData *d, PetscInt *ne, PetscInt **edges)
{
  PetscInt nb = d->has_ac ? d->ac.nbus : 0, k = 0;

  PetscFunctionBegin;
  *ne = (d->has_ac ? d->ac.nbranch : 0) + d->ndc_sections;
  for (PetscInt s = 0; s < d->nsubstations; s++) *ne += d->substation[s].ac_bus >= 0;
  PetscCall(PetscMalloc1(2 * *ne, edges));
  for (PetscInt b = 0; d->has_ac && b < d->ac.nbranch; b++) {
    PetscInt f, t;
    PetscCall(OcMpCaseFindBus(&d->ac, d->ac.branch[b].f_bus, &f));
    PetscCall(OcMpCaseFindBus(&d->ac, d->ac.branch[b].t_bus, &t));
    (*edges)[k++] = f;
    (*edges)[k++] = t;
  }
  for (PetscInt s = 0; s < d->ndc_sections; s++) {
    (*edges)[k++] = nb + d->dc_section[s].from;
    (*edges)[k++] = nb + d->dc_section[s].to;
  }
  for (PetscInt s = 0; s < d->nsubstations; s++) {
    if (d->substation[s].ac_bus < 0) continue;
    (*edges)[k++] = d->substation[s].ac_bus;
    (*edges)[k++] = nb + d->substation[s].node;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void ac_bus_component(const OcMpCase *c, PetscInt i, OcNetAcBus *bus)
{
  const OcMpBus *b     = &c->bus[i];
  PetscBool      first = PETSC_TRUE;

  bus->index   = i;
  bus->type    = b->type;
  bus->profile = -1;
  bus->vm0_pu  = b->vm_pu;
  bus->va0_rad = b->va_deg * PETSC_PI / 180;
  bus->pd_pu   = b->pd_mw / c->base_mva;
  bus->qd_pu   = b->qd_mvar / c->base_mva;
  bus->gs_pu   = b->gs_mw / c->base_mva;
  bus->bs_pu   = b->bs_mvar / c->base_mva;
  bus->pg_pu = bus->qg_pu = 0;
  for (PetscInt g = 0; g < c->ngen; g++) {
    if (c->gen[g].bus != b->id || c->gen[g].status <= 0) continue;
    bus->pg_pu += c->gen[g].pg_mw / c->base_mva;
    bus->qg_pu += c->gen[g].qg_mvar / c->base_mva;
    /* MATPOWER: the first in-service generator's VG sets the bus voltage. */
    if (first && (b->type == OC_BUS_PV || b->type == OC_BUS_REF)) bus->vm0_pu = c->gen[g].vg_pu;
    first = PETSC_FALSE;
  }
  /* MATPOWER treats a PV bus whose generators are all out of service as PQ. */
  if (first && b->type == OC_BUS_PV) bus->type = OC_BUS_PQ;
}

static void ac_branch_component(const OcMpBranch *br, PetscInt i, OcNetAcBranch *comp)
{
  OcAcBranchParams par = {br->r_pu, br->x_pu, br->b_pu, br->ratio, br->angle_deg * PETSC_PI / 180};

  comp->index      = i;
  comp->in_service = br->status > 0;
  OcKernelAcBranchAdmittance(&par, &comp->y);
}

/* The components of every element, built on rank 0 (empty elsewhere). DMNetwork copies them
   at DMSetUp(), so they must live until then. */
typedef struct {
  OcNetAcBus      *bus;
  OcNetAcBranch   *branch;
  OcNetDcNode     *node;
  OcNetDcSection  *section;
  OcNetSubstation *substation;
} Components;

static PetscErrorCode build_components(OcNet net, Components *c)
{
  const OcScenarioData *d  = net->scenario;
  PetscInt              nb = d->has_ac ? d->ac.nbus : 0, nbr = d->has_ac ? d->ac.nbranch : 0;
  PetscReal            *v0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(nb, &c->bus, nbr, &c->branch, d->ndc_nodes, &c->node, d->ndc_sections, &c->section, d->nsubstations, &c->substation));
  for (PetscInt i = 0; i < nb; i++) ac_bus_component(&d->ac, i, &c->bus[i]);
  for (PetscInt l = 0; l < d->nac_loads; l++) c->bus[d->ac_load[l].bus].profile = d->ac_load[l].profile;
  for (PetscInt b = 0; b < nbr; b++) ac_branch_component(&d->ac.branch[b], b, &c->branch[b]);
  /* The no-load voltage of each system: the start of every DC Newton solve. */
  PetscCall(PetscCalloc1(d->ndc_systems, &v0));
  for (PetscInt s = 0; s < d->nsubstations; s++) {
    PetscInt sys           = d->dc_node[d->substation[s].node].system;
    v0[sys]                = PetscMax(v0[sys], d->substation[s].u0_v);
    c->substation[s].index = s;
    PetscCall(OcNetGetSubstationParams(net, s, &c->substation[s].par));
  }
  for (PetscInt i = 0; i < d->ndc_nodes; i++) {
    PetscInt sys = d->dc_node[i].system;
    c->node[i]   = (OcNetDcNode){i, sys, d->dc_system[sys].u_nominal_v, v0[sys]};
  }
  for (PetscInt s = 0; s < d->ndc_sections; s++) c->section[s] = (OcNetDcSection){s, d->dc_section[s].r_ohm_per_km * d->dc_section[s].length_m / 1000};
  PetscCall(PetscFree(v0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Points follow the edge list's order: vertex i is vtx[i], edge k is edges[k]. */
static PetscErrorCode add_components(OcNet net, Components *c)
{
  const OcScenarioData *d  = net->scenario;
  PetscInt              nb = d->has_ac ? d->ac.nbus : 0, nbr = d->has_ac ? d->ac.nbranch : 0, nv, ne, e;
  const PetscInt       *vtx, *edges;

  PetscFunctionBegin;
  PetscCall(DMNetworkGetSubnetwork(net->dm, 0, &nv, &ne, &vtx, &edges));
  if (!nv) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt i = 0; i < nb; i++) PetscCall(DMNetworkAddComponent(net->dm, vtx[i], net->keys.ac_bus, &c->bus[i], 2));
  for (PetscInt i = 0; i < d->ndc_nodes; i++) PetscCall(DMNetworkAddComponent(net->dm, vtx[nb + i], net->keys.dc_node, &c->node[i], 1));
  for (PetscInt b = 0; b < nbr; b++) PetscCall(DMNetworkAddComponent(net->dm, edges[b], net->keys.ac_branch, &c->branch[b], 0));
  for (PetscInt s = 0; s < d->ndc_sections; s++) PetscCall(DMNetworkAddComponent(net->dm, edges[nbr + s], net->keys.dc_section, &c->section[s], 0));
  e = nbr + d->ndc_sections;
  for (PetscInt s = 0; s < d->nsubstations; s++) {
    PetscInt p = d->substation[s].ac_bus >= 0 ? edges[e++] : vtx[nb + d->substation[s].node];
    PetscCall(DMNetworkAddComponent(net->dm, p, net->keys.substation, &c->substation[s], 0));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The sorted map from scenario section index to local edge, for placing vehicles. */
static PetscErrorCode index_sections(OcNet net)
{
  PetscInt eStart, eEnd, n = 0;

  PetscFunctionBegin;
  PetscCall(DMNetworkGetEdgeRange(net->dm, &eStart, &eEnd));
  for (PetscInt e = eStart; e < eEnd; e++) {
    OcNetDcSection *sec;
    PetscCall(OcNetGetComponent(net->dm, e, net->keys.dc_section, (void **)&sec, NULL));
    n += sec != NULL;
  }
  PetscCall(PetscMalloc2(n, &net->section_index, n, &net->section_edge));
  net->nsections = 0;
  for (PetscInt e = eStart; e < eEnd; e++) {
    OcNetDcSection *sec;
    PetscCall(OcNetGetComponent(net->dm, e, net->keys.dc_section, (void **)&sec, NULL));
    if (!sec) continue;
    net->section_index[net->nsections]  = sec->index;
    net->section_edge[net->nsections++] = e;
  }
  PetscCall(PetscSortIntWithArray(net->nsections, net->section_index, net->section_edge));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode register_components(OcNet net)
{
  PetscFunctionBegin;
  PetscCall(DMNetworkRegisterComponent(net->dm, "oc_ac_bus", sizeof(OcNetAcBus), &net->keys.ac_bus));
  PetscCall(DMNetworkRegisterComponent(net->dm, "oc_ac_branch", sizeof(OcNetAcBranch), &net->keys.ac_branch));
  PetscCall(DMNetworkRegisterComponent(net->dm, "oc_dc_node", sizeof(OcNetDcNode), &net->keys.dc_node));
  PetscCall(DMNetworkRegisterComponent(net->dm, "oc_dc_section", sizeof(OcNetDcSection), &net->keys.dc_section));
  PetscCall(DMNetworkRegisterComponent(net->dm, "oc_substation", sizeof(OcNetSubstation), &net->keys.substation));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcNetLayout(OcNet net)
{
  PetscMPIInt rank;
  PetscInt    ne    = 0;
  PetscInt   *edges = NULL;
  Components  c     = {0};

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(net->comm, &rank));
  PetscCall(DMNetworkCreate(net->comm, &net->dm));
  PetscCall(register_components(net));
  if (rank == 0) {
    PetscCall(build_edge_list(net->scenario, &ne, &edges));
    PetscCall(build_components(net, &c));
  }
  PetscCall(DMNetworkSetNumSubNetworks(net->dm, PETSC_DECIDE, 1));
  PetscCall(DMNetworkAddSubnetwork(net->dm, "city", ne, edges, NULL));
  PetscCall(DMNetworkLayoutSetUp(net->dm));
  PetscCall(PetscFree(edges));
  PetscCall(add_components(net, &c));
  PetscCall(DMSetUp(net->dm));
  PetscCall(PetscFree5(c.bus, c.branch, c.node, c.section, c.substation));
  PetscCall(OcLogEventBegin(OC_EVENT_NET_DISTRIBUTE));
  PetscCall(DMNetworkDistribute(&net->dm, 0));
  PetscCall(OcLogEventEnd(OC_EVENT_NET_DISTRIBUTE));
  PetscCall(index_sections(net));
  PetscFunctionReturn(PETSC_SUCCESS);
}
