#include "hvac.h"

#include <math.h>

double OcKernelHvacPower(const OcHvacParams *par, double t_out_c)
{
  const double heat = fmin(par->p_heat_max_w, par->k_heat_w_per_k * fmax(0.0, par->t_heat_c - t_out_c));
  const double cool = fmin(par->p_cool_max_w, par->k_cool_w_per_k * fmax(0.0, t_out_c - par->t_cool_c));
  return par->p_base_w + heat + cool;
}
