#include <math.h>
#include <string.h>
#include "fleet_impl.h"

/* Battery e-buses: their batteries, the charger sites and what a bus does at the end of a trip.
   The charging step itself is in charge.c. */

/* The battery of a vehicle type: capacity and charge acceptance from the vehicle type, the rest
   from the assumed 12 m e-bus default (kernels/battery.h): 10-90 % usable window, 97 % each
   way; the type's charge_curve, or one flat up to 80 % SOC, tapering to 10 % of the power at
   100 %; the most it accepts (also from regeneration) max_charge_power_w, else the top of the
   curve. The discharge limit covers the drive and auxiliaries at full power, so the battery
   never limits traction. */
_Static_assert(OC_SOC_CURVE_MAX <= OC_CHARGE_CURVE_MAX_POINTS, "a vehicle type's charge curve must fit the kernel's");

static void battery_params(const OcVehicleType *t, OcBatteryParams *b)
{
  const OcBatteryParams def = OC_BATTERY_EBUS12_DEFAULT;
  const double          p   = OcVehicleChargePower(t) > 0 ? OcVehicleChargePower(t) : def.p_charge_max_w;

  *b                   = def;
  b->capacity_j        = t->battery_capacity_kwh * 3.6e6;
  b->p_charge_max_w    = p;
  b->p_discharge_max_w = fmax(def.p_discharge_max_w, t->max_power_w + t->aux_power_w);
  b->curve             = (OcChargeCurve){
                .n = 3, .soc = {0.0, 0.80, 1.0    },
                     .p_w = {p,   p,    0.1 * p}
  };
  if (!t->charge_curve.n) return;
  b->curve.n = (int)t->charge_curve.n;
  for (PetscInt k = 0; k < t->charge_curve.n; k++) {
    b->curve.soc[k] = t->charge_curve.soc[k];
    b->curve.p_w[k] = t->charge_curve.p_w[k];
  }
}

/* Each route's charger: the site at the stop where it ends, if any. */
static void route_chargers(OcFleet f)
{
  const OcScenarioData *d = f->sc;
  for (PetscInt r = 0; r < d->nroutes; r++) {
    const char *end     = d->stop_name[d->route[r].first_stop + d->route[r].nstops - 1];
    f->route_charger[r] = -1;
    if (d->route[r].system >= 0) continue;
    for (PetscInt c = 0; c < d->nchargers; c++)
      if (!strcmp(d->charger[c].location, end)) f->route_charger[r] = c;
  }
}

