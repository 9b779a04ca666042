#include "motion.h"

#include <math.h>

/* An event ends a sub-step before the end of the step when it comes no later than this (relative). */
#define EVENT_RTOL 1e-12

/* Per-vehicle constants of a step. */
typedef struct {
  const OcMotionVehicle *p;
  const OcMotionRoute   *r;
  double                 m_eff, weight_n;
  double                 lag;       /* P_avail = lag p_max_w */
  const double          *arrival_s; /* timed running: target arrival per stop, or NULL */
} Veh;

/* What the driver sees at the start of a sub-step. */
typedef struct {
  double x0, v0, t_rem;
  double f_res_n;   /* Davis at v0 + curve */
  double f_grade_n; /* m g sin(theta) */
  double r_tot_n;   /* f_res + f_grade */
  double v_lim;
  double x_bound; /* next start of a grade, curve or limit segment */
  double x_stop;
  double req_max;  /* largest deceleration a target requires, (v0^2 - v_t^2) / (2 D) */
  double x_t, v_t; /* that target */
  int    t_is_stop;
  double gap_min; /* min over targets of v_t^2 + 2 b D - v0^2 (<= 0: on or above a curve) */
  /* Drive efficiencies at v0, held for the sub-step, and what they give: */
  double eta_t, eta_b;
  double eta_p_w;    /* eta_t P_avail: wheel power available for traction */
  double p_ebrake_w; /* p_regen_max / eta_b: wheel power of electric braking */
  /* With efficiency maps: P_avail and each map's row at v0 (eta at every grid effort). */
  double p_avail_w;
  double row_t[OC_MOTION_ETA_MAP_MAX], row_b[OC_MOTION_ETA_MAP_MAX];
} View;

/* One sub-step: constant acceleration and forces. */
typedef struct {
  double       a, tau, dx, v1, x1;
  double       f_trac_n, f_brake_n;
  int          arrive;
  OcMotionMode mode;
} Sub;

