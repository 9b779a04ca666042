#include <math.h>
#include "fleet_impl.h"

/* One charging step: the charger sites this rank owns (kernels/charging.h), then every e-bus
   battery (kernels/battery.h). Every bus at a site is on the site's rank (OcFleetOwner), so a
   queue is decided on one rank, in the same order on any number of ranks. */

typedef struct {
  PetscInt block, veh; /* a bus at a site: its block and its place in f->veh */
} AtSite;

static int by_block(const void *a, const void *b)
{
  PetscInt x = ((const AtSite *)a)->block, y = ((const AtSite *)b)->block;
  return (x > y) - (x < y);
}

/* The kernel's index of the bus of a block: its place in the sorted list at[]. */
static PetscErrorCode to_local(PetscInt n, const AtSite at[], int *slot)
{
  PetscInt lo = 0, hi = n - 1;

  PetscFunctionBegin;
  while (lo <= hi) {
    PetscInt mid = (lo + hi) / 2;
    if (at[mid].block == *slot) {
      *slot = (int)mid;
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    if (at[mid].block < *slot) lo = mid + 1;
    else hi = mid - 1;
  }
  SETERRQ(PETSC_COMM_SELF, PETSC_ERR_PLIB, "e-bus block %d is at a charger of this rank but not held here", *slot);
}

/* Between steps points and queues name buses by block; during the kernel call by index into
   at[]. to_kernel: block -> index; otherwise index -> block. */
static PetscErrorCode translate(OcFleet f, PetscInt n, const AtSite at[], PetscBool to_kernel)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < f->nown; k++) {
    OcChargerSite *s = &f->site[f->own[k]];
    for (int p = s->point0; p < s->point0 + s->n_points; p++) {
      if (f->point[p].bus < 0) continue;
      if (to_kernel) PetscCall(to_local(n, at, &f->point[p].bus));
      else f->point[p].bus = (int)at[f->point[p].bus].block;
    }
    for (int i = 0; i < s->count; i++) {
      int *slot = &f->ring[s->ring0 + (s->head + i) % s->ring_capacity];
      if (to_kernel) PetscCall(to_local(n, at, slot));
      else *slot = (int)at[*slot].block;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The sites' AC loads and statistics after the kernel's step. */
static void site_loads(OcFleet f, const PetscReal p_point[], PetscReal dt_s)
{
  for (PetscInt k = 0; k < f->nown; k++) {
    const OcCharger     *ch = &f->sc->charger[f->own[k]];
    const OcChargerSite *s  = &f->site[f->own[k]];
    OcFleetCharger      *c  = &f->charger[k];
    PetscReal            p = 0, busy = 0;
    for (int q = s->point0; q < s->point0 + s->n_points; q++) {
      p += p_point[q];
      busy += f->point[q].bus >= 0;
    }
    f->p_ac[k]  = p;
    f->q_ac[k]  = p * PetscSqrtReal(1 - ch->power_factor * ch->power_factor) / ch->power_factor;
    c->occupied = busy;
    c->queue    = s->count;
    c->e_ac_j += p * dt_s;
    c->peak_p_w = PetscMax(c->peak_p_w, p);
    c->busy_s += busy * dt_s;
  }
}

/* Runs the sites: buses arriving in this step join their queues in block order (the tie break
   for equal arrival times); p_charge[i] receives the power into vehicle i's battery. */
static PetscErrorCode run_sites(OcFleet f, PetscReal t_s, PetscReal dt_s, PetscReal p_charge[])
{
  PetscInt         n = 0, na = 0, npts = 0;
  AtSite          *at;
  OcChargeBus     *bus;
  OcBatteryParams *bat;
  double          *e, *pbus, *ppt;
  int             *arrive;

  PetscFunctionBegin;
  for (PetscInt c = 0; c < f->sc->nchargers; c++) npts += f->site[c].n_points;
  for (PetscInt i = 0; i < f->nveh; i++) {
    f->veh[i].charge.events = 0; /* the kernel clears only the buses it is given */
    n += f->veh[i].block >= 0 && f->veh[i].site >= 0;
  }
  PetscCall(PetscMalloc7(n, &at, n, &bus, n, &bat, n, &e, n, &pbus, npts, &ppt, n, &arrive));
  n = 0;
  for (PetscInt i = 0; i < f->nveh; i++)
    if (f->veh[i].block >= 0 && f->veh[i].site >= 0) at[n++] = (AtSite){f->veh[i].block, i};
  qsort(at, (size_t)n, sizeof *at, by_block);
  for (PetscInt k = 0; k < n; k++) {
    OcFleetVehicle *v = &f->veh[at[k].veh];
    bus[k]            = v->charge;
    bat[k]            = f->battery[f->trip[v->trip].vehicle_type];
    e[k]              = v->e_bat_j;
    if (v->arriving) arrive[na++] = (int)k;
    v->arriving = 0;
  }
  PetscCall(translate(f, n, at, PETSC_TRUE));
  OcKernelChargingStep(t_s, dt_s, (int)f->sc->nchargers, f->site, (int)npts, f->point, f->ring, (int)n, bus, bat, e, (int)na, arrive, ppt, pbus);
  PetscCall(translate(f, n, at, PETSC_FALSE));
  for (PetscInt k = 0; k < n; k++) {
    OcFleetVehicle *v   = &f->veh[at[k].veh];
    v->charge           = bus[k];
    p_charge[at[k].veh] = pbus[k];
    /* The visit is over: the bus goes back to its block's rank. */
    if (bus[k].status != OC_CHARGE_QUEUED && bus[k].status != OC_CHARGE_CONNECTED) v->site = -1;
  }
  site_loads(f, ppt, dt_s);
  PetscCall(PetscFree7(at, bus, bat, e, pbus, ppt, arrive));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Each battery over the step: driving (traction and auxiliaries less regeneration) while in
   service off the wire, nothing while parked or stranded, less what a charger or the contact
   line (wire.c) delivers. */
static void step_batteries(OcFleet f, PetscReal t_s, PetscReal dt_s, const PetscReal p_charge[])
{
  for (PetscInt i = 0; i < f->nveh; i++) {
    OcFleetVehicle        *v = &f->veh[i];
    const OcBatteryParams *b;
    OcBatteryStepResult    res;
    double                 p, e;
    if (v->block < 0) continue;
    b = &f->battery[f->trip[v->trip].vehicle_type];
    p = (v->state == OC_FLEET_RUNNING ? v->p_drive_w : 0) - p_charge[i] - v->p_wire_w;
    e = v->e_bat_j;
    OcKernelBatteryStep(1, b, &p, dt_s, &e, &res);
    v->e_bat_j     = e;
    v->p_battery_w = (res.e_out_j - res.e_in_j) / dt_s; /* what it delivered or accepted */
    v->e_charged_j += p_charge[i] * dt_s;
    v->e_wire_j += v->p_wire_w * dt_s;
    v->min_soc = PetscMin(v->min_soc, e / b->capacity_j);
    if (v->state == OC_FLEET_RUNNING && (res.flags & OC_BATTERY_STRANDED)) {
      v->state        = OC_FLEET_STRANDED;
      v->t_stranded_s = t_s + res.t_limit_s;
      v->p_req_w      = 0;
    }
  }
}

PetscErrorCode OcFleetCharge(OcFleet f, PetscReal t_s, PetscReal dt_s)
{
  PetscReal *p_charge;

  PetscFunctionBegin;
  if (!f->nblocks) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscCalloc1(f->nveh, &p_charge));
  PetscCall(run_sites(f, t_s, dt_s, p_charge));
  step_batteries(f, t_s, dt_s, p_charge);
  PetscCall(PetscFree(p_charge));
  PetscFunctionReturn(PETSC_SUCCESS);
}
