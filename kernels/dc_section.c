#include "dc_section.h"

#include <math.h>
#include <string.h>

#define ARMIJO_ALPHA 1e-4
/* A pivot below this fraction of the largest entry of J counts as singular. */
#define PIVOT_RTOL 1e-14

size_t OcKernelDcSectionWorkspaceSize(int n)
{
  return n > 0 ? (size_t)n * (size_t)(2 * n + 7) : 0; /* K, [J | 3 columns], 4 vectors */
}

/* Gaussian elimination with partial pivoting on the row-major n x (n + nrhs) matrix [J | B];
 * on return the last nrhs columns hold J^-1 B. Returns the sign of det J, or 0 if J is singular. */
static int dense_solve(int n, int nrhs, double *a)
{
  const int m     = n + nrhs;
  double    scale = 0.0;
  int       sign  = 1;

  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) scale = fmax(scale, fabs(a[i * m + j]));
  for (int k = 0; k < n; k++) {
    int p = k;
    for (int i = k + 1; i < n; i++)
      if (fabs(a[i * m + k]) > fabs(a[p * m + k])) p = i;
    if (!(fabs(a[p * m + k]) > PIVOT_RTOL * scale)) return 0;
    if (p != k) {
      for (int j = k; j < m; j++) {
        const double t = a[k * m + j];
        a[k * m + j]   = a[p * m + j];
        a[p * m + j]   = t;
      }
      sign = -sign;
    }
    const double pivot = a[k * m + k];
    if (pivot < 0.0) sign = -sign;
    for (int i = k + 1; i < n; i++) {
      const double l = a[i * m + k] / pivot;
      for (int j = k + 1; j < m; j++) a[i * m + j] -= l * a[k * m + j];
    }
  }
  for (int c = n; c < m; c++) {
    for (int i = n - 1; i >= 0; i--) {
      double x = a[i * m + c];
      for (int j = i + 1; j < n; j++) x -= a[i * m + j] * a[j * m + c];
      a[i * m + c] = x / a[i * m + i];
    }
  }
  return sign;
}

/* Fixed data of one solve. */
typedef struct {
  int                      n;
  double                   r_ohm;
  const double            *s, *p_req_w, *k, *ubar;
  const OcDcVehicleParams *par;
  double                   tol_v;
  double                   lambda; /* the vehicles ask for lambda * p_req_w (continuation) */
} Section;

/* Columns of the augmented matrix a = [J | -F | 1 - s | s] (row length n + 3); after
 * dense_solve they hold the Newton step and dU/dV_a, dU/dV_b. */
enum {
  COL_STEP = 0,
  COL_DVA,
  COL_DVB,
  N_RHS
};

/* Evaluates the vehicles at u and F(u) = u - ubar + R K I(u), then builds and factors
 * [J | -F | 1 - s | s], J = Id + R K D. Sets *norm2 = |F|_2^2 and *f_max = max |F_i|.
 * Returns 1 if u is admissible: det J > 0 (the branch connected to no load, not the low-voltage
 * side of a nose) and no vehicle below its floor; 0 otherwise. */
static int evaluate(const Section *sec, const double *u, OcDcVehicleEval *veh, double *a, double *norm2, double *f_max)
{
  const int n = sec->n, m = n + N_RHS;
  int       admissible = 1;

  *norm2 = *f_max = 0.0;
  for (int i = 0; i < n; i++) {
    OcKernelDcVehicleEvaluate(&sec->par[i], sec->lambda * sec->p_req_w[i], u[i], &veh[i]);
    admissible &= veh[i].regime != OC_DC_VEHICLE_BELOW_FLOOR;
  }
  for (int i = 0; i < n; i++) {
    const double *k_i = &sec->k[i * n];
    double       *a_i = &a[i * m];
    double        ki  = 0.0;
    for (int j = 0; j < n; j++) {
      ki += k_i[j] * veh[j].i_a;
      a_i[j] = sec->r_ohm * k_i[j] * veh[j].di_du_s;
    }
    a_i[i] += 1.0;
    const double f    = u[i] - sec->ubar[i] + sec->r_ohm * ki;
    a_i[n + COL_STEP] = -f;
    a_i[n + COL_DVA]  = 1.0 - sec->s[i];
    a_i[n + COL_DVB]  = sec->s[i];
    *norm2 += f * f;
    *f_max = fmax(*f_max, fabs(f));
  }
  return admissible && dense_solve(n, N_RHS, a) > 0;
}

