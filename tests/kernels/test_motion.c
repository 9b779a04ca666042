/* Motion kernel (kernels/motion.h), against closed forms and independent integrations:
 * - constant-force acceleration, cruise at the limit and braking at b to a stop: position and speed
 *   at every step end against x = a t^2 / 2, x = v t, x = X - v^2 / (2 b); arrival time and place;
 * - a station-to-station run, F_max then constant power, no resistance: running time against the
 *   closed form (t = v / a, t = m (v2^2 - v1^2) / (2 P), x = m (v2^3 - v1^3) / (3 P)), converging
 *   as dt^2; the same run with Davis, 1 % uphill and a 400 m curve against an RK4 integration of
 *   the equation of motion with dt = 1e-4 s (the kernel is first order in dt there);
 * - a route with 10 stops, speed limits, gradients and curves at dt = 1 s and 0.5 s: stopping error
 *   at every platform (< 1 cm), no overshoot, v = 0 at the end of the arrival step, speed below the
 *   limit and below the braking curves of the lower limits ahead at every step end;
 * - energy per step and over the trip: traction = kinetic + potential (from the test's own height
 *   profile) + resistance + braking to 1e-9; line energy = traction / eta_t - electric braking eta_b
 *   + auxiliaries over the time in service; electric-first braking split in closed form;
 * - timetable: never departs before the scheduled time, departs at max(arrival + dwell, schedule),
 *   also within a step (position after a mid-step departure in closed form);
 * - lag factor: kinetic energy gained per power-limited step = lag eta P dt, power requested within
 *   lag p_max + p_aux, lag 0 stalls;
 * - curve resistance (Roeckl, both branches; none for road vehicles) and grade force at cruise;
 * - efficiency curves eta(v): a flat curve equal to the constant gives the same results bit for
 *   bit; under constant force the line energy of each step is F dx / eta_t(v0) and under
 *   electric braking F dx eta_b(v0), in closed form; a power-limited step draws exactly lag p_max
 *   and gains eta_t(v0) lag p_max dt of kinetic energy; random trips with random curves close
 *   their energy balance to 1e-9 and their line energies lie within the curves' extremes;
 * - efficiency maps eta(v, F / F_max): a map flat in effort gives the trip of the same speed curve
 *   (1e-9), a one-point map that of the constant; under constant force F_max the line energy of
 *   each step is F dx / eta_t(v0, 1) in closed form; in every power-limited step the fixed point
 *   holds, F v_avg = eta_t(v0, F / F_max) lag p_max with F = traction / distance (the test's own
 *   bilinear interpolation), and exactly lag p_max is drawn; in every regeneration-limited braking
 *   step F_eb v_avg eta_b(v0, F_eb / F_eb,max) = p_regen_max; 200 random trips with random
 *   physical maps close their energy balance to 1e-9 and stay within the maps' extremes. */
#include "kernel_test.h"
#include "motion.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_STOPS 16
#define G         OC_MOTION_G

/* ---- helpers --------------------------------------------------------------------------------- */

static double m_eff(const OcMotionVehicle *p)
{
  return p->mass_kg * (1.0 + p->rotating_mass_factor);
}

/* Height of chainage x above the first stop, from the route's own grade profile (along-track
 * chainage: dh = dx i / sqrt(1 + i^2)). */
static double height(const OcMotionRoute *r, double x)
{
  double h = 0.0, x0 = r->stop_m[0];
  for (int k = 0; k < r->n_grade; k++) {
    const double lo = k == 0 ? -INFINITY : r->grade_start_m[k], hi = k + 1 < r->n_grade ? r->grade_start_m[k + 1] : INFINITY;
    const double a = fmax(lo, fmin(x0, x)), b = fmin(hi, fmax(x0, x)), s = r->grade[k] / sqrt(1.0 + r->grade[k] * r->grade[k]);
    if (b > a) h += (b - a) * s * (x >= x0 ? 1.0 : -1.0);
  }
  return h;
}

static double limit_at(const OcMotionRoute *r, const OcMotionVehicle *p, double x)
{
  double v = p->v_max_mps;
  for (int k = 0; k < r->n_limit; k++)
    if (k == 0 || r->limit_start_m[k] <= x) v = fmin(p->v_max_mps, r->limit_mps[k]);
  return v;
}

typedef struct {
  double e_tr, e_eb, e_mb, e_res, e_pot, e_kin, e_line, e_line_tr, e_line_regen, e_aux;
  double t_arr[MAX_STOPS], t_dep[MAX_STOPS];
  double t_finish, max_stop_err, max_regen_w, max_p_req_w;
  int    steps, finished;
} TripLog;

/* Runs one vehicle from its start until it finishes (or t_max), checking after every step:
 * the step's energy account, no overshoot of the next stop, the stopping error and v = 0 at an
 * arrival that ends a step, the limit at the front and the braking curves of lower limits ahead. */
static void run_trip(Kt *kt, const OcMotionVehicle *p, const OcMotionTrip *trip, double lag, double dt, double t_max, TripLog *lg)
{
  const OcMotionRoute *r = trip->route;
  OcMotionState        s;

  memset(lg, 0, sizeof(*lg));
  for (int k = 0; k < MAX_STOPS; k++) lg->t_arr[k] = lg->t_dep[k] = NAN;
  OcKernelMotionStart(trip, &s);
  for (double t = 0.0; t < t_max && s.mode != OC_MOTION_FINISHED; t += dt) {
    OcMotionStepOutput o;
    const int          stop_before = s.mode == OC_MOTION_DWELL ? s.next_stop : -1;
    OcKernelMotionStep(1, p, trip, &lag, t, dt, &s, &o);
    lg->steps++;
    const double scale = fabs(o.e_traction_j) + fabs(o.e_brake_elec_j) + fabs(o.e_brake_mech_j) + fabs(o.e_resistance_j) + fabs(o.e_potential_j) + fabs(o.e_kinetic_j);
    kt_true(kt, fabs(o.e_traction_j - o.e_brake_elec_j - o.e_brake_mech_j - o.e_resistance_j - o.e_potential_j - o.e_kinetic_j) <= 1e-12 * scale + 1e-9, "step energy account closes", lg->steps);
    kt_true(kt, o.e_traction_j >= 0 && o.e_brake_elec_j >= 0 && o.e_brake_mech_j >= -1e-9 && o.e_resistance_j >= 0, "wheel energies >= 0", lg->steps);
    lg->e_tr += o.e_traction_j;
    lg->e_eb += o.e_brake_elec_j;
    lg->e_mb += o.e_brake_mech_j;
    lg->e_res += o.e_resistance_j;
    lg->e_pot += o.e_potential_j;
    lg->e_kin += o.e_kinetic_j;
    lg->e_line += o.p_req_w * dt;
    lg->e_line_tr += o.e_line_traction_j;
    lg->e_line_regen += o.e_line_regen_j;
    lg->e_aux += o.e_aux_j;
    lg->max_regen_w = fmax(lg->max_regen_w, o.e_line_regen_j / dt);
    lg->max_p_req_w = fmax(lg->max_p_req_w, o.p_req_w);
    if (stop_before >= 0 && !isnan(o.t_departure_s)) lg->t_dep[stop_before] = o.t_departure_s;
    if (o.arrived_stop >= 0) {
      const int k  = o.arrived_stop;
      lg->t_arr[k] = o.t_arrival_s;
      if (s.mode == OC_MOTION_DWELL || s.mode == OC_MOTION_FINISHED) {
        const double err = fabs(s.chainage_m - r->stop_m[k]);
        lg->max_stop_err = fmax(lg->max_stop_err, err);
        kt_true(kt, err < 0.01 && s.speed_mps == 0.0, "arrival step ends at the platform with v = 0", k);
      }
    }
    if (s.mode == OC_MOTION_FINISHED) {
      lg->finished = 1;
      lg->t_finish = o.t_arrival_s;
      break;
    }
    /* No overshoot; below the limit at the front and below every braking curve ahead. */
    const double x = s.chainage_m, v = s.speed_mps, b = p->b_service_mps2, x_stop = r->stop_m[s.next_stop];
    kt_true(kt, x <= x_stop, "never beyond the next stop", lg->steps);
    kt_true(kt, v <= limit_at(r, p, x) * (1.0 + 1e-12), "speed within the limit at the front", lg->steps);
    const double tol = OC_MOTION_CURVE_RTOL * (v * v + 2.0 * b * fabs(x)); /* the kernel's: chainage rounding */
    kt_true(kt, v * v <= 2.0 * b * (x_stop - x) + tol, "below the braking curve of the next stop", lg->steps);
    for (int j = 0; j < r->n_limit; j++)
      if (r->limit_start_m[j] > x && r->limit_start_m[j] < x_stop) {
        const double vl = fmin(p->v_max_mps, r->limit_mps[j]);
        kt_true(kt, v * v <= vl * vl + 2.0 * b * (r->limit_start_m[j] - x) + tol, "below the braking curve of a lower limit ahead", lg->steps);
      }
  }
}

