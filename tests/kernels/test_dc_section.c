/* DC section with vehicles condensed onto its end nodes:
 * - terminal currents and vehicle voltages against an explicit node-based reference (vehicles as
 *   real nodes, solved here by a dense Newton of its own) to 1e-10;
 * - the four terminal derivatives against central differences, in every vehicle regime, for
 *   sections with 0, 1, 2 coincident, 3 and 5 vehicles (with vehicles at s = 0 and s = 1);
 * - energy: V_a I_a + V_b I_b = vehicle powers + R losses from the segment currents;
 * - reciprocity (symmetric 2 x 2 derivative), warm start = cold start;
 * - voltage collapse against the closed-form maximum power, reported as "no solution" with the
 *   right vehicle, never a NaN; a braking-only section always converges. */
#include "dc_section.h"
#include "kernel_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VEH  8
#define N_CONFIG 4000

typedef struct {
  int               n;
  double            r_ohm, v_a, v_b;
  double            s[MAX_VEH], p_w[MAX_VEH];
  OcDcVehicleParams par[MAX_VEH];
} Config;

typedef struct {
  OcDcSectionStatus status;
  OcDcSectionResult res;
  double            u[MAX_VEH];
  OcDcVehicleEval   veh[MAX_VEH];
} Solution;

static const OcDcVehicleParams tram  = {1200.0, 500.0, 400.0, 850.0, 900.0, 1.0};
static const OcDcVehicleParams metro = {INFINITY, 0.0, 0.0, 880.0, 950.0, 1.0};
static const OcDcVehicleParams plain = {INFINITY, 0.0, 0.0, INFINITY, INFINITY, 1.0};

static Solution solve(const Config *c, int warm_start, const double *u_guess)
{
  double   work[2 * MAX_VEH * MAX_VEH + 6 * MAX_VEH];
  Solution sol;
  if (OcKernelDcSectionWorkspaceSize(c->n) > sizeof(work) / sizeof(work[0])) abort();
  if (warm_start) memcpy(sol.u, u_guess, (size_t)c->n * sizeof(double));
  sol.status = OcKernelDcSectionSolve(c->r_ohm, c->n, c->s, c->p_w, c->par, c->v_a, c->v_b, warm_start, sol.u, sol.veh, work, &sol.res);
  return sol;
}

/* Layouts cycle through: no vehicle; one; two at the same point; three; five including s = 0
 * and s = 1 (and a coincident pair). */
static void random_config(Kt *kt, int k, Config *c)
{
  static const int n_of[5] = {0, 1, 2, 3, 5};
  c->n                     = n_of[k % 5];
  c->r_ohm                 = kt_uniform(kt, 0.03, 0.75); /* 0.2 to 5 km at 0.149 ohm/km */
  c->v_a                   = kt_uniform(kt, 560.0, 940.0);
  c->v_b                   = kt_uniform(kt, 560.0, 940.0);
  for (int i = 0; i < c->n; i++) {
    const double kind = kt_uniform(kt, 0, 3);
    c->par[i]         = kind < 1 ? tram : kind < 2 ? metro : plain;
    c->s[i]           = kt_uniform(kt, 0.0, 1.0);
    c->p_w[i]         = kt_uniform(kt, 0, 1) < 0.6 ? kt_uniform(kt, 0.0, 1.2e6) : kt_uniform(kt, -1.5e6, 0.0);
  }
  if (c->n == 2) c->s[1] = c->s[0];
  if (c->n == 5) {
    c->s[0] = 0.0;
    c->s[4] = 1.0;
    c->s[3] = c->s[2];
  }
}

/* ---- explicit node-based reference: vehicles are nodes, Newton on the internal node voltages -- */

/* Dense Gaussian elimination with partial pivoting (the test's own), solves a x = b in place.
 * Returns the sign of det a, 0 if singular. */
static int ref_dense_solve(int m, double *a, double *b)
{
  int sign = 1;
  for (int k = 0; k < m; k++) {
    int p = k;
    for (int i = k + 1; i < m; i++)
      if (fabs(a[i * m + k]) > fabs(a[p * m + k])) p = i;
    if (a[p * m + k] == 0.0) return 0;
    if (p != k) sign = -sign;
    if (a[p * m + k] < 0.0) sign = -sign;
    for (int j = 0; j < m; j++) {
      double t     = a[k * m + j];
      a[k * m + j] = a[p * m + j];
      a[p * m + j] = t;
    }
    double t = b[k];
    b[k]     = b[p];
    b[p]     = t;
    for (int i = k + 1; i < m; i++) {
      const double l = a[i * m + k] / a[k * m + k];
      for (int j = k; j < m; j++) a[i * m + j] -= l * a[k * m + j];
      b[i] -= l * b[k];
    }
  }
  for (int i = m - 1; i >= 0; i--) {
    for (int j = i + 1; j < m; j++) b[i] -= a[i * m + j] * b[j];
    b[i] /= a[i * m + i];
  }
  return sign;
}

