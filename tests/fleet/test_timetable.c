/* Timetabled trips (fleet.timetable) driven by the fleet alone: at every stop where a trip has
   a scheduled departure, the departure the vehicle plans on arrival (max(arrival + dwell,
   schedule), kernels/motion.h) must never be early, and must equal the schedule when the vehicle
   arrived in time. Prints, per route, the trips run and the departures seen, early, on time and
   late, then the first trip of each route stop by stop; the same on every rank count.
     test_timetable -scenario timetable/scenario.yaml
   With -closed_form (vehicles without running resistance or power limit on flat routes below
   their top speed), every departure seen is also checked against the hand calculation: a run of
   L m from standing to standing accelerates at a = F_max / m_eff and brakes at b, peaking at
   v = sqrt(2 L a b / (a + b)), so it takes v / a + v / b; the vehicle then leaves at
   max(arrival + dwell, schedule), late when the schedule is tighter than the run.
     test_timetable -scenario timetable_csv/scenario.yaml -closed_form
   With -not_run A,B,... the timetabled trips of those ids must not have run (no vehicle in
   service at any step): trips of another service day, or before the simulated window.
     test_timetable -scenario timetable_gtfs/scenario.yaml -closed_form -not_run EARLY,NEXTDAY */
#include "octest_run.h"
#include <ocparse.h>

/* Departures by the closed form for the trips seen (planned[i * maxstops + k], -PETSC_MAX_REAL
   where not seen), compared to the fleet's; prints every stop of each trip and fails beyond
   1e-6 s. */
static PetscErrorCode check_closed_form(const OcScenarioData *d, PetscInt ntrips, const OcFleetTrip trip[], PetscInt maxstops, const PetscReal planned[])
{
  PetscInt  checked = 0;
  PetscReal worst   = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < ntrips; i++) {
    const OcRoute       *rt;
    const OcVehicleType *vt = &d->vehicle_type[trip[i].vehicle_type];
    const PetscReal     *sched;
    PetscReal            a = vt->max_tractive_effort_n / (vt->mass_kg * (1 + vt->rotating_mass_factor)), b = vt->service_braking_mps2, dep;
    if (trip[i].timed < 0 || planned[i * maxstops + 1] == -PETSC_MAX_REAL) continue;
    PetscCheck(vt->davis_a_n == 0 && vt->davis_b_n_per_mps == 0 && vt->davis_c_n_per_mps2 == 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "-closed_form needs vehicles without running resistance");
    rt    = &d->route[trip[i].route];
    sched = d->timed_departure_s + d->timed_trip[trip[i].timed].first;
    dep   = sched[0];
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "trip %s on %s (closed form, s after midnight):\n", d->timed_trip[trip[i].timed].id, rt->id));
    for (PetscInt k = 1; k < rt->nstops; k++) {
      PetscInt  s = rt->first_stop + k;
      PetscReal L = d->stop_m[s] - d->stop_m[s - 1], v = PetscSqrtReal(2 * L * a * b / (a + b)), arrival = dep + v / a + v / b, p = planned[i * maxstops + k];
      PetscCheck(vt->max_power_w * vt->eta_traction >= vt->max_tractive_effort_n * v && v < vt->max_speed_kmh / 3.6, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "-closed_form needs runs below the corner and top speeds");
      if (k == rt->nstops - 1) {
        PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  %-10s arrives %.6f\n", d->stop_name[s], (double)arrival));
        break;
      }
      char when[32] = "-";
      dep           = PetscMax(arrival + d->stop_dwell_s[s], sched[k]);
      if (sched[k] > -PETSC_INFINITY) PetscCall(PetscSNPrintf(when, sizeof when, "%.0f", (double)sched[k]));
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  %-10s arrives %.6f, scheduled %s, departs %.6f (%s), fleet %.6f\n", d->stop_name[s], (double)arrival, when, (double)dep, dep > sched[k] ? "arrival + dwell" : "schedule", (double)p));
      PetscCheck(p != -PETSC_MAX_REAL, PETSC_COMM_SELF, PETSC_ERR_PLIB, "trip %s: no departure seen at stop %s", d->timed_trip[trip[i].timed].id, d->stop_name[s]);
      worst = PetscMax(worst, PetscAbsReal(p - dep));
      checked++;
    }
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "closed form: %" PetscInt_FMT " departures checked, max |error| %s 1e-6 s\n", checked, worst <= 1e-6 ? "<=" : ">"));
  PetscCheck(worst <= 1e-6, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "departures differ from the closed form by %g s", (double)worst);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The trips named by -not_run (ran[i]: trip i had a vehicle in service at some step) must not
   have run; prints, for each, whether the date's trips hold it and when it was scheduled. */