/* A vehicle with no resistance and no power limit: constant force F_max. */
static OcMotionVehicle ideal_vehicle(void)
{
  return (OcMotionVehicle){.mass_kg = 40000.0, .rotating_mass_factor = 0.1, .f_max_n = 44000.0, .p_max_w = INFINITY, .p_regen_max_w = INFINITY, .f_brake_max_n = 1e9, .b_service_mps2 = 1.2, .eta_traction = 0.9, .eta_braking = 0.85, .p_aux_w = 0.0, .v_max_mps = INFINITY, .curve_model = OC_MOTION_CURVE_NONE};
}

/* Tram-like (about 40 t, 520 kW, 70 km/h; assumed values for the test). */
static OcMotionVehicle tram_vehicle(void)
{
  return (OcMotionVehicle){.mass_kg = 40000.0, .rotating_mass_factor = 0.1, .davis_a_n = 800.0, .davis_b_n_per_mps = 15.0, .davis_c_n_per_mps2 = 5.0, .f_max_n = 55000.0, .p_max_w = 590000.0, .p_regen_max_w = 450000.0, .f_brake_max_n = 40000.0, .b_service_mps2 = 1.0, .eta_traction = 0.88, .eta_braking = 0.85, .p_aux_w = 30000.0, .v_max_mps = 70.0 / 3.6, .curve_model = OC_MOTION_CURVE_ROECKL};
}

/* ---- 1. closed-form kinematics ----------------------------------------------------------------- */

static void test_kinematics(Kt *kt)
{
  const OcMotionVehicle p      = ideal_vehicle();
  const double          stop[] = {0.0, 3000.0}, dwell[] = {0.0, 0.0}, lim_x[] = {0.0}, lim_v[] = {20.0};
  const OcMotionRoute   r    = {.n_limit = 1, .limit_start_m = lim_x, .limit_mps = lim_v, .n_stop = 2, .stop_m = stop, .dwell_s = dwell};
  const OcMotionTrip    trip = {&r, NULL, NULL};
  const double          a = p.f_max_n / m_eff(&p), v = 20.0, b = p.b_service_mps2, X = stop[1];
  const double          t_reach = v / a, d_reach = v * v / (2.0 * a), x_brake = X - v * v / (2.0 * b), t_brake = t_reach + (x_brake - d_reach) / v, t_arr = t_brake + v / b;
  const double          dts[] = {1.0, 0.7, 0.25};
  const double          lag   = 1.0;

  printf("constant force a = %.6g m/s^2 to %.6g m/s (t = %.6g s, x = %.6g m), cruise, brake at b = %.6g m/s^2 from x = %.6g m, arrive at t = %.9g s\n", a, v, t_reach, d_reach, b, x_brake, t_arr);
  kt_begin(kt, "kinematics: x(t), v(t) at step ends vs x = a t^2/2, x = v t, x = X - v^2/(2b); above a limit", 1e-9, 1e-9);
  for (int id = 0; id < 3; id++) {
    const double  dt = dts[id];
    OcMotionState s;
    int           arrived = 0;
    OcKernelMotionStart(&trip, &s);
    for (int k = 0; !arrived && k < 1000; k++) {
      OcMotionStepOutput o;
      const double       t = k * dt, te = t + dt;
      OcKernelMotionStep(1, &p, &trip, &lag, t, dt, &s, &o);
      if (o.arrived_stop == 1) {
        arrived = 1;
        kt_close(kt, o.t_arrival_s, t_arr, "arrival time", id);
        kt_true(kt, s.chainage_m == X && s.speed_mps == 0.0 && s.mode == OC_MOTION_FINISHED, "arrives exactly at the platform, v = 0", id);
      } else if (te <= t_reach) {
        kt_close(kt, s.chainage_m, 0.5 * a * te * te, "x accelerating", k);
        kt_close(kt, s.speed_mps, a * te, "v accelerating", k);
      } else if (te <= t_brake) {
        kt_close(kt, s.chainage_m, d_reach + v * (te - t_reach), "x cruising", k);
        kt_close(kt, s.speed_mps, v, "v cruising", k);
      } else {
        kt_close(kt, s.speed_mps, v - b * (te - t_brake), "v braking", k);
        kt_close(kt, X - s.chainage_m, s.speed_mps * s.speed_mps / (2.0 * b), "braking distance v^2/(2b)", k);
      }
    }
    kt_true(kt, arrived, "arrives", id);
  }
  /* A state given above the limit (25 m/s at 100 m): brakes at b to the limit, then cruises. */
  {
    OcMotionState s     = {.chainage_m = 100.0, .speed_mps = 25.0, .next_stop = 1, .mode = OC_MOTION_CRUISE};
    const double  t_lim = (25.0 - v) / b, x_lim = 100.0 + (25.0 * 25.0 - v * v) / (2.0 * b);
    for (int k = 0; k < 8; k++) {
      OcMotionStepOutput o;
      const double       te = k + 1.0;
      OcKernelMotionStep(1, &p, &trip, &lag, k, 1.0, &s, &o);
      kt_close(kt, s.speed_mps, te < t_lim ? 25.0 - b * te : v, "v braking down to the limit", k);
      kt_close(kt, s.chainage_m, te < t_lim ? 100.0 + 25.0 * te - 0.5 * b * te * te : x_lim + v * (te - t_lim), "x braking down to the limit", k);
    }
  }
  kt_end(kt);
}

/* ---- 2. station-to-station running time ------------------------------------------------------- */

/* F_max up to the corner speed, then constant power, cruise, brake; no resistance: closed form. */
static void test_running_time_closed_form(Kt *kt)
{
  OcMotionVehicle p          = ideal_vehicle();
  p.rotating_mass_factor     = 0.08;
  p.f_max_n                  = 60000.0;
  p.p_max_w                  = 600000.0;
  p.b_service_mps2           = 1.0;
  const double        stop[] = {0.0, 1500.0}, dwell[] = {0.0, 0.0}, lim_x[] = {0.0}, lim_v[] = {20.0};
  const OcMotionRoute r    = {.n_limit = 1, .limit_start_m = lim_x, .limit_mps = lim_v, .n_stop = 2, .stop_m = stop, .dwell_s = dwell};
  const OcMotionTrip  trip = {&r, NULL, NULL};
  const double        m = m_eff(&p), ep = p.eta_traction * p.p_max_w, vl = lim_v[0], vc = ep / p.f_max_n, b = p.b_service_mps2;
  const double        t1 = vc * m / p.f_max_n, x1 = 0.5 * vc * t1;
  const double        t2 = m * (vl * vl - vc * vc) / (2.0 * ep), x2 = m * (vl * vl * vl - vc * vc * vc) / (3.0 * ep);
  const double        t3 = vl / b, x3 = vl * vl / (2.0 * b), t_run = t1 + t2 + (stop[1] - x1 - x2 - x3) / vl + t3;
  const double        dts[] = {1.0, 0.5, 0.1};
  double              err[3];

  printf("closed form, 1500 m: F_max to %.4g m/s in %.6g s over %.6g m, constant wheel power %.4g W to %.4g m/s in %.6g s over %.6g m, brake %.6g s over %.6g m: running time %.9g s\n", vc, t1, x1, ep, vl, t2, x2, t3, x3, t_run);
  kt_begin(kt, "running time vs closed form (dt = 1, 0.5, 0.1 s; error O(dt^2) from the power phase)", 0.0, 0.02);
  for (int id = 0; id < 3; id++) {
    TripLog lg;
    run_trip(kt, &p, &trip, 1.0, dts[id], 1000.0, &lg);
    err[id] = lg.t_finish - t_run;
    printf("  dt = %.2g s: running time %.9g s, error %+.3e s\n", dts[id], lg.t_finish, err[id]);
    kt_close(kt, lg.t_finish, t_run, "running time", id);
  }
  kt_true(kt, fabs(err[2]) <= fabs(err[0]) / 50.0 + 1e-9, "error falls at least 50x from dt = 1 s to 0.1 s (second order)", 0);
  kt_end(kt);
}

typedef struct {
  double m, f_max, ep, a, bb, c, f_const;
} Rk;

static double rk_accel(const Rk *q, double v)
{
  const double f = v > 0.0 ? fmin(q->f_max, q->ep / v) : q->f_max;
  return (f - q->a - q->bb * v - q->c * v * v - q->f_const) / q->m;
}

/* One RK4 step of (x, v), dx/dt = v, dv/dt = rk_accel(v). */
static void rk4(const Rk *q, double h, double *x, double *v)
{
  const double k1v = rk_accel(q, *v), k1x = *v;
  const double k2v = rk_accel(q, *v + 0.5 * h * k1v), k2x = *v + 0.5 * h * k1v;
  const double k3v = rk_accel(q, *v + 0.5 * h * k2v), k3x = *v + 0.5 * h * k2v;
  const double k4v = rk_accel(q, *v + h * k3v), k4x = *v + h * k3v;
  *x += h / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x);
  *v += h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v);
}

/* Tram with Davis resistance, 1 % uphill and a 400 m curve: reference by RK4 (dt = 1e-4 s) up to the
 * limit, then cruise and a braking at b (both exact). */
