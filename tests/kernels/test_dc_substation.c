/* Rectifier substation: DC current, AC active and reactive power and all six derivatives against
 * central differences in every regime (rectifying, inverting, blocked diode); continuity at
 * V = U0; the energy balance P_ac = V I + conversion loss + resistive loss with each loss term
 * against its closed form. */
#include "dc_substation.h"
#include "kernel_test.h"

#include <math.h>

#define N_POINTS 5000

/* The six outputs of one evaluation, in a fixed order for the difference checks. */
static void outputs(const OcDcSubstationParams *par, double v, double vm, double y[3])
{
  OcDcSubstationEval ev;
  OcKernelDcSubstationEvaluate(par, v, vm, &ev);
  y[0] = ev.i_a;
  y[1] = ev.p_ac_w;
  y[2] = ev.q_ac_var;
}

static void check_one(Kt *kt, const OcDcSubstationParams *par, const char *label)
{
  int seen[3] = {0};
  printf("-- %s: %d random points, V in [600, 950] V, vm in [0.9, 1.1] pu\n", label, N_POINTS);

  kt_begin(kt, "I, P_ac, Q_ac against the closed form", 1e-13, 1e-9);
  const double k_q = tan(acos(par->power_factor));
  for (int k = 0; k < N_POINTS; k++) {
    const double       v = kt_uniform(kt, 600.0, 950.0), vm = kt_uniform(kt, 0.9, 1.1);
    const double       u0 = par->u0_v * vm;
    OcDcSubstationEval ev;
    OcKernelDcSubstationEvaluate(par, v, vm, &ev);
    seen[ev.regime]++;
    double i, p_conv;
    if (v < u0) {
      i      = (u0 - v) / par->r_eq_ohm;
      p_conv = u0 * i / par->eta;
    } else if (par->reversible) {
      i      = (u0 - v) / par->r_eq_ohm;
      p_conv = u0 * i * par->eta_inv;
    } else {
      i      = par->g_off_s * (u0 - v);
      p_conv = 0.0;
    }
    kt_close(kt, ev.i_a, i, "I", k);
    kt_close(kt, ev.p_ac_w, p_conv + par->p_noload_w, "P_ac", k);
    kt_close(kt, ev.q_ac_var, k_q * fabs(p_conv), "Q_ac", k);
  }
  kt_end(kt);
  printf("     rectifying %d, inverting %d, blocked %d points\n", seen[0], seen[1], seen[2]);
  kt_begin(kt, "regimes reached", 0, 0);
  kt_true(kt, seen[OC_DC_SUBSTATION_RECTIFYING] > 0, "rectifying", 0);
  kt_true(kt, (seen[OC_DC_SUBSTATION_INVERTING] > 0) == (par->reversible != 0), "inverting", 1);
  kt_true(kt, (seen[OC_DC_SUBSTATION_BLOCKED] > 0) == (par->reversible == 0), "blocked", 2);
  kt_end(kt);

  kt_begin(kt, "dI, dP, dQ w.r.t. V and vm against central differences", 1e-7, 1e-9);
  for (int k = 0; k < N_POINTS; k++) {
    const double v = kt_uniform(kt, 600.0, 950.0), vm = kt_uniform(kt, 0.9, 1.1);
    const double hv = 1e-4, hm = 1e-7;
    if (fabs(v - par->u0_v * vm) < 1e-2) continue; /* the kink at V = U0 */
    OcDcSubstationEval ev;
    double             yp[3], ym[3];
    OcKernelDcSubstationEvaluate(par, v, vm, &ev);
    const double             dv[3] = {ev.di_dv_s, ev.dp_dv_a, ev.dq_dv_a};
    const double             dm[3] = {ev.di_dvm_a, ev.dp_dvm_w, ev.dq_dvm_var};
    static const char *const nv[3] = {"dI/dV", "dP/dV", "dQ/dV"};
    static const char *const nm[3] = {"dI/dvm", "dP/dvm", "dQ/dvm"};
    outputs(par, v + hv, vm, yp);
    outputs(par, v - hv, vm, ym);
    for (int o = 0; o < 3; o++) kt_close(kt, dv[o], (yp[o] - ym[o]) / (2.0 * hv), nv[o], k);
    outputs(par, v, vm + hm, yp);
    outputs(par, v, vm - hm, ym);
    for (int o = 0; o < 3; o++) kt_close(kt, dm[o], (yp[o] - ym[o]) / (2.0 * hm), nm[o], k);
  }
  kt_end(kt);

  kt_begin(kt, "energy: P_ac = V I + conversion loss + resistive loss, losses in closed form", 1e-12, 1e-6);
  for (int k = 0; k < N_POINTS; k++) {
    const double       v = kt_uniform(kt, 600.0, 950.0), vm = kt_uniform(kt, 0.9, 1.1);
    const double       u0 = par->u0_v * vm;
    OcDcSubstationEval ev;
    double             conv, res;
    OcKernelDcSubstationEvaluate(par, v, vm, &ev);
    OcKernelDcSubstationLosses(par, v, vm, &ev, &conv, &res);
    kt_close(kt, ev.p_ac_w, v * ev.i_a + conv + res, "balance", k);
    double conv_ref, res_ref;
    if (ev.regime == OC_DC_SUBSTATION_RECTIFYING) {
      conv_ref = u0 * ev.i_a * (1.0 / par->eta - 1.0) + par->p_noload_w;
      res_ref  = par->r_eq_ohm * ev.i_a * ev.i_a;
    } else if (ev.regime == OC_DC_SUBSTATION_INVERTING) {
      conv_ref = -u0 * ev.i_a * (1.0 - par->eta_inv) + par->p_noload_w;
      res_ref  = par->r_eq_ohm * ev.i_a * ev.i_a;
    } else { /* bleeder: the leakage power U0 |I| + (V - U0) |I| = V |I| is dissipated */
      conv_ref = par->p_noload_w - u0 * ev.i_a;
      res_ref  = par->g_off_s * (u0 - v) * (u0 - v);
    }
    kt_close(kt, conv, conv_ref, "conversion loss", k);
    kt_close(kt, res, res_ref, "resistive loss", k);
    kt_true(kt, conv >= 0.0 && res >= 0.0, "losses >= 0", k);
  }
  kt_end(kt);

  kt_begin(kt, "continuity of I, P, Q at V = U0 (-+ 1e-11 V)", 0, 1e-6);
  for (int k = 0; k < 20; k++) {
    const double vm = kt_uniform(kt, 0.9, 1.1), u0 = par->u0_v * vm;
    double       lo[3], hi[3];
    outputs(par, u0 - 1e-11, vm, lo);
    outputs(par, u0 + 1e-11, vm, hi);
    for (int o = 0; o < 3; o++) kt_close(kt, lo[o], hi[o], "I, P, Q", k);
  }
  kt_end(kt);
}

int main(void)
{
  Kt kt;
  kt_init(&kt, 77);
  const OcDcSubstationParams diode      = {.u0_v = 790.0, .r_eq_ohm = 0.033, .reversible = 0, .g_off_s = 1e-6, .eta = 0.97, .eta_inv = 0.95, .p_noload_w = 12e3, .power_factor = 0.95};
  OcDcSubstationParams       reversible = diode;
  reversible.reversible                 = 1;
  check_one(&kt, &diode, "diode rectifier, g_off 1e-6 S");
  check_one(&kt, &reversible, "reversible converter");
  return kt_finish(&kt, "test_dc_substation");
}
