#include "flow_impl.h"

/* The lowest DC node voltage, and the node highest relative to its Umax2, at the current
   iterate over all ranks (MPI_MINLOC, MPI_MAXLOC). */
static PetscErrorCode extreme_dc_nodes(OcFlow f, OcFlowReport *r)
{
  const PetscScalar *x;
  Vec                lx;
  PetscInt           vStart, vEnd;
  PetscBool          ghost;
  struct {
    double v;
    int    node;
  } local = {PETSC_MAX_REAL, -1}, global, high = {-PETSC_MAX_REAL, -1}, ghigh;

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(f->dm, &lx));
  PetscCall(DMGlobalToLocal(f->dm, f->X, INSERT_VALUES, lx));
  PetscCall(VecGetArrayRead(lx, &x));
  PetscCall(DMNetworkGetVertexRange(f->dm, &vStart, &vEnd));
  for (PetscInt v = vStart; v < vEnd; v++) {
    OcFlowComp c;
    PetscCall(DMNetworkIsGhostVertex(f->dm, v, &ghost));
    if (ghost) continue;
    PetscCall(OcFlowFindComp(f, v, f->keys->dc_node, &c));
    if (!c.data) continue;
    {
      const OcNetDcNode *n     = (const OcNetDcNode *)c.data;
      double             u     = (double)(x[c.loff] * n->u_nominal_v);
      double             ratio = u / (double)f->sc->dc_system[n->system].umax2_v;
      if (u < local.v || (u == local.v && n->index < local.node)) {
        local.v    = u;
        local.node = (int)n->index;
      }
      if (ratio > high.v) {
        high.v    = ratio;
        high.node = (int)n->index;
      }
    }
  }
  PetscCall(VecRestoreArrayRead(lx, &x));
  PetscCall(DMRestoreLocalVector(f->dm, &lx));
  PetscCallMPI(MPI_Allreduce(&local, &global, 1, MPI_DOUBLE_INT, MPI_MINLOC, f->comm));
  PetscCallMPI(MPI_Allreduce(&high, &ghigh, 1, MPI_DOUBLE_INT, MPI_MAXLOC, f->comm));
  r->dc_high_node = ghigh.node;
  r->dc_high_v    = ghigh.node >= 0 ? ghigh.v * f->sc->dc_system[f->sc->dc_node[ghigh.node].system].umax2_v : 0;
  r->unphysical   = ghigh.node >= 0 && ghigh.v > 2 ? PETSC_TRUE : PETSC_FALSE;
  r->dc_node      = global.node;
  r->dc_node_v    = global.v;
  r->dc_system    = global.node >= 0 ? f->sc->dc_node[global.node].system : -1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Requested vehicle power in DC system sys, and the section that failed last, over all ranks. */
static PetscErrorCode system_load(OcFlow f, OcFlowReport *r)
{
  PetscReal load = 0;
  PetscInt  fail[2];

  PetscFunctionBegin;
  for (PetscInt s = 0; s < f->plan.nsection; s++) {
    const OcPlanSection *ps = &f->plan.section[s];
    if (f->sc->dc_node[f->sc->dc_section[ps->sec->index].from].system != r->dc_system) continue;
    for (PetscInt k = f->veh_start[ps->e - f->eStart]; k < f->veh_start[ps->e - f->eStart + 1]; k++) load += f->veh_p[k];
  }
  PetscCallMPI(MPI_Allreduce(&load, &r->system_load_w, 1, MPIU_REAL, MPI_SUM, f->comm));
  PetscCallMPI(MPI_Allreduce(&f->fail_section, &fail[0], 1, MPIU_INT, MPI_MAX, f->comm));
  fail[1] = f->fail_section == fail[0] ? f->fail_vehicle : -1;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &fail[1], 1, MPIU_INT, MPI_MAX, f->comm));
  r->section = fail[0];
  r->vehicle = fail[1];
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The warm start, made safe: a DC node above its system's no-load voltage (left there by
   braking vehicles) starts at that voltage. Above it the diode rectifiers are blocked and
   hold the network only through their leakage g_off; a constant-power load there makes Newton
   climb away from the conducting solution (P/V falls as V rises). From the no-load voltage
   (every rectifier on its kink) Newton finds either side. */