static void test_running_time_rk4(Kt *kt)
{
  const OcMotionVehicle p      = tram_vehicle();
  const double          stop[] = {0.0, 1200.0}, dwell[] = {0.0, 0.0}, lim_x[] = {0.0}, lim_v[] = {60.0 / 3.6};
  const double          gr_x[] = {-100.0}, gr[] = {0.01}, cu_x[] = {-100.0}, cu_r[] = {400.0};
  const OcMotionRoute   r    = {1, gr_x, gr, 1, cu_x, cu_r, 1, lim_x, lim_v, 2, stop, dwell};
  const OcMotionTrip    trip = {&r, NULL, NULL};
  const double          w = p.mass_kg * G, f_curve = w * 650.0 / (400.0 - 55.0) * 1e-3, f_grade = w * 0.01 / sqrt(1.0001);
  const Rk              q  = {m_eff(&p), p.f_max_n, p.eta_traction * p.p_max_w, p.davis_a_n, p.davis_b_n_per_mps, p.davis_c_n_per_mps2, f_curve + f_grade};
  const double          vl = lim_v[0], b = p.b_service_mps2, h = 1e-4;
  double                x = 0.0, v = 0.0, t = 0.0;

  for (;;) {
    double x1 = x, v1 = v;
    rk4(&q, h, &x1, &v1);
    if (v1 >= vl) { /* last partial step: secant on the step size, then RK4 to it */
      double hs = h * (vl - v) / (v1 - v);
      for (int it = 0; it < 3; it++) {
        double xs = x, vs = v;
        rk4(&q, hs, &xs, &vs);
        hs -= (vs - vl) / rk_accel(&q, vs);
      }
      rk4(&q, hs, &x, &v);
      t += hs;
      break;
    }
    x = x1, v = v1, t += h;
  }
  const double t_run = t + (stop[1] - vl * vl / (2.0 * b) - x) / vl + vl / b;
  const double dts[] = {1.0, 0.5, 0.1};
  double       err[3];
  printf("RK4 (h = 1e-4 s), Davis + 1 %% uphill + R = 400 m: limit %.6g m/s reached at t = %.9g s, x = %.9g m; running time %.9g s\n", vl, t, x, t_run);
  kt_begin(kt, "running time vs RK4 (dt = 1, 0.5, 0.1 s; error O(dt), Davis held at the step's start speed)", 0.0, 0.03);
  for (int id = 0; id < 3; id++) {
    TripLog lg;
    run_trip(kt, &p, &trip, 1.0, dts[id], 1000.0, &lg);
    err[id] = lg.t_finish - t_run;
    printf("  dt = %.2g s: running time %.9g s, error %+.3e s\n", dts[id], lg.t_finish, err[id]);
    kt_close(kt, lg.t_finish, t_run, "running time", id);
  }
  kt_true(kt, fabs(err[2]) <= fabs(err[0]) / 5.0 + 1e-9, "error falls at least 5x from dt = 1 s to 0.1 s (first order)", 0);
  kt_end(kt);
}

/* ---- 3. and 4. a route with 10 stops ----------------------------------------------------------- */

static const double        city_stop[]  = {0.0, 650.0, 1400.0, 2100.0, 2600.0, 3500.0, 4300.0, 5000.0, 5900.0, 6800.0};
static const double        city_dwell[] = {0.0, 20.0, 25.0, 20.0, 30.0, 20.0, 20.0, 25.0, 20.0, 0.0};
static const double        city_lim_x[] = {0.0, 300.0, 1000.0, 1250.0, 2300.0, 2450.0, 3000.0, 4500.0, 4800.0, 5500.0, 6300.0};
static const double        city_lim_v[] = {11.1, 16.7, 8.3, 19.4, 5.5, 13.9, 19.4, 11.1, 16.7, 22.0, 13.9};
static const double        city_gr_x[]  = {0.0, 500.0, 1200.0, 1800.0, 2250.0, 3100.0, 3900.0, 4700.0, 5600.0, 6400.0};
static const double        city_gr[]    = {0.0, 0.04, -0.02, 0.0, -0.05, 0.03, 0.0, 0.06, -0.04, 0.01};
static const double        city_cu_x[]  = {0.0, 800.0, 950.0, 2000.0, 2150.0, 3300.0, 3600.0, 5200.0, 5350.0};
static const double        city_cu_r[]  = {0.0, 250.0, 0.0, 50.0, 0.0, 600.0, 0.0, 120.0, INFINITY};
static const OcMotionRoute city         = {10, city_gr_x, city_gr, 9, city_cu_x, city_cu_r, 11, city_lim_x, city_lim_v, 10, city_stop, city_dwell};

static void test_city_route(Kt *kt)
{
  const OcMotionVehicle p     = tram_vehicle();
  const OcMotionTrip    trip  = {&city, NULL, NULL};
  const double          dts[] = {1.0, 0.5};

  kt_begin(kt, "10 stops, limits, gradients, curves: stopping error, overshoot, limits, braking curves", 0.0, 0.0);
  for (int id = 0; id < 2; id++) {
    TripLog lg;
    run_trip(kt, &p, &trip, 1.0, dts[id], 3000.0, &lg);
    kt_true(kt, lg.finished, "finishes the trip", id);
    int served = 0;
    for (int k = 1; k < city.n_stop; k++) served += !isnan(lg.t_arr[k]);
    kt_true(kt, served == city.n_stop - 1, "arrives at every stop", id);
    kt_true(kt, lg.max_stop_err < 0.01, "stopping error < 1 cm", id);
    printf("  dt = %.2g s: %d steps, trip time %.6g s, max stopping error %.3g m, %d stops served\n", dts[id], lg.steps, lg.t_finish, lg.max_stop_err, served);
  }
  kt_end(kt);
}

static void test_energy_trip(Kt *kt)
{
  const OcMotionVehicle p     = tram_vehicle();
  const OcMotionTrip    trip  = {&city, NULL, NULL};
  const double          dts[] = {1.0, 0.5};
  const double          pot   = p.mass_kg * G * (height(&city, city_stop[9]) - height(&city, city_stop[0]));

  kt_begin(kt, "energy over the trip: traction = kinetic + potential + resistance + braking; line side", 1e-9, 0.0);
  for (int id = 0; id < 2; id++) {
    TripLog lg;
    run_trip(kt, &p, &trip, 1.0, dts[id], 3000.0, &lg);
    const double brake = lg.e_eb + lg.e_mb;
    /* Wheel: the vehicle starts and ends at rest, so the kinetic term is 0. */
    kt_close(kt, lg.e_tr, pot + lg.e_res + brake, "traction = potential (own height profile) + resistance + braking", id);
    kt_close(kt, lg.e_kin + lg.e_tr, lg.e_tr, "sum of kinetic changes = 0", id);
    kt_close(kt, lg.e_pot, pot, "sum of potential changes = m g dh", id);
    /* Line: drawn = traction + drive losses + auxiliaries - regeneration offered. */
    const double loss_tr = lg.e_tr * (1.0 / p.eta_traction - 1.0), regen = lg.e_eb * p.eta_braking, loss_br = lg.e_eb - regen;
    kt_close(kt, lg.e_line, lg.e_tr + loss_tr + p.p_aux_w * lg.t_finish - regen, "line energy = traction + drive losses + aux (over the time in service) - regen", id);
    kt_close(kt, lg.e_line_regen, regen, "electric braking at the wheel x eta_b = offered", id);
    kt_close(kt, lg.e_aux, p.p_aux_w * lg.t_finish, "aux energy over the time in service", id);
    kt_true(kt, lg.e_mb > 0.0 && lg.e_eb > 0.0, "both brakes used on this route", id);
    kt_true(kt, lg.max_regen_w <= p.p_regen_max_w * (1.0 + 1e-12), "regenerated power within p_regen_max", id);
    kt_true(kt, lg.max_p_req_w <= p.p_max_w + p.p_aux_w * (1.0 + 1e-12), "requested power within p_max + p_aux", id);
    printf("  dt = %.2g s: traction %.6g MJ = potential %.6g + resistance %.6g + electric brake %.6g + mechanical brake %.6g MJ; "
           "line %.6g MJ (drive losses %.6g + %.6g MJ, aux %.6g MJ, regen %.6g MJ)\n",
           dts[id], lg.e_tr * 1e-6, pot * 1e-6, lg.e_res * 1e-6, lg.e_eb * 1e-6, lg.e_mb * 1e-6, lg.e_line * 1e-6, loss_tr * 1e-6, loss_br * 1e-6, lg.e_aux * 1e-6, regen * 1e-6);
  }
  kt_end(kt);
}

