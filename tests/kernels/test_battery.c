/* Battery state of charge per step and auxiliary (HVAC) power:
 * - sign convention and one-way efficiencies against hand values; round trip = eta_c eta_d;
 * - C-rate limits: the excess is unmet (discharge) or surplus (charge);
 * - soc_max refuses regeneration: accepted up to the ceiling, the rest reported as surplus, at
 *   the exact time within the step; a full battery refuses everything at t = 0;
 * - stranding: the exact time within the step, over a run of steps, against the closed form;
 *   the state is clamped at soc_min and never raised to it;
 * - the per-step energy identities on random steps (to 1e-12);
 * - HVAC: the piecewise formula at chosen temperatures, the caps, continuity at the band edges. */
#include "battery.h"
#include "hvac.h"
#include "kernel_test.h"

#include <math.h>

#define N_RANDOM 20000

static const OcBatteryParams bat0 = {
  .capacity_j        = 300.0 * 3.6e6,
  .soc_min           = 0.10,
  .soc_max           = 0.95,
  .eta_charge        = 0.96,
  .eta_discharge     = 0.98,
  .p_charge_max_w    = 300.0e3,
  .p_discharge_max_w = 400.0e3,
  .curve             = {.n = 1, .soc = {0.0}, .p_w = {300.0e3}},
};

static OcBatteryStepResult step1(const OcBatteryParams *bat, double p_w, double dt_s, double *e_j)
{
  OcBatteryStepResult r;
  OcKernelBatteryStep(1, bat, &p_w, dt_s, e_j, &r);
  return r;
}

static void check_conventions(Kt *kt)
{
  const double C = bat0.capacity_j, dt = 10.0;

  kt_begin(kt, "discharge (p > 0) and charge (p < 0): energies and efficiencies", 1e-14, 1e-6);
  double              e = 0.5 * C;
  OcBatteryStepResult r = step1(&bat0, 120.0e3, dt, &e);
  kt_close(kt, e, 0.5 * C - 120.0e3 * dt / 0.98, "e after discharge", 0);
  kt_close(kt, r.e_out_j, 1.2e6, "e_out", 0);
  kt_close(kt, r.loss_j, 1.2e6 / 0.98 - 1.2e6, "loss (discharge)", 0);
  kt_close(kt, r.e_in_j + r.surplus_j + r.unmet_j, 0.0, "nothing else", 0);
  kt_true(kt, r.flags == 0 && r.t_limit_s == dt, "no flag, t_limit = dt", 0);
  e = 0.5 * C;
  r = step1(&bat0, -80.0e3, dt, &e);
  kt_close(kt, e, 0.5 * C + 0.96 * 80.0e3 * dt, "e after charge", 0);
  kt_close(kt, r.e_in_j, 0.8e6, "e_in", 0);
  kt_close(kt, r.loss_j, 0.04 * 0.8e6, "loss (charge)", 0);
  e = 0.5 * C;
  r = step1(&bat0, 0.0, dt, &e);
  kt_true(kt, e == 0.5 * C && r.e_in_j == 0.0 && r.e_out_j == 0.0 && r.loss_j == 0.0, "idle", 0);
  kt_end(kt);

  kt_begin(kt, "round trip: energy back out / energy in = eta_c eta_d", 1e-13, 0);
  e                    = 0.4 * C;
  const double e_start = e;
  r                    = step1(&bat0, -200.0e3, 60.0, &e);
  const double in = r.e_in_j, p_back = (e - e_start) * 0.98 / 60.0;
  r = step1(&bat0, p_back, 60.0, &e);
  kt_close(kt, r.e_out_j / in, 0.96 * 0.98, "round trip", 0);
  kt_close(kt, e, e_start, "state back to the start", 0);
  kt_end(kt);

  kt_begin(kt, "C-rate: discharge above p_discharge_max unmet, charge above p_charge_max surplus", 1e-14, 1e-6);
  e = 0.5 * C;
  r = step1(&bat0, 500.0e3, dt, &e);
  kt_close(kt, r.e_out_j, 400.0e3 * dt, "e_out at the limit", 0);
  kt_close(kt, r.unmet_j, 100.0e3 * dt, "unmet", 0);
  kt_true(kt, r.flags == OC_BATTERY_POWER_LIMITED, "POWER_LIMITED only", 0);
  e = 0.5 * C;
  r = step1(&bat0, -350.0e3, dt, &e);
  kt_close(kt, r.e_in_j, 300.0e3 * dt, "e_in at the limit", 0);
  kt_close(kt, r.surplus_j, 50.0e3 * dt, "surplus", 0);
  kt_close(kt, e, 0.5 * C + 0.96 * 300.0e3 * dt, "e", 0);
  kt_true(kt, r.flags == OC_BATTERY_POWER_LIMITED, "POWER_LIMITED only", 0);
  kt_end(kt);
}