typedef struct {
  int    n_nodes;          /* including a (x = 0) and b (x = 1) */
  double x[MAX_VEH + 2];   /* node positions, increasing */
  int    node_of[MAX_VEH]; /* vehicle -> node */
} Ladder;

static void build_ladder(const Config *c, Ladder *l)
{
  l->n_nodes         = 0;
  l->x[l->n_nodes++] = 0.0;
  double sorted[MAX_VEH];
  memcpy(sorted, c->s, (size_t)c->n * sizeof(double));
  for (int i = 1; i < c->n; i++) /* insertion sort */
    for (int j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
      double t      = sorted[j];
      sorted[j]     = sorted[j - 1];
      sorted[j - 1] = t;
    }
  for (int i = 0; i < c->n; i++)
    if (sorted[i] > l->x[l->n_nodes - 1] && sorted[i] < 1.0) l->x[l->n_nodes++] = sorted[i];
  l->x[l->n_nodes++] = 1.0;
  for (int i = 0; i < c->n; i++)
    for (int k = 0; k < l->n_nodes; k++)
      if (l->x[k] == c->s[i]) l->node_of[i] = k;
}

/* KCL residual (current leaving each internal node) and its Jacobian. */
static double ref_residual(const Config *c, const Ladder *l, const double *v, double *f, double *jac)
{
  const int m    = l->n_nodes - 2;
  double    norm = 0.0;
  if (jac) memset(jac, 0, (size_t)(m * m) * sizeof(double));
  for (int k = 1; k <= m; k++) {
    const double gl = 1.0 / (c->r_ohm * (l->x[k] - l->x[k - 1]));
    const double gr = 1.0 / (c->r_ohm * (l->x[k + 1] - l->x[k]));
    f[k - 1]        = gl * (v[k] - v[k - 1]) + gr * (v[k] - v[k + 1]);
    if (jac) {
      jac[(k - 1) * m + k - 1] = gl + gr;
      if (k > 1) jac[(k - 1) * m + k - 2] = -gl;
      if (k < m) jac[(k - 1) * m + k] = -gr;
    }
  }
  for (int i = 0; i < c->n; i++) {
    const int k = l->node_of[i];
    if (k == 0 || k == m + 1) continue;
    OcDcVehicleEval ev;
    OcKernelDcVehicleEvaluate(&c->par[i], c->p_w[i], v[k], &ev);
    f[k - 1] += ev.i_a;
    if (jac) jac[(k - 1) * m + k - 1] += ev.di_du_s;
  }
  for (int k = 0; k < m; k++) norm = fmax(norm, fabs(f[k]));
  return norm;
}

/* Newton on the internal node voltages v[1 .. n_nodes - 2] from the v[] given (v[0] = V_a and
 * v[n_nodes - 1] = V_b are fixed). Returns 1 on convergence to a physical root: every vehicle
 * above its floor, and the nodal Jacobian (ladder conductances + vehicle slopes) has a positive
 * determinant, i.e. the root is on the side of the nose connected to no load. */
static int ref_newton(const Config *c, const Ladder *l, double *v)
{
  const int    m  = l->n_nodes - 2;
  const double vs = fmax(fabs(c->v_a), fabs(c->v_b));
  double       f[MAX_VEH], jac[MAX_VEH * MAX_VEH], dv[MAX_VEH], v_old[MAX_VEH + 2];
  double       norm = ref_residual(c, l, v, f, jac);

  if (m == 0) return 1;
  for (int it = 0; it < 100; it++) {
    double step = 0.0;
    for (int k = 0; k < m; k++) dv[k] = -f[k];
    const int sign = ref_dense_solve(m, jac, dv);
    if (sign == 0) return 0;
    for (int k = 0; k < m; k++) step = fmax(step, fabs(dv[k]));
    memcpy(v_old, v, (size_t)l->n_nodes * sizeof(double));
    double t = 1.0, trial = INFINITY;
    for (int bt = 0; bt < 40; bt++, t *= 0.5) {
      for (int k = 1; k <= m; k++) v[k] = v_old[k] + t * dv[k - 1];
      trial = ref_residual(c, l, v, f, NULL);
      if (trial < norm || step < 1e-6 * vs) break; /* near the root: full steps */
    }
    if (!(trial < norm || step < 1e-6 * vs)) return 0;
    norm = ref_residual(c, l, v, f, jac);
    if (step <= 1e-13 * vs) {
      for (int k = 1; k <= m; k++) /* the continuation below a floor is not a physical state */
        for (int i = 0; i < c->n; i++)
          if (l->node_of[i] == k && v[k] < c->par[i].u_floor_v) return 0;
      return sign > 0;
    }
  }
  return 0;
}