/* Braking from v on the flat with no resistance: kinetic energy m_eff v^2 / 2 split in closed form. */
static void test_braking_split(Kt *kt)
{
  OcMotionVehicle     p      = ideal_vehicle();
  const double        stop[] = {0.0, 2000.0}, dwell[] = {0.0, 0.0}, lim_x[] = {0.0}, lim_v[] = {20.0};
  const OcMotionRoute r    = {.n_limit = 1, .limit_start_m = lim_x, .limit_mps = lim_v, .n_stop = 2, .stop_m = stop, .dwell_s = dwell};
  const OcMotionTrip  trip = {&r, NULL, NULL};
  const double        ke = 0.5 * m_eff(&p) * 20.0 * 20.0, f_b = m_eff(&p) * p.b_service_mps2;

  kt_begin(kt, "braking split: electric first, mechanical for the rest (closed form, no resistance)", 1e-10, 1e-6);
  /* The trip's traction is ke (accelerating from rest to 20 m/s) and its braking ke. */
  const double fb_max[] = {1e9, 0.5 * f_b, 0.0}, want_eb[] = {ke, 0.5 * ke, 0.0};
  for (int c = 0; c < 3; c++) {
    TripLog lg;
    p.f_brake_max_n = fb_max[c];
    run_trip(kt, &p, &trip, 1.0, 1.0, 1000.0, &lg);
    kt_close(kt, lg.e_tr, ke, "traction = kinetic energy at the limit", c);
    kt_close(kt, lg.e_eb, want_eb[c], "electric braking at the wheel", c);
    kt_close(kt, lg.e_mb, ke - want_eb[c], "mechanical braking", c);
    kt_close(kt, lg.e_line, lg.e_tr / p.eta_traction - want_eb[c] * p.eta_braking, "line energy", c);
  }
  /* Power-limited regeneration: the cap holds per step; the wheel braking energy is still ke. */
  p.f_brake_max_n = 1e9;
  p.p_regen_max_w = 200000.0;
  TripLog lg;
  run_trip(kt, &p, &trip, 1.0, 1.0, 1000.0, &lg);
  kt_close(kt, lg.e_eb + lg.e_mb, ke, "electric + mechanical = braking energy at the wheel", 3);
  kt_true(kt, lg.max_regen_w <= p.p_regen_max_w * (1.0 + 1e-12) && lg.max_regen_w >= 0.99 * p.p_regen_max_w, "regeneration at its power cap, never above", 3);
  kt_true(kt, lg.e_mb > 0.0, "mechanical brake takes the rest", 3);
  kt_end(kt);
}

/* ---- 5. timetable ---------------------------------------------------------------------------- */

static void test_timetable(Kt *kt)
{
  const OcMotionVehicle p      = ideal_vehicle();
  const double          stop[] = {0.0, 500.0, 1000.0, 1500.0}, dwell[] = {0.0, 15.0, 15.0, 0.0}, lim_x[] = {0.0}, lim_v[] = {15.0};
  const double          dep[] = {10.3, 100.6, 0.0, 0.0}; /* stop 1: early arrival, waits; stop 2: late, dwell only */
  const OcMotionRoute   r     = {.n_limit = 1, .limit_start_m = lim_x, .limit_mps = lim_v, .n_stop = 4, .stop_m = stop, .dwell_s = dwell};
  const OcMotionTrip    trip  = {&r, dep, NULL};
  const double          a = p.f_max_n / m_eff(&p), lag = 1.0;
  OcMotionState         s;

  kt_begin(kt, "timetable: departure = max(arrival + dwell, scheduled), never early, also mid-step", 1e-12, 1e-9);
  for (int id = 0; id < 2; id++) {
    const double dt = id == 0 ? 1.0 : 0.5;
    TripLog      lg;
    run_trip(kt, &p, &trip, 1.0, dt, 1000.0, &lg);
    for (int k = 0; k < 3; k++) {
      const double want = k == 0 ? dep[0] : fmax(lg.t_arr[k] + dwell[k], dep[k]);
      kt_close(kt, lg.t_dep[k], want, "departure time", k);
      kt_true(kt, lg.t_dep[k] >= dep[k], "not before the scheduled departure", k);
    }
    kt_true(kt, lg.t_arr[1] + dwell[1] < dep[1] && lg.t_arr[2] + dwell[2] > dep[2], "the case covers waiting and a late arrival", id);
  }
  /* Step by step around the first departure (10.3 s): standing at every step end before it, then
   * x = a (t - 10.3)^2 / 2 at the end of the step it departs in. */
  OcKernelMotionStart(&trip, &s);
  for (int k = 0; k < 12; k++) {
    OcMotionStepOutput o;
    OcKernelMotionStep(1, &p, &trip, &lag, k * 1.0, 1.0, &s, &o);
    const double te = k + 1.0;
    if (te <= dep[0]) kt_true(kt, s.chainage_m == 0.0 && s.mode == OC_MOTION_DWELL, "standing before the scheduled departure", k);
    else kt_close(kt, s.chainage_m, 0.5 * a * (te - dep[0]) * (te - dep[0]), "position after a mid-step departure", k);
  }
  kt_end(kt);
}

/* Timed running: with no resistance and no power limit the driver's model is exact, so every
 * arrival is on its target (trapezoid profile with the cruise speed of the closed form); a
 * target too tight is run flat out (the same trip as without targets); a tram with resistance and
 * a power limit arrives within a second of its targets on a hilly route, drawing less energy than
 * flat out. */
static void test_timed_running(Kt *kt)
{
  const OcMotionVehicle p      = ideal_vehicle();
  const double          stop[] = {0.0, 800.0, 1500.0, 2600.0}, dwell[] = {0.0, 20.0, 20.0, 0.0}, lim_x[] = {0.0}, lim_v[] = {20.0};
  const double          dep[] = {0.0, 150.0, 260.0, -INFINITY};
  const double          arr[] = {-INFINITY, 130.0, 240.0, 400.0}; /* departure - dwell; the end */
  const OcMotionRoute   r     = {.n_limit = 1, .limit_start_m = lim_x, .limit_mps = lim_v, .n_stop = 4, .stop_m = stop, .dwell_s = dwell};
  const OcMotionTrip    timed = {&r, dep, arr}, plain = {&r, dep, NULL};
  const double          a = p.f_max_n / m_eff(&p), b = p.b_service_mps2, k = 0.5 / a + 0.5 / b;
  TripLog               lg, fast;

  kt_begin(kt, "timed running: on time in closed form; flat out when too tight; a tram within 1 s", 1e-9, 1e-9);
  for (int id = 0; id < 2; id++) {
    const double dt = id == 0 ? 1.0 : 0.3;
    run_trip(kt, &p, &timed, 1.0, dt, 1000.0, &lg);
    for (int j = 1; j < 4; j++) {
      const double T = arr[j] - dep[j - 1], L = stop[j] - stop[j - 1], v_c = (T - sqrt(T * T - 4.0 * k * L)) / (2.0 * k);
      kt_close(kt, lg.t_arr[j], arr[j], "arrival on its target", j);
      kt_true(kt, v_c < lim_v[0], "the case cruises below the limit", j);
    }
    kt_true(kt, lg.max_stop_err < 0.01, "stopping error below 1 cm", id);
  }
  /* Too tight: 800 m in 30 s cannot be done at a = 1 m/s^2, b = 1.2 m/s^2: run flat out. */
  {
    const double       tight[] = {-INFINITY, 30.0, 31.0, 32.0};
    const OcMotionTrip rushed  = {&r, dep, tight};
    run_trip(kt, &p, &rushed, 1.0, 1.0, 1000.0, &lg);
    run_trip(kt, &p, &plain, 1.0, 1.0, 1000.0, &fast);
    for (int j = 1; j < 4; j++) kt_close(kt, lg.t_arr[j], fast.t_arr[j], "too tight: the flat-out arrival", j);
    kt_close(kt, lg.e_line, fast.e_line, "too tight: the flat-out energy", 0);
  }
  /* A tram (Davis, power limit, grades): within 1 s of every target, less energy than flat out. */
  {
    const OcMotionVehicle q     = tram_vehicle();
    const double          g_x[] = {0.0, 900.0, 1800.0}, g[] = {0.02, -0.03, 0.0};
    const OcMotionRoute   hilly  = {.n_grade = 3, .grade_start_m = g_x, .grade = g, .n_limit = 1, .limit_start_m = lim_x, .limit_mps = lim_v, .n_stop = 4, .stop_m = stop, .dwell_s = dwell};
    const OcMotionTrip    t_tram = {&hilly, dep, arr}, f_tram = {&hilly, dep, NULL};
    run_trip(kt, &q, &t_tram, 1.0, 1.0, 1000.0, &lg);
    run_trip(kt, &q, &f_tram, 1.0, 1.0, 1000.0, &fast);
    for (int j = 1; j < 4; j++) {
      kt_true(kt, fabs(lg.t_arr[j] - arr[j]) < 1.0, "tram: within 1 s of its target", j);
      kt_true(kt, fast.t_arr[j] < arr[j] - 5.0, "tram: flat out it would be early", j);
    }
    kt_true(kt, lg.e_line_tr < 0.97 * fast.e_line_tr, "tram: less traction energy than flat out", 0);
    printf("timed tram: arrivals %.3f %.3f %.3f s (targets 130 240 400), traction %.4f kWh vs %.4f kWh flat out\n", lg.t_arr[1], lg.t_arr[2], lg.t_arr[3], lg.e_line_tr / 3.6e6, fast.e_line_tr / 3.6e6);
  }
  kt_end(kt);
}

/* ---- 6. lag factor ------------------------------------------------------------------------------ */

