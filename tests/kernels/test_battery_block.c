/* An e-bus block over a day, run through the kernels with 1 s steps (battery, HVAC, charger
 * queue), against an independent hand calculation written here in closed form:
 *   16 trips of 15 km, each km one cycle: accelerate 20 s at 150 kW, cruise 40 s at 30 kW,
 *   brake 15 s regenerating 80 kW, dwell 25 s (electrical power of the drive at the battery,
 *   i.e. 1.5 kWh/km with a 24 kW load); auxiliaries from the outside temperature of the trip
 *   all the time in service, also on the 15 min layovers; off while at a charger;
 *   opportunity charges at a 450 kW terminal pantograph (30 s delay) after trips 4, 8 and 12
 *   (the second with only 10 min before the next departure: it leaves partially charged), and
 *   the overnight charge at a 150 kW depot charger (below the curve's power up to 91.1 % SOC).
 * Hand calculation, per trip with aux = P_aux(T) and L km (P_r > aux: braking charges):
 *   de = -L [(P_a + aux) t_a + (P_c + aux) t_c + aux t_d] / eta_d + L (P_r - aux) t_b eta_c
 *   layover: de = -aux t_lay / eta_d
 *   charge: ds/dt = eta_c P(s) / C with P = min(300 kW, charger) up to the knee (or the crossing
 *   of the charger limit), then P(s) = 300 kW - k (s - 0.8), so P decays as exp(-eta_c k t / C).
 * Checked: SOC at the end of every trip and charge, and each charge's end time, to 1e-9
 * relative; nothing stranded or refused over the day. */
#include "battery.h"
#include "charging.h"
#include "hvac.h"
#include "kernel_test.h"

#include <math.h>

/* the bus */
#define CAP_J   (300.0 * 3.6e6)
#define ETA_C   0.96
#define ETA_D   0.98
#define P_MAX_C 300.0e3
#define KNEE    0.80
#define TAPER_K ((300.0e3 - 30.0e3) / 0.20) /* W per unit of SOC above the knee */
/* a km of service */
#define T_ACC   20
#define T_CRU   40
#define T_BRK   15
#define T_DWL   25
#define P_ACC   150.0e3
#define P_CRU   30.0e3
#define P_REG   80.0e3
#define KM_TRIP 15
#define T_LAY   900
#define T_TRIP  (KM_TRIP * (T_ACC + T_CRU + T_BRK + T_DWL))

typedef enum {
  TRIP,
  LAYOVER,
  CHARGE
} Kind;

typedef struct {
  Kind   kind;
  int    t_start, t_end; /* s of the day; a charge ends at the latest departure */
  double temp_c;         /* outside temperature (trips, layovers) */
  int    site;           /* charges: 0 terminal, 1 depot */
  double target_soc;
} Event;

#define MAX_EVENTS 40

static const OcBatteryParams bat = {
  .capacity_j        = CAP_J,
  .soc_min           = 0.10,
  .soc_max           = 0.95,
  .eta_charge        = ETA_C,
  .eta_discharge     = ETA_D,
  .p_charge_max_w    = P_MAX_C,
  .p_discharge_max_w = 400.0e3,
  .curve             = {.n = 3, .soc = {0.0, KNEE, 1.0}, .p_w = {300.0e3, 300.0e3, 30.0e3}},
};
static const OcHvacParams hvac        = OC_HVAC_EBUS12_DEFAULT;
static const double       site_p_w[2] = {450.0e3, 150.0e3}, site_delay_s[2] = {30.0, 30.0};

/* The day: 16 trips from 05:30, layovers, charges after trips 4, 8 (10 min only), 12 and 16. */
static int build_day(Event ev[])
{
  static const double temp[16] = {-8, -6, -4, -2, 0, 3, 6, 10, 14, 18, 24, 28, 31, 26, 12, 2};
  int                 n = 0, t = 19800;
  for (int k = 0; k < 16; k++) {
    ev[n++] = (Event){TRIP, t, t + T_TRIP, temp[k], -1, 0};
    t += T_TRIP;
    if (k == 15) {
      ev[n++] = (Event){CHARGE, t, 19800 + 86400, 0, 1, 0.95};
      break;
    }
    if (k % 4 == 3) {
      const int stay = k == 7 ? 600 : 1800;
      ev[n++]        = (Event){CHARGE, t, t + stay, 0, 0, k == 11 ? 0.75 : 0.90};
      t += stay;
    } else {
      ev[n++] = (Event){LAYOVER, t, t + T_LAY, temp[k], -1, 0};
      t += T_LAY;
    }
  }
  return n;
}

