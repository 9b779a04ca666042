/* Charging of e-buses: the charge curve integrated exactly, and charger sites with first-come
 * first-served queues, all sites advanced in one call per time step.
 *
 * CHARGE CURVE. While powered, the battery terminals receive P(e) = min(curve(e / C), p_limit_w),
 * curve from OcBatteryParams.curve (piecewise linear in SOC, constant outside its points), C =
 * capacity_j, p_limit_w = min(charger point rating, bus p_charge_max_w). The cells then gain
 *   de/dt = eta_c P(e)          (eta_c = eta_charge; battery.h)
 * P is piecewise linear in e (pieces split at the curve's points and where it crosses p_limit_w),
 * so each piece is solved in closed form; on a piece starting at e_a with P(e) = P_a + b (e - e_a):
 *   b = 0:  e(t) = e_a + eta_c P_a t,                 time to e_b: (e_b - e_a) / (eta_c P_a)
 *   b != 0: e(t) = e_a + P_a expm1(eta_c b t) / b,    time to e_b: log1p(b (e_b - e_a) / P_a)
 *                                                                   / (eta_c b)
 * (a taper to P = 0 is approached exponentially and never reached). The result does not depend on
 * the time step: integrating over [0, t1] then [t1, t2] equals integrating over [0, t2].
 *
 * CHARGER SITES. A site has n_points identical points (rating p_rated_w at the DC output,
 * AC-to-DC efficiency eta, start delay start_delay_s: handshake, pantograph down) and a queue,
 * a ring of ring_capacity bus indices in the caller's ring[] from ring0 on, kept in order of
 * arrival time (ties: order of the arrive[] list). A bus visiting a site:
 *   arrives at t_arrive_s (the caller lists it in arrive[] of the step whose interval holds
 *     t_arrive_s, with its site, target_soc and latest departure t_depart_s set) -> ARRIVED,
 *     queued; REFUSED (not queued) if the ring is full: callers size ring_capacity to the number
 *     of buses that can be at the site at once;
 *   is connected at t_start_s = max(arrival, time a point frees) when it is the head of the queue
 *     and a point is free (earliest-free point first, ties: lowest index) -> STARTED. If its SOC
 *     is already at the target it finishes at once (FINISHED, nothing drawn, point stays free);
 *   draws power from t_start_s + start_delay_s on, along the charge curve;
 *   finishes when e reaches min(target_soc, soc_max) C -> FINISHED at t_end_s, or must leave at
 *     t_depart_s first -> LEFT_EARLY at t_end_s = t_depart_s, whether waiting (e_dc_j == 0 and
 *     t_start_s NAN: did not charge), in its start delay (e_dc_j == 0) or charging (e_dc_j > 0:
 *     charged partially). The point is free again at t_end_s and takes the next in the queue.
 * Event times are exact within the step, not rounded to it.
 *
 * Per step [t0_s, t0_s + dt_s] the kernel returns MEAN powers over the step:
 *   p_point_ac_w[point]  AC power drawn by the point (= DC power / eta): the caller places it as
 *                        a load at the charger's AC bus;
 *   p_charge_w[bus]      power into the bus's battery terminals (>= 0): the fleet passes
 *                        p_traction + p_aux - p_charge_w as p_w to OcKernelBatteryStep.
 * Explicit in the battery state: the curve is integrated from e_j[] as it is at t0_s, i.e. the
 * kernel assumes nothing else charges or discharges the battery while it is powered. Auxiliaries
 * drawn from the battery during a session (the fleet's choice) make the bus finish a little
 * later than the curve alone says; with no other load the battery kernel reproduces the curve's
 * e(t) to rounding. Energy: AC drawn = DC delivered / eta; DC delivered = stored + battery losses
 * (OcKernelBatteryStep); so AC = stored + battery losses + charger losses.
 *
 * Callers validate: p_rated_w > 0, 0 < eta <= 1, start_delay_s >= 0, n_points >= 1,
 * ring_capacity >= 1, points and rings of different sites disjoint; target_soc in [0, 1];
 * t_depart_s > t_arrive_s (INFINITY: no deadline); arrivals within their step; the battery
 * parameters as in battery.h. A bus visits at most one site at a time. */
#ifndef OC_KERNELS_CHARGING_H
#define OC_KERNELS_CHARGING_H

#include "battery.h"