static void test_lag(Kt *kt)
{
  OcMotionVehicle p            = ideal_vehicle();
  p.p_max_w                    = 400000.0;
  p.p_aux_w                    = 20000.0;
  p.davis_a_n                  = 0.0;
  const double          stop[] = {0.0, 5000.0}, dwell[] = {0.0, 0.0}, lim_x[] = {0.0}, lim_v[] = {30.0};
  const OcMotionRoute   r       = {.n_limit = 1, .limit_start_m = lim_x, .limit_mps = lim_v, .n_stop = 2, .stop_m = stop, .dwell_s = dwell};
  const OcMotionVehicle par[3]  = {p, p, p};
  const OcMotionTrip    trip[3] = {
       {&r, NULL, NULL},
       {&r, NULL, NULL},
       {&r, NULL, NULL}
  };
  const double  lag[3] = {1.0, 0.5, 0.0}, dt = 1.0, vc = p.eta_traction * p.p_max_w / p.f_max_n;
  OcMotionState s[3];
  int           checked = 0;

  kt_begin(kt, "lag factor: power-limited steps gain lag eta P dt of kinetic energy; p_req <= lag p_max + p_aux", 1e-10, 1e-6);
  for (int i = 0; i < 3; i++) OcKernelMotionStart(&trip[i], &s[i]);
  for (int k = 0; k < 25; k++) {
    OcMotionStepOutput o[3];
    double             v0[3];
    for (int i = 0; i < 3; i++) v0[i] = s[i].speed_mps;
    OcKernelMotionStep(3, par, trip, lag, k * dt, dt, s, o);
    for (int i = 0; i < 3; i++) {
      kt_true(kt, o[i].p_req_w <= lag[i] * p.p_max_w + p.p_aux_w * (1.0 + 1e-12), "power requested within lag p_max + p_aux", k);
      /* Wholly above the corner speed and below the limit: exactly lag eta P dt. */
      if (lag[i] > 0.0 && v0[i] > lag[i] * vc && s[i].speed_mps < lim_v[0]) {
        kt_close(kt, o[i].e_kinetic_j, lag[i] * p.eta_traction * p.p_max_w * dt, "kinetic energy gained", k);
        checked++;
      }
    }
    /* Same force below the lagged corner speed (lag vc = 4.1 m/s), behind once power-limited. */
    kt_true(kt, s[1].chainage_m <= s[0].chainage_m, "lag 0.5 never ahead of lag 1", k);
    if (k >= 5) kt_true(kt, s[1].speed_mps < s[0].speed_mps && s[1].chainage_m < s[0].chainage_m, "lag 0.5 behind lag 1 once power-limited", k);
    kt_true(kt, s[2].chainage_m == 0.0 && o[2].e_traction_j == 0.0 && o[2].mode == OC_MOTION_STALLED && o[2].p_req_w == p.p_aux_w, "lag 0: no traction, stands, draws aux", k);
  }
  kt_true(kt, checked >= 20, "enough power-limited steps checked", checked);
  kt_end(kt);
}

/* ---- 7. curve and grade forces ----------------------------------------------------------------- */

static void test_curve_grade(Kt *kt)
{
  OcMotionVehicle rail = tram_vehicle(), bus = tram_vehicle();
  bus.curve_model            = OC_MOTION_CURVE_NONE;
  const double        stop[] = {0.0, 20000.0}, dwell[] = {0.0, 0.0}, lim_x[] = {0.0}, lim_v[] = {10.0};
  const double        cu_x[] = {0.0, 2000.0, 4000.0, 6000.0}, cu_r[] = {0.0, 250.0, 400.0, 0.0}, gr_x[] = {0.0, 6000.0}, gr[] = {0.0, 0.03};
  const OcMotionRoute r       = {2, gr_x, gr, 4, cu_x, cu_r, 1, lim_x, lim_v, 2, stop, dwell};
  const OcMotionTrip  trip[2] = {
     {&r, NULL, NULL},
     {&r, NULL, NULL}
  };
  const OcMotionVehicle par[2] = {rail, bus};
  const double          lag[2] = {1.0, 1.0}, v = lim_v[0], w = rail.mass_kg * G;
  const double          davis = rail.davis_a_n + v * (rail.davis_b_n_per_mps + v * rail.davis_c_n_per_mps2);
  OcMotionState         s[2];
  int                   seen[4] = {0, 0, 0, 0};

  printf("Roeckl: R = 250 m: %.6g N/kN (500/(R-30)), R = 400 m: %.6g N/kN (650/(R-55))\n", 500.0 / 220.0, 650.0 / 345.0);
  kt_begin(kt, "cruise on curves (Roeckl, rail only) and uphill: resistance and potential energy per step", 1e-12, 1e-6);
  for (int i = 0; i < 2; i++) OcKernelMotionStart(&trip[i], &s[i]);
  for (int k = 0; k < 700; k++) {
    OcMotionStepOutput o[2];
    double             x0[2] = {s[0].chainage_m, s[1].chainage_m}, v0[2] = {s[0].speed_mps, s[1].speed_mps};
    OcKernelMotionStep(2, par, trip, lag, k * 1.0, 1.0, s, o);
    for (int i = 0; i < 2; i++) {
      if (v0[i] != v || o[i].mode != OC_MOTION_CRUISE || s[i].chainage_m > 7000.0) continue;
      /* Steps wholly inside one segment. */
      const double xa = x0[i], xb = s[i].chainage_m;
      const int    seg = xb <= 2000.0 ? 0 : (xa >= 2000.0 && xb <= 4000.0) ? 1 : (xa >= 4000.0 && xb <= 6000.0) ? 2 : (xa >= 6000.0) ? 3 : -1;
      if (seg < 0) continue;
      if (i == 0) seen[seg]++;
      const double wc = (i == 1 || seg == 0 || seg == 3) ? 0.0 : seg == 1 ? 500.0 / 220.0 : 650.0 / 345.0;
      kt_close(kt, o[i].distance_m, v, "distance v dt at cruise", k);
      kt_close(kt, o[i].e_resistance_j, (davis + w * wc * 1e-3) * v, "Davis + curve resistance energy", k);
      kt_close(kt, o[i].e_potential_j, seg == 3 ? w * 0.03 / sqrt(1.0 + 0.03 * 0.03) * v : 0.0, "m g sin(theta) v dt", k);
    }
  }
  kt_true(kt, seen[0] > 10 && seen[1] > 10 && seen[2] > 10 && seen[3] > 10, "cruised on straight track, both curves and uphill", 0);
  kt_end(kt);
}

/* ---- 8. random routes and vehicles ------------------------------------------------------------- */

/* Random routes (3 to 10 stops, limits 3 to 25 m/s, grades up to +-8 %, curves 40 m and up) and
 * vehicles (rail and road, limited or unlimited power, lag 0.3 to 1, dt 0.2 to 2 s): every trip
 * finishes with exact stops and all the per-step checks of run_trip. */
static void test_random(Kt *kt)
{
  const double dts[] = {0.2, 0.5, 1.0, 2.0};
  int          stops = 0;

  kt_begin(kt, "300 random routes, vehicles, lags and steps: finish, exact stops, per-step checks", 0.0, 0.0);
  for (int c = 0; c < 300; c++) {
    double          st[MAX_STOPS], dw[MAX_STOPS], lx[24], lv[24], gx[24], g[24], cx[24], cr[24];
    const int       ns = 3 + (int)kt_uniform(kt, 0, 8), nl = (int)kt_uniform(kt, 0, 24), ng = (int)kt_uniform(kt, 0, 24), nc = (int)kt_uniform(kt, 0, 24);
    OcMotionVehicle p = tram_vehicle();
    st[0] = kt_uniform(kt, -500.0, 500.0), dw[0] = 0.0;
    for (int k = 1; k < ns; k++) st[k] = st[k - 1] + kt_uniform(kt, 50.0, 2500.0), dw[k] = kt_uniform(kt, 0.0, 40.0);
    const double len = st[ns - 1] - st[0];
    for (int k = 0; k < nl; k++) lx[k] = st[0] - 100.0 + (k ? lx[k - 1] - st[0] + 100.0 : 0.0) + kt_uniform(kt, 1.0, len / 10.0), lv[k] = kt_uniform(kt, 3.0, 25.0);
    for (int k = 0; k < ng; k++) gx[k] = st[0] - 100.0 + (k ? gx[k - 1] - st[0] + 100.0 : 0.0) + kt_uniform(kt, 1.0, len / 10.0), g[k] = kt_uniform(kt, -0.08, 0.08);
    for (int k = 0; k < nc; k++) cx[k] = st[0] - 100.0 + (k ? cx[k - 1] - st[0] + 100.0 : 0.0) + kt_uniform(kt, 1.0, len / 10.0), cr[k] = kt_uniform(kt, 0, 1) < 0.4 ? 0.0 : kt_uniform(kt, 40.0, 1500.0);
    p.mass_kg                = kt_uniform(kt, 15000.0, 200000.0);
    p.f_max_n                = p.mass_kg * kt_uniform(kt, 1.4, 2.5); /* 0.14 g to 0.25 g: climbs 8 % with Davis and curves */
    p.p_max_w                = kt_uniform(kt, 0, 1) < 0.2 ? INFINITY : p.mass_kg * kt_uniform(kt, 5.0, 20.0);
    p.p_regen_max_w          = p.mass_kg * kt_uniform(kt, 0.0, 20.0);
    p.f_brake_max_n          = p.mass_kg * kt_uniform(kt, 0.0, 1.5);
    p.b_service_mps2         = kt_uniform(kt, 0.5, 1.5);
    p.v_max_mps              = kt_uniform(kt, 0, 1) < 0.2 ? INFINITY : kt_uniform(kt, 10.0, 30.0);
    p.curve_model            = kt_uniform(kt, 0, 1) < 0.5 ? OC_MOTION_CURVE_ROECKL : OC_MOTION_CURVE_NONE;
    const OcMotionRoute r    = {ng, gx, g, nc, cx, cr, nl, lx, lv, ns, st, dw};
    const OcMotionTrip  trip = {&r, NULL, NULL};
    const double        dt = dts[c % 4], lag = kt_uniform(kt, 0.3, 1.0);
    TripLog             lg;
    if (nl == 0 && isinf(p.v_max_mps)) p.v_max_mps = 20.0; /* some limit, or the run takes forever */
    run_trip(kt, &p, &trip, lag, dt, 36000.0, &lg);
    kt_true(kt, lg.finished, "finishes", c);
    for (int k = 1; k < ns; k++) stops += kt_true(kt, !isnan(lg.t_arr[k]), "arrives at every stop", c);
    kt_true(kt, lg.max_stop_err == 0.0, "stops exactly at every platform", c);
    kt_true(kt, fabs(lg.e_tr - (p.mass_kg * G * (height(&r, st[ns - 1]) - height(&r, st[0])) + lg.e_res + lg.e_eb + lg.e_mb)) <= 1e-9 * lg.e_tr, "trip energy balance", c);
  }
  printf("  %d arrivals checked\n", stops);
  kt_end(kt);
}

