/* Vehicle line-current characteristic: closed-form values per regime, central finite differences
 * of dI/dU away from kinks, continuity and the right-derivative convention at every kink, the
 * power split (line + rheostat = request) and the continuation below the floor. */
#include "dc_vehicle.h"
#include "kernel_test.h"

#include <math.h>

#define N_POINTS 20000

/* Closed-form characteristic written independently of the kernel (u >= floor). */
static double reference_current(const OcDcVehicleParams *par, double p, double u)
{
  if (p > 0.0) {
    double cap = INFINITY;
    if (!isinf(par->i_max_a)) {
      double x = (u - par->u_lim_zero_v) / (par->u_lim_full_v - par->u_lim_zero_v);
      cap      = par->i_max_a * fmin(1.0, fmax(0.0, x));
    }
    return fmin(p / u, cap);
  }
  if (p < 0.0) {
    double x = isinf(par->u_regen_start_v) ? 1.0 : (par->u_regen_cut_v - u) / (par->u_regen_cut_v - par->u_regen_start_v);
    return p * fmin(1.0, fmax(0.0, x)) / u; /* -P_fb / U */
  }
  return 0.0;
}

static void check_random_points(Kt *kt, const OcDcVehicleParams *par, const char *label)
{
  static double   u[N_POINTS], p[N_POINTS];
  int             seen[OC_DC_VEHICLE_NUM_REGIMES] = {0};
  OcDcVehicleEval ev, ep, em;

  printf("-- %s: %d random points, U in [-5, 1000] V, p_req in [-2, 2] MW\n", label, N_POINTS);
  for (int k = 0; k < N_POINTS; k++) {
    u[k] = k % 10 == 0 ? kt_uniform(kt, -5.0, 5.0) : kt_uniform(kt, 1.0, 1000.0);
    p[k] = k % 50 == 0 ? 0.0 : kt_uniform(kt, -2.0e6, 2.0e6);
  }

  kt_begin(kt, "I(U) against the closed form (above the floor)", 1e-13, 1e-12);
  for (int k = 0; k < N_POINTS; k++) {
    OcKernelDcVehicleEvaluate(par, p[k], u[k], &ev);
    seen[ev.regime]++;
    if (ev.regime != OC_DC_VEHICLE_BELOW_FLOOR) kt_close(kt, ev.i_a, reference_current(par, p[k], u[k]), "I", k);
  }
  kt_end(kt);

  kt_begin(kt, "power split: p_line = U I, line + rheostat = request when braking", 1e-12, 1e-6);
  for (int k = 0; k < N_POINTS; k++) {
    OcKernelDcVehicleEvaluate(par, p[k], u[k], &ev);
    kt_close(kt, ev.p_line_w, u[k] * ev.i_a, "p_line", k);
    if (p[k] < 0.0) {
      kt_close(kt, ev.p_line_w - ev.p_rheostat_w, p[k], "p_line - p_rheostat", k);
      kt_true(kt, ev.p_rheostat_w >= -1e-6, "p_rheostat >= 0", k);
    } else {
      kt_close(kt, ev.p_rheostat_w, 0.0, "p_rheostat (motoring)", k);
    }
  }
  kt_end(kt);

  kt_begin(kt, "dI/dU against central differences (h = 1e-5 U, away from kinks)", 1e-6, 1e-9);
  for (int k = 0; k < N_POINTS; k++) {
    const double h = 1e-5 * fmax(1.0, fabs(u[k]));
    OcKernelDcVehicleEvaluate(par, p[k], u[k], &ev);
    OcKernelDcVehicleEvaluate(par, p[k], u[k] + h, &ep);
    OcKernelDcVehicleEvaluate(par, p[k], u[k] - h, &em);
    if (kt_near_vehicle_kink(par, p[k], u[k], h) || ep.regime != ev.regime || em.regime != ev.regime) continue;
    kt_close(kt, ev.di_du_s, (ep.i_a - em.i_a) / (2.0 * h), "dI/dU", k);
  }
  kt_end(kt);

  kt_begin(kt, "every regime reached (and only the possible ones)", 0, 0);
  for (int r = 0; r < OC_DC_VEHICLE_NUM_REGIMES; r++) {
    int possible = 1;
    if (isinf(par->i_max_a) && r == OC_DC_VEHICLE_CURRENT_LIMITED) possible = 0;
    if (isinf(par->u_regen_start_v) && (r == OC_DC_VEHICLE_REGEN_CUT_BACK || r == OC_DC_VEHICLE_REGEN_BLOCKED)) possible = 0;
    kt_true(kt, (seen[r] > 0) == possible, OcKernelDcVehicleRegimeName(r), r);
    printf("     %-16s %5d points\n", OcKernelDcVehicleRegimeName(r), seen[r]);
  }
  kt_end(kt);
}

