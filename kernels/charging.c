#include "charging.h"

#include <math.h>

double OcKernelChargeCurvePower(const OcChargeCurve *curve, double soc)
{
  const int n = curve->n;
  if (soc <= curve->soc[0]) return curve->p_w[0];
  if (soc >= curve->soc[n - 1]) return curve->p_w[n - 1];
  int k = 0;
  while (soc >= curve->soc[k + 1]) k++;
  const double f = (soc - curve->soc[k]) / (curve->soc[k + 1] - curve->soc[k]);
  return curve->p_w[k] + f * (curve->p_w[k + 1] - curve->p_w[k]);
}

/* The linear piece of P(x) = min(curve(x / C), p_limit) that starts at x = e:
 * P(x) = *p_a + *slope (x - e) for x in [e, *e_b), *e_b > e (INFINITY: no end). */
static void curve_piece(const OcBatteryParams *bat, double p_limit, double e, double *p_a, double *slope, double *e_b)
{
  const OcChargeCurve *cv = &bat->curve;
  const double         c  = bat->capacity_j;
  double               p_e, m = 0.0, e_lo = 0.0, p_lo = 0.0, e_end = INFINITY;
  int                  k = 0;

  if (e < c * cv->soc[0]) {
    p_e   = cv->p_w[0];
    e_end = c * cv->soc[0];
  } else {
    while (k + 1 < cv->n && e >= c * cv->soc[k + 1]) k++;
    p_e = cv->p_w[k];
    if (k + 1 < cv->n) {
      e_lo  = c * cv->soc[k];
      p_lo  = cv->p_w[k];
      e_end = c * cv->soc[k + 1];
      m     = (cv->p_w[k + 1] - p_lo) / (e_end - e_lo);
      p_e   = p_lo + m * (e - e_lo);
    }
  }
  /* e_x: where the segment crosses p_limit (used only if m != 0); the tests on e_x <= e keep
   * every piece of positive length when rounding puts the crossing at or before e */
  const double e_x = m != 0.0 ? e_lo + (p_limit - p_lo) / m : INFINITY;
  int          capped;
  if (m > 0.0) capped = p_e >= p_limit || e_x <= e;
  else if (m < 0.0) capped = p_e >= p_limit && e_x > e;
  else capped = p_e >= p_limit;
  if (capped) { /* at p_limit, up to the crossing if the curve falls */
    *p_a   = p_limit;
    *slope = 0.0;
    *e_b   = m < 0.0 ? fmin(e_end, e_x) : e_end;
  } else { /* on the curve, up to the crossing if it rises */
    *p_a   = fmin(p_e, p_limit);
    *slope = m;
    *e_b   = m > 0.0 ? fmin(e_end, e_x) : e_end;
  }
}

int OcKernelChargeCurveAdvance(const OcBatteryParams *bat, double p_limit_w, double e0_j, double e_target_j, double tau_s, double *e1_j, double *t_used_s)
{
  const double eta = bat->eta_charge;
  double       e = e0_j, t = 0.0;

  while (e < e_target_j) {
    double p_a, b, e_b;
    curve_piece(bat, p_limit_w, e, &p_a, &b, &e_b);
    const int last = e_b >= e_target_j;
    if (last) e_b = e_target_j;
    if (!(p_a > 0.0)) { /* no power: e stays */
      t = tau_s;
      break;
    }

    const double de = e_b - e, p_b = p_a + b * de;
    double       dt_piece;
    if (b == 0.0) dt_piece = de / (eta * p_a);
    else if (p_b <= 0.0) dt_piece = INFINITY;
    else dt_piece = log1p(b * de / p_a) / (eta * b);

    if (dt_piece <= tau_s - t) {
      t += dt_piece;
      e = e_b;
      if (last) {
        *e1_j     = e;
        *t_used_s = t;
        return 1;
      }
    } else {
      const double rest = tau_s - t;
      e += b == 0.0 ? eta * p_a * rest : p_a * expm1(eta * b * rest) / b;
      e = fmin(e, e_b); /* rounding */
      t = tau_s;
      break;
    }
  }
  *e1_j     = e;
  *t_used_s = t;
  return e >= e_target_j;
}