/* ---- hand calculation --------------------------------------------------------------------- */

static double hand_aux(double t_c)
{
  double heat = t_c < 15.0 ? 1.0e3 * (15.0 - t_c) : 0.0, cool = t_c > 22.0 ? 0.8e3 * (t_c - 22.0) : 0.0;
  return 4.0e3 + (heat > 30.0e3 ? 30.0e3 : heat) + (cool > 15.0e3 ? 15.0e3 : cool);
}

static double hand_trip_de(double t_c)
{
  const double aux = hand_aux(t_c);
  const double out = (P_ACC + aux) * T_ACC + (P_CRU + aux) * T_CRU + aux * T_DWL;
  return KM_TRIP * (-out / ETA_D + (P_REG - aux) * T_BRK * ETA_C);
}

/* Charging from s0 with power available after the delay for t_avail seconds, charger limit p_lim.
 * Returns the SOC at the end; *t_used = time from power-on to the target (or t_avail). */
static double hand_charge(double s0, double target, double t_avail, double p_lim, int *finished, double *t_used)
{
  const double p1  = p_lim < 300.0e3 ? p_lim : 300.0e3; /* constant power */
  const double s_x = KNEE + (300.0e3 - p1) / TAPER_K;   /* end of the constant part */
  const double s_c = target < s_x ? target : s_x;
  const double t1  = CAP_J * (s_c - s0) / (ETA_C * p1);
  if (t1 >= t_avail) {
    *finished = 0;
    *t_used   = t_avail;
    return s0 + ETA_C * p1 * t_avail / CAP_J;
  }
  if (target <= s_x) {
    *finished = 1;
    *t_used   = t1;
    return target;
  }
  /* taper: P(s) = 300 kW - k (s - knee), P(t) = P(s_x) exp(-eta k t / C) */
  const double p_x = 300.0e3 - TAPER_K * (s_x - KNEE), p_t = 300.0e3 - TAPER_K * (target - KNEE);
  const double t2 = CAP_J / (ETA_C * TAPER_K) * log(p_x / p_t);
  if (t1 + t2 <= t_avail) {
    *finished = 1;
    *t_used   = t1 + t2;
    return target;
  }
  *finished = 0;
  *t_used   = t_avail;
  return KNEE + (300.0e3 - p_x * exp(-ETA_C * TAPER_K * (t_avail - t1) / CAP_J)) / TAPER_K;
}

/* SOC after each event, charge end times and outcomes, by hand. */
static void hand_day(const Event ev[], int n, double soc0, double soc[], double t_end[], int fin[])
{
  double s = soc0;
  for (int i = 0; i < n; i++) {
    const Event *e = &ev[i];
    t_end[i]       = e->t_end;
    fin[i]         = 0;
    if (e->kind == TRIP) s += hand_trip_de(e->temp_c) / CAP_J;
    else if (e->kind == LAYOVER) s -= hand_aux(e->temp_c) * (e->t_end - e->t_start) / ETA_D / CAP_J;
    else {
      const double delay = site_delay_s[e->site], avail = e->t_end - e->t_start - delay;
      double       used;
      s        = hand_charge(s, e->target_soc, avail, site_p_w[e->site], &fin[i], &used);
      t_end[i] = fin[i] ? e->t_start + delay + used : e->t_end;
    }
    soc[i] = s;
  }
}

/* ---- the kernels, 1 s steps -------------------------------------------------------------- */

/* Electrical power of the drive at second `sec` of a trip (positive = drawn). */
static double drive_power(int sec)
{
  const int c = sec % (T_ACC + T_CRU + T_BRK + T_DWL);
  if (c < T_ACC) return P_ACC;
  if (c < T_ACC + T_CRU) return P_CRU;
  if (c < T_ACC + T_CRU + T_BRK) return -P_REG;
  return 0.0;
}

