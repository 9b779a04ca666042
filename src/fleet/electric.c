#include <math.h>
#include "fleet_impl.h"

/* The electrical statistics of a vehicle over its trip, updated after every solve from what the
   vehicle got (kernels/stats.h with one element: each accumulator is the vehicle's own record, so
   it migrates and is retired with the vehicle). */

void OcFleetElectricInit(OcFleetElectric *e)
{
  e->u_v = e->i_a = e->p_line_w = e->p_rheostat_w = NAN;
  OcKernelStatsMinMaxInit(1, e->u_minmax);
  OcKernelStatsThresholdInit(1, e->below_umin1);
  OcKernelStatsThresholdInit(1, e->below_umin2);
  OcKernelStatsMeanInit(1, e->useful);
  OcKernelStatsIntegralInit(1, e->line);
  OcKernelStatsIntegralInit(1, e->burnt);
}

/* The solve of the step (f->t_s - f->dt_s, f->t_s] gave the vehicle st. */
void OcFleetElectricUpdate(OcFleet f, OcFleetVehicle *v, const OcFlowVehicleState *st)
{
  const OcDcSystem *sys = &f->sc->dc_system[f->sc->dc_section[v->section].system];
  OcFleetElectric  *e   = &v->el;
  const double      u = st->u_v, p = st->p_line_w, burnt = st->p_rheostat_w, w = v->traction ? 1 : 0;

  e->u_v          = st->u_v;
  e->i_a          = st->i_a;
  e->p_line_w     = st->p_line_w;
  e->p_rheostat_w = st->p_rheostat_w;
  OcKernelStatsMinMaxUpdate(1, f->t_s, &u, NULL, e->u_minmax);
  OcKernelStatsThresholdUpdate(1, f->t_s, f->dt_s, &sys->umin1_v, 0, &u, NULL, e->below_umin1);
  OcKernelStatsThresholdUpdate(1, f->t_s, f->dt_s, &sys->umin2_v, 0, &u, NULL, e->below_umin2);
  OcKernelStatsMeanUpdate(1, f->dt_s, &u, &w, e->useful);
  OcKernelStatsIntegralUpdate(1, f->dt_s, &p, e->line);
  OcKernelStatsIntegralUpdate(1, f->dt_s, &burnt, e->burnt);
}
