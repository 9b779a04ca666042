/* Traction battery of an e-bus (or battery trolleybus): energy content over one fixed time step,
 * for many buses in one call.
 *
 * State: e_j = energy content (J), measured as the energy the cells hold; SOC = e_j / capacity_j.
 * Sign convention (as dc_vehicle.h: positive = drawn): p_w is the mean electrical power at the
 * battery terminals over the step, POSITIVE = DISCHARGE (traction, auxiliaries), NEGATIVE = CHARGE
 * (regeneration, charger). The fleet forms p_w = p_traction + p_aux - p_charge.
 *
 * Discharge, p_w > 0, efficiency eta_d = eta_discharge:
 *   p = min(p_w, p_discharge_max_w)            the rest, (p_w - p) dt, is unmet (POWER_LIMITED)
 *   de/dt = -p / eta_d                         delivered p dt, loss p dt (1 / eta_d - 1)
 *   floor e_min = soc_min capacity_j: if e - p dt / eta_d < e_min the bus is STRANDED at
 *   t_limit_s = (e - e_min) eta_d / p within the step (the power is constant over the step, so e
 *   is linear in t); e is clamped to e_min, the energy not delivered is unmet. A bus that starts
 *   the step at (or below) the floor and asks for power is stranded at t_limit_s = 0; e is never
 *   raised to the floor. Set soc_min = 0 to strand only at empty.
 * Charge, p_w < 0, q = -p_w, efficiency eta_c = eta_charge:
 *   q' = min(q, p_charge_max_w)                the rest, (q - q') dt, is surplus (POWER_LIMITED)
 *   de/dt = eta_c q'                           accepted q' dt, loss (1 - eta_c) q' dt
 *   ceiling e_max = soc_max capacity_j: when reached, at t_limit_s = (e_max - e) / (eta_c q'), the
 *   battery is FULL and refuses the rest: surplus. For regeneration the surplus goes to the brake
 *   resistor; a charger never offers more than fits (charging.h stops at the target SOC).
 *   The regeneration limit is p_charge_max_w at any SOC (the charge curve below applies to charger
 *   sessions only, see charging.h).
 * Round-trip efficiency eta_c eta_d. Per step, to rounding:
 *   e_out_j + loss_j = e(start) - e(end)       (discharge)
 *   e_in_j - loss_j  = e(end) - e(start)       (charge)
 *   e_out_j + unmet_j = p_w dt,   e_in_j + surplus_j = -p_w dt.
 *
 * Callers validate: capacity_j > 0; 0 <= soc_min < soc_max <= 1; 0 < eta_charge, eta_discharge
 * <= 1; p_charge_max_w, p_discharge_max_w >= 0; dt_s > 0; e_j finite. Charge curve (charging.h):
 * 1 <= n <= OC_CHARGE_CURVE_MAX_POINTS, soc[] strictly increasing in [0, 1], p_w[] >= 0. */
#ifndef OC_KERNELS_BATTERY_H
#define OC_KERNELS_BATTERY_H

#define OC_CHARGE_CURVE_MAX_POINTS 8

/* Power the battery accepts from a charger, at its terminals, as a piecewise-linear function of
 * SOC (CC-CV approximation: constant up to a knee, then tapering); constant beyond the first and
 * last points. */
typedef struct {
  int    n;                               /* number of points */
  double soc[OC_CHARGE_CURVE_MAX_POINTS]; /* strictly increasing, fractions */
  double p_w[OC_CHARGE_CURVE_MAX_POINTS]; /* W, >= 0 */
} OcChargeCurve;

typedef struct {
  double        capacity_j;        /* energy content at SOC 1, J */
  double        soc_min;           /* floor: stranded below it */
  double        soc_max;           /* ceiling: charging and regeneration stop at it */
  double        eta_charge;        /* terminals -> cells */
  double        eta_discharge;     /* cells -> terminals */
  double        p_charge_max_w;    /* most power accepted at the terminals, W (C-rate limit) */
  double        p_discharge_max_w; /* most power delivered at the terminals, W */
  OcChargeCurve curve;             /* charge acceptance in charger sessions (charging.h) */
} OcBatteryParams;

/* Default for a 12 m e-bus (ALL VALUES ASSUMED, typical of 2020s NMC packs; replace with the
 * vehicle's data sheet): 350 kWh nominal (middle of the 250-450 kWh range of 12 m buses); usable
 * window 10-90 % SOC (the 80 % usable share commonly planned for NMC bus packs, for life);
 * 97 % one-way efficiency each way (94 % round trip at ~0.5-1 C); 1 C charge (350 kW) and
 * 1.3 C discharge (450 kW, above the ~250 kW peak of a 12 m bus drive plus auxiliaries);
 * charge curve: 350 kW (1 C) up to the CC-CV knee at 80 % SOC, then a linear taper to 10 %
 * (35 kW) at 100 %. LFP packs have their knee later (~90 %) and usually a wider window. */
/* clang-format off */
#define OC_BATTERY_EBUS12_DEFAULT \
  { \
    .capacity_j = 350.0 * 3.6e6, .soc_min = 0.10, .soc_max = 0.90, .eta_charge = 0.97, \
    .eta_discharge = 0.97, .p_charge_max_w = 350.0e3, .p_discharge_max_w = 450.0e3, \
    .curve = {.n = 3, .soc = {0.0, 0.80, 1.0}, .p_w = {350.0e3, 350.0e3, 35.0e3}}, \
  }
/* clang-format on */

enum {
  OC_BATTERY_STRANDED      = 1, /* reached soc_min (or started below it) while discharging */
  OC_BATTERY_FULL          = 2, /* reached soc_max (or started above it) while charging */
  OC_BATTERY_POWER_LIMITED = 4  /* |p_w| above p_charge_max_w / p_discharge_max_w */
};

typedef struct {
  double   e_out_j;   /* delivered at the terminals (discharge), J >= 0 */
  double   e_in_j;    /* accepted at the terminals (charge), J >= 0 */
  double   loss_j;    /* conversion losses in the battery, J >= 0 */
  double   surplus_j; /* charge offered but refused (soc_max, power limit), J >= 0 */
  double   unmet_j;   /* discharge asked for but not delivered (soc_min, power limit), J >= 0 */
  double   t_limit_s; /* when soc_min (STRANDED) or soc_max (FULL) was reached, s from the step
                         start; dt_s if neither */
  unsigned flags;     /* OC_BATTERY_* */
} OcBatteryStepResult;

/* Advances n batteries by dt_s. In: bat[n], p_w[n] (sign above), e_j[n]. Out: e_j[n], res[n]. */
void OcKernelBatteryStep(int n, const OcBatteryParams bat[], const double p_w[], double dt_s, double e_j[], OcBatteryStepResult res[]);

#endif