/* Continuation of the reference in the demand, p -> lambda p, from lambda = 0 (no load) with
 * adaptive steps: it follows the branch that starts at no load, the stable one (a plain Newton
 * from the no-load voltages may land on the unstable low-voltage root of constant-power loads).
 * Returns the largest lambda reached, and the node voltages there in v. */
static double reference_continuation(const Config *c, const Ladder *l, double *v)
{
  Config cl = *c;
  double v_try[MAX_VEH + 2], lambda = 0.0, step = 0.05;
  for (int k = 0; k < l->n_nodes; k++) v[k] = (1.0 - l->x[k]) * c->v_a + l->x[k] * c->v_b;
  while (lambda < 1.0 && step > 1e-6) {
    const double next = fmin(1.0, lambda + step);
    for (int i = 0; i < c->n; i++) cl.p_w[i] = next * c->p_w[i];
    memcpy(v_try, v, (size_t)l->n_nodes * sizeof(double));
    if (ref_newton(&cl, l, v_try)) {
      memcpy(v, v_try, (size_t)l->n_nodes * sizeof(double));
      lambda = next;
      step *= 1.5;
    } else {
      step *= 0.5;
    }
  }
  return lambda;
}

/* The reference solution by continuation from no load; if that stops short of the full demand
 * (a fold: the kernel may still have found a current-limited root elsewhere), a Newton from
 * u_start[] instead. Returns 1 and fills u[], i_a, i_b on convergence; *continued says which. */
static int reference_solve(const Config *c, const double *u_start, double *u, double *i_a, double *i_b, int *continued)
{
  Ladder l;
  double v[MAX_VEH + 2];
  build_ladder(c, &l);
  const int m = l.n_nodes - 2;
  *continued  = reference_continuation(c, &l, v) == 1.0;
  if (!*continued) {
    for (int i = 0; i < c->n; i++) v[l.node_of[i]] = u_start[i];
    if (!ref_newton(c, &l, v)) return 0;
  }
  *i_a = (v[0] - v[1]) / (c->r_ohm * l.x[1]);
  *i_b = (v[m + 1] - v[m]) / (c->r_ohm * (1.0 - l.x[m]));
  for (int i = 0; i < c->n; i++) {
    OcDcVehicleEval ev;
    const int       k = l.node_of[i];
    u[i]              = v[k];
    OcKernelDcVehicleEvaluate(&c->par[i], c->p_w[i], u[i], &ev);
    if (k == 0) *i_a += ev.i_a;
    if (k == m + 1) *i_b += ev.i_a;
  }
  return 1;
}

/* Ohmic losses from the segment currents (KCL walking from a to b), independent of the kernel. */
static double segment_losses(const Config *c, const Solution *sol)
{
  int order[MAX_VEH];
  for (int i = 0; i < c->n; i++) order[i] = i;
  for (int i = 1; i < c->n; i++)
    for (int j = i; j > 0 && c->s[order[j - 1]] > c->s[order[j]]; j--) {
      int t        = order[j];
      order[j]     = order[j - 1];
      order[j - 1] = t;
    }
  double i_line = sol->res.i_a_a, x = 0.0, loss = 0.0;
  for (int q = 0; q < c->n; q++) {
    const int i = order[q];
    loss += c->r_ohm * (c->s[i] - x) * i_line * i_line;
    x = c->s[i];
    i_line -= sol->veh[i].i_a;
  }
  return loss + c->r_ohm * (1.0 - x) * i_line * i_line;
}

