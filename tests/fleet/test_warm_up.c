/* The warm-up of a run starting mid-service (OcFleetWarmUp, src/fleet/warm_up.c): a fleet warmed
   up to T must have exactly the vehicles, at exactly the places, speeds, battery energies, states
   and charger sites, of the same fleet run alone from the scenario's start to T (both without
   the power flow, on the same grid of steps), and nothing accumulated before T: no finished
   trips, no trip energy, no route totals.
     test_warm_up -scenario good/scenario.yaml -at 06:30 */
#include "octest_run.h"
#include <ocparse.h>

enum {
  NF = 7 /* per trip: chainage, speed, motion mode, next stop; e-buses: battery energy, state, site */
};

/* Every trip's vehicle state on every rank (an e-bus: under its current trip, also parked or
   charging); -1e300 where the trip has no vehicle. */
static PetscErrorCode states(OcFleet fleet, PetscInt ntrips, PetscReal s[])
{
  PetscInt              n;
  const OcFleetVehicle *veh;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < NF * ntrips; k++) s[k] = -1e300;
  PetscCall(OcFleetGetVehicles(fleet, &n, &veh));
  for (PetscInt i = 0; i < n; i++) {
    PetscReal *w = s + NF * veh[i].trip;
    w[0]         = veh[i].motion.chainage_m;
    w[1]         = veh[i].motion.speed_mps;
    w[2]         = veh[i].motion.mode;
    w[3]         = veh[i].motion.next_stop;
    w[4]         = veh[i].block >= 0 ? veh[i].e_bat_j : 0;
    w[5]         = veh[i].state;
    w[6]         = veh[i].site;
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, s, (PetscMPIInt)(NF * ntrips), MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Nothing of before the start left in the warmed-up fleet. */
static PetscErrorCode check_cleared(OcFleet fleet, const OcScenarioData *d)
{
  PetscInt              n, finished;
  const OcFleetVehicle *veh;
  PetscReal            *e_line, *e_regen, *e_aux, e = 0;

  PetscFunctionBegin;
  PetscCall(OcFleetGetVehicles(fleet, &n, &veh));
  for (PetscInt i = 0; i < n; i++) e += veh[i].e_line_j + veh[i].e_regen_j + veh[i].e_aux_j + veh[i].e_brake_mech_j + veh[i].e_charged_j;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &e, 1, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
  PetscCall(OcFleetGetCounts(fleet, NULL, &finished));
  PetscCall(PetscMalloc3(d->nroutes, &e_line, d->nroutes, &e_regen, d->nroutes, &e_aux));
  PetscCall(OcFleetGetRouteEnergy(fleet, e_line, e_regen, e_aux));
  for (PetscInt k = 0; k < d->nroutes; k++) e += e_line[k] + e_regen[k] + e_aux[k];
  PetscCall(PetscFree3(e_line, e_regen, e_aux));
  PetscCheck(e == 0 && finished == 0, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "the warm-up left %g J of accounts and %" PetscInt_FMT " finished trips", (double)e, finished);
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  char                  path[PETSC_MAX_PATH_LEN], at[32] = "", a[32], b[32];
  OcTestRun             run;
  const OcScenarioData *d;
  OcFleet               alone, warm;
  PetscReal             t_at, t_begin, *sa, *sw;
  PetscInt              ntrips, n_under_way, on_road = 0;
  const OcFleetTrip    *trip;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", path, sizeof path, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-at", at, sizeof at, NULL));
  PetscCheck(OcParseClock(at, &t_at), PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "-at: expected a clock time");
  PetscCall(OcTestRunCreate(path, PETSC_FALSE, &run));
  d     = run.d;
  alone = run.fleet;
  PetscCall(OcFleetCreate(run.net, &warm));
  PetscCall(OcFleetSetUp(warm));
  for (PetscInt k = 0; d->start_s + k * d->time_step_s < t_at - 1e-9; k++) {
    PetscCall(OcFleetAdvance(alone, d->start_s + k * d->time_step_s, d->time_step_s));
    PetscCall(OcFleetCharge(alone, d->start_s + k * d->time_step_s, d->time_step_s));
  }
  PetscCall(OcFleetWarmUp(warm, t_at, d->time_step_s, &n_under_way, &t_begin));
  PetscCall(check_cleared(warm, d));
  PetscCall(OcFleetGetTrips(alone, &ntrips, &trip));
  PetscCall(PetscMalloc2(NF * ntrips, &sa, NF * ntrips, &sw));
  PetscCall(states(alone, ntrips, sa));
  PetscCall(states(warm, ntrips, sw));
  for (PetscInt i = 0; i < ntrips; i++) {
    for (PetscInt k = 0; k < NF; k++)
      PetscCheck(sa[NF * i + k] == sw[NF * i + k], PETSC_COMM_WORLD, PETSC_ERR_PLIB, "trip %" PetscInt_FMT " (route %s): state %" PetscInt_FMT " is %.17g warmed up, %.17g run from the start", i, d->route[trip[i].route].id, k, (double)sw[NF * i + k], (double)sa[NF * i + k]);
    on_road += sa[NF * i] > -1e299;
  }
  OcFormatClock(t_at, a, sizeof a);
  OcFormatClock(t_begin, b, sizeof b);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "at %s: %" PetscInt_FMT " trips under way, warm-up from %s; %" PetscInt_FMT " vehicles, each as in the run from the start\n", a, n_under_way, b, on_road));
  PetscCall(PetscFree2(sa, sw));
  PetscCall(OcFleetDestroy(&warm));
  PetscCall(OcTestRunDestroy(&run));
  PetscCall(PetscFinalize());
  return 0;
}
