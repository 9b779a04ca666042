#include "flow_impl.h"

static PetscErrorCode count(OcFlow f, OcFlowPlan *p)
{
  PetscInt   vStart, vEnd;
  PetscBool  ghost;
  OcFlowComp c;

  PetscFunctionBegin;
  PetscCall(DMNetworkGetVertexRange(f->dm, &vStart, &vEnd));
  for (PetscInt v = vStart; v < vEnd; v++) {
    PetscCall(DMNetworkIsGhostVertex(f->dm, v, &ghost));
    if (ghost) continue;
    PetscCall(OcFlowFindComp(f, v, f->keys->ac_bus, &c));
    p->nbus += c.data != NULL;
    PetscCall(OcFlowFindComp(f, v, f->keys->substation, &c));
    p->nsub += c.data != NULL;
    PetscCall(OcFlowFindComp(f, v, f->keys->dc_node, &c));
    p->ndc += c.data != NULL;
  }
  for (PetscInt e = f->eStart; e < f->eEnd; e++) {
    PetscCall(OcFlowFindComp(f, e, f->keys->ac_branch, &c));
    p->nbranch += c.data != NULL;
    PetscCall(OcFlowFindComp(f, e, f->keys->dc_section, &c));
    p->nsection += c.data != NULL;
    PetscCall(OcFlowFindComp(f, e, f->keys->substation, &c));
    p->nsub += c.data != NULL;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode plan_vertex(OcFlow f, PetscInt v, PetscInt rstart, OcFlowPlan *p)
{
  OcFlowComp c, dc;

  PetscFunctionBegin;
  PetscCall(OcFlowFindComp(f, v, f->keys->dc_node, &c));
  if (c.data) {
    p->dc_index[p->ndc] = ((const OcNetDcNode *)c.data)->index;
    p->dc_row[p->ndc]   = c.goff - rstart;
    p->dc_v0[p->ndc++]  = ((const OcNetDcNode *)c.data)->v0_v / ((const OcNetDcNode *)c.data)->u_nominal_v;
  }
  PetscCall(OcFlowFindComp(f, v, f->keys->ac_bus, &c));
  if (c.data) p->bus[p->nbus++] = (OcPlanBus){(const OcNetAcBus *)c.data, c.loff, c.goff};
  PetscCall(OcFlowFindComp(f, v, f->keys->substation, &c));
  if (!c.data) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcFlowFindComp(f, v, f->keys->dc_node, &dc));
  p->sub[p->nsub++] = (OcPlanSubstation){(const OcNetSubstation *)c.data, NULL, -1, -1, dc.loff, dc.goff, ((const OcNetDcNode *)dc.data)->u_nominal_v};
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode plan_edge(OcFlow f, PetscInt e, OcFlowPlan *p)
{
  const PetscInt *cone;
  OcFlowComp      c, v[2];

  PetscFunctionBegin;
  PetscCall(DMNetworkGetConnectedVertices(f->dm, e, &cone));
  PetscCall(OcFlowFindComp(f, e, f->keys->ac_branch, &c));
  if (c.data) {
    OcPlanBranch *b = &p->branch[p->nbranch++];
    b->br           = (const OcNetAcBranch *)c.data;
    for (PetscInt k = 0; k < 2; k++) {
      PetscCall(OcFlowFindComp(f, cone[k], f->keys->ac_bus, &v[k]));
      b->bus[k]  = (const OcNetAcBus *)v[k].data;
      b->loff[k] = v[k].loff;
      b->goff[k] = v[k].goff;
    }
  }
  PetscCall(OcFlowFindComp(f, e, f->keys->dc_section, &c));
  if (c.data) {
    OcPlanSection *s = &p->section[p->nsection++];
    s->sec           = (const OcNetDcSection *)c.data;
    s->e             = e;
    for (PetscInt k = 0; k < 2; k++) {
      PetscCall(OcFlowFindComp(f, cone[k], f->keys->dc_node, &v[k]));
      s->loff[k] = v[k].loff;
      s->goff[k] = v[k].goff;
      s->un[k]   = ((const OcNetDcNode *)v[k].data)->u_nominal_v;
    }
  }
  PetscCall(OcFlowFindComp(f, e, f->keys->substation, &c));
  if (c.data) {
    PetscCall(OcFlowFindComp(f, cone[0], f->keys->ac_bus, &v[0]));
    PetscCall(OcFlowFindComp(f, cone[1], f->keys->dc_node, &v[1]));
    p->sub[p->nsub++] = (OcPlanSubstation){(const OcNetSubstation *)c.data, (const OcNetAcBus *)v[0].data, v[0].loff, v[0].goff, v[1].loff, v[1].goff, ((const OcNetDcNode *)v[1].data)->u_nominal_v};
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowPlanBuild(OcFlow f)
{
  OcFlowPlan *p = &f->plan;
  PetscInt    vStart, vEnd, rstart;
  PetscBool   ghost;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(p, sizeof *p));
  PetscCall(count(f, p));
  PetscCall(PetscMalloc6(p->nbus, &p->bus, p->nbranch, &p->branch, p->nsection, &p->section, p->nsub, &p->sub, p->ndc, &p->dc_row, p->ndc, &p->dc_v0));
  PetscCall(PetscMalloc5(p->ndc, &p->dc_index, p->nbus, &p->bus_index, p->nsub, &p->sub_index, p->nsection, &p->section_index, p->nbranch, &p->branch_index));
  p->nbus = p->nbranch = p->nsection = p->nsub = p->ndc = 0;
  PetscCall(VecGetOwnershipRange(f->X, &rstart, NULL));
  PetscCall(DMNetworkGetVertexRange(f->dm, &vStart, &vEnd));
  for (PetscInt v = vStart; v < vEnd; v++) {
    PetscCall(DMNetworkIsGhostVertex(f->dm, v, &ghost));
    if (!ghost) PetscCall(plan_vertex(f, v, rstart, p));
  }
  for (PetscInt e = f->eStart; e < f->eEnd; e++) PetscCall(plan_edge(f, e, p));
  for (PetscInt k = 0; k < p->nbus; k++) p->bus_index[k] = p->bus[k].bus->index;
  for (PetscInt k = 0; k < p->nsub; k++) p->sub_index[k] = p->sub[k].sub->index;
  for (PetscInt k = 0; k < p->nsection; k++) p->section_index[k] = p->section[k].sec->index;
  for (PetscInt k = 0; k < p->nbranch; k++) p->branch_index[k] = p->branch[k].br->index;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowPlanDestroy(OcFlowPlan *p)
{
  PetscFunctionBegin;
  PetscCall(PetscFree6(p->bus, p->branch, p->section, p->sub, p->dc_row, p->dc_v0));
  PetscCall(PetscFree5(p->dc_index, p->bus_index, p->sub_index, p->section_index, p->branch_index));
  PetscFunctionReturn(PETSC_SUCCESS);
}