static PetscErrorCode clamp_dc_start(OcFlow f)
{
  PetscScalar *x;

  PetscFunctionBegin;
  PetscCall(VecGetArray(f->X, &x));
  for (PetscInt k = 0; k < f->plan.ndc; k++) x[f->plan.dc_row[k]] = PetscMin(x[f->plan.dc_row[k]], f->plan.dc_v0[k]);
  PetscCall(VecRestoreArray(f->X, &x));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The linear solver made anew with the same settings: after a failed solve it must not inherit
   a failed factorization (MUMPS cannot refactor after a zero pivot, and a redundant PC keeps its
   inner failure). */
static PetscErrorCode renew_linear_solver(OcFlow f)
{
  KSP ksp;

  PetscFunctionBegin;
  PetscCall(KSPCreate(f->comm, &ksp));
  PetscCall(KSPSetOptionsPrefix(ksp, "oc_flow_"));
  PetscCall(SNESSetKSP(f->snes, ksp));
  PetscCall(KSPDestroy(&ksp));
  PetscCall(OcFlowSetSolverDefaults(f));
  PetscCall(SNESSetFromOptions(f->snes));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The second start, after a failed first one: the last solution with every DC node at most
   OC_FLOW_RESTART_DC of its system's no-load voltage, where the rectifiers conduct. The warm
   start can leave a line that braking vehicles held in their cut-back above the actual
   rectifier U0 (u0_v times an AC voltage below 1 pu): blocked rectifiers there hold it only
   through their leakage, and a vehicle drawing power again pulls Newton up, away from the
   solution just below U0 (the default city with line O5 fed by diode rectifiers only). */
#define OC_FLOW_RESTART_DC 0.95
static PetscErrorCode conducting_start(OcFlow f, Vec x_prev)
{
  PetscScalar *x;

  PetscFunctionBegin;
  PetscCall(VecCopy(x_prev, f->X));
  PetscCall(VecGetArray(f->X, &x));
  for (PetscInt k = 0; k < f->plan.ndc; k++) x[f->plan.dc_row[k]] = PetscMin(PetscRealPart(x[f->plan.dc_row[k]]), OC_FLOW_RESTART_DC * f->plan.dc_v0[k]);
  PetscCall(VecRestoreArray(f->X, &x));
  f->veh_warm = PETSC_FALSE; /* nothing of the failed run: the same answer on any rank count */
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowSolve(OcFlow f, OcFlowReport *r)
{
  SNESConvergedReason reason;
  Vec                 x_prev;

  PetscFunctionBegin;
  PetscCall(OcLogEventBegin(OC_EVENT_FLOW_SOLVE));
  PetscCall(PetscMemzero(r, sizeof *r));
  PetscCall(VecDuplicate(f->X, &x_prev));
  PetscCall(VecCopy(f->X, x_prev));
  PetscCall(clamp_dc_start(f));
  PetscCall(SNESSolve(f->snes, NULL, f->X));
  PetscCall(SNESGetConvergedReason(f->snes, &reason));
  /* Where a run fails depends on rounding, so only the second run's iterations are reported
     (iterations of the run that gave the answer): rank-independent. */
  if (reason <= 0) {
    PetscCall(renew_linear_solver(f));
    PetscCall(conducting_start(f, x_prev));
    PetscCall(SNESSolve(f->snes, NULL, f->X));
    PetscCall(SNESGetConvergedReason(f->snes, &reason));
  }
  PetscCall(SNESGetIterationNumber(f->snes, &r->iterations));
  PetscCall(VecNorm(f->F, NORM_INFINITY, &r->residual_pu));
  r->status  = reason > 0 ? OC_FLOW_CONVERGED : OC_FLOW_DIVERGED;
  r->section = r->vehicle = -1;
  PetscCall(extreme_dc_nodes(f, r));
  r->unphysical = (PetscBool)(r->unphysical && r->status == OC_FLOW_CONVERGED);
  if (r->unphysical) r->status = OC_FLOW_DIVERGED;
  if (r->status == OC_FLOW_DIVERGED) {
    PetscCall(system_load(f, r));
    /* The next solve must not start from a failed iterate. */
    PetscCall(VecCopy(x_prev, f->X));
    PetscCall(renew_linear_solver(f));
  }
  PetscCall(VecDestroy(&x_prev));
  PetscCall(OcLogEventEnd(OC_EVENT_FLOW_SOLVE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowCheckReport(OcFlow f, const OcFlowReport *r)
{
  char where[512] = "", section[256] = "";

  PetscFunctionBegin;
  if (r->status == OC_FLOW_CONVERGED) PetscFunctionReturn(PETSC_SUCCESS);
  if (r->unphysical) {
    const OcDcSystem *sys = &f->sc->dc_system[f->sc->dc_node[r->dc_high_node].system];
    SETERRQ(f->comm, PETSC_ERR_NOT_CONVERGED, "the power flow has no physical solution at t = %.1f s: DC node '%s' of system '%s' would be at %.0f V, more than twice Umax2 (%g V); braking power has nowhere to go (blocked diode rectifiers and no receptive vehicle). Enable the vehicles' regeneration cut-back or add a reversible substation",
            (double)f->t_s, f->sc->dc_node[r->dc_high_node].id, sys->id, (double)r->dc_high_v, (double)sys->umax2_v);
  }
  /* Newton climbing above Umax2: blocked diode rectifiers, constant-power loads. */
  if (r->dc_high_node >= 0 && r->dc_high_v > f->sc->dc_system[f->sc->dc_node[r->dc_high_node].system].umax2_v) {
    const OcDcSystem *sys = &f->sc->dc_system[f->sc->dc_node[r->dc_high_node].system];
    SETERRQ(f->comm, PETSC_ERR_NOT_CONVERGED, "the power flow has no solution at t = %.1f s: Newton stopped after %" PetscInt_FMT " iterations with a residual of %.3g pu, DC node '%s' of system '%s' at %.0f V at the last iterate, above Umax2 (%.0f V): the iteration climbed above the rectifiers' no-load voltage, where blocked diode rectifiers hold the line only through their leakage and the vehicles' constant-power loads pull it further up (a known weakness of the solver, met on a line with few vehicles after braking); a reversible substation in the system avoids it",
            (double)f->t_s, r->iterations, (double)r->residual_pu, f->sc->dc_node[r->dc_high_node].id, sys->id, (double)r->dc_high_v, (double)sys->umax2_v);
  }
  if (r->dc_system >= 0)
    PetscCall(PetscSNPrintf(where, sizeof where, "; DC system '%s' is lowest at node '%s' (%.1f V at the last iterate) with vehicles requesting %.3f MW in total", f->sc->dc_system[r->dc_system].id, f->sc->dc_node[r->dc_node].id, (double)r->dc_node_v, (double)(r->system_load_w / 1e6)));
  if (r->section >= 0) PetscCall(PetscSNPrintf(section, sizeof section, "; section '%s' cannot deliver its vehicles' power (voltage collapse; vehicle %" PetscInt_FMT " has the lowest voltage)", f->sc->dc_section[r->section].id, r->vehicle));
  SETERRQ(f->comm, PETSC_ERR_NOT_CONVERGED, "the power flow has no solution at t = %.1f s: Newton stopped after %" PetscInt_FMT " iterations with a residual of %.3g pu%s%s. Enable current limitation, lower the demand or reinforce the supply",
          (double)f->t_s, r->iterations, (double)r->residual_pu, where, section);
}