/* ---- charger sites ---------------------------------------------------------------------- */

typedef struct {
  double                 t0, t1, dt;
  OcChargerPoint        *point;
  int                   *ring;
  OcChargeBus           *bus;
  const OcBatteryParams *bat;
  const double          *e_j;
  double                *p_ac, *p_bus;
} StepCtx;

static int *ring_slot(const OcChargerSite *site, int ring[], int i)
{
  return &ring[site->ring0 + (site->head + i) % site->ring_capacity];
}

/* Inserts b behind every bus that arrived no later (first-come first-served). 0 if full. */
static int queue_insert(OcChargerSite *site, int ring[], const OcChargeBus bus[], int b)
{
  if (site->count == site->ring_capacity) return 0;
  int i = site->count;
  while (i > 0 && bus[*ring_slot(site, ring, i - 1)].t_arrive_s > bus[b].t_arrive_s) {
    *ring_slot(site, ring, i) = *ring_slot(site, ring, i - 1);
    i--;
  }
  *ring_slot(site, ring, i) = b;
  site->count++;
  return 1;
}

static void queue_remove(OcChargerSite *site, int ring[], int i)
{
  if (i == 0) {
    site->head = (site->head + 1) % site->ring_capacity;
  } else {
    for (int j = i; j + 1 < site->count; j++) *ring_slot(site, ring, j) = *ring_slot(site, ring, j + 1);
  }
  site->count--;
}

/* Ends the visit of bu at t; returns t. */
static double end_visit(OcChargeBus *bu, double t, OcChargeStatus status)
{
  bu->status  = status;
  bu->t_end_s = t;
  bu->events |= status == OC_CHARGE_FINISHED ? OC_CHARGE_EV_FINISHED : OC_CHARGE_EV_LEFT_EARLY;
  return t;
}

/* Runs the session of bus b on point p from t_from (>= t0) to the end of the step or of the
 * session. Returns when the point became free, or INFINITY if it is still busy at t1. */
static double run_session(StepCtx *s, const OcChargerSite *site, int p, int b, double t_from)
{
  OcChargeBus           *bu  = &s->bus[b];
  const OcBatteryParams *bat = &s->bat[b];
  const double           a   = fmax(t_from, bu->t_start_s + site->start_delay_s);
  const double           c   = fmin(s->t1, bu->t_depart_s);

  if (a < c) {
    const double e_target = fmin(bu->target_soc, bat->soc_max) * bat->capacity_j;
    double       e1, used;
    const int    reached = OcKernelChargeCurveAdvance(bat, fmin(site->p_rated_w, bat->p_charge_max_w), s->e_j[b], e_target, c - a, &e1, &used);
    const double e_dc    = (e1 - s->e_j[b]) / bat->eta_charge;
    bu->e_dc_j += e_dc;
    bu->e_ac_j += e_dc / site->eta;
    s->p_bus[b] += e_dc / s->dt;
    s->p_ac[p] += e_dc / site->eta / s->dt;
    if (reached) return end_visit(bu, a + used, OC_CHARGE_FINISHED);
  }
  if (bu->t_depart_s <= s->t1) return end_visit(bu, bu->t_depart_s, OC_CHARGE_LEFT);
  return INFINITY;
}