/* Sites for the kernel: every site's points and a queue ring that can hold every bus. */
static PetscErrorCode sites(OcFleet f)
{
  const OcScenarioData *d    = f->sc;
  PetscInt              npts = 0, cap = PetscMax(f->nblocks, 1);

  PetscFunctionBegin;
  for (PetscInt c = 0; c < d->nchargers; c++) npts += d->charger[c].points;
  PetscCall(PetscMalloc3(d->nchargers, &f->site, npts, &f->point, d->nchargers * cap, &f->ring));
  npts = 0;
  for (PetscInt c = 0; c < d->nchargers; c++) {
    const OcCharger *ch = &d->charger[c];
    f->site[c]          = (OcChargerSite){.p_rated_w = ch->p_point_w, .eta = ch->efficiency, .start_delay_s = ch->start_delay_s, .point0 = (int)npts, .n_points = (int)ch->points, .ring0 = (int)(c * cap), .ring_capacity = (int)cap};
    npts += ch->points;
  }
  OcKernelChargingInit((int)d->nchargers, f->site, (int)npts, f->point, 0, NULL);
  f->nown = 0;
  for (PetscInt c = f->rank; c < d->nchargers; c += f->size) f->nown++;
  PetscCall(PetscMalloc4(f->nown, &f->own, f->nown, &f->charger, f->nown, &f->p_ac, f->nown, &f->q_ac));
  for (PetscInt k = 0; k < f->nown; k++) {
    f->own[k]  = f->rank + k * f->size;
    f->p_ac[k] = f->q_ac[k] = 0;
  }
  PetscCall(PetscMemzero(f->charger, f->nown * sizeof *f->charger));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetSetUpCharging(OcFleet f)
{
  const OcScenarioData *d = f->sc;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(d->nvehicle_types, &f->battery, d->nroutes, &f->route_charger));
  for (PetscInt t = 0; t < d->nvehicle_types; t++) battery_params(&d->vehicle_type[t], &f->battery[t]);
  route_chargers(f);
  PetscCall(sites(f));
  PetscCall(PetscCalloc1(f->nblocks, &f->block));
  for (PetscInt i = f->ntrips - 1; i >= 0; i--) { /* ends at each block's first trip */
    PetscInt b = f->trip[i].block;
    if (b < 0) continue;
    f->block[b].route = f->trip[i].route;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetDestroyCharging(OcFleet f)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(f->battery, f->route_charger));
  PetscCall(PetscFree3(f->site, f->point, f->ring));
  PetscCall(PetscFree4(f->own, f->charger, f->p_ac, f->q_ac));
  PetscCall(PetscFree(f->block));
  PetscCall(PetscFree(f->block_started));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscMPIInt OcFleetOwner(OcFleet f, const OcFleetVehicle *v)
{
  if (v->section >= 0) return f->section_owner[v->section];
  if (v->block >= 0) return (PetscMPIInt)((v->site >= 0 ? v->site : v->block) % f->size);
  return (PetscMPIInt)(v->trip % f->size);
}

/* The bus joins site c's queue at t_s, to leave at t_depart_s at the latest. */
static void join(OcFleetVehicle *v, PetscInt c, PetscReal t_s, PetscReal t_depart_s)
{
  v->site              = c;
  v->arriving          = 1;
  v->charge.site       = (int)c;
  v->charge.t_arrive_s = t_s;
  v->charge.t_depart_s = t_depart_s;
  v->charge.target_soc = 1.0; /* the kernel stops at the battery's soc_max */
}

/* A charger at the stop where a trip ends serves the layover if the bus is there before its next
   departure: at a terminal charger the bus lays over in service (auxiliaries on), at a depot
   charger it waits parked in the depot (auxiliaries off). Any charger at the stop where the
   block ends charges the bus for the night (no deadline). */
PetscErrorCode OcFleetBlockTripEnd(OcFleet f, OcFleetVehicle *v, PetscReal t_s)
{
  const OcFleetTrip *tr = &f->trip[v->trip];
  PetscInt           c  = f->route_charger[tr->route];

  PetscFunctionBegin;
  v->e_line_j = v->e_regen_j = v->e_aux_j = v->e_brake_mech_j = 0;
  if (tr->next < 0) { /* out of service: off the power flow from this step on, not charging */
    v->state    = OC_FLEET_PARKED;
    v->p_wire_w = 0;
    if (c >= 0) join(v, c, t_s, INFINITY);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  {
    const OcFleetTrip *nx = &f->trip[tr->next];
    OcMotionTrip       mt = OcFleetMotionTrip(f, tr->next); /* with a timetabled trip's departures */
    v->trip               = tr->next;
    OcKernelMotionStart(&mt, &v->motion);
    v->motion.depart_s = nx->departure_s;
    PetscCall(OcFleetPlace(f, v));
    if (c >= 0 && nx->departure_s > t_s) {
      join(v, c, t_s, nx->departure_s);
      v->in_depot = f->sc->charger[c].kind == OC_CHARGER_DEPOT;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetGetChargers(OcFleet f, PetscInt *n, const PetscInt **site, const OcFleetCharger **ch, const PetscReal **p_w, const PetscReal **q_var)
{
  PetscFunctionBegin;
  *n = f->nown;
  if (site) *site = f->own;
  if (ch) *ch = f->charger;
  if (p_w) *p_w = f->p_ac;
  if (q_var) *q_var = f->q_ac;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Each started block's vehicle is on exactly one rank (battery vehicles are never retired): a maximum
   over the ranks, with -1e300 where a rank does not hold it, picks its values. */
PetscErrorCode OcFleetGetBlocks(OcFleet f, PetscInt *n, const OcFleetBlock **blocks)
{
  enum {
    NV = 6 /* values per block */
  };
  const PetscInt nb = f->nblocks;
  PetscReal     *v;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(NV * nb, &v));
  for (PetscInt i = 0; i < NV * nb; i++) v[i] = -1e300;
  for (PetscInt i = 0; i < f->nveh; i++) {
    const OcFleetVehicle *u = &f->veh[i];
    PetscReal            *w = v + NV * u->block;
    if (u->block < 0) continue;
    w[0] = u->min_soc;
    w[1] = u->e_charged_j;
    w[2] = u->t_stranded_s;
    w[3] = u->state == OC_FLEET_STRANDED ? (PetscReal)f->trip[u->trip].route : -1;
    w[4] = u->state == OC_FLEET_STRANDED ? u->motion.chainage_m : -1;
    w[5] = u->e_wire_j;
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, v, (PetscMPIInt)(NV * nb), MPIU_REAL, MPI_MAX, f->comm));
  for (PetscInt b = 0; b < nb; b++) {
    const PetscReal *w   = v + NV * b;
    PetscBool        ran = w[0] > -1e299;
    OcFleetBlock    *o   = &f->block[b];
    o->min_soc           = ran ? w[0] : -1;
    o->e_charged_j       = ran ? w[1] : 0;
    o->stranded_t_s      = ran ? w[2] : -1;
    o->stranded_route    = ran ? (PetscInt)w[3] : -1;
    o->stranded_m        = ran ? w[4] : -1;
    o->e_wire_j          = ran ? w[5] : 0;
  }
  PetscCall(PetscFree(v));
  *n      = nb;
  *blocks = f->block;
  PetscFunctionReturn(PETSC_SUCCESS);
}
