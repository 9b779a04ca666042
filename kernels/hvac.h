/* Auxiliary electrical power of a bus as a function of the outside temperature: a constant base
 * load plus heating below a comfort band and cooling above it, each linear in the distance from
 * the band and capped at the rating of the equipment:
 *   P_aux(T) = p_base_w + min(p_heat_max_w, k_heat_w_per_k max(0, t_heat_c - T))
 *                       + min(p_cool_max_w, k_cool_w_per_k max(0, T - t_cool_c))
 * T = outside temperature, degC. Continuous in T; ventilation only inside [t_heat_c, t_cool_c].
 * Electrical power at the battery terminals (W), drawn whether the bus drives or stands; the
 * coefficients already contain the heater's or heat pump's coefficient of performance.
 *
 * Callers validate: every parameter >= 0 and t_heat_c <= t_cool_c. */
#ifndef OC_KERNELS_HVAC_H
#define OC_KERNELS_HVAC_H

typedef struct {
  double p_base_w;       /* compressor, steering, 24 V network, battery cooling pump..., W */
  double t_heat_c;       /* heating below this outside temperature, degC */
  double t_cool_c;       /* cooling above this outside temperature, degC */
  double k_heat_w_per_k; /* heating power per kelvin below t_heat_c, W/K */
  double k_cool_w_per_k; /* cooling power per kelvin above t_cool_c, W/K */
  double p_heat_max_w;   /* heater rating, W */
  double p_cool_max_w;   /* air-conditioning rating, W */
} OcHvacParams;

/* Default for a 12 m e-bus with electric resistance (PTC) heating and electric air conditioning.
 * ALL VALUES ASSUMED (order of magnitude, not from one measurement): base 4 kW; heating below
 * 15 degC at 1 kW/K (25 kW at -10 degC), at most 30 kW; cooling above 22 degC at 0.8 kW/K
 * (10.4 kW at 35 degC), at most 15 kW. Plausibility: at -10 degC the auxiliaries (29 kW) are
 * about twice the mean traction power of a 12 m bus in city service (~1 kWh/km at ~15 km/h),
 * consistent with UITP's finding that heating can be more than half of the energy in cold
 * cities (UITP Bus Committee, "Thermal comfort and energy efficiency for electric buses",
 * toolkit and report, uitp.org). A heat pump divides k_heat by its COP (2-3). */
#define OC_HVAC_EBUS12_DEFAULT \
  { \
    .p_base_w = 4.0e3, .t_heat_c = 15.0, .t_cool_c = 22.0, .k_heat_w_per_k = 1.0e3, .k_cool_w_per_k = 0.8e3, .p_heat_max_w = 30.0e3, .p_cool_max_w = 15.0e3, \
  }

/* P_aux at outside temperature t_out_c, W. */
double OcKernelHvacPower(const OcHvacParams *par, double t_out_c);

#endif
