/* Charge curve and charger queues, each against a hand calculation written here:
 * - start delay: no power before contact + delay, then the exact share of the step;
 * - taper above the knee: time from 20 % to 90 % SOC (and, at a charger below the curve's
 *   power, across the crossing of the charger limit) integrated analytically, the same for
 *   every time step; a taper to zero is never completed;
 * - two buses 2 minutes apart at one point: the second waits until the first finishes, then
 *   charges; with a deadline it leaves partially charged, or uncharged if the deadline passes
 *   while it waits; with two points nobody waits; a full ring refuses;
 * - energy conservation over a random day of three sites and 40 buses: energy drawn from the
 *   grid = energy stored + battery losses + charger losses (1e-12), first-come first-served
 *   order, a waiting bus starts exactly when a point frees, targets met or deadline kept. */
#include "battery.h"
#include "charging.h"
#include "kernel_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SITES  3
#define MAX_POINTS 6
#define MAX_BUS    40

typedef struct {
  int             n_sites, n_points, n_bus;
  OcChargerSite   site[MAX_SITES];
  OcChargerPoint  point[MAX_POINTS];
  int             ring[MAX_SITES * MAX_BUS];
  OcChargeBus     bus[MAX_BUS];
  OcBatteryParams bat[MAX_BUS];
  double          e[MAX_BUS], e_start[MAX_BUS];
  int             arrived[MAX_BUS];
  /* totals over the run, J */
  double ac, ac_site[MAX_SITES], loss_charger, dc_bus[MAX_BUS], loss_bat, surplus;
  int    max_busy[MAX_SITES];
  int    k; /* steps done */
} Sim;

static const OcBatteryParams ebus = OC_BATTERY_EBUS12_DEFAULT;

static OcChargerSite make_site(double p_rated_w, double eta, double delay_s, int point0, int n_points, int ring0, int ring_capacity)
{
  return (OcChargerSite){.p_rated_w = p_rated_w, .eta = eta, .start_delay_s = delay_s, .point0 = point0, .n_points = n_points, .ring0 = ring0, .ring_capacity = ring_capacity};
}

/* Adds a bus with its request (one visit). */
static int add_bus(Sim *s, const OcBatteryParams *bat, int site, double soc0, double t_arrive, double target, double t_depart)
{
  const int b = s->n_bus++;
  s->bat[b]   = *bat;
  s->e[b] = s->e_start[b] = soc0 * bat->capacity_j;
  s->bus[b].site          = site;
  s->bus[b].t_arrive_s    = t_arrive;
  s->bus[b].t_depart_s    = t_depart;
  s->bus[b].target_soc    = target;
  return b;
}

/* n_steps more steps [k dt, (k + 1) dt): arrivals, charging, battery; totals.
 * record(s, k, user) is called after each step when given. */
static void sim_run(Sim *s, double dt, int n_steps, void (*record)(Sim *, int, void *), void *user)
{
  double              p_ac[MAX_POINTS], p_ch[MAX_BUS], p_bat[MAX_BUS];
  int                 arrive[MAX_BUS];
  OcBatteryStepResult r[MAX_BUS];

  for (int k = s->k; k < s->k + n_steps; k++) {
    const double t0 = k * dt, t1 = (k + 1) * dt;
    int          n_arrive = 0;
    for (int b = 0; b < s->n_bus; b++)
      if (!s->arrived[b] && s->bus[b].t_arrive_s < t1) {
        s->arrived[b]      = 1;
        arrive[n_arrive++] = b;
      }
    OcKernelChargingStep(t0, dt, s->n_sites, s->site, s->n_points, s->point, s->ring, s->n_bus, s->bus, s->bat, s->e, n_arrive, arrive, p_ac, p_ch);
    for (int b = 0; b < s->n_bus; b++) p_bat[b] = -p_ch[b];
    OcKernelBatteryStep(s->n_bus, s->bat, p_bat, dt, s->e, r);
    for (int k_s = 0; k_s < s->n_sites; k_s++) {
      const OcChargerSite *site = &s->site[k_s];
      int                  busy = 0;
      for (int p = site->point0; p < site->point0 + site->n_points; p++) {
        s->ac += p_ac[p] * dt;
        s->ac_site[k_s] += p_ac[p] * dt;
        s->loss_charger += p_ac[p] * dt * (1.0 - site->eta);
        busy += s->point[p].bus >= 0;
      }
      if (busy > s->max_busy[k_s]) s->max_busy[k_s] = busy;
    }
    for (int b = 0; b < s->n_bus; b++) {
      s->dc_bus[b] += p_ch[b] * dt;
      s->loss_bat += r[b].loss_j;
      s->surplus += r[b].surplus_j;
    }
    if (record) record(s, k, user);
  }
  s->k += n_steps;
}

