#include <math.h>
#include "fleet_impl.h"

/* Per trip records for the results file: which rank holds each trip's record, its values now and
   the statistics of its trip (see OcFleetGetRecordTrips in ocfleet.h). */

PetscErrorCode OcFleetRetire(OcFleet f, const OcFleetVehicle *v)
{
  PetscFunctionBegin;
  if (f->nretired == f->retired_cap) {
    f->retired_cap = PetscMax(64, 2 * f->retired_cap);
    PetscCall(PetscRealloc(sizeof(OcFleetVehicle) * f->retired_cap, &f->retired));
  }
  f->retired[f->nretired++] = *v;
  PetscFunctionReturn(PETSC_SUCCESS);
}

typedef struct {
  PetscInt trip, src;
} Held;

static int by_trip(const void *a, const void *b)
{
  PetscInt x = ((const Held *)a)->trip, y = ((const Held *)b)->trip;
  return (x > y) - (x < y);
}

/* A trip's record is held where its vehicle runs (a parked e-bus has retired its last trip; a
   stranded one keeps its trip) or where it was retired; every other trip (not started, never
   run, or an e-bus block's later trip) goes by trip mod size. Which trips are held somewhere is
   found with one reduction of a flag per trip. */
static PetscBool holds_trip(const OcFleetVehicle *v)
{
  return v->state != OC_FLEET_PARKED ? PETSC_TRUE : PETSC_FALSE;
}

PetscErrorCode OcFleetGetRecordTrips(OcFleet f, PetscInt *n, const PetscInt **trip, PetscBool *changed)
{
  Held          *held;
  unsigned char *claimed;
  PetscInt       m = 0, cap = f->nveh + f->nretired + f->ntrips / f->size + 1;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(cap, &held));
  PetscCall(PetscCalloc1(f->ntrips, &claimed));
  for (PetscInt k = 0; k < f->nveh; k++)
    if (holds_trip(&f->veh[k])) {
      held[m++]               = (Held){f->veh[k].trip, k};
      claimed[f->veh[k].trip] = 1;
    }
  for (PetscInt k = 0; k < f->nretired; k++) {
    held[m++]                   = (Held){f->retired[k].trip, -2 - k};
    claimed[f->retired[k].trip] = 1;
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, claimed, (PetscMPIInt)f->ntrips, MPI_UNSIGNED_CHAR, MPI_MAX, f->comm));
  for (PetscInt t = f->rank; t < f->ntrips; t += f->size)
    if (!claimed[t]) held[m++] = (Held){t, -1};
  PetscCall(PetscFree(claimed));
  qsort(held, (size_t)m, sizeof *held, by_trip);
  *changed = m != f->nrec ? PETSC_TRUE : PETSC_FALSE;
  for (PetscInt k = 0; k < m && !*changed; k++)
    if (held[k].trip != f->rec_trip[k]) *changed = PETSC_TRUE;
  if (m > f->rec_cap) {
    PetscCall(PetscFree2(f->rec_trip, f->rec_src));
    f->rec_cap = PetscMax(m, 2 * f->rec_cap);
    PetscCall(PetscMalloc2(f->rec_cap, &f->rec_trip, f->rec_cap, &f->rec_src));
  }
  f->nrec = m;
  for (PetscInt k = 0; k < m; k++) {
    f->rec_trip[k] = held[k].trip;
    f->rec_src[k]  = held[k].src;
  }
  PetscCall(PetscFree(held));
  *n    = f->nrec;
  *trip = f->rec_trip;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscReal series_value(OcFleet f, const OcFleetVehicle *v, OcFleetSeries s)
{
  switch (s) {
  case OC_FLEET_SOC:
    return v->block >= 0 ? v->e_bat_j / f->battery[f->trip[v->trip].vehicle_type].capacity_j : NAN;
  case OC_FLEET_P_BATTERY_W:
    return v->block >= 0 ? v->p_battery_w : NAN;
  case OC_FLEET_CHAINAGE_M:
    return v->motion.chainage_m;
  case OC_FLEET_SPEED_MPS:
    return v->motion.speed_mps;
  case OC_FLEET_U_V:
    return v->el.u_v;
  case OC_FLEET_I_A:
    return v->el.i_a;
  case OC_FLEET_P_REQ_W:
    return v->p_req_w;
  case OC_FLEET_P_LINE_W:
    return v->el.p_line_w;
  case OC_FLEET_P_RHEOSTAT_W:
    return v->el.p_rheostat_w;
  default:
    return NAN;
  }
}

PetscErrorCode OcFleetGetRecordValues(OcFleet f, OcFleetSeries s, PetscReal values[])
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < f->nrec; k++) values[k] = f->rec_src[k] >= 0 ? series_value(f, &f->veh[f->rec_src[k]], s) : NAN;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscReal summary_value(const OcFleetVehicle *v, OcFleetSummary s)
{
  const OcFleetElectric *e = &v->el;
  double                 x = NAN;

  switch (s) {
  case OC_FLEET_U_MIN_V:
    OcKernelStatsMinMaxGet(1, e->u_minmax, &x, NULL, NULL, NULL);
    break;
  case OC_FLEET_T_U_MIN_S:
    OcKernelStatsMinMaxGet(1, e->u_minmax, NULL, &x, NULL, NULL);
    break;
  case OC_FLEET_U_MAX_V:
    OcKernelStatsMinMaxGet(1, e->u_minmax, NULL, NULL, &x, NULL);
    break;
  case OC_FLEET_BELOW_UMIN1_S:
    OcKernelStatsThresholdGet(1, e->below_umin1, &x, NULL, NULL, NULL);
    break;
  case OC_FLEET_BELOW_UMIN2_S:
    OcKernelStatsThresholdGet(1, e->below_umin2, &x, NULL, NULL, NULL);
    break;
  case OC_FLEET_LONGEST_BELOW_UMIN1_S:
    OcKernelStatsThresholdGet(1, e->below_umin1, NULL, NULL, &x, NULL);
    break;
  case OC_FLEET_U_MEAN_USEFUL_V:
    OcKernelStatsMeanGet(1, e->useful, &x, NULL);
    break;
  case OC_FLEET_E_DRAWN_J:
    OcKernelStatsIntegralGet(1, e->line, &x, NULL);
    break;
  case OC_FLEET_E_FED_BACK_J:
    OcKernelStatsIntegralGet(1, e->line, NULL, &x);
    break;
  case OC_FLEET_E_BURNT_J:
    OcKernelStatsIntegralGet(1, e->burnt, &x, NULL);
    break;
  case OC_FLEET_E_AUX_J:
    x = v->e_aux_j;
    break;
  default:
    break;
  }
  return PetscIsInfReal(x) ? NAN : x; /* no sample: never on the DC network */
}

