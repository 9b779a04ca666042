#include "dc_substation.h"

#include <math.h>

void OcKernelDcSubstationEvaluate(const OcDcSubstationParams *par, double v_v, double vm_pu, OcDcSubstationEval *ev)
{
  const double u0_v  = par->u0_v * vm_pu;
  double       g_s   = 1.0 / par->r_eq_ohm; /* conductance of the active piece */
  double       c_ac  = 1.0 / par->eta;      /* P_conv = c_ac * U0 * I */
  double       q_sgn = 1.0;                 /* sign of P_conv on the active piece */

  if (v_v <= u0_v) {
    ev->regime = OC_DC_SUBSTATION_RECTIFYING;
  } else if (par->reversible) {
    ev->regime = OC_DC_SUBSTATION_INVERTING;
    c_ac       = par->eta_inv;
    q_sgn      = -1.0;
  } else {
    ev->regime = OC_DC_SUBSTATION_BLOCKED;
    g_s        = par->g_off_s;
    c_ac       = 0.0;
  }
  ev->i_a      = g_s * (u0_v - v_v);
  ev->di_dv_s  = -g_s;
  ev->di_dvm_a = g_s * par->u0_v;

  const double p_conv = c_ac * u0_v * ev->i_a;
  ev->p_ac_w          = p_conv + par->p_noload_w;
  ev->dp_dv_a         = c_ac * u0_v * ev->di_dv_s;
  ev->dp_dvm_w        = c_ac * (par->u0_v * ev->i_a + u0_v * ev->di_dvm_a);

  const double pf = par->power_factor, k_q = sqrt(1.0 - pf * pf) / pf; /* tan(acos(pf)) */
  ev->q_ac_var   = k_q * fabs(p_conv);
  ev->dq_dv_a    = k_q * q_sgn * ev->dp_dv_a;
  ev->dq_dvm_var = k_q * q_sgn * ev->dp_dvm_w;
}

void OcKernelDcSubstationLosses(const OcDcSubstationParams *par, double v_v, double vm_pu, const OcDcSubstationEval *ev, double *p_conv_loss_w, double *p_res_loss_w)
{
  const double u0_v = par->u0_v * vm_pu;
  *p_conv_loss_w    = ev->p_ac_w - u0_v * ev->i_a;
  *p_res_loss_w     = (u0_v - v_v) * ev->i_a;
}