static void check_random(Kt *kt)
{
  static Config   cfg[N_CONFIG];
  static Solution sol[N_CONFIG];
  int             n_conv = 0, seen[OC_DC_VEHICLE_NUM_REGIMES] = {0}, n_of_size[MAX_VEH + 1] = {0};

  printf("-- %d random sections: 0, 1, 2 (coincident), 3, 5 vehicles (with s = 0 and s = 1);\n"
         "   R 0.03-0.75 ohm, V 560-940 V, tram/metro/no-limit vehicles, -1.5 to +1.2 MW\n",
         N_CONFIG);
  for (int k = 0; k < N_CONFIG; k++) {
    random_config(kt, k, &cfg[k]);
    sol[k] = solve(&cfg[k], 0, NULL);
    if (sol[k].status == OC_DC_SECTION_CONVERGED) {
      n_conv++;
      n_of_size[cfg[k].n]++;
      for (int i = 0; i < cfg[k].n; i++) seen[sol[k].veh[i].regime]++;
    }
  }
  printf("     %d of %d converged (the others: voltage collapse, checked below); by vehicle count:"
         " 0:%d 1:%d 2:%d 3:%d 5:%d\n",
         n_conv, N_CONFIG, n_of_size[0], n_of_size[1], n_of_size[2], n_of_size[3], n_of_size[5]);
  for (int r = 0; r < OC_DC_VEHICLE_NUM_REGIMES; r++) printf("     %-16s %5d vehicles at converged solutions\n", OcKernelDcVehicleRegimeName(r), seen[r]);
  kt_begin(kt, "every regime occurs at converged solutions", 0, 0);
  for (int r = OC_DC_VEHICLE_CONSTANT_POWER; r <= OC_DC_VEHICLE_REGEN_BLOCKED; r++) kt_true(kt, seen[r] > 0, OcKernelDcVehicleRegimeName(r), r);
  kt_true(kt, n_conv > N_CONFIG / 2, "most configurations converge", n_conv);
  kt_end(kt);

  kt_begin(kt, "residual: vehicles on their characteristic, U_i = Ubar_i - R sum K_ij I_j", 0, 1e-12);
  for (int k = 0; k < N_CONFIG; k++) {
    const Config *c = &cfg[k];
    if (sol[k].status != OC_DC_SECTION_CONVERGED) continue;
    const double vs = fmax(fabs(c->v_a), fabs(c->v_b));
    for (int i = 0; i < c->n; i++) {
      double u = (1.0 - c->s[i]) * c->v_a + c->s[i] * c->v_b;
      for (int j = 0; j < c->n; j++) u -= c->r_ohm * fmin(c->s[i], c->s[j]) * (1.0 - fmax(c->s[i], c->s[j])) * sol[k].veh[j].i_a;
      kt_close(kt, sol[k].u[i] / vs, u / vs, "U/V", k);
    }
  }
  kt_end(kt);

  kt_begin(kt, "against the node-based reference: U_i / V_scale and currents / I_scale", 0, 1e-10);
  int n_ref = 0, n_continued = 0;
  for (int k = 0; k < N_CONFIG; k++) {
    const Config *c = &cfg[k];
    double        u[MAX_VEH], i_a, i_b;
    int           continued;
    if (sol[k].status != OC_DC_SECTION_CONVERGED) continue;
    if (!kt_true(kt, reference_solve(c, sol[k].u, u, &i_a, &i_b, &continued), "reference converges", k)) continue;
    n_ref++;
    n_continued += continued;
    const double vs = fmax(fabs(c->v_a), fabs(c->v_b));
    double       is = fabs(c->v_a - c->v_b) / c->r_ohm + 1.0;
    for (int i = 0; i < c->n; i++) is += fabs(sol[k].veh[i].i_a);
    for (int i = 0; i < c->n; i++) kt_close(kt, sol[k].u[i] / vs, u[i] / vs, "U", k);
    kt_close(kt, sol[k].res.i_a_a / is, i_a / is, "I_a", k);
    kt_close(kt, sol[k].res.i_b_a / is, i_b / is, "I_b", k);
  }
  kt_end(kt);
  printf("     %d sections compared: %d reached by continuation from no load, %d (beyond a fold:\n"
         "     current-limited roots) by the reference's Newton started at the kernel's U\n",
         n_ref, n_continued, n_ref - n_continued);

  kt_begin(kt, "every 'no solution': continuation of the reference from no load stops short too", 0, 0);
  double lambda_max = 0.0;
  for (int k = 0; k < N_CONFIG; k++) {
    if (sol[k].status == OC_DC_SECTION_CONVERGED) continue;
    Ladder l;
    double v[MAX_VEH + 2];
    build_ladder(&cfg[k], &l);
    const double lambda = reference_continuation(&cfg[k], &l, v);
    kt_true(kt, lambda < 1.0, "reference reached the full demand", k);
    kt_true(kt, sol[k].res.worst_vehicle >= 0 && sol[k].res.worst_vehicle < cfg[k].n, "worst vehicle index", k);
    lambda_max = fmax(lambda_max, lambda);
  }
  kt_end(kt);
  printf("     largest demand fraction the reference reached on those: %.4f\n", lambda_max);

  kt_begin(kt, "energy: V_a I_a + V_b I_b = sum U_i I_i + R losses (relative to the largest term)", 0, 1e-9);
  for (int k = 0; k < N_CONFIG; k++) {
    const Config *c = &cfg[k];
    if (sol[k].status != OC_DC_SECTION_CONVERGED) continue;
    const double p_in  = c->v_a * sol[k].res.i_a_a + c->v_b * sol[k].res.i_b_a;
    const double loss  = segment_losses(c, &sol[k]);
    double       p_veh = 0.0, scale = fabs(c->v_a * sol[k].res.i_a_a) + fabs(c->v_b * sol[k].res.i_b_a) + loss;
    for (int i = 0; i < c->n; i++) {
      p_veh += sol[k].veh[i].p_line_w;
      scale += fabs(sol[k].veh[i].p_line_w);
    }
    kt_close(kt, p_in / scale, (p_veh + loss) / scale, "power balance", k);
  }
  kt_end(kt);

  /* Fourth-order central differences with h = 1e-3 V, shrunk near the nose, where the terminal
   * conductances grow far beyond 1/R and vary fast. */
  kt_begin(kt, "terminal derivatives against central differences (4th order, h <= 1e-3 V; entry / max entry)", 1e-6, 1e-8);
  int n_fd = 0;
  for (int k = 0; k < N_CONFIG; k++) {
    const Config *c = &cfg[k];
    if (sol[k].status != OC_DC_SECTION_CONVERGED) continue;
    static const double      offset[4] = {2.0, 1.0, -1.0, -2.0}, weight[4] = {-1.0, 8.0, -8.0, 1.0};
    const OcDcSectionResult *r      = &sol[k].res;
    const double             scale  = fmax(fmax(fabs(r->di_a_dv_a_s), fabs(r->di_a_dv_b_s)), fmax(fabs(r->di_b_dv_a_s), fabs(r->di_b_dv_b_s)));
    const double             h      = 1e-3 / fmax(1.0, scale * c->r_ohm);
    double                   d_a[2] = {0.0, 0.0}, d_b[2] = {0.0, 0.0}; /* d(I_a, I_b)/dV_a, /dV_b */
    int                      usable = 1;
    for (int i = 0; i < c->n; i++) usable &= !kt_near_vehicle_kink(&c->par[i], c->p_w[i], sol[k].u[i], 20.0 * h);
    for (int d = 0; d < 8 && usable; d++) {
      Config cp = *c;
      if (d < 4) cp.v_a += offset[d] * h;
      else cp.v_b += offset[d - 4] * h;
      const Solution sp = solve(&cp, 1, sol[k].u);
      usable &= sp.status == OC_DC_SECTION_CONVERGED;
      for (int i = 0; i < c->n; i++) usable &= sp.veh[i].regime == sol[k].veh[i].regime;
      double *dd = d < 4 ? d_a : d_b;
      dd[0] += weight[d % 4] * sp.res.i_a_a / (12.0 * h);
      dd[1] += weight[d % 4] * sp.res.i_b_a / (12.0 * h);
    }
    if (!usable) continue;
    n_fd++;
    kt_close(kt, r->di_a_dv_a_s / scale, d_a[0] / scale, "dI_a/dV_a", k);
    kt_close(kt, r->di_b_dv_a_s / scale, d_a[1] / scale, "dI_b/dV_a", k);
    kt_close(kt, r->di_a_dv_b_s / scale, d_b[0] / scale, "dI_a/dV_b", k);
    kt_close(kt, r->di_b_dv_b_s / scale, d_b[1] / scale, "dI_b/dV_b", k);
  }
  kt_end(kt);
  printf("     %d sections differenced (the rest have a vehicle within 20 h of a kink)\n", n_fd);

  kt_begin(kt, "reciprocity: dI_a/dV_b = dI_b/dV_a", 1e-12, 1e-12);
  for (int k = 0; k < N_CONFIG; k++)
    if (sol[k].status == OC_DC_SECTION_CONVERGED) kt_close(kt, sol[k].res.di_a_dv_b_s, sol[k].res.di_b_dv_a_s, "dI_a/dV_b", k);
  kt_end(kt);

  kt_begin(kt, "warm start (from U + 5 V) = cold start (U / 1 kV)", 0, 1e-9);
  int it_cold = 0, it_warm = 0, n_warm = 0;
  for (int k = 0; k < N_CONFIG; k++) {
    if (sol[k].status != OC_DC_SECTION_CONVERGED) continue;
    double guess[MAX_VEH];
    for (int i = 0; i < cfg[k].n; i++) guess[i] = sol[k].u[i] + 5.0;
    Solution w = solve(&cfg[k], 1, guess);
    kt_true(kt, w.status == OC_DC_SECTION_CONVERGED, "warm start converges", k);
    for (int i = 0; i < cfg[k].n; i++) kt_close(kt, w.u[i] / 1000.0, sol[k].u[i] / 1000.0, "U", k);
    it_cold += sol[k].res.iterations;
    it_warm += w.res.iterations;
    n_warm++;
  }
  kt_end(kt);
  printf("     mean Newton iterations: cold start %.2f, warm start %.2f\n", (double)it_cold / n_warm, (double)it_warm / n_warm);
}