static void sim_init(Sim *s)
{
  memset(s, 0, sizeof(*s));
}

static void sim_setup(Sim *s)
{
  OcKernelChargingInit(s->n_sites, s->site, s->n_points, s->point, s->n_bus, s->bus);
}

/* ---- start delay ------------------------------------------------------------------------ */

typedef struct {
  double   p_ch[16], p_ac[16];
  unsigned ev[16];
} DelayTrace;

static void record_delay(Sim *s, int k, void *user)
{
  DelayTrace *tr = user;
  if (k >= 16) return;
  tr->p_ch[k] = s->dc_bus[0]; /* cumulative, differenced below */
  tr->p_ac[k] = s->ac;
  tr->ev[k]   = s->bus[0].events;
}

static void check_start_delay(Kt *kt)
{
  Sim          s;
  DelayTrace   tr;
  const double dt = 7.0, P = 350.0e3; /* default bus: 350 kW below the knee; charger 450 kW */

  sim_init(&s);
  s.n_sites = s.n_points = 1;
  s.site[0]              = make_site(450.0e3, 0.95, 30.0, 0, 1, 0, 4);
  add_bus(&s, &ebus, 0, 0.30, 3.0, 0.60, INFINITY);
  sim_setup(&s);
  sim_run(&s, dt, 16, record_delay, &tr);

  kt_begin(kt, "start delay: contact at 3 s, power from 33 s (dt = 7 s)", 1e-13, 1e-6);
  kt_true(kt, tr.ev[0] == (OC_CHARGE_EV_ARRIVED | OC_CHARGE_EV_STARTED), "arrived and started in step 0", 0);
  kt_close(kt, s.bus[0].t_start_s, 3.0, "t_start", 0);
  for (int k = 0; k < 16; k++) {
    const double t0 = k * dt, t1 = t0 + dt;
    const double want = P * fmax(0.0, t1 - fmax(t0, 33.0)); /* DC energy of the step, J */
    const double got  = tr.p_ch[k] - (k ? tr.p_ch[k - 1] : 0.0);
    const double ac   = tr.p_ac[k] - (k ? tr.p_ac[k - 1] : 0.0);
    kt_close(kt, got, want, "DC energy of the step", k);
    kt_close(kt, ac, want / 0.95, "AC energy of the step", k);
  }
  kt_end(kt);
}

/* ---- taper above the knee --------------------------------------------------------------- */

static void record_end(Sim *s, int k, void *user)
{
  double *e_end = user; /* energy content right after the step in which bus 0 ended */
  if (s->bus[0].events & (OC_CHARGE_EV_FINISHED | OC_CHARGE_EV_LEFT_EARLY)) *e_end = s->e[0];
}