static void check_soc_max(Kt *kt)
{
  const double C = bat0.capacity_j, e_max = 0.95 * C, dt = 10.0, q = 150.0e3;
  const double room = 0.5 * 0.96 * q * dt; /* fills after half the step */

  kt_begin(kt, "soc_max refuses regeneration: surplus to the brake resistor, exact time", 1e-12, 1e-6);
  double              e = e_max - room;
  OcBatteryStepResult r = step1(&bat0, -q, dt, &e);
  kt_close(kt, e, e_max, "e clamped at soc_max", 0);
  kt_close(kt, r.t_limit_s, 0.5 * dt, "t_limit (full at half the step)", 0);
  kt_close(kt, r.e_in_j, room / 0.96, "e_in", 0);
  kt_close(kt, r.surplus_j, q * dt - room / 0.96, "surplus", 0);
  kt_close(kt, r.loss_j, room / 0.96 - room, "loss", 0);
  kt_true(kt, r.flags == OC_BATTERY_FULL, "FULL", 0);
  r = step1(&bat0, -q, dt, &e);
  kt_close(kt, r.surplus_j, q * dt, "full battery: all surplus", 1);
  kt_close(kt, r.e_in_j + r.loss_j + r.t_limit_s, 0.0, "full battery: nothing in, t_limit 0", 1);
  kt_close(kt, e, e_max, "e stays at soc_max", 1);
  e = 0.97 * C; /* above the ceiling (e.g. a lowered soc_max): refused, e not lowered */
  r = step1(&bat0, -q, dt, &e);
  kt_true(kt, e == 0.97 * C && r.surplus_j == q * dt && r.flags == OC_BATTERY_FULL, "above soc_max", 2);
  r = step1(&bat0, 50.0e3, dt, &e);
  kt_close(kt, e, 0.97 * C - 50.0e3 * dt / 0.98, "discharge from above soc_max", 2);
  kt_end(kt);
}

static void check_stranding(Kt *kt)
{
  const double C = bat0.capacity_j, e_min = 0.10 * C, dt = 1.0;
  const double p        = 90.0e3;                  /* constant draw */
  const double e0       = 0.123456 * C;            /* start */
  const double t_strand = (e0 - e_min) * 0.98 / p; /* closed form: e(t) = e0 - p t / eta_d */

  kt_begin(kt, "stranding: exact time within the step over a run of 1 s steps", 1e-9, 0);
  double              e = e0, t = 0.0;
  OcBatteryStepResult r;
  int                 steps = 0, seen_before = 0;
  for (;;) {
    r = step1(&bat0, p, dt, &e);
    if (r.flags & OC_BATTERY_STRANDED) break;
    seen_before |= r.unmet_j != 0.0;
    t += dt;
    if (++steps > 1000000) break;
  }
  printf("   stranded after %.9f s (closed form %.9f s)\n", t + r.t_limit_s, t_strand);
  kt_close(kt, t + r.t_limit_s, t_strand, "time stranded", 0);
  kt_close(kt, r.e_out_j, p * r.t_limit_s, "delivered in the last step = p t_limit", 0);
  kt_close(kt, r.unmet_j, p * (dt - r.t_limit_s), "unmet in the last step", 0);
  kt_true(kt, e == e_min, "e clamped at soc_min", 0);
  kt_true(kt, !seen_before, "nothing unmet before", 0);
  r = step1(&bat0, p, dt, &e);
  kt_true(kt, (r.flags & OC_BATTERY_STRANDED) && r.t_limit_s == 0.0 && r.unmet_j == p * dt && e == e_min, "at the floor: stranded at t = 0, all unmet", 1);
  e = 0.05 * C;
  r = step1(&bat0, p, dt, &e);
  kt_true(kt, (r.flags & OC_BATTERY_STRANDED) && e == 0.05 * C, "below the floor: not raised", 2);
  r = step1(&bat0, -p, dt, &e);
  kt_close(kt, e, 0.05 * C + 0.96 * p * dt, "below the floor: charging works", 2);
  kt_end(kt);
}