/* Vehicles at s = 0 and s = 1 see the node voltages; no vehicle = a resistor. */
static void check_special(Kt *kt)
{
  printf("-- special layouts\n");
  kt_begin(kt, "no vehicle: a resistor", 1e-15, 0);
  Config   c  = {.n = 0, .r_ohm = 0.25, .v_a = 800.0, .v_b = 760.0};
  Solution s0 = solve(&c, 0, NULL);
  kt_true(kt, s0.status == OC_DC_SECTION_CONVERGED, "converged", 0);
  kt_close(kt, s0.res.i_a_a, 160.0, "I_a", 0);
  kt_close(kt, s0.res.i_b_a, -160.0, "I_b", 0);
  kt_close(kt, s0.res.di_a_dv_a_s, 4.0, "dI_a/dV_a", 0);
  kt_close(kt, s0.res.di_a_dv_b_s, -4.0, "dI_a/dV_b", 0);
  kt_close(kt, s0.res.di_b_dv_a_s, -4.0, "dI_b/dV_a", 0);
  kt_close(kt, s0.res.di_b_dv_b_s, 4.0, "dI_b/dV_b", 0);
  kt_end(kt);

  kt_begin(kt, "vehicles exactly on the nodes: U = V_a, V_b; their current goes to that node", 1e-14, 1e-12);
  c = (Config){
    .n = 2, .r_ohm = 0.25, .v_a = 800.0, .v_b = 760.0, .s = {0.0,   1.0   },
                  .p_w = {0.4e6, -0.2e6},
                  .par = {plain, plain }
  };
  Solution s1 = solve(&c, 0, NULL);
  kt_true(kt, s1.status == OC_DC_SECTION_CONVERGED, "converged", 0);
  kt_close(kt, s1.u[0], 800.0, "U_0", 0);
  kt_close(kt, s1.u[1], 760.0, "U_1", 0);
  kt_close(kt, s1.res.i_a_a, 160.0 + 0.4e6 / 800.0, "I_a", 0);
  kt_close(kt, s1.res.i_b_a, -160.0 - 0.2e6 / 760.0, "I_b", 0);
  kt_close(kt, s1.res.di_a_dv_a_s, 4.0 - 0.4e6 / (800.0 * 800.0), "dI_a/dV_a", 0);
  kt_close(kt, s1.res.di_b_dv_b_s, 4.0 + 0.2e6 / (760.0 * 760.0), "dI_b/dV_b", 0);
  kt_end(kt);
}

