/* Timetabled trips (fleet.timetable) driven by the fleet alone: at every stop where a trip has
   a scheduled departure, the departure the vehicle plans on arrival (max(arrival + dwell,
   schedule), kernels/motion.h) must never be early, and must equal the schedule when the vehicle
   arrived in time. Prints, per route, the trips run and the departures seen, early, on time and
   late, then the first trip of each route stop by stop; the same on every rank count.
     test_timetable -scenario timetable/scenario.yaml */
#include <ocfleet.h>
#include <ocparse.h>

int main(int argc, char **argv)
{
  char                  path[PETSC_MAX_PATH_LEN];
  OcScenario            sc;
  const OcScenarioData *d;
  OcNet                 net;
  OcFleet               fleet;
  const OcFleetTrip    *trip;
  PetscInt              ntrips, maxstops = 0, finished;
  PetscReal            *planned;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", path, sizeof path, NULL));
  PetscCall(OcScenarioCreate(PETSC_COMM_WORLD, &sc));
  PetscCall(OcScenarioLoad(sc, path));
  PetscCall(OcScenarioGetData(sc, &d));
  PetscCall(OcNetCreate(PETSC_COMM_WORLD, &net));
  PetscCall(OcNetSetScenario(net, d));
  PetscCall(OcNetSetFromOptions(net));
  PetscCall(OcNetSetUp(net));
  PetscCall(OcFleetCreate(net, &fleet));
  PetscCall(OcFleetSetUp(fleet));
  PetscCall(OcFleetGetTrips(fleet, &ntrips, &trip));
  for (PetscInt r = 0; r < d->nroutes; r++) maxstops = PetscMax(maxstops, d->route[r].nstops);
  PetscCall(PetscMalloc1(ntrips * maxstops, &planned));
  for (PetscInt k = 0; k < ntrips * maxstops; k++) planned[k] = -PETSC_MAX_REAL;
  for (PetscReal t = d->start_s; t < d->end_s - 1e-9; t += d->time_step_s) {
    PetscInt              n;
    const OcFleetVehicle *veh;
    PetscCall(OcFleetAdvance(fleet, t, d->time_step_s));
    PetscCall(OcFleetGetVehicles(fleet, &n, &veh));
    for (PetscInt i = 0; i < n; i++)
      if (veh[i].motion.mode == OC_MOTION_DWELL) planned[veh[i].trip * maxstops + veh[i].motion.next_stop] = veh[i].motion.depart_s;
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, planned, (PetscMPIInt)(ntrips * maxstops), MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  PetscCall(OcFleetGetCounts(fleet, NULL, &finished));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%" PetscInt_FMT " trips, %" PetscInt_FMT " finished\n", ntrips, finished));
  for (PetscInt r = 0; r < d->nroutes; r++) {
    PetscInt  run = 0, seen = 0, early = 0, on_time = 0, late = 0, first = -1;
    PetscReal worst = 0;
    for (PetscInt i = 0; i < ntrips; i++) {
      const PetscReal *sched;
      if (trip[i].route != r || trip[i].timed < 0) continue;
      sched = d->timed_departure_s + d->timed_trip[trip[i].timed].first;
      for (PetscInt k = 0; k < d->route[r].nstops; k++)
        if (planned[i * maxstops + k] > -PETSC_MAX_REAL) {
          run++; /* seen at a stop: it ran in the window */
          if (first < 0) first = i;
          break;
        }
      for (PetscInt k = 0; k < d->route[r].nstops; k++) {
        PetscReal p = planned[i * maxstops + k];
        if (p == -PETSC_MAX_REAL || sched[k] == -PETSC_INFINITY) continue;
        seen++;
        early += p < sched[k];
        on_time += p == sched[k];
        late += p > sched[k];
        worst = PetscMax(worst, p - sched[k]);
      }
    }
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "route %s: %" PetscInt_FMT " timetabled trips run, %" PetscInt_FMT " scheduled departures seen: %" PetscInt_FMT " early, %" PetscInt_FMT " on time, %" PetscInt_FMT " late (at most %.3f s)\n", d->route[r].id, run, seen, early, on_time, late, (double)worst));
    if (first < 0) continue;
    for (PetscInt k = 0; k < d->route[r].nstops; k++) {
      char a[32], b[32];
      OcFormatClock(d->timed_departure_s[d->timed_trip[trip[first].timed].first + k], a, sizeof a);
      OcFormatClock(planned[first * maxstops + k], b, sizeof b);
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  trip %s stop %s: scheduled %s, departs %s\n", d->timed_trip[trip[first].timed].id, d->stop_name[d->route[r].first_stop + k], k + 1 < d->route[r].nstops ? a : "-", k + 1 < d->route[r].nstops && planned[first * maxstops + k] > -PETSC_MAX_REAL ? b : "-"));
    }
  }
  PetscCall(PetscFree(planned));
  PetscCall(OcFleetDestroy(&fleet));
  PetscCall(OcNetDestroy(&net));
  PetscCall(OcScenarioRestoreData(sc, &d));
  PetscCall(OcScenarioDestroy(&sc));
  PetscCall(PetscFinalize());
  return 0;
}