/* Defaults (ASSUMED; replace with the site's data): a terminal pantograph charger of 450 kW and
 * a depot charger of 150 kW (the ends of the 150-450 kW range of e-bus chargers), 95 % AC-to-DC
 * efficiency (typical of data sheets of bus chargers, 94-96 % at rated power), 30 s from contact to
 * power (pantograph down + communication handshake). */
#define OC_CHARGER_TERMINAL_P_RATED_W 450.0e3
#define OC_CHARGER_DEPOT_P_RATED_W    150.0e3
#define OC_CHARGER_DEFAULT_ETA        0.95
#define OC_CHARGER_DEFAULT_DELAY_S    30.0

typedef struct {
  double p_rated_w;     /* DC output rating of each point, W */
  double eta;           /* AC-to-DC efficiency */
  double start_delay_s; /* connection to power, s */
  int    point0;        /* points point0 .. point0 + n_points - 1 of point[] */
  int    n_points;
  int    ring0; /* queue storage ring[ring0 .. ring0 + ring_capacity - 1] */
  int    ring_capacity;
  int    head, count; /* queue state (kernel) */
} OcChargerSite;

typedef struct {
  int    bus;      /* bus connected, -1 if free */
  double t_free_s; /* when it became free (if free) */
} OcChargerPoint;

typedef enum {
  OC_CHARGE_NONE = 0,  /* not at a charger */
  OC_CHARGE_QUEUED,    /* waiting for a point */
  OC_CHARGE_CONNECTED, /* on a point: start delay, then charging */
  OC_CHARGE_FINISHED,  /* reached its target */
  OC_CHARGE_LEFT,      /* left at its latest departure before reaching the target */
  OC_CHARGE_REFUSED    /* the queue was full */
} OcChargeStatus;

enum {
  OC_CHARGE_EV_ARRIVED    = 1,
  OC_CHARGE_EV_STARTED    = 2, /* connected to a point (the start delay begins) */
  OC_CHARGE_EV_FINISHED   = 4,
  OC_CHARGE_EV_LEFT_EARLY = 8,
  OC_CHARGE_EV_REFUSED    = 16
};

typedef struct {
  /* request, set by the caller before listing the bus in arrive[] */
  int    site;
  double t_arrive_s;
  double t_depart_s; /* latest departure, INFINITY for none */
  double target_soc;
  /* kernel: state and results of the current (or last) visit */
  OcChargeStatus status;
  int            point;     /* point[] used in this visit, -1 if none yet */
  double         t_start_s; /* connected; NAN before */
  double         t_end_s;   /* finished or left; NAN before */
  double         e_dc_j;    /* into the battery terminals during this visit, J */
  double         e_ac_j;    /* drawn from the grid for it, J */
  unsigned       events;    /* OC_CHARGE_EV_* of the last step */
} OcChargeBus;

/* curve(soc) of the battery, without limits. */
double OcKernelChargeCurvePower(const OcChargeCurve *curve, double soc);

/* Integrates de/dt = eta_c min(curve(e / C), p_limit_w) from e0_j for at most tau_s, stopping
 * when e reaches e_target_j. Returns 1 if the target was reached (at *t_used_s <= tau_s; also when
 * e0_j >= e_target_j, with *t_used_s = 0), else 0 (*t_used_s = tau_s). *e1_j: the energy after. */
int OcKernelChargeCurveAdvance(const OcBatteryParams *bat, double p_limit_w, double e0_j, double e_target_j, double tau_s, double *e1_j, double *t_used_s);

/* Empties every queue and point and sets every bus to OC_CHARGE_NONE. */
void OcKernelChargingInit(int n_sites, OcChargerSite site[], int n_points, OcChargerPoint point[], int n_bus, OcChargeBus bus[]);

/* Advances all sites over [t0_s, t0_s + dt_s]. In: arrive[n_arrive] (buses arriving in this
 * step), bat[n_bus], e_j[n_bus] (at t0_s). In/out: site[], point[], ring[], bus[]. Out:
 * p_point_ac_w[n_points], p_charge_w[n_bus]; bus[].events. */
void OcKernelChargingStep(double t0_s, double dt_s, int n_sites, OcChargerSite site[], int n_points, OcChargerPoint point[], int ring[], int n_bus, OcChargeBus bus[], const OcBatteryParams bat[], const double e_j[], int n_arrive, const int arrive[], double p_point_ac_w[], double p_charge_w[]);

#endif