static void check_taper(Kt *kt)
{
  /* default bus: C = 350 kWh, eta_c = 0.97, curve 350 kW to SOC 0.8, then linear to 35 kW at 1 */
  const double C = 350.0 * 3.6e6, eta = 0.97, slope = (350.0e3 - 35.0e3) / 0.2; /* W per unit SOC */
  /* hand: ds/dt = eta P(s) / C. Constant P: t = C ds / (eta P). Linear P(s) = P_k - slope (s - s_k):
   * t = C / (eta slope) ln(P(s_a) / P(s_b)). */
  const double        t_const = C * (0.8 - 0.2) / (eta * 350.0e3);
  const double        t_taper = C / (eta * slope) * log(350.0e3 / (350.0e3 - slope * 0.1));
  const double        t_hand  = 30.0 + t_const + t_taper;
  static const double dts[]   = {1.0, 10.0, 60.0, 600.0, 3600.0};

  printf("   20 %% -> 90 %% at a 450 kW charger: %.3f s constant power + %.3f s taper + 30 s delay\n", t_const, t_taper);
  kt_begin(kt, "taper: 20 % -> 90 % (default curve, 450 kW charger) against the analytic time, every dt", 1e-9, 0);
  for (int k = 0; k < 5; k++) {
    Sim    s;
    double e_end = NAN;
    sim_init(&s);
    s.n_sites = s.n_points = 1;
    s.site[0]              = make_site(450.0e3, 0.95, 30.0, 0, 1, 0, 4);
    add_bus(&s, &ebus, 0, 0.20, 0.0, 0.90, INFINITY);
    sim_setup(&s);
    sim_run(&s, dts[k], (int)ceil(4000.0 / dts[k]) + 1, record_end, &e_end);
    kt_true(kt, s.bus[0].status == OC_CHARGE_FINISHED, "finished", k);
    kt_close(kt, s.bus[0].t_end_s, t_hand, "time to 90 %", k);
    kt_close(kt, e_end / C, 0.90, "SOC at the end", k);
    kt_close(kt, s.bus[0].e_dc_j, C * 0.7 / eta, "DC energy = stored / eta_c", k);
  }
  kt_end(kt);

  /* 150 kW charger on a bus with soc_max = 1: capped at 150 kW until the curve falls below it at
   * s_x = 0.8 + (350 - 150) kW / slope, then the taper up to 97 % */
  OcBatteryParams bat = ebus;
  bat.soc_max         = 1.0;
  const double s_x    = 0.8 + 200.0e3 / slope;
  const double t2     = C * (s_x - 0.2) / (eta * 150.0e3) + C / (eta * slope) * log(150.0e3 / (350.0e3 - slope * (0.97 - 0.8)));
  kt_begin(kt, "taper: 20 % -> 97 % at a 150 kW charger (crossing the charger limit at 92.7 %)", 1e-9, 0);
  for (int k = 0; k < 5; k++) {
    Sim    s;
    double e_end = NAN;
    sim_init(&s);
    s.n_sites = s.n_points = 1;
    s.site[0]              = make_site(150.0e3, 0.95, 0.0, 0, 1, 0, 4);
    add_bus(&s, &bat, 0, 0.20, 0.0, 0.97, INFINITY);
    sim_setup(&s);
    sim_run(&s, dts[k], (int)ceil(8000.0 / dts[k]) + 1, record_end, &e_end);
    kt_close(kt, s.bus[0].t_end_s, t2, "time to 97 %", k);
    kt_close(kt, e_end / C, 0.97, "SOC at the end", k);
  }
  kt_end(kt);

  kt_begin(kt, "curve: a taper to 0 W is approached exponentially, never completed", 1e-12, 0);
  OcBatteryParams z = ebus;
  z.soc_max         = 1.0;
  z.curve           = (OcChargeCurve){
              .n = 2, .soc = {0.8,     1.0},
                   .p_w = {350.0e3, 0.0}
  };
  double    e1, used;
  const int reached = OcKernelChargeCurveAdvance(&z, 450.0e3, 0.8 * C, C, 3600.0, &e1, &used);
  /* s(t) = 1 - 0.2 exp(-eta (350e3 / 0.2) t / C) */
  kt_true(kt, !reached && used == 3600.0, "not reached, all the time used", 0);
  kt_close(kt, C - e1, 0.2 * C * exp(-eta * 350.0e3 / 0.2 * 3600.0 / C), "C - e after 1 h", 0);
  kt_close(kt, OcKernelChargeCurvePower(&z.curve, 0.9), 175.0e3, "curve(0.9)", 0);
  kt_close(kt, OcKernelChargeCurvePower(&z.curve, 0.5), 350.0e3, "curve below the first point", 0);
  kt_end(kt);

  /* a rising start (preconditioning ramp) 175 -> 350 kW over 0-10 % SOC, charger limit 262.5 kW:
   * on the curve up to 5 %, at the limit after: t = C / (eta m) ln(P(5 %) / P(0)) + C ds / (eta P) */
  OcBatteryParams r = ebus;
  r.curve           = (OcChargeCurve){
              .n = 3, .soc = {0.0,     0.1,     1.0    },
                   .p_w = {175.0e3, 350.0e3, 350.0e3}
  };
  const double m = 175.0e3 / 0.1, t_r = C / (eta * m) * log(262.5e3 / 175.0e3) + C * 0.15 / (eta * 262.5e3);
  kt_begin(kt, "curve: rising segment crossing the charger limit; any split of the time gives the same e", 1e-12, 0);
  double    e_r;
  const int ok = OcKernelChargeCurveAdvance(&r, 262.5e3, 0.0, 0.2 * C, 1.0e5, &e_r, &used);
  kt_true(kt, ok, "reached", 0);
  kt_close(kt, used, t_r, "time 0 % -> 20 %", 0);
  double e_split = 0.0, t_split = 0.0;
  for (int k = 0; t_split < t_r; k++) { /* uneven chunks */
    double       e_next, u;
    const double tau = fmin(1.0 + 37.0 * (k % 7), t_r - t_split);
    OcKernelChargeCurveAdvance(&r, 262.5e3, e_split, C, tau, &e_next, &u);
    e_split = e_next;
    t_split += tau;
  }
  kt_close(kt, e_split, 0.2 * C, "e after the same time in uneven chunks", 0);
  kt_end(kt);
}

