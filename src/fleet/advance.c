#include <math.h>
#include <hvac.h>
#include "fleet_impl.h"

/* The DC section and position in it of a vehicle at its chainage (road routes and stretches
   without contact wire: none). */
PetscErrorCode OcFleetPlace(OcFleet f, OcFleetVehicle *v)
{
  const OcScenarioData *d  = f->sc;
  const OcRoute        *r  = &d->route[f->trip[v->trip].route];
  PetscInt              lo = r->first_section, hi = r->first_section + r->nsections - 1, k, s;
  PetscReal             x = v->motion.chainage_m, frac;

  PetscFunctionBegin;
  v->section = -1;
  v->s       = 0;
  if (r->system < 0) PetscFunctionReturn(PETSC_SUCCESS);
  while (lo < hi) { /* the last section starting at or before x */
    PetscInt mid = (lo + hi + 1) / 2;
    if (d->route_section_start_m[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  k = lo;
  s = d->route_section[k];
  if (s < 0) PetscFunctionReturn(PETSC_SUCCESS); /* a stretch without contact wire */
  frac       = PetscClipInterval((x - d->route_section_start_m[k]) / d->dc_section[s].length_m, 0.0, 1.0);
  v->section = s;
  v->s       = d->route_section_reverse[k] ? 1 - frac : frac;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A trip departing within [t_s, t_s + dt_s) starts, standing at its first stop, on the rank
   that owns that position. Trips that departed before the fleet's first step are not run (a run
   starting mid-service warms the fleet up from earlier, warm_up.c). An
   e-bus block starts with its first trip in the simulated time, the bus charged to its
   battery's soc_max (from the depot); its bus runs the block's later trips itself. */
static PetscErrorCode start_trips(OcFleet f, PetscReal t_s, PetscReal dt_s)
{
  PetscFunctionBegin;
  while (f->next_trip < f->ntrips && f->trip[f->next_trip].departure_s < t_s + dt_s) {
    PetscInt       i = f->next_trip++;
    OcFleetVehicle v;
    PetscInt       b = f->trip[i].block;
    /* A trace that began before still enters, where it is at t_s. */
    if (f->trip[i].trace >= 0 ? !OcFleetTraceLive(f, i, t_s) : f->trip[i].departure_s < t_s) continue;
    if (b >= 0 && f->block_started[b]) continue;
    if (b >= 0) f->block_started[b] = PETSC_TRUE;
    PetscCall(PetscMemzero(&v, sizeof v));
    v.trip  = i;
    v.lag   = 1;
    v.block = b;
    v.site  = -1;
    OcFleetElectricInit(&v.el);
    if (b >= 0) {
      const OcBatteryParams *bat = &f->battery[f->trip[i].vehicle_type];
      v.e_bat_j                  = bat->soc_max * bat->capacity_j;
      v.min_soc                  = bat->soc_max;
      v.t_stranded_s             = -1;
      v.charge.point             = -1;
    }
    if (f->trip[i].trace >= 0) PetscCall(OcFleetTracePlace(f, &v, PetscMax(t_s, f->trip[i].departure_s)));
    else {
      OcMotionTrip mt = OcFleetMotionTrip(f, i);
      OcKernelMotionStart(&mt, &v.motion);
      /* A headway trip's only schedule is its first departure; later stops end with their dwell. */
      v.motion.depart_s = f->trip[i].departure_s;
      PetscCall(OcFleetPlace(f, &v));
    }
    if (OcFleetOwner(f, &v) != f->rank) continue;
    PetscCall(OcFleetReserve(f, f->nveh + 1));
    f->veh[f->nveh++] = v;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void accumulate(OcFleetVehicle *v, const OcMotionStepOutput *o, PetscReal dt_s)
{
  /* A bus leaving the depot is in service from the step of its departure on. */
  if (v->in_depot && !PetscIsNanReal(o->t_departure_s)) v->in_depot = 0;
  const double e_aux = v->in_depot ? 0 : o->e_aux_j; /* switched off in the depot */
  v->p_req_w         = o->p_req_w;
  v->traction        = o->e_traction_j > 0 ? PETSC_TRUE : PETSC_FALSE;
  v->p_drive_w       = (o->e_line_traction_j + e_aux - o->e_line_regen_j) / dt_s;
  v->e_line_j += o->e_line_traction_j;
  v->e_regen_j += o->e_line_regen_j;
  v->e_aux_j += e_aux;
  v->e_brake_mech_j += o->e_brake_mech_j;
}

static int by_trip(const void *a, const void *b)
{
  PetscInt x = ((const OcFleetVehicle *)a)->trip, y = ((const OcFleetVehicle *)b)->trip;
  return (x > y) - (x < y);
}

/* Trip order makes every later step independent of the rank count. */
void OcFleetSortByTrip(OcFleet f)
{
  qsort(f->veh, (size_t)f->nveh, sizeof *f->veh, by_trip);
}

/* Every vehicle type's auxiliary power in the step, from the outside temperature at its middle
   (kernels/hvac.h, base aux_power_w); without a temperature profile it stays aux_power_w. */
static PetscReal aux_power(const OcVehicleType *t, PetscReal temp)
{
  const OcHvacParams par = {t->aux_power_w, t->hvac_t_heat_c, t->hvac_t_cool_c, t->hvac_k_heat_w_per_k, t->hvac_k_cool_w_per_k, t->hvac_heat_max_w, t->hvac_cool_max_w};
  return OcKernelHvacPower(&par, temp);
}

static void set_auxiliaries(OcFleet f, PetscReal t_s, PetscReal dt_s)
{
  const OcScenarioData *d = f->sc;
  PetscReal             temp;

  if (!d->ntemperature) return;
  temp = OcOutsideTemperature(d, t_s + dt_s / 2);
  for (PetscInt k = 0; k < d->nvehicle_types; k++) f->type[k].p_aux_w = aux_power(&d->vehicle_type[k], temp);
}

/* A trip that ends within the step is in service for s < dt_s of it: its auxiliaries take the
   outside temperature at the middle of those s, not of the step (the midpoint rule over its time
   in service, exact where the law is linear). */
static void last_step_auxiliaries(OcFleet f, PetscInt type, OcMotionStepOutput *o, PetscReal t_s, PetscReal dt_s)
{
  const OcScenarioData *d = f->sc;
  const PetscReal       p = f->type[type].p_aux_w, s = p > 0 ? o->e_aux_j / p : dt_s;
  PetscReal             e;

  if (!d->ntemperature || !(s < dt_s)) return;
  e = aux_power(&d->vehicle_type[type], OcOutsideTemperature(d, t_s + s / 2)) * s;
  o->p_req_w += (e - o->e_aux_j) / dt_s;
  o->e_aux_j = e;
}

PetscErrorCode OcFleetAdvance(OcFleet f, PetscReal t_s, PetscReal dt_s)
{
  PetscInt kept = 0;

  PetscFunctionBegin;
  PetscCall(OcLogEventBegin(OC_EVENT_FLEET_ADVANCE));
  f->t_s  = t_s + dt_s;
  f->dt_s = dt_s;
  set_auxiliaries(f, t_s, dt_s);
  PetscCall(start_trips(f, t_s, dt_s));
  for (PetscInt i = 0; i < f->nveh; i++) {
    OcFleetVehicle *v = &f->veh[i];
    OcMotionTrip    mt;
    if (v->state != OC_FLEET_RUNNING) { /* a parked or stranded battery vehicle stands still, switched off */
      v->p_req_w = v->p_drive_w = v->p_wire_w = 0;
      continue;
    }
    if (f->trip[v->trip].trace >= 0) {
      PetscCall(OcFleetTraceStep(f, v, t_s, dt_s));
      continue;
    }
    mt = OcFleetMotionTrip(f, v->trip);
    OcKernelMotionStep(1, &f->type[f->trip[v->trip].vehicle_type], &mt, &v->lag, t_s, dt_s, &v->motion, &f->out[i]);
    if (f->out[i].mode == OC_MOTION_FINISHED) last_step_auxiliaries(f, f->trip[v->trip].vehicle_type, &f->out[i], t_s, dt_s);
    accumulate(v, &f->out[i], dt_s);
    PetscCall(OcFleetPlace(f, v));
    OcFleetWireStep(f, v, dt_s);
  }
  /* Retire the vehicles that reached their last stop; an e-bus goes on with its block. */
  for (PetscInt i = 0; i < f->nveh; i++) {
    OcFleetVehicle *v = &f->veh[i];
    if (v->state == OC_FLEET_RUNNING && v->motion.mode == OC_MOTION_FINISHED) {
      if (f->trip[v->trip].route >= 0) { /* a trace by section has none */
        PetscReal *e = f->route_e + 3 * f->trip[v->trip].route;
        e[0] += v->e_line_j;
        e[1] += v->e_regen_j;
        e[2] += v->e_aux_j;
      }
      PetscCall(OcFleetRetire(f, v)); /* the trip's final record */
      if (v->block < 0) continue;
      OcFleetElectricInit(&v->el); /* the block's next trip has statistics of its own */
      PetscCall(OcFleetBlockTripEnd(f, v, t_s + dt_s));
    }
    f->veh[kept++] = f->veh[i];
  }
  f->nveh = kept;
  PetscCall(OcFleetMigrate(f));
  OcFleetSortByTrip(f);
  PetscCall(OcLogEventEnd(OC_EVENT_FLEET_ADVANCE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetGetFlowVehicles(OcFleet f, PetscInt *n, const OcFlowVehicle **flow)
{
  const OcScenarioData *d = f->sc;
  PetscInt              k = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < f->nveh; i++) {
    const OcFleetVehicle *v = &f->veh[i];
    PetscInt              t = f->trip[v->trip].vehicle_type;
    if (v->section < 0 || v->state != OC_FLEET_RUNNING) continue;
    f->flow[k++] = (OcFlowVehicle){v->trip, v->section, v->s, v->p_req_w, f->electric[t * d->ndc_systems + d->dc_section[v->section].system]};
  }
  *n    = k;
  *flow = f->flow;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The vehicle of a trip on this rank (vehicles are sorted by trip), or NULL. */
static OcFleetVehicle *find(OcFleet f, PetscInt trip)
{
  PetscInt lo = 0, hi = f->nveh - 1;
  while (lo <= hi) {
    PetscInt mid = (lo + hi) / 2;
    if (f->veh[mid].trip == trip) return &f->veh[mid];
    if (f->veh[mid].trip < trip) lo = mid + 1;
    else hi = mid - 1;
  }
  return NULL;
}

PetscErrorCode OcFleetSetReceived(OcFleet f, PetscInt n, const OcFlowVehicleState st[])
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    OcFleetVehicle *v = find(f, st[i].id);
    PetscCheck(v, PETSC_COMM_SELF, PETSC_ERR_PLIB, "the power flow returned vehicle %" PetscInt_FMT ", which this rank does not hold", st[i].id);
    /* Only traction is limited by the line: regeneration it cannot take goes to the rheostat. */
    v->lag = v->p_req_w > 0 ? PetscClipInterval(st[i].p_line_w / v->p_req_w, 0.0, 1.0) : 1.0;
    OcFleetElectricUpdate(f, v, &st[i]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
