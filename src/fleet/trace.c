#include <math.h>
#include "fleet_impl.h"

/* Trace vehicles (fleet.traces): driven by recorded samples instead of the motion kernel.
   Between samples the position is interpolated linearly (by section: only between two samples
   on the same section; otherwise the earlier sample's place holds until the next one) and the
   power is a step function, sample i's power holding over [t_i, t_i+1). A step asks for the
   mean of that function over the step, so the energy requested over a run equals the trace's
   to rounding. The vehicle is in the network over [t_first, t_last): it enters in the step that
   contains its first sample and leaves at the start of the first step beginning at or after its
   last sample. The power requested does not depend on what the line delivered (the trace already
   holds the vehicle's answer to its line voltage). */

static const OcTrace *trace_of(OcFleet f, PetscInt trip)
{
  return &f->sc->trace[f->trip[trip].trace];
}

PetscBool OcFleetTraceLive(OcFleet f, PetscInt trip, PetscReal t_s)
{
  const OcTrace *tr = trace_of(f, trip);
  return (PetscBool)(f->sc->trace_t_s[tr->first + tr->n - 1] > t_s);
}

/* The last sample at or before t (the first when t is before it). */
static PetscInt sample_at(const PetscReal t[], PetscInt n, PetscReal t_s)
{
  PetscInt lo = 0, hi = n - 1;
  while (lo < hi) {
    PetscInt mid = (lo + hi + 1) / 2;
    if (t[mid] <= t_s) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

PetscErrorCode OcFleetTracePlace(OcFleet f, OcFleetVehicle *v, PetscReal t_s)
{
  const OcScenarioData *d  = f->sc;
  const OcTrace        *tr = trace_of(f, v->trip);
  const PetscReal      *t = d->trace_t_s + tr->first, *x = d->trace_pos_m + tr->first;
  const PetscInt       *sec = d->trace_section + tr->first;
  PetscInt              i   = sample_at(t, tr->n, t_s);
  PetscReal             w   = i + 1 < tr->n ? PetscClipInterval((t_s - t[i]) / (t[i + 1] - t[i]), 0.0, 1.0) : 0;

  PetscFunctionBegin;
  if (tr->route >= 0) {
    v->motion.chainage_m = x[i] + w * (x[PetscMin(i + 1, tr->n - 1)] - x[i]);
    PetscCall(OcFleetPlace(f, v));
  } else {
    PetscReal pos = (i + 1 < tr->n && sec[i + 1] == sec[i]) ? x[i] + w * (x[i + 1] - x[i]) : x[i];
    v->section    = sec[i];
    v->s          = PetscClipInterval(pos / d->dc_section[sec[i]].length_m, 0.0, 1.0);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Mean over [a, b] of the step function of the samples (zero outside [t_0, t_last)). */
static PetscReal mean_power(const PetscReal t[], const PetscReal p[], PetscInt n, PetscReal a, PetscReal b)
{
  PetscReal e = 0;
  for (PetscInt i = sample_at(t, n, a); i + 1 < n && t[i] < b; i++) {
    PetscReal lo = PetscMax(a, t[i]), hi = PetscMin(b, t[i + 1]);
    if (hi > lo) e += p[i] * (hi - lo);
  }
  return e / (b - a);
}

PetscErrorCode OcFleetTraceStep(OcFleet f, OcFleetVehicle *v, PetscReal t_s, PetscReal dt_s)
{
  const OcScenarioData *d  = f->sc;
  const OcTrace        *tr = trace_of(f, v->trip);

  PetscFunctionBegin;
  if (!OcFleetTraceLive(f, v->trip, t_s)) {
    v->motion.mode = OC_MOTION_FINISHED;
    v->p_req_w     = 0;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  v->p_req_w = mean_power(d->trace_t_s + tr->first, d->trace_power_w + tr->first, tr->n, t_s, t_s + dt_s);
  v->e_line_j += PetscMax(v->p_req_w, 0) * dt_s;
  v->e_regen_j += PetscMax(-v->p_req_w, 0) * dt_s;
  PetscCall(OcFleetTracePlace(f, v, t_s + dt_s));
  PetscFunctionReturn(PETSC_SUCCESS);
}
