#include <math.h>
#include "ocscenario.h"

#define DAY_S 86400.0

/* Profiles are daily: the value at t is that at t mod 24 h; between the last point of the day
   and the first of the next, linear interpolation wraps around midnight. */
static PetscReal daily_value(const PetscReal t[], const PetscReal v[], PetscInt n, OcProfileInterpolation interpolation, PetscReal t_s)
{
  PetscInt  k   = 0;
  PetscReal tau = fmod(t_s, DAY_S), t0, t1, v0, v1;

  if (tau < 0) tau += DAY_S;
  while (k < n && t[k] <= tau) k++;
  /* Now t[k-1] <= tau < t[k], with k = 0 or k = n meaning the span across midnight. */
  t0 = k ? t[k - 1] : t[n - 1] - DAY_S;
  v0 = k ? v[k - 1] : v[n - 1];
  t1 = k < n ? t[k] : t[0] + DAY_S;
  v1 = k < n ? v[k] : v[0];
  if (interpolation == OC_PROFILE_STEP || n == 1 || t1 <= t0) return v0;
  return v0 + (v1 - v0) * (tau - t0) / (t1 - t0);
}

PetscReal OcProfileValue(const OcScenarioData *d, PetscInt p, PetscReal t_s)
{
  return daily_value(d->profile_t_s + d->profile[p].first, d->profile_value + d->profile[p].first, d->profile[p].npoints, d->interpolation, t_s);
}

PetscReal OcOutsideTemperature(const OcScenarioData *d, PetscReal t_s)
{
  return daily_value(d->temperature_t_s, d->temperature_c, d->ntemperature, OC_PROFILE_LINEAR, t_s);
}
