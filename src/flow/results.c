#include "flow_impl.h"

/* Results as global-size arrays on every rank: each rank writes what it owns, the rest is zero,
   and a sum puts them together. One reduction per call: for reports and tests, not per step. */

typedef PetscErrorCode (*VertexVisitor)(OcFlow, PetscInt v, const PetscScalar *x, PetscReal *out[], void *ctx);

static PetscErrorCode visit_owned(OcFlow f, VertexVisitor visit, PetscInt nout, PetscReal *out[], const PetscInt len[], void *ctx)
{
  Vec                lx;
  const PetscScalar *x;
  PetscInt           vStart, vEnd;
  PetscBool          ghost;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < nout; k++) PetscCall(PetscArrayzero(out[k], len[k]));
  PetscCall(DMGetLocalVector(f->dm, &lx));
  PetscCall(DMGlobalToLocal(f->dm, f->X, INSERT_VALUES, lx));
  PetscCall(VecGetArrayRead(lx, &x));
  PetscCall(DMNetworkGetVertexRange(f->dm, &vStart, &vEnd));
  for (PetscInt v = vStart; v < vEnd; v++) {
    PetscCall(DMNetworkIsGhostVertex(f->dm, v, &ghost));
    if (!ghost) PetscCall(visit(f, v, x, out, ctx));
  }
  PetscCall(VecRestoreArrayRead(lx, &x));
  PetscCall(DMRestoreLocalVector(f->dm, &lx));
  for (PetscInt k = 0; k < nout; k++) PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, out[k], (PetscMPIInt)len[k], MPIU_REAL, MPI_SUM, f->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ac_voltage(OcFlow f, PetscInt v, const PetscScalar *x, PetscReal *out[], void *ctx)
{
  OcFlowComp c;

  PetscFunctionBegin;
  PetscCall(OcFlowFindComp(f, v, f->keys->ac_bus, &c));
  if (!c.data) PetscFunctionReturn(PETSC_SUCCESS);
  out[0][((OcNetAcBus *)c.data)->index] = x[c.loff + 1];
  out[1][((OcNetAcBus *)c.data)->index] = x[c.loff] * 180 / PETSC_PI;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowGetAcVoltages(OcFlow f, PetscReal vm[], PetscReal va_deg[])
{
  PetscReal *out[2] = {vm, va_deg};
  PetscInt   len[2] = {f->sc->ac.nbus, f->sc->ac.nbus};

  PetscFunctionBegin;
  PetscCall(visit_owned(f, ac_voltage, 2, out, len, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode dc_voltage(OcFlow f, PetscInt v, const PetscScalar *x, PetscReal *out[], void *ctx)
{
  OcFlowComp c;

  PetscFunctionBegin;
  PetscCall(OcFlowFindComp(f, v, f->keys->dc_node, &c));
  if (c.data) out[0][((OcNetDcNode *)c.data)->index] = x[c.loff] * ((OcNetDcNode *)c.data)->u_nominal_v;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowGetDcVoltages(OcFlow f, PetscReal v_v[])
{
  PetscReal *out[1] = {v_v};
  PetscInt   len[1] = {f->sc->ndc_nodes};

  PetscFunctionBegin;
  PetscCall(visit_owned(f, dc_voltage, 1, out, len, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Substations are evaluated from the global voltages: the DC node's and its AC bus's. */
PetscErrorCode OcFlowGetSubstations(OcFlow f, PetscReal i_a[], PetscReal p_ac_w[], PetscReal q_ac_var[])
{
  const OcScenarioData *d = f->sc;
  PetscReal            *v, *vm, *va;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(d->ndc_nodes, &v, d->ac.nbus, &vm, d->ac.nbus, &va));
  PetscCall(OcFlowGetDcVoltages(f, v));
  if (d->has_ac) PetscCall(OcFlowGetAcVoltages(f, vm, va));
  for (PetscInt s = 0; s < d->nsubstations; s++) {
    const OcSubstation  *sub = &d->substation[s];
    OcDcSubstationParams par;
    OcDcSubstationEval   ev;
    PetscCall(OcNetGetSubstationParams(f->net, s, &par));
    OcKernelDcSubstationEvaluate(&par, v[sub->node], sub->ac_bus >= 0 ? vm[sub->ac_bus] : 1.0, &ev);
    i_a[s]      = ev.i_a;
    p_ac_w[s]   = ev.p_ac_w;
    q_ac_var[s] = ev.q_ac_var;
  }
  PetscCall(PetscFree3(v, vm, va));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Generation needed at each bus = the full balance of everything else there. */
static PetscErrorCode ac_generation(OcFlow f, PetscInt v, const PetscScalar *x, PetscReal *out[], void *ctx)
{
  const PetscScalar *bal = (const PetscScalar *)ctx;
  OcFlowComp         c;
  OcNetAcBus        *b;

  PetscFunctionBegin;
  PetscCall(OcFlowFindComp(f, v, f->keys->ac_bus, &c));
  if (!c.data) PetscFunctionReturn(PETSC_SUCCESS);
  b                = (OcNetAcBus *)c.data;
  out[0][b->index] = bal[c.loff] * f->base_w / 1e6;
  out[1][b->index] = bal[c.loff + 1] * f->base_w / 1e6;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowGetAcGeneration(OcFlow f, PetscReal p_mw[], PetscReal q_mvar[])
{
  PetscReal         *out[2] = {p_mw, q_mvar};
  PetscInt           len[2] = {f->sc->ac.nbus, f->sc->ac.nbus};
  Vec                B, lb;
  const PetscScalar *bal;

  PetscFunctionBegin;
  PetscCall(VecDuplicate(f->F, &B));
  f->balance_only = PETSC_TRUE;
  PetscCall(OcFlowFormFunction(f->snes, f->X, B, f));
  f->balance_only = PETSC_FALSE;
  PetscCall(DMGetLocalVector(f->dm, &lb));
  PetscCall(DMGlobalToLocal(f->dm, B, INSERT_VALUES, lb));
  PetscCall(VecGetArrayRead(lb, &bal));
  PetscCall(visit_owned(f, ac_generation, 2, out, len, (void *)bal));
  PetscCall(VecRestoreArrayRead(lb, &bal));
  PetscCall(DMRestoreLocalVector(f->dm, &lb));
  PetscCall(VecDestroy(&B));
  PetscFunctionReturn(PETSC_SUCCESS);
}