/* At each kink: I continuous, and the derivative at the kink equals that of the higher-voltage
 * piece (forward difference from the kink). */
static void check_kinks(Kt *kt, const OcDcVehicleParams *par)
{
  const double p_mot = 0.45e6; /* crosses the limitation curve at 450 V inside the ramp */
  struct {
    const char *name;
    double      u, p;
  } kinks[] = {
    {"u_lim_zero (limited ramp starts)", par->u_lim_zero_v,    2.0e6 },
    {"u_lim_full (ramp ends)",           par->u_lim_full_v,    2.0e6 },
    {"constant power meets i_cap",       0.0,                  p_mot },
    {"u_regen_start",                    par->u_regen_start_v, -0.5e6},
    {"u_regen_cut",                      par->u_regen_cut_v,   -0.5e6},
    {"floor, motoring",                  par->u_floor_v,       0.3e6 },
    {"floor, braking",                   par->u_floor_v,       -0.3e6},
  };
  /* p / U = i_max (U - u_zero) / (u_full - u_zero)  ->  quadratic in U */
  const double slope = par->i_max_a / (par->u_lim_full_v - par->u_lim_zero_v);
  kinks[2].u         = 0.5 * (par->u_lim_zero_v + sqrt(par->u_lim_zero_v * par->u_lim_zero_v + 4.0 * p_mot / slope));

  printf("-- kinks: continuity, and the derivative of the higher-voltage piece at the kink\n");
  kt_begin(kt, "continuity: both sides (U -+ 1e-7 U) extrapolated to the kink agree", 1e-9, 1e-9);
  for (unsigned k = 0; k < sizeof(kinks) / sizeof(kinks[0]); k++) {
    OcDcVehicleEval lo, hi;
    const double    d = 1e-7 * kinks[k].u;
    OcKernelDcVehicleEvaluate(par, kinks[k].p, kinks[k].u - d, &lo);
    OcKernelDcVehicleEvaluate(par, kinks[k].p, kinks[k].u + d, &hi);
    kt_close(kt, lo.i_a + lo.di_du_s * d, hi.i_a - hi.di_du_s * d, kinks[k].name, (int)k);
  }
  kt_end(kt);
  kt_begin(kt, "derivative at a kink = right derivative (forward difference)", 1e-5, 1e-9);
  for (unsigned k = 0; k < sizeof(kinks) / sizeof(kinks[0]); k++) {
    if (k == 2) continue; /* the crossing cannot be hit exactly in floating point */
    OcDcVehicleEval at, hi;
    const double    h = 1e-6 * kinks[k].u;
    OcKernelDcVehicleEvaluate(par, kinks[k].p, kinks[k].u, &at);
    OcKernelDcVehicleEvaluate(par, kinks[k].p, kinks[k].u + h, &hi);
    kt_close(kt, at.di_du_s, (hi.i_a - at.i_a) / h, kinks[k].name, (int)k);
  }
  kt_end(kt);
}

/* Every change of regime along U lies at a breakpoint that OcKernelDcVehicleBreakpoints lists
 * (the line search of dc_section relies on it), and every listed breakpoint is a real kink of
 * the formulas: the slopes on both sides differ, or the regime changes. */
