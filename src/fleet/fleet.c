#include <math.h>
#include "fleet_impl.h"

PetscErrorCode OcFleetCreate(OcNet net, OcFleet *fleet)
{
  OcFleet f;
  DM      dm;

  PetscFunctionBegin;
  PetscCall(PetscNew(&f));
  PetscCall(OcNetGetDM(net, &dm));
  PetscCall(PetscObjectGetComm((PetscObject)dm, &f->comm));
  PetscCallMPI(MPI_Comm_rank(f->comm, &f->rank));
  PetscCallMPI(MPI_Comm_size(f->comm, &f->size));
  f->net = net;
  PetscCall(OcNetGetScenario(net, &f->sc));
  *fleet = f;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The kernel's view of each route: its segments and stops, in the scenario's arrays. */
static void motion_route(const OcScenarioData *d, const OcRoute *r, OcMotionRoute *m)
{
  m->n_grade        = (int)r->ngrade;
  m->grade_start_m  = d->grade_start_m ? d->grade_start_m + r->first_grade : NULL;
  m->grade          = d->grade ? d->grade + r->first_grade : NULL;
  m->n_curve        = (int)r->ncurve;
  m->curve_start_m  = d->curve_start_m ? d->curve_start_m + r->first_curve : NULL;
  m->curve_radius_m = d->curve_radius_m ? d->curve_radius_m + r->first_curve : NULL;
  m->n_limit        = (int)r->nlimit;
  m->limit_start_m  = d->limit_start_m ? d->limit_start_m + r->first_limit : NULL;
  m->limit_mps      = d->limit_mps ? d->limit_mps + r->first_limit : NULL;
  m->n_stop         = (int)r->nstops;
  m->stop_m         = d->stop_m + r->first_stop;
  m->dwell_s        = d->stop_dwell_s + r->first_stop;
}

_Static_assert(OC_ETA_CURVE_MAX <= OC_MOTION_ETA_MAX_POINTS, "the scenario's efficiency curves must fit the motion kernel's");

static void eta_curve(const OcEtaCurve *c, OcMotionEtaCurve *m)
{
  *m   = (OcMotionEtaCurve){0, {0}, {0}};
  m->n = (int)c->n;
  for (PetscInt k = 0; k < c->n; k++) {
    m->v_mps[k] = c->v_mps[k];
    m->eta[k]   = c->eta[k];
  }
}

_Static_assert(OC_ETA_MAP_MAX <= OC_MOTION_ETA_MAP_MAX, "the scenario's efficiency maps must fit the motion kernel's");

/* A map of the scenario for the kernel; NULL where the type has none. */
static const OcMotionEtaMap *eta_map(const OcEtaMap *c, OcMotionEtaMap *m)
{
  *m = (OcMotionEtaMap){.n_v = (int)c->n_v, .n_x = (int)c->n_x};
  for (PetscInt j = 0; j < c->n_x; j++) m->x[j] = c->x[j];
  for (PetscInt i = 0; i < c->n_v; i++) {
    m->v_mps[i] = c->v_mps[i];
    for (PetscInt j = 0; j < c->n_x; j++) m->eta[i][j] = c->eta[i][j];
  }
  return c->n_v > 0 ? m : NULL;
}

static void motion_vehicle(const OcVehicleType *t, OcMotionVehicle *m)
{
  m->mass_kg              = t->mass_kg;
  m->rotating_mass_factor = t->rotating_mass_factor;
  m->davis_a_n            = t->davis_a_n;
  m->davis_b_n_per_mps    = t->davis_b_n_per_mps;
  m->davis_c_n_per_mps2   = t->davis_c_n_per_mps2;
  m->f_max_n              = t->max_tractive_effort_n;
  m->p_max_w              = t->max_power_w;
  m->p_regen_max_w        = t->max_regen_power_w;
  m->f_brake_max_n        = t->max_electric_brake_n;
  m->b_service_mps2       = t->service_braking_mps2;
  m->eta_traction         = t->eta_traction;
  m->eta_braking          = t->eta_braking;
  eta_curve(&t->eta_traction_curve, &m->eta_traction_curve);
  eta_curve(&t->eta_braking_curve, &m->eta_braking_curve);
  m->p_aux_w     = t->aux_power_w;
  m->v_max_mps   = t->max_speed_kmh / 3.6;
  m->curve_model = t->kind == OC_VEHICLE_TROLLEYBUS || t->kind == OC_VEHICLE_EBUS ? OC_MOTION_CURVE_NONE : OC_MOTION_CURVE_ROECKL;
}

/* Line-side behaviour of a vehicle type on a DC system (assumed defaults, docs/scenario.md):
   full current at and above Umin1, none at 0.8 Umin1; regeneration cut back from Umax1 to
   nothing at Umax2 (EN 50163 limits of the system). The current limit at full voltage is the
   type's, or 1.2 times its power, auxiliaries and (with a battery) charging power at the nominal
   voltage. */
static void electric_params(const OcVehicleType *t, const OcDcSystem *sys, OcDcVehicleParams *e)
{
  const PetscReal p_charge = OcVehicleHasBattery(t) ? OcVehicleChargePower(t) : 0;
  e->i_max_a               = t->max_line_current_a > 0 ? t->max_line_current_a : 1.2 * (t->max_power_w + t->aux_power_w + p_charge) / sys->u_nominal_v;
  e->u_lim_full_v          = sys->umin1_v;
  e->u_lim_zero_v          = 0.8 * sys->umin1_v;
  e->u_regen_start_v       = sys->umax1_v;
  e->u_regen_cut_v         = sys->umax2_v;
  e->u_floor_v             = 0.05 * sys->u_nominal_v;
}

/* Which rank owns each DC section: every rank knows its own; a max-reduction tells all. */
static PetscErrorCode section_owners(OcFleet f)
{
  const OcScenarioData *d = f->sc;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(d->ndc_sections, &f->section_owner));
  for (PetscInt s = 0; s < d->ndc_sections; s++) {
    PetscInt e;
    PetscCall(OcNetFindSection(f->net, s, &e));
    f->section_owner[s] = e >= 0 ? f->rank : -1;
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, f->section_owner, (PetscMPIInt)d->ndc_sections, MPI_INT, MPI_MAX, f->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetSetUp(OcFleet f)
{
  const OcScenarioData *d = f->sc;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(d->nroutes, &f->route, d->nvehicle_types, &f->type, d->nvehicle_types * d->ndc_systems, &f->electric));
  PetscCall(PetscMalloc1(2 * d->nvehicle_types, &f->eta_map));
  for (PetscInt r = 0; r < d->nroutes; r++) motion_route(d, &d->route[r], &f->route[r]);
  for (PetscInt t = 0; t < d->nvehicle_types; t++) {
    motion_vehicle(&d->vehicle_type[t], &f->type[t]);
    f->type[t].eta_traction_map = eta_map(&d->vehicle_type[t].eta_traction_map, &f->eta_map[2 * t]);
    f->type[t].eta_braking_map  = eta_map(&d->vehicle_type[t].eta_braking_map, &f->eta_map[2 * t + 1]);
    for (PetscInt s = 0; s < d->ndc_systems; s++) electric_params(&d->vehicle_type[t], &d->dc_system[s], &f->electric[t * d->ndc_systems + s]);
  }
  PetscCall(PetscCalloc1(3 * d->nroutes, &f->route_e));
  PetscCall(section_owners(f));
  PetscCall(OcFleetBuildTrips(f));
  PetscCall(OcFleetSetUpTimedRunning(f));
  PetscCall(OcFleetSetUpCharging(f));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetReserve(OcFleet f, PetscInt n)
{
  PetscFunctionBegin;
  if (n <= f->cap) PetscFunctionReturn(PETSC_SUCCESS);
  f->cap = PetscMax(2 * f->cap, PetscMax(n, 64));
  PetscCall(PetscRealloc(sizeof(OcFleetVehicle) * f->cap, &f->veh));
  PetscCall(PetscRealloc(sizeof(OcFlowVehicle) * f->cap, &f->flow));
  PetscCall(PetscRealloc(sizeof(OcMotionStepOutput) * f->cap, &f->out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetGetScenario(OcFleet f, const OcScenarioData **d)
{
  PetscFunctionBegin;
  *d = f->sc;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetGetVehicles(OcFleet f, PetscInt *n, const OcFleetVehicle **veh)
{
  PetscFunctionBegin;
  *n   = f->nveh;
  *veh = f->veh;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetGetTrips(OcFleet f, PetscInt *n, const OcFleetTrip **trip)
{
  PetscFunctionBegin;
  *n    = f->ntrips;
  *trip = f->trip;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetGetCounts(OcFleet f, PetscInt *in_service, PetscInt *finished)
{
  PetscInt local[2] = {0, f->nretired}, global[2];

  PetscFunctionBegin;
  for (PetscInt i = 0; i < f->nveh; i++) local[0] += f->veh[i].state == OC_FLEET_RUNNING && !f->veh[i].in_depot;
  PetscCallMPI(MPI_Allreduce(local, global, 2, MPIU_INT, MPI_SUM, f->comm));
  if (in_service) *in_service = global[0];
  if (finished) *finished = global[1];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetGetRouteEnergy(OcFleet f, PetscReal e_line_j[], PetscReal e_regen_j[], PetscReal e_aux_j[])
{
  PetscInt   n = f->sc->nroutes;
  PetscReal *sum;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(3 * n, &sum));
  PetscCallMPI(MPI_Allreduce(f->route_e, sum, (PetscMPIInt)(3 * n), MPIU_REAL, MPI_SUM, f->comm));
  for (PetscInt r = 0; r < n; r++) {
    e_line_j[r]  = sum[3 * r];
    e_regen_j[r] = sum[3 * r + 1];
    e_aux_j[r]   = sum[3 * r + 2];
  }
  PetscCall(PetscFree(sum));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetDestroy(OcFleet *fleet)
{
  OcFleet f = *fleet;

  PetscFunctionBegin;
  if (!f) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree3(f->route, f->type, f->electric));
  PetscCall(PetscFree(f->eta_map));
  PetscCall(PetscFree(f->section_owner));
  PetscCall(PetscFree(f->route_e));
  PetscCall(PetscFree(f->trip));
  PetscCall(PetscFree(f->timed_arrival_s));
  PetscCall(OcFleetDestroyCharging(f));
  PetscCall(PetscFree(f->veh));
  PetscCall(PetscFree(f->flow));
  PetscCall(PetscFree(f->out));
  PetscCall(PetscFree(f->retired));
  PetscCall(PetscFree2(f->rec_trip, f->rec_src));
  PetscCall(PetscFree(*fleet));
  PetscFunctionReturn(PETSC_SUCCESS);
}