/* The step length, along u_old + t du, just past the first kink of a vehicle characteristic met
 * in (0, 1); 1 if there is none. "Just past": 1e-9 relative beyond the breakpoint, so the
 * vehicle is evaluated on the piece it enters. */
static double first_kink(const Section *sec, const double *u_old, const double *du)
{
  double t_first = 1.0;

  for (int i = 0; i < sec->n; i++) {
    double       bp[OC_DC_VEHICLE_MAX_BREAKPOINTS];
    const int    nb = OcKernelDcVehicleBreakpoints(&sec->par[i], sec->lambda * sec->p_req_w[i], bp);
    const double d  = du[i];
    for (int k = 0; k < nb; k++) {
      /* Right-continuous pieces: moving down crosses b from U >= b, moving up from U < b. */
      const int crosses = d < 0.0 ? u_old[i] >= bp[k] : d > 0.0 && u_old[i] < bp[k];
      if (!crosses) continue;
      const double beyond = 1e-9 * fmax(1.0, fabs(bp[k]));
      const double t      = (bp[k] - u_old[i] + (d < 0.0 ? -beyond : beyond)) / d;
      if (t < t_first) t_first = t;
    }
  }
  return t_first;
}

/* Backtracking along du from u_old: a trial is taken if it is admissible and satisfies Armijo's
 * condition on |F|_2 (halving otherwise). Before halving back past the first kink on the path,
 * the point just past that kink is tried and taken if admissible with any decrease of |F|:
 * without it Newton stalls when a full step from a flat piece (regeneration blocked, no current
 * available) overshoots into a steep one, since the halvings approach the kink but never cross
 * it and the steep slope is never seen. On success u, veh, a, *norm2, *f_max belong to the new
 * point. */
static int line_search(const Section *sec, const double *u_old, const double *du, double *u, OcDcVehicleEval *veh, double *a, double *norm2, double *f_max)
{
  const int    n     = sec->n;
  const double norm0 = *norm2;
  double       t = 1.0, t_kink = -1.0;

  for (int bt = 0; bt <= OC_DC_SECTION_MAX_BACKTRACK; bt++, t *= 0.5) {
    for (int i = 0; i < n; i++) u[i] = u_old[i] + t * du[i];
    const double bound = 1.0 - ARMIJO_ALPHA * t;
    if (evaluate(sec, u, veh, a, norm2, f_max) && *norm2 <= bound * bound * norm0) return 1;
    if (t_kink < 0.0) t_kink = first_kink(sec, u_old, du);
    if (t_kink < t && t_kink >= 0.5 * t) {
      for (int i = 0; i < n; i++) u[i] = u_old[i] + t_kink * du[i];
      if (evaluate(sec, u, veh, a, norm2, f_max) && *norm2 < norm0) return 1;
    }
  }
  return 0;
}

/* One semismooth Newton run from the u[] given; it only visits admissible points. Returns 1 on
 * convergence. The Newton step already solved for at the converged point is then applied too
 * (it costs no factorization, and makes U accurate well below the tolerance unless J is
 * nearly singular); the vehicles are evaluated there, while d[] keeps the slopes D of the J
 * whose factors give dU/dV_a, dU/dV_b in columns COL_DVA, COL_DVB of a. */
static int newton(const Section *sec, double *u, OcDcVehicleEval *veh, double *a, double *u_old, double *d, int *iterations)
{
  const int n = sec->n, m = n + N_RHS;
  double    norm2, f_max;

  if (!evaluate(sec, u, veh, a, &norm2, &f_max)) return 0;
  for (int it = 0; f_max > sec->tol_v; it++) {
    if (it == OC_DC_SECTION_MAX_IT) return 0;
    ++*iterations;
    for (int i = 0; i < n; i++) d[i] = a[i * m + n + COL_STEP];
    memcpy(u_old, u, (size_t)n * sizeof(*u));
    if (!line_search(sec, u_old, d, u, veh, a, &norm2, &f_max)) return 0;
  }
  for (int i = 0; i < n; i++) {
    d[i] = veh[i].di_du_s;
    u[i] += a[i * m + n + COL_STEP];
    OcKernelDcVehicleEvaluate(&sec->par[i], sec->lambda * sec->p_req_w[i], u[i], &veh[i]);
  }
  return 1;
}