/* ---- 9. efficiency curves ---------------------------------------------------------------------- */

static OcMotionEtaCurve curve3(double v0, double e0, double v1, double e1, double v2, double e2)
{
  return (OcMotionEtaCurve){
    3, {v0, v1, v2},
     {e0, e1, e2}
  };
}

static double curve_at(const OcMotionEtaCurve *c, double v)
{
  if (v <= c->v_mps[0]) return c->eta[0];
  for (int k = 0; k + 1 < c->n; k++)
    if (v <= c->v_mps[k + 1]) return c->eta[k] + (c->eta[k + 1] - c->eta[k]) * (v - c->v_mps[k]) / (c->v_mps[k + 1] - c->v_mps[k]);
  return c->eta[c->n - 1];
}

static void test_eta_curves(Kt *kt)
{
  kt_begin(kt, "efficiency curves: flat = constant bit for bit; line energy per step in closed form", 1e-12, 1e-9);
  { /* The route of the city test (grades, curves, limits) with and without flat curves. */
    OcMotionVehicle     p    = tram_vehicle(), q;
    const double        gx[] = {0, 700, 1500, 2600}, g[] = {0.0, 0.03, -0.04, 0.01}, cx[] = {0, 300, 900}, cr[] = {0, 250, 0}, lx[] = {0, 1200, 2000}, lv[] = {15, 8, 20}, st[] = {0, 800, 1900, 3500}, dw[] = {20, 20, 20, 0};
    const OcMotionRoute r    = {4, gx, g, 3, cx, cr, 3, lx, lv, 4, st, dw};
    const OcMotionTrip  trip = {&r, NULL, NULL};
    const double        lag  = 0.63;
    OcMotionState       s1, s2;
    int                 same = 1;
    q                        = p;
    q.eta_traction_curve     = curve3(0.0, p.eta_traction, 5.0, p.eta_traction, 20.0, p.eta_traction);
    q.eta_braking_curve      = curve3(1.0, p.eta_braking, 7.0, p.eta_braking, 9.0, p.eta_braking);
    OcKernelMotionStart(&trip, &s1);
    OcKernelMotionStart(&trip, &s2);
    for (int k = 0; k < 600; k++) {
      OcMotionStepOutput o1, o2;
      OcKernelMotionStep(1, &p, &trip, &lag, k * 0.7, 0.7, &s1, &o1);
      OcKernelMotionStep(1, &q, &trip, &lag, k * 0.7, 0.7, &s2, &o2);
      same = same && !memcmp(&o1, &o2, sizeof o1) && !memcmp(&s1, &s2, sizeof s1);
    }
    kt_true(kt, same && s1.mode == OC_MOTION_FINISHED, "flat curves: identical states and outputs over a whole trip", 0);
  }
  { /* Constant force F_max up to 20 m/s, cruise, electric braking at b: one sub-step per step. */
    OcMotionVehicle     p      = ideal_vehicle();
    const double        stop[] = {0.0, 3000.0}, dwell[] = {0.0, 0.0}, lim_x[] = {0.0}, lim_v[] = {20.0};
    const OcMotionRoute r    = {.n_limit = 1, .limit_start_m = lim_x, .limit_mps = lim_v, .n_stop = 2, .stop_m = stop, .dwell_s = dwell};
    const OcMotionTrip  trip = {&r, NULL, NULL};
    const double        a = p.f_max_n / m_eff(&p), b = p.b_service_mps2, v = 20.0, t_reach = v / a, t_brake = t_reach + (stop[1] - v * v / (2.0 * a) - v * v / (2.0 * b)) / v, lag = 1.0;
    OcMotionState       s;
    int                 n_tr = 0, n_br = 0;
    p.eta_traction_curve = curve3(0.0, 0.70, 10.0, 0.90, 20.0, 0.85);
    p.eta_braking_curve  = curve3(0.0, 0.50, 5.0, 0.80, 20.0, 0.90);
    OcKernelMotionStart(&trip, &s);
    for (int k = 0; k < 200 && s.mode != OC_MOTION_FINISHED; k++) {
      OcMotionStepOutput o;
      const double       t = k, te = t + 1.0;
      OcKernelMotionStep(1, &p, &trip, &lag, t, 1.0, &s, &o);
      if (te <= t_reach) {
        kt_close(kt, o.e_line_traction_j, p.f_max_n * 0.5 * a * (te * te - t * t) / curve_at(&p.eta_traction_curve, a * t), "traction: F dx / eta_t(v0)", k);
        n_tr++;
      }
      if (t >= t_brake && te <= t_brake + v / b) {
        const double v0 = v - b * (t - t_brake);
        kt_close(kt, o.e_line_regen_j, m_eff(&p) * b * (v0 - 0.5 * b) * curve_at(&p.eta_braking_curve, v0), "braking: F dx eta_b(v0)", k);
        n_br++;
      }
    }
    kt_true(kt, n_tr >= 10 && n_br >= 10, "enough steps checked", n_tr + n_br);
  }
  { /* Power-limited, no resistance: exactly lag p_max from the line, eta_t(v0) lag p_max dt gained. */
    OcMotionVehicle     p      = tram_vehicle();
    const double        stop[] = {0.0, 5000.0}, dwell[] = {0.0, 0.0};
    const OcMotionRoute r    = {.n_stop = 2, .stop_m = stop, .dwell_s = dwell};
    const OcMotionTrip  trip = {&r, NULL, NULL};
    const double        lag  = 0.8;
    OcMotionState       s;
    int                 n = 0;
    p.davis_a_n = p.davis_b_n_per_mps = p.davis_c_n_per_mps2 = p.p_aux_w = 0.0;
    p.v_max_mps                                                          = 25.0;
    p.eta_traction_curve                                                 = curve3(2.0, 0.75, 12.0, 0.92, 22.0, 0.86);
    OcKernelMotionStart(&trip, &s);
    for (int k = 0; k < 60; k++) {
      OcMotionStepOutput o;
      const double       v0 = s.speed_mps, eta = curve_at(&p.eta_traction_curve, v0);
      OcKernelMotionStep(1, &p, &trip, &lag, k, 1.0, &s, &o);
      if (v0 > eta * lag * p.p_max_w / p.f_max_n && s.speed_mps < p.v_max_mps && o.mode == OC_MOTION_MOTOR) {
        kt_close(kt, o.p_req_w, lag * p.p_max_w, "power-limited: lag p_max drawn", k);
        kt_close(kt, o.e_kinetic_j, eta * lag * p.p_max_w, "power-limited: eta_t(v0) lag p_max dt gained", k);
        n++;
      }
    }
    kt_true(kt, n >= 5, "enough power-limited steps", n);
  }
  kt_end(kt);

  kt_begin(kt, "efficiency curves: 100 random trips close their energy balance", 0.0, 0.0);
  for (int c = 0; c < 100; c++) {
    OcMotionVehicle     p    = tram_vehicle();
    const double        st[] = {0.0, kt_uniform(kt, 300.0, 1500.0), 2500.0, 4000.0}, dw[] = {0.0, 20.0, 20.0, 0.0};
    const double        gx[] = {0.0, 1000.0, 2200.0}, g[] = {kt_uniform(kt, -0.05, 0.05), kt_uniform(kt, -0.05, 0.05), kt_uniform(kt, -0.05, 0.05)};
    const double        lx[] = {0.0}, lv[] = {kt_uniform(kt, 8.0, 22.0)};
    const OcMotionRoute r    = {3, gx, g, 0, NULL, NULL, 1, lx, lv, 4, st, dw};
    const OcMotionTrip  trip = {&r, NULL, NULL};
    const double        dt = kt_uniform(kt, 0.2, 2.0), lag = kt_uniform(kt, 0.3, 1.0);
    double              lo_t = 1, hi_t = 0, lo_b = 1, hi_b = 0;
    TripLog             lg;
    for (int k = 0; k < 4; k++) {
      p.eta_traction_curve.v_mps[k] = p.eta_braking_curve.v_mps[k] = 6.0 * k + kt_uniform(kt, 0.0, 5.0);
      p.eta_traction_curve.eta[k]                                  = kt_uniform(kt, 0.6, 0.95);
      p.eta_braking_curve.eta[k]                                   = kt_uniform(kt, 0.5, 0.95);
      lo_t = fmin(lo_t, p.eta_traction_curve.eta[k]), hi_t = fmax(hi_t, p.eta_traction_curve.eta[k]);
      lo_b = fmin(lo_b, p.eta_braking_curve.eta[k]), hi_b = fmax(hi_b, p.eta_braking_curve.eta[k]);
    }
    p.eta_traction_curve.n = p.eta_braking_curve.n = 4;
    run_trip(kt, &p, &trip, lag, dt, 36000.0, &lg);
    kt_true(kt, lg.finished, "finishes", c);
    kt_true(kt, fabs(lg.e_tr - (p.mass_kg * G * (height(&r, st[3]) - height(&r, st[0])) + lg.e_res + lg.e_eb + lg.e_mb)) <= 1e-9 * lg.e_tr, "trip energy balance at the wheel", c);
    kt_true(kt, fabs(lg.e_line - (lg.e_line_tr - lg.e_line_regen + lg.e_aux)) <= 1e-9 * (lg.e_line_tr + lg.e_aux), "line energy = traction - regeneration + auxiliaries", c);
    kt_true(kt, lg.e_line_tr >= lg.e_tr / hi_t * (1 - 1e-12) && lg.e_line_tr <= lg.e_tr / lo_t * (1 + 1e-12), "traction line energy within the curve's extremes", c);
    kt_true(kt, lg.e_line_regen >= lg.e_eb * lo_b * (1 - 1e-12) && lg.e_line_regen <= lg.e_eb * hi_b * (1 + 1e-12), "regenerated energy within the curve's extremes", c);
  }
  kt_end(kt);
}