/* One constant-power vehicle in the middle (K = 1/4): U = (V + sqrt(V^2 - 4 R K P)) / 2, which
 * exists up to P_max = V^2 / (4 R K). */
static void check_collapse(Kt *kt)
{
  const double r = 0.745, v = 790.0, rk = r * 0.25, p_max = v * v / (4.0 * rk);
  printf("-- voltage collapse: one vehicle at s = 0.5, R = %g ohm, V_a = V_b = %g V: P_max = %.1f W\n", r, v, p_max);
  /* The residual tolerance tol_v bounds the error in U by tol_v / F'(U), F' = 1 - R K P / U^2,
   * which tends to 0 at the nose: the check allows that much. */
  kt_begin(kt, "below P_max: converged on the high-voltage root (|dU| F'(U) / V)", 0, 1e-12);
  const double fractions[] = {0.5, 0.9, 0.99, 0.9999};
  for (int k = 0; k < 4; k++) {
    const double p = fractions[k] * p_max, u = 0.5 * (v + sqrt(v * v - 4.0 * rk * p));
    const double slope = 1.0 - rk * p / (u * u);
    Config       c     = {.n = 1, .r_ohm = r, .v_a = v, .v_b = v, .s = {0.5}, .p_w = {p}, .par = {plain}};
    Solution     sl    = solve(&c, 0, NULL);
    kt_true(kt, sl.status == OC_DC_SECTION_CONVERGED, "converged", k);
    kt_close(kt, sl.u[0] * slope / v, u * slope / v, "U", k);
    printf("     P = %.4f P_max: %s, U = %.6f V, %d iterations\n", fractions[k], sl.status == OC_DC_SECTION_CONVERGED ? "converged" : "NO SOLUTION", sl.u[0], sl.res.iterations);
  }
  kt_end(kt);

  kt_begin(kt, "above P_max: no solution, worst vehicle named, outputs finite", 0, 0);
  const double above[] = {1.0001, 1.01, 1.5, 10.0};
  for (int k = 0; k < 4; k++) {
    for (int warm = 0; warm < 2; warm++) {
      Config   c        = {.n = 1, .r_ohm = r, .v_a = v, .v_b = v, .s = {0.5}, .p_w = {above[k] * p_max}, .par = {plain}};
      double   guess[1] = {700.0};
      Solution sl       = solve(&c, warm, guess);
      kt_true(kt, sl.status == OC_DC_SECTION_NO_SOLUTION, "no solution", k);
      kt_true(kt, sl.res.worst_vehicle == 0, "worst vehicle = 0", k);
      kt_true(kt, isfinite(sl.res.i_a_a) && isfinite(sl.res.i_b_a) && isfinite(sl.u[0]) && isfinite(sl.res.di_a_dv_a_s), "finite outputs", k);
      if (warm) printf("     P = %.4f P_max: %s (worst vehicle %d), %d iterations\n", above[k], sl.status == OC_DC_SECTION_CONVERGED ? "converged" : "no solution", sl.res.worst_vehicle, sl.res.iterations);
    }
  }
  /* Three vehicles: small ones near the ends, the collapsing one in the middle (index 1). */
  Config c3 = {
    .n = 3, .r_ohm = r, .v_a = v, .v_b = v, .s = {0.1,    0.5,         0.9    },
                  .p_w = {0.05e6, 1.2 * p_max, -0.05e6},
                  .par = {tram,   plain,       tram   }
  };
  Solution s3 = solve(&c3, 0, NULL);
  kt_true(kt, s3.status == OC_DC_SECTION_NO_SOLUTION && s3.res.worst_vehicle == 1, "three vehicles: no solution, worst = the middle one", 1);
  /* With current limitation the same demand settles on the limited power instead. */
  c3.par[1] = tram;
  s3        = solve(&c3, 0, NULL);
  kt_true(kt, s3.status == OC_DC_SECTION_CONVERGED && s3.veh[1].regime == OC_DC_VEHICLE_CURRENT_LIMITED, "with current limitation: converged, middle vehicle current-limited", 1);
  printf("     with limitation: U = %.3f V, I = %.3f A (%s)\n", s3.u[1], s3.veh[1].i_a, OcKernelDcVehicleRegimeName(s3.veh[1].regime));
  kt_end(kt);

  /* One tram at s = 0.5, R = 2.4 ohm (R K = 0.6), V_a = V_b = 600 V, 0.7 MW: no constant-power
   * root (600^2 < 4 * 0.6 * 0.7e6) and det J < 0 already at no load; the limited root on the
   * ramp i_cap = 12 A/V (U - 400 V): U = 600 - 0.6 * 12 (U - 400)  ->  U = 3480 / 8.2 V. */
  kt_begin(kt, "constant-power branch collapsed, limitation on: the limited root", 1e-12, 0);
  Config c1 = {.n = 1, .r_ohm = 2.4, .v_a = 600.0, .v_b = 600.0, .s = {0.5}, .p_w = {0.7e6}, .par = {tram}};
  for (int warm = 0; warm < 2; warm++) {
    double   guess[1] = {590.0};
    Solution s1       = solve(&c1, warm, guess);
    kt_true(kt, s1.status == OC_DC_SECTION_CONVERGED, "converged", warm);
    kt_true(kt, s1.veh[0].regime == OC_DC_VEHICLE_CURRENT_LIMITED, "current limited", warm);
    kt_close(kt, s1.u[0], 3480.0 / 8.2, "U", warm);
    kt_close(kt, s1.veh[0].i_a, 12.0 * (3480.0 / 8.2 - 400.0), "I", warm);
    if (warm) printf("     U = %.6f V (closed form %.6f V), I = %.4f A, %d iterations\n", s1.u[0], 3480.0 / 8.2, s1.veh[0].i_a, s1.res.iterations);
  }
  kt_end(kt);
}

