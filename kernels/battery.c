#include "battery.h"

#include <math.h>

static void discharge(const OcBatteryParams *bat, double p_w, double dt_s, double *e_j, OcBatteryStepResult *r)
{
  const double p     = fmin(p_w, bat->p_discharge_max_w);
  const double avail = *e_j - bat->soc_min * bat->capacity_j; /* may be <= 0 */
  const double need  = p * dt_s / bat->eta_discharge;

  if (p < p_w) r->flags |= OC_BATTERY_POWER_LIMITED;
  if (need <= avail) {
    *e_j -= need;
    r->e_out_j = p * dt_s;
    r->loss_j  = need - r->e_out_j;
  } else { /* the floor is reached within the step */
    const double used = fmax(avail, 0.0);
    if (used > 0.0) *e_j = bat->soc_min * bat->capacity_j;
    r->e_out_j   = used * bat->eta_discharge;
    r->loss_j    = used - r->e_out_j;
    r->t_limit_s = p > 0.0 ? r->e_out_j / p : 0.0;
    r->flags |= OC_BATTERY_STRANDED;
  }
  r->unmet_j = p_w * dt_s - r->e_out_j;
}

static void charge(const OcBatteryParams *bat, double q_w, double dt_s, double *e_j, OcBatteryStepResult *r)
{
  const double q     = fmin(q_w, bat->p_charge_max_w);
  const double room  = bat->soc_max * bat->capacity_j - *e_j; /* may be <= 0 */
  const double store = bat->eta_charge * q * dt_s;

  if (q < q_w) r->flags |= OC_BATTERY_POWER_LIMITED;
  if (store <= room) {
    *e_j += store;
    r->e_in_j = q * dt_s;
    r->loss_j = r->e_in_j - store;
  } else { /* the ceiling is reached within the step */
    const double used = fmax(room, 0.0);
    if (used > 0.0) *e_j = bat->soc_max * bat->capacity_j;
    r->e_in_j    = used / bat->eta_charge;
    r->loss_j    = r->e_in_j - used;
    r->t_limit_s = q > 0.0 ? used / store * dt_s : 0.0;
    r->flags |= OC_BATTERY_FULL;
  }
  r->surplus_j = q_w * dt_s - r->e_in_j;
}

void OcKernelBatteryStep(int n, const OcBatteryParams bat[], const double p_w[], double dt_s, double e_j[], OcBatteryStepResult res[])
{
  for (int i = 0; i < n; i++) {
    OcBatteryStepResult *r = &res[i];
    *r                     = (OcBatteryStepResult){.t_limit_s = dt_s};
    if (p_w[i] > 0.0) discharge(&bat[i], p_w[i], dt_s, &e_j[i], r);
    else if (p_w[i] < 0.0) charge(&bat[i], -p_w[i], dt_s, &e_j[i], r);
  }
}