PetscErrorCode OcFleetGetRecordSummary(OcFleet f, OcFleetSummary s, PetscReal values[])
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < f->nrec; k++) {
    PetscInt src = f->rec_src[k];
    if (s == OC_FLEET_ROUTE) values[k] = (PetscReal)f->trip[f->rec_trip[k]].route;
    else if (s == OC_FLEET_DEPARTURE_S) values[k] = f->trip[f->rec_trip[k]].departure_s;
    else values[k] = src >= 0 ? summary_value(&f->veh[src], s) : src <= -2 ? summary_value(&f->retired[-2 - src], s) : NAN;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Each trip's contributions sit in one rank's slot of an array over all trips (zeros elsewhere),
   so the sum reduction is exact; every rank then adds the trips in trip order. */
enum {
  SYS_U_MIN,
  SYS_BELOW1,
  SYS_BELOW2,
  SYS_WX,
  SYS_W,
  SYS_DRAWN,
  SYS_FED,
  SYS_BURNT,
  SYS_NF
};

static void trip_contribution(const OcFleetVehicle *v, PetscReal c[SYS_NF])
{
  const OcFleetElectric *e = &v->el;
  c[SYS_U_MIN]             = summary_value(v, OC_FLEET_U_MIN_V); /* NaN: never on the network */
  c[SYS_BELOW1]            = summary_value(v, OC_FLEET_BELOW_UMIN1_S);
  c[SYS_BELOW2]            = summary_value(v, OC_FLEET_BELOW_UMIN2_S);
  c[SYS_WX]                = e->useful[OC_STATS_MEAN_WX] + e->useful[OC_STATS_MEAN_WX_C];
  c[SYS_W]                 = e->useful[OC_STATS_MEAN_W] + e->useful[OC_STATS_MEAN_W_C];
  c[SYS_DRAWN]             = summary_value(v, OC_FLEET_E_DRAWN_J);
  c[SYS_FED]               = summary_value(v, OC_FLEET_E_FED_BACK_J);
  c[SYS_BURNT]             = summary_value(v, OC_FLEET_E_BURNT_J);
}

/* The DC system a trip runs in, -1 on the road: its route's, or for a trace placed by section
   the system of its first section. */
static PetscInt trip_system(OcFleet f, PetscInt t)
{
  const OcScenarioData *d = f->sc;
  const OcFleetTrip    *p = &f->trip[t];
  if (p->route >= 0) return d->route[p->route].system;
  return d->dc_section[d->trace_section[d->trace[p->trace].first]].system;
}

PetscErrorCode OcFleetGetSystemStats(OcFleet f, OcFleetSystemStats sys[])
{
  const OcScenarioData *d = f->sc;
  PetscReal            *c, *wx, *w;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(SYS_NF * f->ntrips, &c));
  for (PetscInt k = 0; k < f->nveh; k++) trip_contribution(&f->veh[k], c + SYS_NF * f->veh[k].trip);
  for (PetscInt k = 0; k < f->nretired; k++) trip_contribution(&f->retired[k], c + SYS_NF * f->retired[k].trip);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, c, (PetscMPIInt)(SYS_NF * f->ntrips), MPIU_REAL, MPI_SUM, f->comm));
  PetscCall(PetscCalloc2(d->ndc_systems, &wx, d->ndc_systems, &w));
  for (PetscInt s = 0; s < d->ndc_systems; s++) sys[s] = (OcFleetSystemStats){PETSC_INFINITY, 0, 0, NAN, 0, 0, 0};
  for (PetscInt t = 0; t < f->ntrips; t++) {
    const PetscReal *x = c + SYS_NF * t;
    PetscInt         s = trip_system(f, t);
    if (s < 0) continue;
    /* a trip that never met the network has u_min NaN (0 from an empty slot) */
    if (x[SYS_U_MIN] > 0) sys[s].u_min_v = PetscMin(sys[s].u_min_v, x[SYS_U_MIN]);
    sys[s].below_umin1_s += x[SYS_BELOW1];
    sys[s].below_umin2_s += x[SYS_BELOW2];
    wx[s] += x[SYS_WX];
    w[s] += x[SYS_W];
    sys[s].e_drawn_j += x[SYS_DRAWN];
    sys[s].e_fed_back_j += x[SYS_FED];
    sys[s].e_burnt_j += x[SYS_BURNT];
  }
  for (PetscInt s = 0; s < d->ndc_systems; s++) {
    if (w[s] > 0) sys[s].u_mean_useful_v = wx[s] / w[s];
    if (sys[s].u_min_v == PETSC_INFINITY) sys[s].u_min_v = NAN;
  }
  PetscCall(PetscFree2(wx, w));
  PetscCall(PetscFree(c));
  PetscFunctionReturn(PETSC_SUCCESS);
}