/* ---- two buses at one charger ------------------------------------------------------------ */

static void setup_two(Sim *s, int n_points, double t_depart_b)
{
  sim_init(s);
  s->n_sites  = 1;
  s->n_points = n_points;
  s->site[0]  = make_site(300.0e3, 0.95, 30.0, 0, n_points, 0, 4);
  add_bus(s, &ebus, 0, 0.30, 12.0, 0.70, INFINITY);    /* A */
  add_bus(s, &ebus, 0, 0.40, 132.0, 0.75, t_depart_b); /* B, 2 minutes later */
  sim_setup(s);
}

static void check_queue(Kt *kt)
{
  const double C = 350.0 * 3.6e6, eta = 0.97, P = 300.0e3, dt = 5.0; /* charger limits: 300 kW */
  const double tA_end = 12.0 + 30.0 + C * 0.40 / (eta * P);
  const double tB_end = tA_end + 30.0 + C * 0.35 / (eta * P);
  Sim          s;

  printf("   hand: A 12 s -> %.6f s; B waits 132 s -> %.6f s, done %.6f s\n", tA_end, tA_end, tB_end);
  kt_begin(kt, "queue: B arrives 2 min after A at one point, waits, then charges", 1e-12, 1e-6);
  setup_two(&s, 1, INFINITY);
  sim_run(&s, dt, 3, NULL, NULL); /* [0, 15 s) */
  kt_true(kt, s.bus[0].status == OC_CHARGE_CONNECTED && s.bus[0].t_start_s == 12.0, "A connected at 12 s", 0);
  sim_run(&s, dt, 25, NULL, NULL); /* to 140 s */
  kt_true(kt, s.bus[1].status == OC_CHARGE_QUEUED && s.site[0].count == 1 && s.ring[s.site[0].head] == 1, "B queued at 140 s", 0);
  sim_run(&s, dt, (int)(5000.0 / dt), NULL, NULL);
  kt_true(kt, s.bus[0].status == OC_CHARGE_FINISHED && s.bus[1].status == OC_CHARGE_FINISHED, "both finished", 0);
  kt_close(kt, s.bus[0].t_end_s, tA_end, "A finished", 0);
  kt_close(kt, s.bus[1].t_start_s, tA_end, "B connected when A left", 0);
  kt_close(kt, s.bus[1].t_end_s, tB_end, "B finished", 0);
  kt_close(kt, s.e[0], 0.70 * C, "A energy content", 0);
  kt_close(kt, s.e[1], 0.75 * C, "B energy content", 0);
  kt_close(kt, s.bus[0].e_dc_j, C * 0.40 / eta, "A DC energy", 0);
  kt_close(kt, s.bus[1].e_dc_j, C * 0.35 / eta, "B DC energy", 0);
  kt_close(kt, s.ac, C * 0.75 / eta / 0.95, "AC energy of the point", 0);
  kt_close(kt, s.bus[1].e_ac_j, C * 0.35 / eta / 0.95, "B AC energy", 0);
  kt_end(kt);

  kt_begin(kt, "queue: B must leave at 2400 s: partially charged", 1e-12, 1e-6);
  setup_two(&s, 1, 2400.0);
  sim_run(&s, dt, (int)(5000.0 / dt), NULL, NULL);
  const double e_b = 0.40 * C + eta * P * (2400.0 - tA_end - 30.0);
  kt_true(kt, s.bus[1].status == OC_CHARGE_LEFT, "B left early", 0);
  kt_close(kt, s.bus[1].t_start_s, tA_end, "B connected when A left", 0);
  kt_close(kt, s.bus[1].t_end_s, 2400.0, "B left at its deadline", 0);
  kt_close(kt, s.e[1], e_b, "B energy content", 0);
  kt_close(kt, s.bus[1].e_dc_j, P * (2400.0 - tA_end - 30.0), "B DC energy", 0);
  kt_true(kt, s.point[0].bus == -1, "point free", 0);
  kt_end(kt);

  kt_begin(kt, "queue: B must leave at 1000 s, while A charges: not charged", 1e-12, 1e-6);
  setup_two(&s, 1, 1000.0);
  sim_run(&s, dt, (int)(5000.0 / dt), NULL, NULL);
  kt_true(kt, s.bus[1].status == OC_CHARGE_LEFT && isnan(s.bus[1].t_start_s) && s.bus[1].e_dc_j == 0.0, "B left without charging", 0);
  kt_close(kt, s.bus[1].t_end_s, 1000.0, "B left at its deadline", 0);
  kt_close(kt, s.e[1], 0.40 * C, "B energy content unchanged", 0);
  kt_close(kt, s.bus[0].t_end_s, tA_end, "A unaffected", 0);
  kt_end(kt);

  kt_begin(kt, "queue: two points, nobody waits; a full ring refuses", 1e-12, 1e-6);
  setup_two(&s, 2, INFINITY);
  sim_run(&s, dt, (int)(5000.0 / dt), NULL, NULL);
  kt_close(kt, s.bus[1].t_start_s, 132.0, "B connected on arrival", 0);
  kt_close(kt, s.bus[1].t_end_s, 132.0 + 30.0 + C * 0.35 / (eta * P), "B finished", 0);
  kt_true(kt, s.bus[1].point == 1 && s.bus[0].point == 0, "points used", 0);
  sim_init(&s);
  s.n_sites = s.n_points = 1;
  s.site[0]              = make_site(300.0e3, 0.95, 30.0, 0, 1, 0, 1);
  add_bus(&s, &ebus, 0, 0.30, 0.0, 0.70, INFINITY);
  add_bus(&s, &ebus, 0, 0.30, 10.0, 0.70, INFINITY);
  add_bus(&s, &ebus, 0, 0.30, 20.0, 0.70, INFINITY);
  sim_setup(&s);
  sim_run(&s, dt, 5, NULL, NULL);
  kt_true(kt, s.bus[1].status == OC_CHARGE_QUEUED && s.bus[2].status == OC_CHARGE_REFUSED, "third refused", 0);
  kt_end(kt);
}