/* Largest k with start[k] <= x (0 when x lies before start[0]); -1 when n == 0. */
static int segment_at(int n, const double start[], double x)
{
  int lo = 0, hi = n;
  if (n == 0) return -1;
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    if (start[mid] <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}

static double next_start(int n, const double start[], int k)
{
  return k + 1 < n ? start[k + 1] : INFINITY;
}

/* Curve resistance in N per kN of weight. */
static double curve_n_per_kn(OcMotionCurveModel model, double radius_m)
{
  if (model != OC_MOTION_CURVE_ROECKL || !(radius_m > 0.0) || isinf(radius_m)) return 0.0;
  return radius_m >= 300.0 ? 650.0 / (radius_m - 55.0) : 500.0 / (radius_m - 30.0);
}

/* An efficiency at speed v: the constant eta without a curve (c->n == 0), else the curve's
 * piecewise-linear interpolation, held at its end values outside its speeds. */
static double efficiency(const OcMotionEtaCurve *c, double eta, double v)
{
  int k;

  if (c->n == 0) return eta;
  if (v <= c->v_mps[0]) return c->eta[0];
  if (v >= c->v_mps[c->n - 1]) return c->eta[c->n - 1];
  k = segment_at(c->n, c->v_mps, v);
  return c->eta[k] + (c->eta[k + 1] - c->eta[k]) * ((v - c->v_mps[k]) / (c->v_mps[k + 1] - c->v_mps[k]));
}

/* A map's row at speed v: eta at every grid effort, linear in v, held at the edge rows. */
static void map_row(const OcMotionEtaMap *m, double v, double row[])
{
  int    i = 0;
  double s = 0.0;

  if (m->n_v > 1 && v >= m->v_mps[m->n_v - 1]) i = m->n_v - 1;
  else if (m->n_v > 1 && v > m->v_mps[0]) {
    i = segment_at(m->n_v, m->v_mps, v);
    s = (v - m->v_mps[i]) / (m->v_mps[i + 1] - m->v_mps[i]);
  }
  for (int j = 0; j < m->n_x; j++) row[j] = s > 0.0 ? m->eta[i][j] + (m->eta[i + 1][j] - m->eta[i][j]) * s : m->eta[i][j];
}

/* The row's efficiency at effort fraction x: piecewise linear, held at the edge efforts. */
static double row_eta(const OcMotionEtaMap *m, const double row[], double x)
{
  int k;

  if (x <= m->x[0]) return row[0];
  if (x >= m->x[m->n_x - 1]) return row[m->n_x - 1];
  k = segment_at(m->n_x, m->x, x);
  return row[k] + (row[k + 1] - row[k]) * ((x - m->x[k]) / (m->x[k + 1] - m->x[k]));
}

/* The row on effort cell k (between grid efforts k and k + 1; -1: below the first, n_x - 1:
 * above the last) as eta = a + b F, F in N, f_max the effort of x = 1. */
static void row_piece(const OcMotionEtaMap *m, const double row[], int k, double f_max, double *a, double *b)
{
  if (k < 0 || k >= m->n_x - 1) {
    *a = row[k < 0 ? 0 : m->n_x - 1];
    *b = 0.0;
    return;
  }
  *b = (row[k + 1] - row[k]) / ((m->x[k + 1] - m->x[k]) * f_max);
  *a = row[k] - *b * (m->x[k] * f_max);
}

/* The positive root of A F^2 + B F = C, C > 0, cancellation-free; INFINITY if there is none. */
static double positive_root(double A, double B, double C)
{
  const double sq = sqrt(fmax(0.0, B * B + 4.0 * A * C));
  if (B >= 0.0) return B + sq > 0.0 ? 2.0 * C / (B + sq) : INFINITY;
  return A > 0.0 ? (sq - B) / (2.0 * A) : INFINITY;
}

/* The fixed points of motion.h: the largest F in [0, f_hi] with lhs(F) <= rhs(F), where
 *   traction (dir = 0): lhs = F (v + (F - R) k),   rhs = eta(v0, F / f_max) P;
 *   braking  (dir = 1): lhs = F v eta(v0, F / f_max), rhs = P,
 * lhs - rhs increasing in F (callers validate the map), <= 0 at F = 0, > 0 at f_hi. Scans the
 * grid efforts for the cell where the sign changes; eta is linear in F there: a quadratic. */
typedef struct {
  const OcMotionEtaMap *m;
  const double         *row;
  double                f_max, v, r, k, p;
  int                   dir;
} FixedPoint;

static double fp_excess(const FixedPoint *q, double f)
{
  const double eta = row_eta(q->m, q->row, f / q->f_max);
  return q->dir == 0 ? f * (q->v + (f - q->r) * q->k) - eta * q->p : f * q->v * eta - q->p;
}

static double fp_solve(const FixedPoint *q, double f_hi)
{
  double a, b, lo = 0.0, hi = f_hi, f;
  int    j = 0;

  while (j < q->m->n_x && q->m->x[j] * q->f_max < f_hi && fp_excess(q, q->m->x[j] * q->f_max) <= 0.0) lo = q->m->x[j++] * q->f_max;
  if (j < q->m->n_x) hi = fmin(f_hi, q->m->x[j] * q->f_max);
  row_piece(q->m, q->row, j - 1, q->f_max, &a, &b);
  /* traction: k F^2 + (v - k R - b P) F = a P;  braking: b v F^2 + a v F = P */
  f = q->dir == 0 ? positive_root(q->k, q->v - q->k * q->r - b * q->p, a * q->p) : positive_root(b * q->v, a * q->v, q->p);
  return fmin(hi, fmax(lo, f));
}

/* Traction with a map under the power limit, over a sub-step with k = tau / (2 m_eff) (k = 0:
 * mean speed v0). *by_power: whether the power limit (not F_max) binds. */
static double map_traction(const Veh *vh, const View *w, double k, int *by_power)
{
  const FixedPoint q = {vh->p->eta_traction_map, w->row_t, vh->p->f_max_n, w->v0, w->r_tot_n, k, w->p_avail_w, 0};

  *by_power = fp_excess(&q, q.f_max) > 0.0;
  return *by_power ? fp_solve(&q, q.f_max) : q.f_max;
}

/* A braking target (x0 + d, v_t), d > 0. */
static void consider_target(View *w, double b, double d, double v_t, int is_stop)
{
  const double req = (w->v0 * w->v0 - v_t * v_t) / (2.0 * d);
  const double gap = v_t * v_t + 2.0 * b * d - w->v0 * w->v0;

  if (gap < w->gap_min) w->gap_min = gap;
  if (req > w->req_max) {
    w->req_max   = req;
    w->x_t       = w->x0 + d;
    w->v_t       = v_t;
    w->t_is_stop = is_stop;
  }
}

/* With maps: their rows at v0; eta_t, eta_b at full effort (the corner speed uses eta_t). */
static void look_maps(const Veh *vh, View *w)
{
  const OcMotionVehicle *p = vh->p;

  w->p_avail_w = vh->lag > 0.0 ? vh->lag * p->p_max_w : 0.0;
  if (p->eta_traction_map) {
    map_row(p->eta_traction_map, w->v0, w->row_t);
    w->eta_t   = row_eta(p->eta_traction_map, w->row_t, 1.0);
    w->eta_p_w = w->eta_t * w->p_avail_w;
  }
  if (p->eta_braking_map) {
    map_row(p->eta_braking_map, w->v0, w->row_b);
    w->eta_b = row_eta(p->eta_braking_map, w->row_b, 1.0);
  }
}

/* Timed running: the speed to hold so that the vehicle, accelerating from v at the traction it has
   now, holding that speed and braking at b, reaches the next stop D ahead in T at its target
   arrival. The profile takes (v_c - v) / a + (D - (v_c^2 - v^2) / (2 a) - v_c^2 / (2 b)) / v_c
   + v_c / b = T, i.e. k v_c^2 - (T + v / a) v_c + D + v^2 / (2 a) = 0 with k = 1 / (2 a) +
   1 / (2 b): its smaller root (the one with a cruise). Never below v (the driver does not brake to
   lose time: ahead of time it holds its speed); INFINITY (run as fast as possible) without a
   target, when late or when no such profile exists. Re-evaluated every sub-step from the actual
   state, so an optimistic a (the power limit lowers it at speed) is made up for as it goes. */
static double timed_speed(const Veh *vh, const OcMotionState *s, double t_abs, const View *w)
{
  const double t_arr = vh->arrival_s ? vh->arrival_s[s->next_stop] : -INFINITY;
  const double v = s->speed_mps, b = vh->p->b_service_mps2, T = t_arr - t_abs, D = vh->r->stop_m[s->next_stop] - s->chainage_m;
  const double f = v > 0.0 ? fmin(vh->p->f_max_n, w->eta_p_w / v) : vh->p->f_max_n, a = (f - w->r_tot_n) / vh->m_eff;

  if (!(T > 0.0) || !(a > 0.0)) return INFINITY; /* also NaN: no target */
  const double k = 0.5 / a + 0.5 / b, B = T + v / a, C = D + 0.5 * v * v / a, disc = B * B - 4.0 * k * C;
  if (disc < 0.0) return INFINITY;
  return fmax(2.0 * C / (B + sqrt(disc)), v); /* the smaller root, free of cancellation */
}

static void look(const Veh *vh, const OcMotionState *s, double t_abs, double t_rem, View *w)
{
  const OcMotionVehicle *p = vh->p;
  const OcMotionRoute   *r = vh->r;
  const double           x = s->chainage_m, v = s->speed_mps, b = p->b_service_mps2;
  const int              kg    = segment_at(r->n_grade, r->grade_start_m, x);
  const int              kc    = segment_at(r->n_curve, r->curve_start_m, x);
  const int              kl    = segment_at(r->n_limit, r->limit_start_m, x);
  const double           grade = kg < 0 ? 0.0 : r->grade[kg];
  const double           w_c   = kc < 0 ? 0.0 : curve_n_per_kn(p->curve_model, r->curve_radius_m[kc]);

  w->x0         = x;
  w->v0         = v;
  w->t_rem      = t_rem;
  w->f_res_n    = p->davis_a_n + v * (p->davis_b_n_per_mps + v * p->davis_c_n_per_mps2) + vh->weight_n * w_c * 1e-3;
  w->f_grade_n  = vh->weight_n * grade / sqrt(1.0 + grade * grade);
  w->r_tot_n    = w->f_res_n + w->f_grade_n;
  w->v_lim      = kl < 0 ? p->v_max_mps : fmin(p->v_max_mps, r->limit_mps[kl]);
  w->x_bound    = fmin(fmin(next_start(r->n_grade, r->grade_start_m, kg), next_start(r->n_curve, r->curve_start_m, kc)), next_start(r->n_limit, r->limit_start_m, kl));
  w->x_stop     = r->stop_m[s->next_stop];
  w->req_max    = -INFINITY;
  w->gap_min    = INFINITY;
  w->t_is_stop  = 0;
  w->eta_t      = efficiency(&p->eta_traction_curve, p->eta_traction, v);
  w->eta_b      = efficiency(&p->eta_braking_curve, p->eta_braking, v);
  w->eta_p_w    = vh->lag > 0.0 ? w->eta_t * vh->lag * p->p_max_w : 0.0;
  w->p_ebrake_w = p->p_regen_max_w / w->eta_b;
  if (p->eta_traction_map || p->eta_braking_map) look_maps(vh, w);
  if (vh->arrival_s) w->v_lim = fmin(w->v_lim, timed_speed(vh, s, t_abs, w));

  consider_target(w, b, w->x_stop - x, 0.0, 1);
  /* Limits ahead that the vehicle can reach in this sub-step at no more than v_cap. */
  const double v_cap = fmax(v, w->v_lim), horizon = v_cap * t_rem + v_cap * v_cap / (2.0 * b);
  for (int j = kl + 1; j < r->n_limit; j++) {
    const double d = r->limit_start_m[j] - x, v_t = fmin(p->v_max_mps, r->limit_mps[j]);
    if (r->limit_start_m[j] >= w->x_stop || d > horizon) break;
    if (v_t < v_cap) consider_target(w, b, d, v_t, 0);
  }
  /* Above the limit (only from a state given so): brake at b down to it. */
  if (v > w->v_lim) consider_target(w, b, (v * v - w->v_lim * w->v_lim) / (2.0 * b), w->v_lim, 0);
}

/* Time to travel s > 0 from speed v0 at acceleration a; INFINITY if it stops first. */
static double time_to_travel(double v0, double a, double s)
{
  const double disc = v0 * v0 + 2.0 * a * s;
  if (disc < 0.0) return INFINITY;
  const double den = v0 + sqrt(disc);
  return den > 0.0 ? 2.0 * s / den : INFINITY;
}

/* Candidate events of a sub-step; the earliest wins, the end of the step if none comes first. */
typedef enum {
  EV_TIME,
  EV_SPEED,
  EV_DIST,
  EV_TARGET
} EventKind;
typedef struct {
  EventKind kind;
  double    tau, v1, x1;
} Event;

static void event_offer(Event *e, EventKind kind, double tau, double v1, double x1)
{
  if (tau < e->tau) *e = (Event){kind, tau, v1, x1};
}

/* Fills the kinematics of sub-step u (acceleration u->a) from the chosen event. */
static void kinematics(const View *w, const Event *e, Sub *u)
{
  if (!(e->tau <= w->t_rem * (1.0 + EVENT_RTOL))) {
    u->tau = w->t_rem;
    u->v1  = fmax(0.0, w->v0 + u->a * u->tau); /* >= 0 but for rounding: a speed event comes first */
    u->dx  = 0.5 * (w->v0 + u->v1) * u->tau;
    u->x1  = w->x0 + u->dx;
    return;
  }
  switch (e->kind) {
  case EV_SPEED: /* v1 exact; dx = (v1^2 - v0^2) / (2 a) */
    u->tau = e->tau;
    u->v1  = e->v1;
    u->dx  = 0.5 * (w->v0 + u->v1) * u->tau;
    u->x1  = w->x0 + u->dx;
    break;
  case EV_DIST: /* x1 exact; v1^2 = v0^2 + 2 a dx */
    u->x1  = e->x1;
    u->dx  = e->x1 - w->x0;
    u->v1  = sqrt(fmax(0.0, w->v0 * w->v0 + 2.0 * u->a * u->dx));
    u->tau = 2.0 * u->dx / (w->v0 + u->v1);
    break;
  default: /* EV_TARGET: both exact, a was chosen to land there */
    u->x1  = e->x1;
    u->v1  = e->v1;
    u->dx  = e->x1 - w->x0;
    u->tau = e->tau;
    break;
  }
}

/* Traction available over a sub-step of duration tau, with the power limit on the mean power.
 * *by_power: whether the power limit (not F_max) binds. */
static double traction_available(const Veh *vh, const View *w, double tau, int *by_power)
{
  const double f_max = vh->p->f_max_n, ep = w->eta_p_w;

  *by_power = 0;
  if (!(ep < INFINITY)) return f_max;
  *by_power = 1;
  if (ep <= 0.0) return 0.0;
  if (vh->p->eta_traction_map) return map_traction(vh, w, tau / (2.0 * vh->m_eff), by_power);
  /* F (v0 + (F - R) k) = ep, k = tau / (2 m_eff): positive root, cancellation-free. */
  const double k = tau / (2.0 * vh->m_eff), q = w->v0 - k * w->r_tot_n, sq = sqrt(q * q + 4.0 * k * ep);
  const double f = q >= 0.0 ? 2.0 * ep / (q + sq) : (sq - q) / (2.0 * k);
  if (f >= f_max) {
    *by_power = 0;
    return f_max;
  }
  return f;
}

static void sub_stall(const View *w, Sub *u)
{
  *u = (Sub){.a = 0.0, .tau = w->t_rem, .dx = 0.0, .v1 = 0.0, .x1 = w->x0, .mode = OC_MOTION_STALLED};
}

/* Full available traction. curve_hits: whether meeting a braking curve ends the sub-step. */
static void sub_motor(const Veh *vh, const View *w, int curve_hits, Sub *u)
{
  const double b = vh->p->b_service_mps2, m = vh->m_eff;
  double       tau_force = w->t_rem;

  for (int it = 0;; it++) {
    int    by_power;
    double f = traction_available(vh, w, tau_force, &by_power), a = (f - w->r_tot_n) / m;
    if (by_power && a < 0.0 && w->v0 > 0.0) { /* decelerating: v_avg <= v0 keeps F v_avg <= ep */
      f = vh->p->eta_traction_map ? map_traction(vh, w, 0.0, &by_power) : fmin(vh->p->f_max_n, w->eta_p_w / w->v0);
      a = (f - w->r_tot_n) / m;
    }
    if (w->v0 <= 0.0 && a <= 0.0) {
      sub_stall(w, u);
      return;
    }
    Event e = {EV_TIME, INFINITY, 0.0, 0.0};
    if (a > 0.0 && w->v0 < w->v_lim) event_offer(&e, EV_SPEED, (w->v_lim - w->v0) / a, w->v_lim, 0.0);
    if (a > 0.0 && !by_power && w->eta_p_w < INFINITY && vh->p->f_max_n > 0.0) {
      const double v_c = w->eta_p_w / vh->p->f_max_n; /* corner speed (at eta_t(v0)) */
      if (w->v0 < v_c && v_c < w->v_lim) event_offer(&e, EV_SPEED, (v_c - w->v0) / a, v_c, 0.0);
    }
    if (a < 0.0) event_offer(&e, EV_SPEED, -w->v0 / a, 0.0, 0.0);
    if (w->x_bound < INFINITY) event_offer(&e, EV_DIST, time_to_travel(w->v0, a, w->x_bound - w->x0), 0.0, w->x_bound);
    if (curve_hits && a > -b && w->gap_min > 0.0 && w->gap_min < INFINITY) {
      const double s = w->gap_min / (2.0 * (a + b));
      event_offer(&e, EV_DIST, time_to_travel(w->v0, a, s), 0.0, w->x0 + s);
    }
    u->a = a;
    kinematics(w, &e, u);
    u->f_trac_n  = f;
    u->f_brake_n = 0.0;
    u->arrive    = 0;
    u->mode      = OC_MOTION_MOTOR;
    /* A shorter sub-step lowers v_avg: more force within the same mean power (monotone in tau). */
    if (!by_power || a <= 0.0 || it == OC_MOTION_POWER_REFINE || !(u->tau < tau_force * (1.0 - EVENT_RTOL))) return;
    tau_force = u->tau;
  }
}

/* Splits the force the resistances leave over: traction (if the drive can supply it) or brakes.
 * Returns 0 if the traction needed is more than available over this sub-step. */
static int assign_forces(const Veh *vh, const View *w, Sub *u)
{
  const double need = vh->m_eff * u->a + w->r_tot_n; /* F_trac - F_brake */

  u->f_trac_n = u->f_brake_n = 0.0;
  if (need <= 0.0) {
    u->f_brake_n = -need;
    return 1;
  }
  const double v_avg = u->tau > 0.0 ? u->dx / u->tau : w->v0;
  u->f_trac_n        = need;
  if (vh->p->eta_traction_map) /* line power need v_avg / eta_t(v0, need / F_max) within P_avail */
    return need <= vh->p->f_max_n && (v_avg <= 0.0 || need * v_avg <= row_eta(vh->p->eta_traction_map, w->row_t, need / vh->p->f_max_n) * w->p_avail_w);
  const double f_av = v_avg > 0.0 ? fmin(vh->p->f_max_n, w->eta_p_w / v_avg) : vh->p->f_max_n;
  return need <= f_av;
}

/* Holds the limit: a = 0. */
static int sub_cruise(const Veh *vh, const View *w, Sub *u)
{
  Event e = {EV_TIME, INFINITY, 0.0, 0.0};

  if (w->x_bound < INFINITY) event_offer(&e, EV_DIST, (w->x_bound - w->x0) / w->v0, 0.0, w->x_bound);
  if (w->gap_min > 0.0 && w->gap_min < INFINITY) {
    const double s = w->gap_min / (2.0 * vh->p->b_service_mps2);
    event_offer(&e, EV_DIST, s / w->v0, 0.0, w->x0 + s);
  }
  u->a = 0.0;
  kinematics(w, &e, u);
  u->v1     = w->v0; /* exactly */
  u->arrive = 0;
  u->mode   = OC_MOTION_CRUISE;
  return assign_forces(vh, w, u);
}

/* On the braking curve of the target (x_t, v_t): lands on it exactly. */
static int sub_brake(const Veh *vh, const View *w, Sub *u)
{
  const double d = w->x_t - w->x0;
  Event        e = {EV_TARGET, 2.0 * d / (w->v0 + w->v_t), w->v_t, w->x_t};

  u->a = (w->v_t * w->v_t - w->v0 * w->v0) / (2.0 * d);
  if (w->x_bound < w->x_t) event_offer(&e, EV_DIST, time_to_travel(w->v0, u->a, w->x_bound - w->x0), 0.0, w->x_bound);
  kinematics(w, &e, u);
  u->arrive = w->t_is_stop && e.kind == EV_TARGET && e.tau <= w->t_rem * (1.0 + EVENT_RTOL);
  u->mode   = OC_MOTION_BRAKE;
  return assign_forces(vh, w, u);
}

static void drive(const Veh *vh, const View *w, Sub *u)
{
  /* The scale of the terms of the gap: chainages carry rounding errors of their own size. */
  const double tol = OC_MOTION_CURVE_RTOL * (w->v0 * w->v0 + 2.0 * vh->p->b_service_mps2 * fabs(w->x0));

  if (w->gap_min <= tol) {
    if (!sub_brake(vh, w, u)) sub_motor(vh, w, 0, u);
  } else if (w->v0 >= w->v_lim) {
    if (!sub_cruise(vh, w, u)) sub_motor(vh, w, 1, u);
  } else {
    sub_motor(vh, w, 1, u);
  }
}

/* Books a sub-step's work: electric braking first. */
static void account(const Veh *vh, const View *w, const Sub *u, OcMotionStepOutput *o)
{
  const OcMotionVehicle *p    = vh->p;
  double                 f_eb = 0.0, eta_t = w->eta_t, eta_b = w->eta_b;

  if (u->f_brake_n > 0.0) {
    const double v_avg = u->tau > 0.0 ? u->dx / u->tau : w->v0;
    f_eb               = fmin(u->f_brake_n, p->f_brake_max_n);
    if (p->eta_braking_map && v_avg > 0.0 && f_eb > 0.0) {
      const FixedPoint q = {p->eta_braking_map, w->row_b, p->f_brake_max_n, v_avg, 0.0, 0.0, p->p_regen_max_w, 1};
      if (fp_excess(&q, f_eb) > 0.0) f_eb = p->p_regen_max_w > 0.0 ? fp_solve(&q, f_eb) : 0.0;
    } else if (v_avg > 0.0) f_eb = fmin(f_eb, w->p_ebrake_w / v_avg);
  }
  if (p->eta_traction_map && u->f_trac_n > 0.0) eta_t = row_eta(p->eta_traction_map, w->row_t, u->f_trac_n / p->f_max_n);
  if (p->eta_braking_map && f_eb > 0.0) eta_b = row_eta(p->eta_braking_map, w->row_b, f_eb / p->f_brake_max_n);
  o->e_traction_j += u->f_trac_n * u->dx;
  o->e_brake_elec_j += f_eb * u->dx;
  o->e_brake_mech_j += (u->f_brake_n - f_eb) * u->dx;
  o->e_resistance_j += w->f_res_n * u->dx;
  o->e_potential_j += w->f_grade_n * u->dx;
  o->e_line_traction_j += u->f_trac_n * u->dx / eta_t;
  o->e_line_regen_j += f_eb * u->dx * eta_b;
}

static void arrive(const OcMotionTrip *trip, double t_abs, OcMotionState *s, OcMotionStepOutput *o)
{
  const OcMotionRoute *r = trip->route;
  const int            k = s->next_stop;

  s->chainage_m   = r->stop_m[k];
  s->speed_mps    = 0.0;
  o->arrived_stop = k;
  o->t_arrival_s  = t_abs;
  if (k == r->n_stop - 1) {
    s->mode = OC_MOTION_FINISHED;
    return;
  }
  s->mode     = OC_MOTION_DWELL;
  s->depart_s = fmax(t_abs + r->dwell_s[k], trip->departure_s ? trip->departure_s[k] : -INFINITY);
}

static void vehicle_step(const OcMotionVehicle *p, const OcMotionTrip *trip, double lag, double t_s, double dt_s, OcMotionState *s, OcMotionStepOutput *o)
{
  const double v_start = s->speed_mps, x_start = s->chainage_m;
  const Veh    vh = {.p = p, .r = trip->route, .m_eff = p->mass_kg * (1.0 + p->rotating_mass_factor), .weight_n = p->mass_kg * OC_MOTION_G, .lag = lag, .arrival_s = trip->arrival_s};
  double       t = 0.0, t_service = dt_s;

  *o = (OcMotionStepOutput){.arrived_stop = -1, .t_arrival_s = NAN, .t_departure_s = NAN};
  if (s->mode == OC_MOTION_FINISHED) t_service = 0.0;
  for (int k = 0; k < OC_MOTION_MAX_SUBSTEPS && t < dt_s && s->mode != OC_MOTION_FINISHED; k++) {
    if (s->mode == OC_MOTION_DWELL) {
      const double t_dep = s->depart_s - t_s;
      if (t_dep >= dt_s) break;
      o->t_departure_s = t_dep > t ? s->depart_s : t_s + t;
      t                = fmax(t, t_dep);
      s->next_stop++;
      s->mode = OC_MOTION_MOTOR;
      continue;
    }
    if (s->chainage_m >= trip->route->stop_m[s->next_stop]) {
      arrive(trip, t_s + t, s, o);
    } else {
      View w;
      Sub  u;
      look(&vh, s, t_s + t, dt_s - t, &w);
      drive(&vh, &w, &u);
      account(&vh, &w, &u, o);
      s->chainage_m = fmin(u.x1, w.x_stop);
      s->speed_mps  = u.v1;
      s->mode       = u.mode;
      t             = u.tau >= w.t_rem ? dt_s : t + u.tau;
      if (u.arrive) arrive(trip, t_s + t, s, o);
    }
    if (s->mode == OC_MOTION_FINISHED) t_service = t;
  }
  o->e_kinetic_j = 0.5 * vh.m_eff * (s->speed_mps * s->speed_mps - v_start * v_start);
  o->distance_m  = s->chainage_m - x_start;
  o->e_aux_j     = p->p_aux_w * t_service;
  o->p_req_w     = (o->e_line_traction_j - o->e_line_regen_j + o->e_aux_j) / dt_s;
  o->mode        = s->mode;
}

void OcKernelMotionStart(const OcMotionTrip *trip, OcMotionState *state)
{
  *state = (OcMotionState){.chainage_m = trip->route->stop_m[0], .speed_mps = 0.0, .next_stop = 0, .mode = OC_MOTION_DWELL, .depart_s = trip->departure_s ? trip->departure_s[0] : -INFINITY};
}

void OcKernelMotionStep(int n, const OcMotionVehicle par[], const OcMotionTrip trip[], const double lag[], double t_s, double dt_s, OcMotionState state[], OcMotionStepOutput out[])
{
  for (int i = 0; i < n; i++) vehicle_step(&par[i], &trip[i], lag[i], t_s, dt_s, &state[i], &out[i]);
}
