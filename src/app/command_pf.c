/* ohmcity pf CASE.m: one AC power flow, like MATPOWER's runpf (Newton, polar form). */
#include <math.h>
#include <ocflow.h>
#include "ocapp.h"

/* Shares a bus's reactive generation among its generators in proportion to their reactive
   ranges, equally where a range is unbounded or empty (MATPOWER's pfsoln does the same). */
static void share_q(OcMpCase *c, PetscInt bus_id, PetscReal q_total)
{
  PetscReal qmin = 0, range = 0;
  PetscInt  n = 0;

  for (PetscInt g = 0; g < c->ngen; g++) {
    if (c->gen[g].bus != bus_id || c->gen[g].status <= 0) continue;
    n++;
    qmin += c->gen[g].qmin_mvar;
    range += c->gen[g].qmax_mvar - c->gen[g].qmin_mvar;
  }
  for (PetscInt g = 0; g < c->ngen; g++) {
    OcMpGen *gen = &c->gen[g];
    if (gen->bus != bus_id || gen->status <= 0) continue;
    if (isfinite(range) && range > 0) gen->qg_mvar = gen->qmin_mvar + (q_total - qmin) * (gen->qmax_mvar - gen->qmin_mvar) / range;
    else gen->qg_mvar = q_total / n;
  }
}

/* The slack's first generator takes what the others at its bus do not supply. */
static void set_slack_p(OcMpCase *c, PetscInt bus_id, PetscReal p_total)
{
  OcMpGen *first = NULL;

  for (PetscInt g = 0; g < c->ngen; g++) {
    if (c->gen[g].bus != bus_id || c->gen[g].status <= 0) continue;
    if (!first) first = &c->gen[g];
    else p_total -= c->gen[g].pg_mw;
  }
  if (first) first->pg_mw = p_total;
}

/* Rank 0 writes the solved case: voltages, and generation at PV and reference buses. */
static PetscErrorCode write_solved_case(const OcMpCase *in, const PetscReal *vm, const PetscReal *va, const PetscReal *p_gen, const PetscReal *q_gen, const char *path)
{
  OcMpCase c = *in;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(c.nbus, &c.bus, c.ngen, &c.gen));
  PetscCall(PetscArraycpy(c.bus, in->bus, c.nbus));
  PetscCall(PetscArraycpy(c.gen, in->gen, c.ngen));
  for (PetscInt i = 0; i < c.nbus; i++) {
    OcMpBus *b = &c.bus[i];
    b->vm_pu   = vm[i];
    b->va_deg  = va[i];
    if (b->type == OC_BUS_PV || b->type == OC_BUS_REF) share_q(&c, b->id, q_gen[i]);
    if (b->type == OC_BUS_REF) set_slack_p(&c, b->id, p_gen[i]);
  }
  c.bus_by_id = in->bus_by_id;
  PetscCall(OcMpCaseWrite(&c, path));
  PetscCall(PetscFree2(c.bus, c.gen));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode print_summary(MPI_Comm comm, const OcMpCase *c, const OcFlowReport *r, const OcFlowBalance *bal, const PetscReal *vm, const PetscReal *p_gen, const PetscReal *q_gen)
{
  PetscReal pd, pg = 0, qg = 0;
  PetscInt  lo = 0, hi = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < c->nbus; i++) {
    pg += p_gen[i];
    qg += q_gen[i];
    if (vm[i] < vm[lo]) lo = i;
    if (vm[i] > vm[hi]) hi = i;
  }
  pd = pg - bal->ac_w / 1e6; /* loads (after any -oc_flow_load_scale) take the rest */
  PetscCall(PetscPrintf(comm, "case '%s': %" PetscInt_FMT " buses, %" PetscInt_FMT " branches, %" PetscInt_FMT " generators, base %.6g MVA\n", c->name, c->nbus, c->nbranch, c->ngen, (double)c->base_mva));
  PetscCall(PetscPrintf(comm, "converged in %" PetscInt_FMT " Newton iterations, largest mismatch %.1e pu\n", r->iterations, (double)r->residual_pu));
  PetscCall(PetscPrintf(comm, "generation %.4f MW %.4f Mvar, load %.4f MW, losses %.4f MW\n", (double)pg, (double)qg, (double)pd, (double)(bal->ac_w / 1e6)));
  PetscCall(PetscPrintf(comm, "voltage magnitude from %.6f pu (bus %" PetscInt_FMT ") to %.6f pu (bus %" PetscInt_FMT ")\n", (double)vm[lo], c->bus[lo].id, (double)vm[hi], c->bus[hi].id));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode report(MPI_Comm comm, OcFlow flow, const OcScenarioData *d, const OcFlowReport *r)
{
  const OcMpCase *c = &d->ac;
  PetscReal      *vm, *va, *p, *q;
  OcFlowBalance   bal;
  PetscBool       quiet = PETSC_FALSE, buses = PETSC_FALSE, flg;
  char            out[PETSC_MAX_PATH_LEN];
  PetscMPIInt     rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-oc_quiet", &quiet, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-oc_pf_view_buses", &buses, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-oc_pf_output", out, sizeof out, &flg));
  PetscCall(PetscMalloc4(c->nbus, &vm, c->nbus, &va, c->nbus, &p, c->nbus, &q));
  PetscCall(OcFlowGetAcVoltages(flow, vm, va));
  PetscCall(OcFlowGetAcGeneration(flow, p, q));
  PetscCall(OcFlowGetBalance(flow, &bal));
  if (!quiet) PetscCall(print_summary(comm, c, r, &bal, vm, p, q));
  for (PetscInt i = 0; buses && i < c->nbus; i++) PetscCall(PetscPrintf(comm, "%" PetscInt_FMT " %.10f %.10f\n", c->bus[i].id, (double)vm[i], (double)va[i]));
  if (flg && rank == 0) PetscCall(write_solved_case(c, vm, va, p, q, out));
  PetscCall(PetscFree4(vm, va, p, q));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode solve_case(MPI_Comm comm, OcScenario sc)
{
  const OcScenarioData *d;
  OcNet                 net  = NULL;
  OcFlow                flow = NULL;
  OcFlowReport          r;

  PetscFunctionBegin;
  PetscCall(OcScenarioGetData(sc, &d));
  PetscCall(OcNetCreate(comm, &net));
  PetscCall(OcNetSetScenario(net, d));
  PetscCall(OcNetSetFromOptions(net));
  PetscCall(OcNetSetUp(net));
  PetscCall(OcFlowCreate(net, &flow));
  PetscCall(OcFlowSetFromOptions(flow));
  PetscCall(OcFlowSetUp(flow));
  PetscCall(OcFlowSolve(flow, &r));
  PetscCall(OcFlowCheckReport(flow, &r));
  PetscCall(report(comm, flow, d, &r));
  PetscCall(OcFlowDestroy(&flow));
  PetscCall(OcNetDestroy(&net));
  PetscCall(OcScenarioRestoreData(sc, &d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCommandPf(MPI_Comm comm, int argc, char **argv)
{
  const char    *path = NULL;
  OcScenario     sc;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(OcCommandOperand(comm, argc, argv, &path));
  PetscCall(OcScenarioCreate(comm, &sc));
  ierr = OcScenarioLoadCase(sc, path);
  if (!ierr) ierr = solve_case(comm, sc);
  PetscCall(OcScenarioDestroy(&sc));
  PetscCall(ierr);
  PetscFunctionReturn(PETSC_SUCCESS);
}