/* Connects the head of the queue to the earliest free point, as long as both exist in the step. */
static void serve_queue(StepCtx *s, OcChargerSite *site)
{
  while (site->count > 0) {
    int    pf = -1;
    double tf = INFINITY;
    for (int p = site->point0; p < site->point0 + site->n_points; p++) {
      const double t = fmax(s->point[p].t_free_s, s->t0);
      if (s->point[p].bus < 0 && t < tf) {
        tf = t;
        pf = p;
      }
    }
    if (pf < 0) return;

    const int    b  = *ring_slot(site, s->ring, 0);
    OcChargeBus *bu = &s->bus[b];
    const double ts = fmax(tf, bu->t_arrive_s);
    if (ts > s->t1) return;
    queue_remove(site, s->ring, 0);
    if (bu->t_depart_s <= ts) { /* had to leave before a point was free */
      end_visit(bu, bu->t_depart_s, OC_CHARGE_LEFT);
      continue;
    }
    bu->status    = OC_CHARGE_CONNECTED;
    bu->point     = pf;
    bu->t_start_s = ts;
    bu->events |= OC_CHARGE_EV_STARTED;
    const OcBatteryParams *bat    = &s->bat[b];
    const double           t_free = s->e_j[b] >= fmin(bu->target_soc, bat->soc_max) * bat->capacity_j ? end_visit(bu, ts, OC_CHARGE_FINISHED) : run_session(s, site, pf, b, ts);
    if (t_free <= s->t1) s->point[pf].t_free_s = t_free;
    else s->point[pf].bus = b;
  }
}

static void site_step(StepCtx *s, OcChargerSite *site)
{
  for (int p = site->point0; p < site->point0 + site->n_points; p++) {
    OcChargerPoint *pt = &s->point[p];
    if (pt->bus < 0) continue;
    const double t_free = run_session(s, site, p, pt->bus, s->t0);
    if (t_free <= s->t1) {
      pt->bus      = -1;
      pt->t_free_s = t_free;
    }
  }
  serve_queue(s, site);
  for (int i = 0; i < site->count;) { /* waiting buses that must leave within the step */
    OcChargeBus *bu = &s->bus[*ring_slot(site, s->ring, i)];
    if (bu->t_depart_s <= s->t1) {
      end_visit(bu, bu->t_depart_s, OC_CHARGE_LEFT);
      queue_remove(site, s->ring, i);
    } else {
      i++;
    }
  }
}

void OcKernelChargingInit(int n_sites, OcChargerSite site[], int n_points, OcChargerPoint point[], int n_bus, OcChargeBus bus[])
{
  for (int k = 0; k < n_sites; k++) site[k].head = site[k].count = 0;
  for (int p = 0; p < n_points; p++) point[p] = (OcChargerPoint){.bus = -1, .t_free_s = -INFINITY};
  for (int b = 0; b < n_bus; b++) {
    bus[b].status    = OC_CHARGE_NONE;
    bus[b].point     = -1;
    bus[b].t_start_s = bus[b].t_end_s = NAN;
    bus[b].e_dc_j = bus[b].e_ac_j = 0.0;
    bus[b].events                 = 0;
  }
}

void OcKernelChargingStep(double t0_s, double dt_s, int n_sites, OcChargerSite site[], int n_points, OcChargerPoint point[], int ring[], int n_bus, OcChargeBus bus[], const OcBatteryParams bat[], const double e_j[], int n_arrive, const int arrive[], double p_point_ac_w[], double p_charge_w[])
{
  StepCtx s = {.t0 = t0_s, .t1 = t0_s + dt_s, .dt = dt_s, .point = point, .ring = ring, .bus = bus, .bat = bat, .e_j = e_j, .p_ac = p_point_ac_w, .p_bus = p_charge_w};

  for (int b = 0; b < n_bus; b++) {
    bus[b].events = 0;
    p_charge_w[b] = 0.0;
  }
  for (int p = 0; p < n_points; p++) p_point_ac_w[p] = 0.0;
  for (int i = 0; i < n_arrive; i++) {
    OcChargeBus *bu = &bus[arrive[i]];
    bu->point       = -1;
    bu->t_start_s = bu->t_end_s = NAN;
    bu->e_dc_j = bu->e_ac_j = 0.0;
    bu->events |= OC_CHARGE_EV_ARRIVED;
    if (queue_insert(&site[bu->site], ring, bus, arrive[i])) {
      bu->status = OC_CHARGE_QUEUED;
    } else {
      bu->status  = OC_CHARGE_REFUSED;
      bu->t_end_s = bu->t_arrive_s;
      bu->events |= OC_CHARGE_EV_REFUSED;
    }
  }
  for (int k = 0; k < n_sites; k++) site_step(&s, &site[k]);
}
