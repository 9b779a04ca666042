#include <math.h>
#include "fleet_impl.h"

/* Battery vehicles on a DC route (battery trolleybuses; a tram or train with a battery alike):
   what the battery and the line supply in a step, from where the vehicle is at its end.

   Off the wire (a stretch of the route without contact wire): the battery supplies traction and
   auxiliaries and takes the regeneration (p_drive_w, stepped in charge.c); the vehicle asks the
   line for nothing and is not in the power flow. Its lag is 1: the battery never limits the
   drive (its discharge limit covers full power and auxiliaries, ebus.c).

   Under the wire: the line supplies traction and auxiliaries (regeneration goes to the line, net
   of the charge) and charges the battery, in motion or standing, at its charge curve up to
   soc_max: the curve integrated over the step (kernels/charging.h, as at a charger) with its
   power limited to lag * p_charge_max_w, the share of its request the last solve delivered (the
   explicit lag, as for traction). That mean charging power p_wire_w is added to the vehicle's
   request p_req_w, so the power flow carries it; the battery does not discharge. */

static PetscBool on_dc_route(OcFleet f, const OcFleetVehicle *v)
{
  PetscInt route = f->trip[v->trip].route;
  return v->block >= 0 && route >= 0 && f->sc->route[route].system >= 0 ? PETSC_TRUE : PETSC_FALSE;
}

/* Mean power at the battery terminals that charges it over dt_s under the wire. */
static PetscReal wire_charge(const OcBatteryParams *b, PetscReal e_j, PetscReal lag, PetscReal dt_s)
{
  double e1, t_used;

  if (!(lag > 0)) return 0;
  OcKernelChargeCurveAdvance(b, lag * b->p_charge_max_w, e_j, b->soc_max * b->capacity_j, dt_s, &e1, &t_used);
  return PetscMax(e1 - e_j, 0) / (b->eta_charge * dt_s);
}

void OcFleetWireStep(OcFleet f, OcFleetVehicle *v, PetscReal dt_s)
{
  v->p_wire_w = 0;
  if (!on_dc_route(f, v)) return;
  if (v->section < 0) { /* off the wire */
    v->p_req_w = 0;
    v->lag     = 1;
    v->el.u_v = v->el.i_a = v->el.p_line_w = v->el.p_rheostat_w = NAN;
    return;
  }
  v->p_wire_w = wire_charge(&f->battery[f->trip[v->trip].vehicle_type], v->e_bat_j, v->lag, dt_s);
  v->p_req_w += v->p_wire_w;
  v->p_drive_w = 0;
}
