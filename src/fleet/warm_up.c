#include <math.h>
#include "fleet_impl.h"

/* Vehicles on the road at the start of a run that begins mid-service. Without a warm-up, trips
   that departed before the start would not run at all, and the first hour of a peak-hour study
   would miss them. The fleet first runs alone -- no power flow: full traction power (lag 1),
   batteries and chargers as usual -- from the departure of the earliest trip still under way at
   the start, then clears what it accumulated, so that the run's accounts, records and statistics
   begin at the start. A trip is under way when a lone run of it (the motion kernel alone, with
   its timetable, at the run's time step) is still going at the start; trips that departed more
   than OC_TRIP_MAX_S earlier are not considered. Battery e-buses are warmed up whole:
   the warm-up begins no later than the first departure of every block that started before the
   start (within OC_FLEET_WARM_UP_BLOCK_S), so that each bus comes into the window with the charge
   its day so far left it -- on a trip, in a layover or charging at a depot after its block. */

#define OC_FLEET_WARM_UP_BLOCK_S (24 * 3600.0)

/* When a lone run of trip i, departing on time, reaches its last stop (INFINITY: not within
   OC_TRIP_MAX_S). */
static PetscReal lone_arrival(OcFleet f, PetscInt i, PetscReal dt_s)
{
  const OcFleetTrip *tr  = &f->trip[i];
  const OcMotionTrip mt  = OcFleetMotionTrip(f, i);
  const PetscReal    lag = 1;
  OcMotionState      s;

  OcKernelMotionStart(&mt, &s);
  s.depart_s = tr->departure_s;
  for (PetscReal t = tr->departure_s; t < tr->departure_s + OC_TRIP_MAX_S; t += dt_s) {
    OcMotionStepOutput o;
    OcKernelMotionStep(1, &f->type[tr->vehicle_type], &mt, &lag, t, dt_s, &s, &o);
    if (s.mode == OC_MOTION_FINISHED) return o.t_arrival_s;
  }
  return PETSC_INFINITY;
}

/* The earliest departure of the trips under way at t0 and of the e-bus blocks started before it
   (t0 if none), and how many trips are under way. A headway trip's lone run depends only on its
   route and vehicle type: one run serves them all. */
static PetscErrorCode earliest_under_way(OcFleet f, PetscReal t0, PetscReal dt_s, PetscReal *t_first, PetscInt *n)
{
  const PetscInt ntypes = f->sc->nvehicle_types;
  PetscReal     *run_s; /* per (route, type): lone running time of a headway trip, NaN: not yet */

  PetscFunctionBegin;
  *t_first = t0;
  *n       = 0;
  PetscCall(PetscMalloc1(f->sc->nroutes * ntypes, &run_s));
  for (PetscInt k = 0; k < f->sc->nroutes * ntypes; k++) run_s[k] = NAN;
  for (PetscInt i = 0; i < f->ntrips && f->trip[i].departure_s < t0; i++) {
    const OcFleetTrip *tr = &f->trip[i];
    PetscReal          end;
    /* A block's first trip (trips are in departure order) starts its bus's day. */
    if (tr->block >= 0 && tr->departure_s >= t0 - OC_FLEET_WARM_UP_BLOCK_S) *t_first = PetscMin(*t_first, tr->departure_s);
    /* A trace enters where it is at the start by itself (OcFleetTraceLive). */
    if (tr->trace >= 0 || tr->departure_s < t0 - OC_TRIP_MAX_S) continue;
    if (tr->timed >= 0) end = lone_arrival(f, i, dt_s);
    else {
      PetscReal *r = &run_s[tr->route * ntypes + tr->vehicle_type];
      if (PetscIsNanReal(*r)) *r = lone_arrival(f, i, dt_s) - tr->departure_s;
      end = tr->departure_s + *r;
    }
    if (end <= t0) continue;
    (*n)++;
    *t_first = PetscMin(*t_first, tr->departure_s);
  }
  PetscCall(PetscFree(run_s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* What the warm-up accumulated: trip accounts and statistics, finished trips, route totals,
   e-bus and charger totals. Positions, speeds, batteries and queues stay. */
static void clear_accounts(OcFleet f)
{
  for (PetscInt i = 0; i < f->nveh; i++) {
    OcFleetVehicle *v = &f->veh[i];
    v->e_line_j = v->e_regen_j = v->e_aux_j = v->e_brake_mech_j = 0;
    OcFleetElectricInit(&v->el);
    if (v->block < 0) continue;
    v->min_soc     = v->e_bat_j / f->battery[f->trip[v->trip].vehicle_type].capacity_j;
    v->e_charged_j = v->e_wire_j = 0;
  }
  f->nretired = 0;
  for (PetscInt k = 0; k < 3 * f->sc->nroutes; k++) f->route_e[k] = 0;
  for (PetscInt k = 0; k < f->nown; k++) f->charger[k].e_ac_j = f->charger[k].peak_p_w = f->charger[k].busy_s = 0;
}

PetscErrorCode OcFleetWarmUp(OcFleet f, PetscReal t0, PetscReal dt_s, PetscInt *n_under_way, PetscReal *t_begin)
{
  PetscReal t_first;
  PetscInt  nsteps;

  PetscFunctionBegin;
  PetscCheck(f->next_trip == 0 && f->nveh == 0, f->comm, PETSC_ERR_ORDER, "the warm-up comes before the fleet's first step");
  PetscCall(earliest_under_way(f, t0, dt_s, &t_first, n_under_way));
  /* On the run's grid of steps, so that the warm-up ends exactly at t0. */
  nsteps   = (PetscInt)ceil((t0 - t_first) / dt_s - 1e-9);
  *t_begin = t0 - nsteps * dt_s;
  for (PetscInt k = 0; k < nsteps; k++) {
    PetscCall(OcFleetAdvance(f, *t_begin + k * dt_s, dt_s));
    PetscCall(OcFleetCharge(f, *t_begin + k * dt_s, dt_s));
  }
  clear_accounts(f);
  PetscFunctionReturn(PETSC_SUCCESS);
}