static PetscErrorCode check_not_run(const OcScenarioData *d, PetscInt ntrips, const OcFleetTrip trip[], const PetscInt ran[])
{
  char     *name[16];
  PetscInt  n = 16;
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetStringArray(NULL, NULL, "-not_run", name, &n, &set));
  for (PetscInt k = 0; k < n; k++) {
    PetscInt held = 0;
    for (PetscInt i = 0; i < ntrips; i++) {
      char      when[32];
      PetscBool match;
      if (trip[i].timed < 0) continue;
      PetscCall(PetscStrcmp(d->timed_trip[trip[i].timed].id, name[k], &match));
      if (!match) continue;
      held++;
      OcFormatClock(trip[i].departure_s, when, sizeof when);
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "trip %s: scheduled from %s on %s, %s\n", name[k], when, d->route[trip[i].route].id, ran[i] ? "run" : "not run"));
      PetscCheck(!ran[i], PETSC_COMM_WORLD, PETSC_ERR_PLIB, "trip %s (from %s) ran; it must not", name[k], when);
    }
    if (!held) PetscCall(PetscPrintf(PETSC_COMM_WORLD, "trip %s: not among the trips of the service date, not run\n", name[k]));
    PetscCall(PetscFree(name[k]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  char                  path[PETSC_MAX_PATH_LEN];
  OcTestRun             setup;
  const OcScenarioData *d;
  OcFleet               fleet;
  const OcFleetTrip    *trip;
  PetscInt              ntrips, maxstops = 0, finished;
  PetscReal            *planned;
  PetscInt             *ran;
  PetscBool             closed_form = PETSC_FALSE;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", path, sizeof path, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-closed_form", &closed_form, NULL));
  PetscCall(OcTestRunCreate(path, PETSC_FALSE, &setup));
  d     = setup.d;
  fleet = setup.fleet;
  PetscCall(OcFleetGetTrips(fleet, &ntrips, &trip));
  for (PetscInt r = 0; r < d->nroutes; r++) maxstops = PetscMax(maxstops, d->route[r].nstops);
  PetscCall(PetscMalloc1(ntrips * maxstops, &planned));
  PetscCall(PetscCalloc1(ntrips, &ran));
  for (PetscInt k = 0; k < ntrips * maxstops; k++) planned[k] = -PETSC_MAX_REAL;
  for (PetscReal t = d->start_s; t < d->end_s - 1e-9; t += d->time_step_s) {
    PetscInt              n;
    const OcFleetVehicle *veh;
    PetscCall(OcFleetAdvance(fleet, t, d->time_step_s));
    PetscCall(OcFleetGetVehicles(fleet, &n, &veh));
    for (PetscInt i = 0; i < n; i++) ran[veh[i].trip] = 1;
    for (PetscInt i = 0; i < n; i++)
      if (veh[i].motion.mode == OC_MOTION_DWELL) planned[veh[i].trip * maxstops + veh[i].motion.next_stop] = veh[i].motion.depart_s;
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, planned, (PetscMPIInt)(ntrips * maxstops), MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, ran, (PetscMPIInt)ntrips, MPIU_INT, MPI_MAX, PETSC_COMM_WORLD));
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
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  trip %s stop %s: scheduled %s, departs %s\n", d->timed_trip[trip[first].timed].id, d->stop_name[d->route[r].first_stop + k],
                            k + 1 < d->route[r].nstops && d->timed_departure_s[d->timed_trip[trip[first].timed].first + k] > -PETSC_INFINITY ? a : "-", k + 1 < d->route[r].nstops && planned[first * maxstops + k] > -PETSC_MAX_REAL ? b : "-"));
    }
  }
  if (closed_form) PetscCall(check_closed_form(d, ntrips, trip, maxstops, planned));
  PetscCall(check_not_run(d, ntrips, trip, ran));
  PetscCall(PetscFree(ran));
  PetscCall(PetscFree(planned));
  PetscCall(OcTestRunDestroy(&setup));
  PetscCall(PetscFinalize());
  return 0;
}