/* Natural continuation in the demand from no load: lambda from 0 (where U = Ubar) to 1, each
 * step a Newton run from the last solution, the step doubled after a success and quartered after
 * a failure. It follows the branch connected to no load through regions where a Newton run from
 * Ubar alone stalls, and stops where that branch folds (voltage collapse). On success the state
 * is that of a converged Newton run at lambda = 1. */
static int continuation(Section *sec, double *u, OcDcVehicleEval *veh, double *a, double *u_old, double *d, double *u_good, int *iterations)
{
  const int n      = sec->n;
  double    lambda = 0.0, step = 0.25;

  memcpy(u_good, sec->ubar, (size_t)n * sizeof(*u));
  for (int k = 0; k < OC_DC_SECTION_MAX_STEPS && lambda < 1.0 && step > 1e-6; k++) {
    const double next = fmin(1.0, lambda + step);
    sec->lambda       = next;
    memcpy(u, u_good, (size_t)n * sizeof(*u));
    if (newton(sec, u, veh, a, u_old, d, iterations)) {
      lambda = next;
      memcpy(u_good, u, (size_t)n * sizeof(*u));
      step *= 2.0;
    } else {
      step *= 0.25;
    }
  }
  sec->lambda = 1.0;
  return lambda == 1.0;
}

OcDcSectionStatus OcKernelDcSectionSolve(double r_ohm, int n, const double s[], const double p_req_w[], const OcDcVehicleParams par[], double v_a_v, double v_b_v, int warm_start, double u_v[], OcDcVehicleEval veh[], double work[], OcDcSectionResult *res)
{
  const int    m   = n + N_RHS;
  const double g_s = 1.0 / r_ohm;
  double      *k = work, *a = k + n * n, *ubar = a + n * m, *u_old = ubar + n;
  double      *d = u_old + n, *u_good = d + n; /* d: Newton steps, at the end the slopes D */
  Section      sec = {n, r_ohm, s, p_req_w, k, ubar, par, OC_DC_SECTION_RTOL * fmax(1.0, fmax(fabs(v_a_v), fabs(v_b_v))), 1.0};
  int          ok  = 1;

  res->iterations    = 0;
  res->worst_vehicle = -1;
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) k[i * n + j] = fmin(s[i], s[j]) * (1.0 - fmax(s[i], s[j]));
    ubar[i] = (1.0 - s[i]) * v_a_v + s[i] * v_b_v;
  }
  if (n > 0) {
    ok = warm_start && newton(&sec, u_v, veh, a, u_old, d, &res->iterations);
    if (!ok) {
      memcpy(u_v, ubar, (size_t)n * sizeof(*u_v));
      ok = newton(&sec, u_v, veh, a, u_old, d, &res->iterations);
    }
    if (!ok) ok = continuation(&sec, u_v, veh, a, u_old, d, u_good, &res->iterations);
  }

  double i_a = g_s * (v_a_v - v_b_v), i_b = -i_a;
  double daa = g_s, dab = -g_s, dba = -g_s, dbb = g_s;
  for (int i = 0; i < n; i++) {
    i_a += (1.0 - s[i]) * veh[i].i_a;
    i_b += s[i] * veh[i].i_a;
    if (ok) {
      const double di_dva = d[i] * a[i * m + n + COL_DVA];
      const double di_dvb = d[i] * a[i * m + n + COL_DVB];
      daa += (1.0 - s[i]) * di_dva;
      dab += (1.0 - s[i]) * di_dvb;
      dba += s[i] * di_dva;
      dbb += s[i] * di_dvb;
    }
  }
  res->i_a_a       = i_a;
  res->i_b_a       = i_b;
  res->di_a_dv_a_s = daa;
  res->di_a_dv_b_s = dab;
  res->di_b_dv_a_s = dba;
  res->di_b_dv_b_s = dbb;
  if (ok) return OC_DC_SECTION_CONVERGED;
  res->worst_vehicle = 0;
  for (int i = 1; i < n; i++)
    if (u_v[i] < u_v[res->worst_vehicle]) res->worst_vehicle = i;
  return OC_DC_SECTION_NO_SOLUTION;
}
