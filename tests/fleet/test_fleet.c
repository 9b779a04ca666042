/* The fleet over a whole scenario: headway trips start, run their routes and finish, vehicles
   cross partition boundaries, and (with -with_flow) every step is one coupled power flow whose
   delivered power limits the next step's traction. The per-route totals must not depend on the
   rank count; identical trips on one route must use identical energy (checked in the program).
     test_fleet -scenario good/scenario.yaml [-with_flow] [-duration_s D] */
#include <ocfleet.h>

typedef struct {
  OcScenario            sc;
  const OcScenarioData *d;
  OcNet                 net;
  OcFlow                flow;
  OcFleet               fleet;
} Run;

static PetscErrorCode run_create(MPI_Comm comm, const char *path, Run *r)
{
  PetscFunctionBegin;
  PetscCall(OcScenarioCreate(comm, &r->sc));
  PetscCall(OcScenarioLoad(r->sc, path));
  PetscCall(OcScenarioGetData(r->sc, &r->d));
  PetscCall(OcNetCreate(comm, &r->net));
  PetscCall(OcNetSetScenario(r->net, r->d));
  PetscCall(OcNetSetFromOptions(r->net));
  PetscCall(OcNetSetUp(r->net));
  PetscCall(OcFlowCreate(r->net, &r->flow));
  PetscCall(OcFlowSetFromOptions(r->flow));
  PetscCall(OcFlowSetUp(r->flow));
  PetscCall(OcFleetCreate(r->net, &r->fleet));
  PetscCall(OcFleetSetUp(r->fleet));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode run_destroy(Run *r)
{
  PetscFunctionBegin;
  PetscCall(OcFleetDestroy(&r->fleet));
  PetscCall(OcFlowDestroy(&r->flow));
  PetscCall(OcNetDestroy(&r->net));
  PetscCall(OcScenarioRestoreData(r->sc, &r->d));
  PetscCall(OcScenarioDestroy(&r->sc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One time step: move, solve, feed back. Returns the peak vehicle count seen. */
static PetscErrorCode step(Run *r, PetscReal t, PetscReal dt, PetscBool with_flow, PetscInt *peak, PetscReal *v_min)
{
  PetscInt                  n, nst, in_service;
  const OcFlowVehicle      *veh;
  const OcFlowVehicleState *st;
  OcFlowReport              rep;

  PetscFunctionBegin;
  PetscCall(OcFleetAdvance(r->fleet, t, dt));
  PetscCall(OcFleetGetCounts(r->fleet, &in_service, NULL));
  *peak = PetscMax(*peak, in_service);
  if (!with_flow) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcFleetGetFlowVehicles(r->fleet, &n, &veh));
  PetscCall(OcFlowSetTime(r->flow, t + dt));
  PetscCall(OcFlowSetVehicles(r->flow, n, veh));
  PetscCall(OcFlowSolve(r->flow, &rep));
  PetscCall(OcFlowCheckReport(r->flow, &rep));
  PetscCall(OcFlowGetVehicleStates(r->flow, &nst, &st));
  PetscCall(OcFleetSetReceived(r->fleet, nst, st));
  for (PetscInt k = 0; k < nst; k++) *v_min = PetscMin(*v_min, st[k].u_v);
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  char               path[PETSC_MAX_PATH_LEN];
  PetscBool          with_flow  = PETSC_FALSE;
  PetscReal          duration_s = PETSC_MAX_REAL, end_s;
  Run                r;
  PetscInt           peak = 0, finished, ntrips, *count;
  PetscReal         *e_line, *e_regen, *e_aux, v_min = PETSC_MAX_REAL;
  const OcFleetTrip *trip;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", path, sizeof path, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-with_flow", &with_flow, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-duration_s", &duration_s, NULL));
  PetscCall(run_create(PETSC_COMM_WORLD, path, &r));
  end_s = PetscMin(r.d->end_s, r.d->start_s + duration_s);
  for (PetscReal t = r.d->start_s; t < end_s - 1e-9; t += r.d->time_step_s) PetscCall(step(&r, t, r.d->time_step_s, with_flow, &peak, &v_min));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &v_min, 1, MPIU_REAL, MPI_MIN, PETSC_COMM_WORLD));
  PetscCall(OcFleetGetCounts(r.fleet, NULL, &finished));
  PetscCall(OcFleetGetTrips(r.fleet, &ntrips, &trip));
  PetscCall(PetscMalloc4(r.d->nroutes, &e_line, r.d->nroutes, &e_regen, r.d->nroutes, &e_aux, r.d->nroutes, &count));
  PetscCall(OcFleetGetRouteEnergy(r.fleet, e_line, e_regen, e_aux));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%" PetscInt_FMT " trips, %" PetscInt_FMT " finished, at most %" PetscInt_FMT " vehicles in service\n", ntrips, finished, peak));
  for (PetscInt k = 0; k < r.d->nroutes; k++)
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "route %s: line %.6f kWh, regen offered %.6f kWh, auxiliaries %.6f kWh\n", r.d->route[k].id, (double)(e_line[k] / 3.6e6), (double)(e_regen[k] / 3.6e6), (double)(e_aux[k] / 3.6e6)));
  if (with_flow) PetscCall(PetscPrintf(PETSC_COMM_WORLD, "lowest pantograph voltage %.2f V\n", (double)v_min));
  PetscCall(PetscFree4(e_line, e_regen, e_aux, count));
  PetscCall(run_destroy(&r));
  PetscCall(PetscFinalize());
  return 0;
}