/* A section where Newton from the no-load voltages stalls (its first step lands in the basin of
 * no admissible root) and the stable operating point is reached by continuation in the demand
 * (found by the random sweep with seed 5, case 70353); checked against the reference. */
static void check_hard_case(Kt *kt)
{
  const Config c = {
    .n = 3, .r_ohm = 0.56082603548289212, .v_a = 751.33161364738305, .v_b = 625.1989036631245, .s = {0.38271470176160149, 0.28632310606201017, 0.51485938538418907},
                  .p_w = {857081.6621982319,   111352.75298364923,  1195647.0136386212 },
                  .par = {metro,               tram,                tram               }
  };
  double u[MAX_VEH], i_a, i_b;
  int    continued;
  printf("-- a section that needs the continuation (Newton from no load stalls)\n");
  const Solution sl = solve(&c, 0, NULL);
  kt_begin(kt, "converged, equal to the reference reached by continuation (U / 1 kV, I / 1 kA)", 0, 1e-10);
  kt_true(kt, sl.status == OC_DC_SECTION_CONVERGED, "converged", 0);
  kt_true(kt, reference_solve(&c, sl.u, u, &i_a, &i_b, &continued) && continued, "reference by continuation", 0);
  for (int i = 0; i < c.n; i++) kt_close(kt, sl.u[i] / 1e3, u[i] / 1e3, "U", i);
  kt_close(kt, sl.res.i_a_a / 1e3, i_a / 1e3, "I_a", 0);
  kt_close(kt, sl.res.i_b_a / 1e3, i_b / 1e3, "I_b", 0);
  kt_end(kt);
  printf("     U = %.6f, %.6f, %.6f V (%s, %s, %s), %d iterations\n", sl.u[0], sl.u[1], sl.u[2], OcKernelDcVehicleRegimeName(sl.veh[0].regime), OcKernelDcVehicleRegimeName(sl.veh[1].regime), OcKernelDcVehicleRegimeName(sl.veh[2].regime), sl.res.iterations);
}