static void run_day(Kt *kt, const Event ev[], int n, double soc0, double soc[], double t_end[], int fin[])
{
  OcChargerSite  site[2];
  OcChargerPoint point[2];
  int            ring[4];
  OcChargeBus    bus;
  double         e     = soc0 * CAP_J, p_ac[2], p_ch;
  double         unmet = 0.0, surplus = 0.0;
  int            stranded = 0;

  for (int k = 0; k < 2; k++) site[k] = (OcChargerSite){.p_rated_w = site_p_w[k], .eta = 0.95, .start_delay_s = site_delay_s[k], .point0 = k, .n_points = 1, .ring0 = 2 * k, .ring_capacity = 2};
  OcKernelChargingInit(2, site, 2, point, 1, &bus);

  for (int i = 0; i < n; i++) {
    const Event *v = &ev[i];
    if (v->kind == CHARGE) {
      bus.site       = v->site;
      bus.t_arrive_s = v->t_start;
      bus.t_depart_s = v->t_end;
      bus.target_soc = v->target_soc;
    }
    for (int t = v->t_start; t < v->t_end; t++) {
      double p_w;
      if (v->kind == CHARGE) {
        const int arrive = 0;
        OcKernelChargingStep(t, 1.0, 2, site, 2, point, ring, 1, &bus, &bat, &e, t == v->t_start, &arrive, p_ac, &p_ch);
        p_w = -p_ch; /* auxiliaries off at the charger */
      } else {
        const double aux = OcKernelHvacPower(&hvac, v->temp_c);
        p_w              = aux + (v->kind == TRIP ? drive_power(t - v->t_start) : 0.0);
      }
      OcBatteryStepResult r;
      OcKernelBatteryStep(1, &bat, &p_w, 1.0, &e, &r);
      unmet += r.unmet_j;
      surplus += r.surplus_j;
      stranded |= (r.flags & OC_BATTERY_STRANDED) != 0;
    }
    soc[i]   = e / CAP_J;
    t_end[i] = v->kind == CHARGE ? bus.t_end_s : v->t_end;
    fin[i]   = v->kind == CHARGE && bus.status == OC_CHARGE_FINISHED;
  }
  kt_begin(kt, "block: nothing stranded, unmet or refused over the day", 0, 1e-6);
  kt_true(kt, !stranded, "not stranded", 0);
  kt_close(kt, unmet, 0.0, "unmet", 0);
  kt_close(kt, surplus, 0.0, "surplus", 0);
  kt_end(kt);
}

int main(void)
{
  Kt     kt;
  Event  ev[MAX_EVENTS];
  double soc_h[MAX_EVENTS], soc_k[MAX_EVENTS], t_h[MAX_EVENTS], t_k[MAX_EVENTS];
  int    fin_h[MAX_EVENTS], fin_k[MAX_EVENTS];

  kt_init(&kt, 1);
  const int n = build_day(ev);
  hand_day(ev, n, 0.95, soc_h, t_h, fin_h);
  run_day(&kt, ev, n, 0.95, soc_k, t_k, fin_k);

  printf("   event        start     end(hand)        SOC hand        SOC kernels\n");
  for (int i = 0; i < n; i++)
    if (ev[i].kind != LAYOVER)
      printf("   %-8s %9d %14.6f %15.12f %15.12f %s\n", ev[i].kind == TRIP ? "trip" : ev[i].site ? "depot" : "terminal", ev[i].t_start, t_h[i], soc_h[i], soc_k[i], ev[i].kind == CHARGE ? (fin_h[i] ? "finished" : "left early") : "");

  kt_begin(&kt, "block: SOC at the end of each trip (16) against the hand calculation", 1e-9, 0);
  for (int i = 0; i < n; i++)
    if (ev[i].kind == TRIP) kt_close(&kt, soc_k[i], soc_h[i], "SOC after trip", i);
  kt_end(&kt);

  int n_fin = 0, n_left = 0;
  kt_begin(&kt, "block: each charge: outcome, end time and SOC against the hand calculation", 1e-9, 0);
  for (int i = 0; i < n; i++) {
    if (ev[i].kind != CHARGE) continue;
    kt_true(&kt, fin_k[i] == fin_h[i], "outcome (finished / left early)", i);
    kt_close(&kt, t_k[i] - ev[i].t_start, t_h[i] - ev[i].t_start, "duration of the visit", i);
    kt_close(&kt, soc_k[i], soc_h[i], "SOC after the charge", i);
    n_fin += fin_h[i];
    n_left += !fin_h[i];
  }
  kt_true(&kt, n_fin == 3 && n_left == 1, "three finished, one left early (as designed)", 0);
  kt_end(&kt);
  return kt_finish(&kt, "test_battery_block");
}