static void check_breakpoints(Kt *kt, const OcDcVehicleParams *par, const char *label)
{
  printf("-- breakpoints (%s): complete and genuine\n", label);
  kt_begin(kt, "regime changes on a 0.37 V grid bracket a listed breakpoint; listed ones are kinks", 0, 0);
  for (int k = 0; k < 400; k++) {
    const double    p = kt_uniform(kt, -2.5e6, 2.5e6);
    double          bp[OC_DC_VEHICLE_MAX_BREAKPOINTS];
    const int       nb = OcKernelDcVehicleBreakpoints(par, p, bp);
    OcDcVehicleEval prev, cur;
    OcKernelDcVehicleEvaluate(par, p, 0.1, &prev);
    for (double u = 0.47; u < 1000.0; u += 0.37, prev = cur) {
      OcKernelDcVehicleEvaluate(par, p, u, &cur);
      if (cur.regime == prev.regime) continue;
      int found = 0;
      for (int b = 0; b < nb; b++) found |= bp[b] > u - 0.37 && bp[b] <= u;
      kt_true(kt, found, "a breakpoint brackets the regime change", k);
    }
    for (int b = 0; b < nb; b++) {
      OcDcVehicleEval lo, hi;
      const double    d = 1e-7 * bp[b];
      OcKernelDcVehicleEvaluate(par, p, bp[b] - d, &lo);
      OcKernelDcVehicleEvaluate(par, p, bp[b] + d, &hi);
      kt_true(kt, lo.regime != hi.regime || fabs(lo.di_du_s - hi.di_du_s) > 1e-6 * fabs(hi.di_du_s) || (lo.i_a == 0.0 && hi.i_a == 0.0), "a listed breakpoint is a kink (or inside a zero stretch)", k);
    }
  }
  kt_end(kt);
}

/* Below the floor: motoring behaves as the resistance it presents at the floor, braking as a
 * constant current; both continuous and without division by zero down to U = 0 and below. */
static void check_floor(Kt *kt, const OcDcVehicleParams *par)
{
  printf("-- continuation below the floor (%g V)\n", par->u_floor_v);
  kt_begin(kt, "below the floor: finite, continuous, dI/dU >= 0", 1e-12, 1e-12);
  const double us[] = {0.0, -0.0, 1e-300, 0.25, 0.999999, -3.0};
  for (unsigned k = 0; k < sizeof(us) / sizeof(us[0]); k++) {
    OcDcVehicleEval m, b, m_floor, b_floor;
    OcKernelDcVehicleEvaluate(par, 0.3e6, us[k], &m);
    OcKernelDcVehicleEvaluate(par, -0.3e6, us[k], &b);
    OcKernelDcVehicleEvaluate(par, 0.3e6, par->u_floor_v, &m_floor);
    OcKernelDcVehicleEvaluate(par, -0.3e6, par->u_floor_v, &b_floor);
    kt_true(kt, isfinite(m.i_a) && isfinite(m.di_du_s) && isfinite(b.i_a) && isfinite(b.di_du_s), "finite", (int)k);
    kt_true(kt, m.regime == OC_DC_VEHICLE_BELOW_FLOOR && b.regime == OC_DC_VEHICLE_BELOW_FLOOR, "regime below_floor", (int)k);
    kt_close(kt, m.i_a, m_floor.i_a * us[k] / par->u_floor_v, "motoring I = I(floor) U / floor", (int)k);
    kt_close(kt, b.i_a, b_floor.i_a, "braking I = I(floor)", (int)k);
    kt_true(kt, m.di_du_s >= 0.0 && b.di_du_s >= 0.0, "dI/dU >= 0", (int)k);
  }
  kt_end(kt);
}

int main(void)
{
  Kt kt;
  kt_init(&kt, 20240601);

  const OcDcVehicleParams tram = {.i_max_a = 1200.0, .u_lim_full_v = 500.0, .u_lim_zero_v = 400.0, .u_regen_start_v = 850.0, .u_regen_cut_v = 900.0, .u_floor_v = 1.0};
  OcDcVehicleParams       pure = tram;
  pure.i_max_a                 = INFINITY;
  pure.u_regen_start_v = pure.u_regen_cut_v = INFINITY;

  check_random_points(&kt, &tram, "limitation 1200 A (400-500 V), cut-back 850-900 V");
  check_random_points(&kt, &pure, "limitation and cut-back disabled (INFINITY)");
  check_kinks(&kt, &tram);
  check_breakpoints(&kt, &tram, "tram");
  check_breakpoints(&kt, &pure, "no limitation, no cut-back");
  check_floor(&kt, &tram);
  check_floor(&kt, &pure);
  return kt_finish(&kt, "test_dc_vehicle");
}