/* ---- 10. efficiency maps eta(v, F / F_max) ------------------------------------------------------ */

/* The test's own bilinear interpolation, held at the edges. */
static double map_at(const OcMotionEtaMap *m, double v, double x)
{
  double row[OC_MOTION_ETA_MAP_MAX], ev[OC_MOTION_ETA_MAP_MAX], ex[OC_MOTION_ETA_MAP_MAX];
  for (int j = 0; j < m->n_x; j++) {
    for (int i = 0; i < m->n_v; i++) ev[i] = m->eta[i][j];
    OcMotionEtaCurve c = {m->n_v, {0}, {0}};
    memcpy(c.v_mps, m->v_mps, sizeof c.v_mps);
    memcpy(c.eta, ev, sizeof c.eta);
    row[j] = m->n_v == 1 ? ev[0] : curve_at(&c, v);
  }
  if (m->n_x == 1) return row[0];
  OcMotionEtaCurve c = {m->n_x, {0}, {0}};
  memcpy(c.v_mps, m->x, sizeof c.v_mps);
  memcpy(ex, row, sizeof ex);
  memcpy(c.eta, ex, sizeof c.eta);
  return curve_at(&c, x);
}

/* Physical maps (motion.h): x / eta_t increasing along each row; d(x eta_b)/dx > 0 in every cell. */
static int map_traction_ok(const OcMotionEtaMap *m)
{
  for (int i = 0; i < m->n_v; i++)
    for (int j = 0; j + 1 < m->n_x; j++)
      if (!(m->x[j] / m->eta[i][j] < m->x[j + 1] / m->eta[i][j + 1])) return 0;
  return 1;
}

static int map_braking_ok(const OcMotionEtaMap *m)
{
  for (int i = 0; i < m->n_v; i++)
    for (int j = 0; j + 1 < m->n_x; j++) {
      const double s = (m->eta[i][j + 1] - m->eta[i][j]) / (m->x[j + 1] - m->x[j]);
      if (!(m->eta[i][j] + s * m->x[j] > 0 && m->eta[i][j + 1] + s * m->x[j + 1] > 0)) return 0;
    }
  return 1;
}

/* Efficiencies falling at low effort (fixed losses) and at high effort (copper losses). */
static OcMotionEtaMap example_map(double e_lo)
{
  OcMotionEtaMap m = {
    .n_v = 3, .n_x = 4, .v_mps = {0.0,  8.0, 20.0},
            .x = { 0.1, 0.4, 0.7,  1.0}
  };
  const double e[3][4] = {
    {e_lo, e_lo + 0.10, e_lo + 0.08, e_lo + 0.02},
    {0.80, 0.92,        0.90,        0.86       },
    {0.78, 0.90,        0.91,        0.88       }
  };
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++) m.eta[i][j] = e[i][j];
  return m;
}

static void trip_totals(const OcMotionVehicle *p, const OcMotionTrip *trip, double lag, double dt, double tot[4])
{
  OcMotionState s;
  tot[0] = tot[1] = tot[2] = tot[3] = 0.0;
  OcKernelMotionStart(trip, &s);
  for (int k = 0; k < 100000 && s.mode != OC_MOTION_FINISHED; k++) {
    OcMotionStepOutput o;
    OcKernelMotionStep(1, p, trip, &lag, k * dt, dt, &s, &o);
    tot[0] += o.e_traction_j, tot[1] += o.e_line_traction_j, tot[2] += o.e_line_regen_j, tot[3] += k * dt;
  }
}