static void check_random(Kt *kt)
{
  OcBatteryParams     bat[N_RANDOM];
  double              p[N_RANDOM], e[N_RANDOM], e_old[N_RANDOM], dt = 2.5;
  OcBatteryStepResult r[N_RANDOM];

  for (int i = 0; i < N_RANDOM; i++) {
    bat[i]                = bat0;
    bat[i].capacity_j     = kt_uniform(kt, 100.0, 600.0) * 3.6e6;
    bat[i].soc_min        = kt_uniform(kt, 0.0, 0.2);
    bat[i].soc_max        = kt_uniform(kt, 0.8, 1.0);
    bat[i].eta_charge     = kt_uniform(kt, 0.85, 1.0);
    bat[i].eta_discharge  = kt_uniform(kt, 0.85, 1.0);
    bat[i].p_charge_max_w = kt_uniform(kt, 50.0e3, 500.0e3);
    /* SOC near the limits often, so that the floor and ceiling are crossed within the step */
    const double u   = kt_uniform(kt, 0, 1);
    const double soc = u < 0.3 ? bat[i].soc_min + kt_uniform(kt, -0.01, 0.002) : u < 0.6 ? bat[i].soc_max + kt_uniform(kt, -0.002, 0.01) : kt_uniform(kt, 0.0, 1.0);
    e[i] = e_old[i] = soc * bat[i].capacity_j;
    p[i]            = i % 97 == 0 ? 0.0 : kt_uniform(kt, -800.0e3, 800.0e3);
  }
  OcKernelBatteryStep(N_RANDOM, bat, p, dt, e, r);

  kt_begin(kt, "random steps: e_out + loss = drop, e_in - loss = rise, offered = accepted + refused", 1e-12, 1e-3);
  int n_str = 0, n_full = 0;
  for (int i = 0; i < N_RANDOM; i++) {
    if (p[i] > 0) {
      kt_close(kt, r[i].e_out_j + r[i].loss_j, e_old[i] - e[i], "e_out + loss", i);
      kt_close(kt, r[i].e_out_j + r[i].unmet_j, p[i] * dt, "e_out + unmet", i);
    } else {
      kt_close(kt, r[i].e_in_j - r[i].loss_j, e[i] - e_old[i], "e_in - loss", i);
      kt_close(kt, r[i].e_in_j + r[i].surplus_j, -p[i] * dt, "e_in + surplus", i);
    }
    kt_true(kt, r[i].loss_j >= 0 && r[i].surplus_j >= 0 && r[i].unmet_j >= 0 && r[i].t_limit_s >= 0 && r[i].t_limit_s <= dt, "signs and 0 <= t_limit <= dt", i);
    const double soc = e[i] / bat[i].capacity_j, soc_old = e_old[i] / bat[i].capacity_j;
    kt_true(kt, p[i] > 0 ? soc >= bat[i].soc_min - 1e-15 || soc == soc_old : soc <= bat[i].soc_max + 1e-15 || soc == soc_old, "never pushed past soc_min (discharge) or soc_max (charge)", i);
    n_str += (r[i].flags & OC_BATTERY_STRANDED) != 0;
    n_full += (r[i].flags & OC_BATTERY_FULL) != 0;
  }
  printf("   %d stranded, %d full of %d\n", n_str, n_full, N_RANDOM);
  kt_true(kt, n_str > 100 && n_full > 100, "both limits reached often", 0);
  kt_end(kt);
}

static void check_hvac(Kt *kt)
{
  const OcHvacParams par = OC_HVAC_EBUS12_DEFAULT;
  /* outside temperature -> hand value (kW) for the default */
  static const double cases[][2] = {
    {-30.0, 4.0 + 30.0}, /* heating capped */
    {-15.0, 4.0 + 30.0}, /* at the cap exactly */
    {-10.0, 4.0 + 25.0},
    {0.0,   4.0 + 15.0},
    {15.0,  4.0       },
    {18.0,  4.0       },
    {22.0,  4.0       },
    {30.0,  4.0 + 6.4 },
    {35.0,  4.0 + 10.4},
    {40.75, 4.0 + 15.0},
    {45.0,  4.0 + 15.0}, /* cooling capped */
  };
  kt_begin(kt, "HVAC: default 12 m e-bus at chosen temperatures", 1e-14, 1e-9);
  for (int k = 0; k < (int)(sizeof(cases) / sizeof(cases[0])); k++) kt_close(kt, OcKernelHvacPower(&par, cases[k][0]), cases[k][1] * 1e3, "P_aux", k);
  kt_end(kt);

  kt_begin(kt, "HVAC: continuous at the band edges and the caps, non-increasing then non-decreasing", 0, 1e-5);
  const double edges[] = {par.t_heat_c, par.t_cool_c, par.t_heat_c - par.p_heat_max_w / par.k_heat_w_per_k, par.t_cool_c + par.p_cool_max_w / par.k_cool_w_per_k};
  for (int k = 0; k < 4; k++) kt_close(kt, OcKernelHvacPower(&par, edges[k] + 1e-9), OcKernelHvacPower(&par, edges[k] - 1e-9), "jump", k);
  double prev = INFINITY;
  for (int k = 0; k <= 1000; k++) {
    const double t = -40.0 + 0.09 * k, p = OcKernelHvacPower(&par, t);
    kt_true(kt, t <= 18.5 ? p <= prev : p >= prev, "monotone on each side", k);
    prev = p;
  }
  kt_end(kt);
}

int main(void)
{
  Kt kt;
  kt_init(&kt, 20240611);
  printf("Battery: p_w > 0 discharge, < 0 charge; 300 kWh, eta_c 0.96, eta_d 0.98, window 10-95 %%\n");
  check_conventions(&kt);
  check_soc_max(&kt);
  check_stranding(&kt);
  check_random(&kt);
  check_hvac(&kt);
  return kt_finish(&kt, "test_battery");
}