/* ---- random day, conservation and queue discipline ---------------------------------------- */

static void check_random_day(Kt *kt)
{
  Sim          s;
  const double dt = 10.0;

  sim_init(&s);
  s.n_sites  = 3;
  s.n_points = 6;
  s.site[0]  = make_site(450.0e3, 0.95, 30.0, 0, 1, 0, MAX_BUS);
  s.site[1]  = make_site(150.0e3, 0.93, 20.0, 1, 2, MAX_BUS, MAX_BUS);
  s.site[2]  = make_site(300.0e3, 0.97, 60.0, 3, 3, 2 * MAX_BUS, MAX_BUS);
  for (int b = 0; b < MAX_BUS; b++) {
    OcBatteryParams bat = ebus;
    bat.capacity_j      = kt_uniform(kt, 250.0, 450.0) * 3.6e6;
    bat.eta_charge      = kt_uniform(kt, 0.93, 0.99);
    bat.soc_max         = kt_uniform(kt, 0.85, 1.0);
    bat.p_charge_max_w  = kt_uniform(kt, 200.0e3, 500.0e3);
    const double knee   = kt_uniform(kt, 0.7, 0.9);
    bat.curve           = (OcChargeCurve){
                .n = 4, .soc = {0.0,                 0.05,          knee, 1.0                      },
                     .p_w = { 0.5 * bat.p_charge_max_w, bat.p_charge_max_w, bat.p_charge_max_w,  kt_uniform(kt, 0.0, 0.2) * bat.p_charge_max_w}
    };
    const int    site  = (int)kt_uniform(kt, 0, 3);
    const double t_arr = kt_uniform(kt, 0.0, 4.0 * 3600.0);
    const double dep   = b % 3 == 0 ? INFINITY : t_arr + kt_uniform(kt, 300.0, 7200.0);
    add_bus(&s, &bat, site, kt_uniform(kt, 0.03, 0.6), t_arr, kt_uniform(kt, 0.6, 0.95), dep);
  }
  sim_setup(&s);
  sim_run(&s, dt, (int)(16.0 * 3600.0 / dt), NULL, NULL);

  double stored = 0.0, dc = 0.0, ac_bus = 0.0, dc_site[MAX_SITES] = {0};
  for (int b = 0; b < s.n_bus; b++) {
    stored += s.e[b] - s.e_start[b];
    dc += s.dc_bus[b];
    ac_bus += s.bus[b].e_ac_j;
    dc_site[s.bus[b].site] += s.dc_bus[b];
  }
  printf("   %.3f MWh drawn from the grid, %.3f MWh stored, surplus %.3g J\n", s.ac / 3.6e9, stored / 3.6e9, s.surplus);
  kt_begin(kt, "energy: grid = stored + battery losses + charger losses (random day, 3 sites, 40 buses)", 1e-12, 0);
  kt_close(kt, s.ac, stored + s.loss_bat + s.loss_charger, "grid energy", 0);
  kt_close(kt, dc, stored + s.loss_bat, "DC energy = stored + battery losses", 0);
  kt_close(kt, s.ac, ac_bus, "points' AC = sum of the buses' e_ac_j", 0);
  for (int k = 0; k < 3; k++) kt_close(kt, s.ac_site[k] * s.site[k].eta, dc_site[k], "site AC eta = DC into its buses", k);
  kt_true(kt, s.surplus <= 1e-12 * s.ac, "the battery refused nothing", 0);
  kt_end(kt);

  kt_begin(kt, "queue discipline: FCFS, points never over-used, waiting ends when a point frees", 1e-9, 0);
  int n_fin = 0, n_left = 0, n_waited = 0;
  for (int b = 0; b < s.n_bus; b++) {
    const OcChargeBus *u       = &s.bus[b];
    const int          started = !isnan(u->t_start_s);
    kt_true(kt, u->status == OC_CHARGE_FINISHED || u->status == OC_CHARGE_LEFT, "visit ended", b);
    if (u->status == OC_CHARGE_FINISHED) {
      n_fin++;
      kt_close(kt, s.e[b], fmin(u->target_soc, s.bat[b].soc_max) * s.bat[b].capacity_j, "target reached", b);
    } else {
      n_left++;
      kt_true(kt, u->t_end_s == u->t_depart_s && s.e[b] < u->target_soc * s.bat[b].capacity_j, "left at deadline short of target", b);
      if (!started) kt_true(kt, u->e_dc_j == 0.0, "left waiting: nothing drawn", b);
    }
    if (!started) continue;
    kt_true(kt, u->t_start_s >= u->t_arrive_s && u->t_end_s >= u->t_start_s, "arrive <= start <= end", b);
    int freed = u->t_start_s == u->t_arrive_s;
    for (int o = 0; o < s.n_bus; o++) {
      const OcChargeBus *v = &s.bus[o];
      if (o == b || v->site != u->site || isnan(v->t_start_s)) continue;
      if (v->t_arrive_s < u->t_arrive_s) kt_true(kt, v->t_start_s <= u->t_start_s, "earlier arrival starts no later", b);
      freed |= v->t_end_s == u->t_start_s;
    }
    n_waited += u->t_start_s > u->t_arrive_s;
    kt_true(kt, freed, "a waiting bus starts when another frees its point", b);
  }
  for (int k = 0; k < 3; k++) kt_true(kt, s.max_busy[k] <= s.site[k].n_points, "busy points <= points", k);
  printf("   %d finished, %d left early, %d waited\n", n_fin, n_left, n_waited);
  kt_true(kt, n_fin > 5 && n_left > 5 && n_waited > 5, "every outcome seen", 0);
  kt_end(kt);
}

int main(void)
{
  Kt kt;
  kt_init(&kt, 77);
  check_start_delay(&kt);
  check_taper(&kt);
  check_queue(&kt);
  check_random_day(&kt);
  return kt_finish(&kt, "test_charging");
}