static void test_eta_maps(Kt *kt)
{
  kt_begin(kt, "efficiency maps: flat maps = curves and constants; fixed points in closed form", 1e-9, 1e-6);
  { /* A map flat in effort = the speed curve; a one-point map = the constants. */
    OcMotionVehicle     p    = tram_vehicle(), q, c;
    const double        gx[] = {0, 700, 1500, 2600}, g[] = {0.0, 0.03, -0.04, 0.01}, lx[] = {0, 1200, 2000}, lv[] = {15, 8, 20}, st[] = {0, 800, 1900, 3500}, dw[] = {20, 20, 20, 0};
    const OcMotionRoute r    = {4, gx, g, 0, NULL, NULL, 3, lx, lv, 4, st, dw};
    const OcMotionTrip  trip = {&r, NULL, NULL};
    OcMotionEtaMap      mt   = {
             .n_v = 3, .n_x = 2, .v_mps = {2.0, 10.0, 20.0},
                     .x = {0.2,   0.9    }
    };
    OcMotionEtaMap mb =
                     {
                       .n_v = 3, .n_x = 3, .v_mps = {1.0, 6.0, 15.0},
                               .x = {0.0, 0.5, 1.0 }
    },
                   one = {.n_v = 1, .n_x = 1, .x = {0.5}};
    double       t1[4], t2[4];
    const double et[3] = {0.75, 0.91, 0.86}, eb[3] = {0.6, 0.8, 0.9};
    for (int i = 0; i < 3; i++) {
      mt.eta[i][0] = mt.eta[i][1] = et[i];
      mb.eta[i][0] = mb.eta[i][1] = mb.eta[i][2] = eb[i];
    }
    p.eta_traction_curve = curve3(2.0, et[0], 10.0, et[1], 20.0, et[2]);
    p.eta_braking_curve  = curve3(1.0, eb[0], 6.0, eb[1], 15.0, eb[2]);
    q                    = p;
    q.eta_traction_map   = &mt;
    q.eta_braking_map    = &mb;
    trip_totals(&p, &trip, 0.7, 0.5, t1);
    trip_totals(&q, &trip, 0.7, 0.5, t2);
    for (int k = 0; k < 4; k++) kt_close(kt, t2[k], t1[k], "flat map = speed curve (traction, line traction, regen, time)", k);
    c                  = tram_vehicle();
    one.eta[0][0]      = c.eta_traction;
    q                  = c;
    q.eta_traction_map = &one;
    trip_totals(&c, &trip, 0.7, 0.5, t1);
    trip_totals(&q, &trip, 0.7, 0.5, t2);
    for (int k = 0; k < 4; k++) kt_close(kt, t2[k], t1[k], "one-point map = constant", k);
  }
  { /* Constant force F_max (no power limit): F dx / eta_t(v0, 1) per step. */
    OcMotionVehicle      p      = ideal_vehicle();
    const OcMotionEtaMap m      = example_map(0.6);
    const double         stop[] = {0.0, 3000.0}, dwell[] = {0.0, 0.0}, lim_x[] = {0.0}, lim_v[] = {20.0};
    const OcMotionRoute  r    = {.n_limit = 1, .limit_start_m = lim_x, .limit_mps = lim_v, .n_stop = 2, .stop_m = stop, .dwell_s = dwell};
    const OcMotionTrip   trip = {&r, NULL, NULL};
    const double         a = p.f_max_n / m_eff(&p), lag = 1.0;
    OcMotionState        s;
    p.eta_traction_map = &m;
    OcKernelMotionStart(&trip, &s);
    for (int k = 0; k < 10; k++) {
      OcMotionStepOutput o;
      const double       t = k, te = t + 1.0;
      OcKernelMotionStep(1, &p, &trip, &lag, t, 1.0, &s, &o);
      kt_close(kt, o.e_line_traction_j, p.f_max_n * 0.5 * a * (te * te - t * t) / map_at(&m, a * t, 1.0), "F_max: F dx / eta_t(v0, 1)", k);
    }
  }
  { /* Power-limited (Davis on, flat): the fixed point and lag p_max drawn, for three maps. */
    int n = 0;
    for (int c = 0; c < 3; c++) {
      OcMotionVehicle      p      = tram_vehicle();
      const OcMotionEtaMap m      = example_map(0.45 + 0.1 * c);
      const double         stop[] = {0.0, 6000.0}, dwell[] = {0.0, 0.0};
      const OcMotionRoute  r    = {.n_stop = 2, .stop_m = stop, .dwell_s = dwell};
      const OcMotionTrip   trip = {&r, NULL, NULL};
      const double         lag  = 0.5 + 0.2 * c;
      OcMotionState        s;
      kt_true(kt, map_traction_ok(&m), "example map is physical", c);
      p.p_aux_w          = 0.0;
      p.v_max_mps        = 25.0;
      p.eta_traction_map = &m;
      OcKernelMotionStart(&trip, &s);
      for (int k = 0; k < 80; k++) {
        OcMotionStepOutput o;
        const double       v0 = s.speed_mps, dt = 0.8;
        OcKernelMotionStep(1, &p, &trip, &lag, k * dt, dt, &s, &o);
        if (o.mode != OC_MOTION_MOTOR || !(o.distance_m > 0) || s.speed_mps >= p.v_max_mps) continue;
        const double f = o.e_traction_j / o.distance_m, v_avg = o.distance_m / dt;
        if (!(v0 > map_at(&m, v0, 1.0) * lag * p.p_max_w / p.f_max_n)) continue; /* wholly above the corner speed */
        kt_close(kt, f * v_avg, map_at(&m, v0, f / p.f_max_n) * lag * p.p_max_w, "fixed point F v_avg = eta_t(v0, F/F_max) lag p_max", k);
        kt_close(kt, o.p_req_w, lag * p.p_max_w, "power-limited: lag p_max drawn", k);
        kt_close(kt, o.e_line_traction_j, o.e_traction_j / map_at(&m, v0, f / p.f_max_n), "line = wheel / eta_t(v0, F/F_max)", k);
        n++;
      }
    }
    kt_true(kt, n >= 30, "enough power-limited steps", n);
  }
  { /* Regeneration-limited electric braking from 20 m/s on the flat, no resistance. */
    OcMotionVehicle     p      = ideal_vehicle();
    OcMotionEtaMap      m      = example_map(0.7);
    const double        stop[] = {0.0, 1000.0}, dwell[] = {0.0, 0.0};
    const OcMotionRoute r    = {.n_stop = 2, .stop_m = stop, .dwell_s = dwell};
    const OcMotionTrip  trip = {&r, NULL, NULL};
    const double        lag  = 1.0;
    OcMotionState       s    = {.chainage_m = 200.0, .speed_mps = 20.0, .next_stop = 1, .mode = OC_MOTION_MOTOR};
    int                 n    = 0;
    kt_true(kt, map_braking_ok(&m), "example map is physical (braking)", 0);
    p.f_brake_max_n   = 60000.0;
    p.p_regen_max_w   = 300e3;
    p.eta_braking_map = &m;
    for (int k = 0; k < 200 && s.mode != OC_MOTION_FINISHED; k++) {
      OcMotionStepOutput o;
      const double       v0 = s.speed_mps, dt = 0.25;
      const OcMotionMode mode0 = s.mode; /* braking all the step: it was braking before */
      OcKernelMotionStep(1, &p, &trip, &lag, k * dt, dt, &s, &o);
      if (mode0 != OC_MOTION_BRAKE || o.mode != OC_MOTION_BRAKE || !(o.e_brake_mech_j > 1e-6 * o.e_brake_elec_j) || !(o.distance_m > 0) || s.speed_mps <= 0.0) continue;
      const double f = o.e_brake_elec_j / o.distance_m, v_avg = o.distance_m / dt;
      if (f >= p.f_brake_max_n * (1 - 1e-9)) continue;
      kt_close(kt, f * v_avg * map_at(&m, v0, f / p.f_brake_max_n), p.p_regen_max_w, "fixed point F v_avg eta_b(v0, F/F_max) = p_regen_max", k);
      kt_close(kt, o.e_line_regen_j, p.p_regen_max_w * dt, "regeneration-limited: p_regen_max offered", k);
      n++;
    }
    kt_true(kt, n >= 5, "enough regeneration-limited steps", n);
  }
  kt_end(kt);

  kt_begin(kt, "efficiency maps: 200 random trips close their energy balance", 0.0, 0.0);
  for (int c = 0; c < 200; c++) {
    OcMotionVehicle     p    = tram_vehicle();
    const double        st[] = {0.0, kt_uniform(kt, 300.0, 1500.0), 2500.0, 4000.0}, dw[] = {0.0, 20.0, 20.0, 0.0};
    const double        gx[] = {0.0, 1000.0, 2200.0}, g[] = {kt_uniform(kt, -0.05, 0.05), kt_uniform(kt, -0.05, 0.05), kt_uniform(kt, -0.05, 0.05)};
    const double        lx[] = {0.0}, lv[] = {kt_uniform(kt, 8.0, 22.0)};
    const OcMotionRoute r    = {3, gx, g, 0, NULL, NULL, 1, lx, lv, 4, st, dw};
    const OcMotionTrip  trip = {&r, NULL, NULL};
    const double        dt = kt_uniform(kt, 0.2, 2.0), lag = kt_uniform(kt, 0.3, 1.0);
    double              lo_t = 1, hi_t = 0, lo_b = 1, hi_b = 0;
    OcMotionEtaMap      mt = {
           .n_v = 4, .n_x = 4, .x = {0.1, 0.3, 0.6, 1.0}
    };
    OcMotionEtaMap mb = {
      .n_v = 3, .n_x = 4, .x = {0.0, 0.3, 0.6, 1.0}
    };
    TripLog lg;
    for (int i = 0; i < 4; i++) {
      mt.v_mps[i] = 6.0 * i + kt_uniform(kt, 0.0, 5.0);
      mb.v_mps[i] = 8.0 * i + kt_uniform(kt, 0.0, 5.0);
      for (int j = 0; j < 4; j++) {
        mt.eta[i][j] = kt_uniform(kt, 0.6, 0.95);
        mb.eta[i][j] = kt_uniform(kt, 0.7, 0.95);
        lo_t = fmin(lo_t, mt.eta[i][j]), hi_t = fmax(hi_t, mt.eta[i][j]);
        if (i < mb.n_v) lo_b = fmin(lo_b, mb.eta[i][j]), hi_b = fmax(hi_b, mb.eta[i][j]);
      }
    }
    kt_true(kt, map_traction_ok(&mt) && map_braking_ok(&mb), "random maps are physical", c);
    p.p_regen_max_w    = kt_uniform(kt, 100e3, 450e3);
    p.eta_traction_map = &mt;
    p.eta_braking_map  = &mb;
    run_trip(kt, &p, &trip, lag, dt, 36000.0, &lg);
    kt_true(kt, lg.finished, "finishes", c);
    kt_true(kt, fabs(lg.e_tr - (p.mass_kg * G * (height(&r, st[3]) - height(&r, st[0])) + lg.e_res + lg.e_eb + lg.e_mb)) <= 1e-9 * lg.e_tr, "trip energy balance at the wheel", c);
    kt_true(kt, fabs(lg.e_line - (lg.e_line_tr - lg.e_line_regen + lg.e_aux)) <= 1e-9 * (lg.e_line_tr + lg.e_aux), "line energy = traction - regeneration + auxiliaries", c);
    kt_true(kt, lg.e_line_tr >= lg.e_tr / hi_t * (1 - 1e-12) && lg.e_line_tr <= lg.e_tr / lo_t * (1 + 1e-12), "traction line energy within the map's extremes", c);
    kt_true(kt, lg.e_line_regen >= lg.e_eb * lo_b * (1 - 1e-12) && lg.e_line_regen <= lg.e_eb * hi_b * (1 + 1e-12), "regenerated energy within the map's extremes", c);
    kt_true(kt, lg.max_regen_w <= p.p_regen_max_w * (1 + 1e-9), "regenerated power within p_regen_max", c);
    kt_true(kt, lg.max_p_req_w <= lag * p.p_max_w + p.p_aux_w * (1 + 1e-9) + 1e-6 * p.p_max_w, "requested power within lag p_max + p_aux", c);
  }
  kt_end(kt);
}

int main(void)
{
  Kt kt;
  kt_init(&kt, 4);
  test_kinematics(&kt);
  test_running_time_closed_form(&kt);
  test_running_time_rk4(&kt);
  test_city_route(&kt);
  test_energy_trip(&kt);
  test_braking_split(&kt);
  test_timetable(&kt);
  test_timed_running(&kt);
  test_lag(&kt);
  test_curve_grade(&kt);
  test_random(&kt);
  test_eta_curves(&kt);
  test_eta_maps(&kt);
  return kt_finish(&kt, "test_motion");
}