/* Braking alone on a section fed at lower voltage: monotone characteristic, always converges. */
static void check_braking_only(Kt *kt)
{
  printf("-- braking only: 20000 sections, 1-5 trams (cut-back 850-900 V), R 0.01-3 ohm, up to 5 MW\n");
  kt_begin(kt, "braking-only sections converge, cut-back regimes", 0, 0);
  int  n_cut = 0, it_max = 0;
  long it_sum = 0;
  for (int k = 0; k < 20000; k++) {
    Config c = {.n = 1 + k % 5, .r_ohm = kt_uniform(kt, 0.01, 3.0), .v_a = kt_uniform(kt, 500, 950), .v_b = kt_uniform(kt, 500, 950)};
    for (int i = 0; i < c.n; i++) {
      c.s[i]   = kt_uniform(kt, 0, 1);
      c.p_w[i] = kt_uniform(kt, -5e6, 0);
      c.par[i] = tram;
    }
    Solution sl = solve(&c, 0, NULL);
    kt_true(kt, sl.status == OC_DC_SECTION_CONVERGED, "converged", k);
    for (int i = 0; i < c.n; i++) n_cut += sl.veh[i].regime == OC_DC_VEHICLE_REGEN_CUT_BACK;
    it_max = sl.res.iterations > it_max ? sl.res.iterations : it_max;
    it_sum += sl.res.iterations;
  }
  kt_true(kt, n_cut > 0, "cut-back occurs", n_cut);
  /* Monotone characteristics: one short Newton run from no load. Without the line search's
   * step across kinks, runs stall in front of the cut-back's end and need up to 45 iterations. */
  kt_true(kt, it_max <= 25, "at most 25 Newton iterations", it_max);
  kt_end(kt);
  printf("     Newton iterations: mean %.2f, max %d\n", (double)it_sum / 20000.0, it_max);
}

int main(void)
{
  Kt kt;
  kt_init(&kt, 31337);
  check_special(&kt);
  check_collapse(&kt);
  check_braking_only(&kt);
  check_hard_case(&kt);
  check_random(&kt);
  return kt_finish(&kt, "test_dc_section");
}
