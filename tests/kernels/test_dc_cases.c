/* Closed-form DC traction cases A, B and B2, assembled from the kernels: two substation nodes
 * joined by one 5 km section with the trains inside it, solved by a small Newton in this test
 * (KCL at the two nodes, the section's condensed currents and derivatives).
 *
 * Expected numbers copied from the project's validation references (shared/validation/README.md,
 * "DC traction line, closed form", cases A, B, B2; that file is not shipped with the product).
 * Line 5 km, substations S1 at 0 km and S2 at 5 km, U0 = 790 V, R_eq = 0.033 ohm,
 * loop resistance 0.149 ohm/km; trains are constant-power loads (no limitation, no cut-back). */
#include "dc_section.h"
#include "dc_substation.h"
#include "kernel_test.h"

#include <math.h>
#include <string.h>

#define LINE_KM    5.0
#define R_PER_KM   0.149
#define U0_V       790.0
#define R_EQ_OHM   0.033
#define G_OFF_S    1e-6 /* bleeder of a blocked diode rectifier (1 Mohm) */
#define MAX_TRAINS 2

typedef struct {
  int                  n;
  double               s[MAX_TRAINS], p_w[MAX_TRAINS];
  OcDcVehicleParams    par[MAX_TRAINS];
  OcDcSubstationParams sub;
} Line;

typedef struct {
  int               converged;      /* 0: no solution */
  OcDcSectionStatus section_status; /* of the last section solve */
  int               worst_vehicle;
  int               iterations;
  double            v[2], i_sub[2], u[MAX_TRAINS];
  OcDcVehicleEval   veh[MAX_TRAINS];
} Result;

/* Trains without limitation, and with a cut-back far above any voltage of these cases. */
static const OcDcVehicleParams train = {INFINITY, 0.0, 0.0, 950.0, 1000.0, 1.0};
/* ... and without any cut-back (case B2 with diodes: no physical solution). */
static const OcDcVehicleParams no_cut = {INFINITY, 0.0, 0.0, INFINITY, INFINITY, 1.0};

static Line make_line(int reversible)
{
  Line l = {
    .n = 0, .sub = {.u0_v = U0_V, .r_eq_ohm = R_EQ_OHM, .reversible = reversible, .g_off_s = G_OFF_S, .eta = 1.0, .eta_inv = 1.0, .p_noload_w = 0.0, .power_factor = 1.0}
  };
  return l;
}

static void add_train(Line *l, double x_km, double p_w, const OcDcVehicleParams *par)
{
  l->s[l->n]   = x_km / LINE_KM;
  l->p_w[l->n] = p_w;
  l->par[l->n] = *par;
  l->n++;
}

/* KCL residual at both nodes (A, injection minus outflow) and its Jacobian; 0 if the section has
 * no solution at these node voltages. u[] is the section's warm start, updated. */
static int residual(const Line *l, const double v[2], double u[], int warm, double f[2], double jac[4], Result *r)
{
  double             work[2 * MAX_TRAINS * MAX_TRAINS + 7 * MAX_TRAINS];
  OcDcSectionResult  sec;
  OcDcSubstationEval sub[2];

  r->section_status = OcKernelDcSectionSolve(R_PER_KM * LINE_KM, l->n, l->s, l->p_w, l->par, v[0], v[1], warm, u, r->veh, work, &sec);
  r->worst_vehicle  = sec.worst_vehicle;
  if (r->section_status != OC_DC_SECTION_CONVERGED) return 0;
  OcKernelDcSubstationEvaluate(&l->sub, v[0], 1.0, &sub[0]);
  OcKernelDcSubstationEvaluate(&l->sub, v[1], 1.0, &sub[1]);
  f[0]        = sub[0].i_a - sec.i_a_a;
  f[1]        = sub[1].i_a - sec.i_b_a;
  jac[0]      = sub[0].di_dv_s - sec.di_a_dv_a_s;
  jac[1]      = -sec.di_a_dv_b_s;
  jac[2]      = -sec.di_b_dv_a_s;
  jac[3]      = sub[1].di_dv_s - sec.di_b_dv_b_s;
  r->i_sub[0] = sub[0].i_a;
  r->i_sub[1] = sub[1].i_a;
  return 1;
}

/* Newton on (V_S1, V_S2) from U0 with backtracking; a trial where the section has no solution
 * counts as no decrease. "No solution" when the line search or the iteration limit fails. */
static Result solve_line(const Line *l)
{
  Result r    = {0};
  double v[2] = {U0_V, U0_V}, u[MAX_TRAINS], f[2], jac[4];
  int    ok   = residual(l, v, u, 0, f, jac, &r);

  for (int it = 0; ok && it < 100; it++) {
    const double norm = fmax(fabs(f[0]), fabs(f[1]));
    if (norm <= 1e-9) {
      r.converged = 1;
      break;
    }
    const double det   = jac[0] * jac[3] - jac[1] * jac[2];
    const double dv[2] = {-(jac[3] * f[0] - jac[1] * f[1]) / det, -(jac[0] * f[1] - jac[2] * f[0]) / det};
    double       t     = 1.0;
    ok                 = 0;
    r.iterations++;
    for (int bt = 0; bt < 60 && !ok; bt++, t *= 0.5) {
      double v_try[2] = {v[0] + t * dv[0], v[1] + t * dv[1]}, u_try[MAX_TRAINS], f_try[2], j_try[4];
      memcpy(u_try, u, sizeof(u));
      Result r_try = r;
      if (residual(l, v_try, u_try, 1, f_try, j_try, &r_try) && fmax(fabs(f_try[0]), fabs(f_try[1])) < (1.0 - 1e-4 * t) * norm) {
        ok = 1;
        memcpy(v, v_try, sizeof(v));
        memcpy(u, u_try, sizeof(u));
        memcpy(f, f_try, sizeof(f));
        memcpy(jac, j_try, sizeof(jac));
        r = r_try;
      } else {
        r.section_status = r_try.section_status;
        r.worst_vehicle  = r_try.worst_vehicle;
      }
    }
  }
  r.v[0] = v[0];
  r.v[1] = v[1];
  memcpy(r.u, u, sizeof(u));
  return r;
}

static void case_a(Kt *kt)
{
  /* x (km), P (MW), train V (V), I S1 (A), I S2 (A), line + substation loss (kW) */
  static const double table[8][6] = {
    {0.00, 0.3, 777.79, 370.0, 15.7,  4.71  },
    {0.00, 0.7, 760.88, 882.6, 37.4,  26.79 },
    {1.25, 0.3, 723.68, 302.5, 112.1, 27.49 },
    {1.25, 0.5, 670.75, 543.9, 201.5, 88.90 },
    {1.25, 0.7, 604.86, 844.4, 312.9, 214.26},
    {2.50, 0.3, 703.54, 213.2, 213.2, 36.87 },
    {2.50, 0.5, 628.77, 397.6, 397.6, 128.21},
    {2.50, 0.7, 513.74, 681.3, 681.3, 376.41}
  };

  printf("-- case A: one train, diode substations (table of the validation reference)\n");
  printf("   x km  P MW   train V      I S1 A    I S2 A   loss kW  its\n");
  for (int k = 0; k < 8; k++) {
    Line l = make_line(0);
    add_train(&l, table[k][0], table[k][1] * 1e6, &train);
    const Result r    = solve_line(&l);
    const double loss = U0_V * (r.i_sub[0] + r.i_sub[1]) - l.p_w[0];
    const double ra = R_EQ_OHM + R_PER_KM * table[k][0], rb = R_EQ_OHM + R_PER_KM * (LINE_KM - table[k][0]);
    const double rp = ra * rb / (ra + rb), closed = 0.5 * (U0_V + sqrt(U0_V * U0_V - 4.0 * rp * l.p_w[0]));
    printf("   %4.2f  %4.2f  %9.4f  %9.3f %9.3f  %8.3f  %d\n", table[k][0], table[k][1], r.u[0], r.i_sub[0], r.i_sub[1], loss * 1e-3, r.iterations);
    kt_begin(kt, "case A row: converged; V, I S1, I S2, loss vs table; V vs closed form", 0, 0.01);
    kt_true(kt, r.converged, "converged", k);
    kt_close(kt, r.u[0], table[k][2], "train V (0.01 V)", k);
    kt->atol = 0.1;
    kt_close(kt, r.i_sub[0], table[k][3], "I S1 (0.1 A)", k);
    kt_close(kt, r.i_sub[1], table[k][4], "I S2 (0.1 A)", k);
    kt->atol = 0.01;
    kt_close(kt, loss * 1e-3, table[k][5], "loss (0.01 kW)", k);
    kt->atol = 1e-8;
    kt_close(kt, r.u[0], closed, "closed form (1e-8 V)", k);
    kt_end(kt);
  }

  const double rp = 0.5 * (R_EQ_OHM + R_PER_KM * 2.5), p_max = U0_V * U0_V / (4.0 * rp);
  printf("-- case A at x = 2.5 km: collapse above P_max = U0^2 / 4 R = %.1f W (reference: 0.7695 MW)\n", p_max);
  kt_begin(kt, "P = 0.769 MW converges to the closed form; 0.770, 0.8, 1.0, 2.0 MW: no solution, no NaN", 0, 1e-6);
  const double p_mw[5] = {0.769, 0.770, 0.8, 1.0, 2.0};
  for (int k = 0; k < 5; k++) {
    Line l = make_line(0);
    add_train(&l, 2.5, p_mw[k] * 1e6, &train);
    const Result r = solve_line(&l);
    printf("   P = %.3f MW: %s", p_mw[k], r.converged ? "converged" : "NO SOLUTION");
    if (r.converged) {
      printf(", train V = %.6f V (closed form %.6f V)\n", r.u[0], 0.5 * (U0_V + sqrt(U0_V * U0_V - 4.0 * rp * l.p_w[0])));
    } else {
      printf(" (%s; %d outer iterations)\n", r.section_status == OC_DC_SECTION_NO_SOLUTION ? "the section kernel: no solution at these node voltages, worst vehicle 0" : "the node Newton stalls: no operating point of the whole line", r.iterations);
    }
    kt_true(kt, r.converged == (p_mw[k] * 1e6 < p_max), "converged iff P < P_max", k);
    kt_true(kt, isfinite(r.v[0]) && isfinite(r.v[1]) && isfinite(r.u[0]), "finite", k);
    if (r.converged) kt_close(kt, r.u[0], 0.5 * (U0_V + sqrt(U0_V * U0_V - 4.0 * rp * l.p_w[0])), "V", k);
    else kt_true(kt, r.section_status == OC_DC_SECTION_CONVERGED || r.worst_vehicle == 0, "a section failure names train 0", k);
  }
  kt_end(kt);
}

static void case_b(Kt *kt)
{
  /* V S1, V T0, V T1, V S2, I S1, I S2 */
  static const double expected[2][6] = {
    {773.57, 699.37, 833.45, 833.45, 498.0, 0.0  },
    {771.58, 688.42, 805.17, 791.95, 558.1, -59.2}
  };
  static const char *const name[2] = {"diode", "reversible"};

  printf("-- case B: T0 +0.6 MW at 1.0 km, T1 -0.3 MW at 3.5 km\n");
  printf("   substations  V S1      V T0      V T1      V S2      I S1 A    I S2 A\n");
  for (int rev = 0; rev < 2; rev++) {
    Line l = make_line(rev);
    add_train(&l, 1.0, 0.6e6, &train);
    add_train(&l, 3.5, -0.3e6, &train);
    const Result r      = solve_line(&l);
    const double got[6] = {r.v[0], r.u[0], r.u[1], r.v[1], r.i_sub[0], r.i_sub[1]};
    printf("   %-11s %9.4f %9.4f %9.4f %9.4f %9.3f %9.3f\n", name[rev], got[0], got[1], got[2], got[3], got[4], got[5]);
    kt_begin(kt, rev ? "case B reversible (0.01 V, 0.1 A)" : "case B diode, S2 blocked (0.01 V, 0.1 A)", 0, 0.01);
    kt_true(kt, r.converged, "converged", rev);
    for (int q = 0; q < 4; q++) kt_close(kt, got[q], expected[rev][q], "voltage", q);
    kt->atol = 0.1;
    for (int q = 4; q < 6; q++) kt_close(kt, got[q], expected[rev][q], "substation current", q);
    kt_true(kt, r.veh[0].regime == OC_DC_VEHICLE_CONSTANT_POWER && r.veh[1].regime == OC_DC_VEHICLE_REGEN_FULL, "no limitation or cut-back active", rev);
    kt_end(kt);
  }
}

static void case_b2(Kt *kt)
{
  printf("-- case B2: T1 -0.3 MW at 3.5 km alone\n");
  Line l = make_line(1);
  add_train(&l, 3.5, -0.3e6, &train);
  Result r = solve_line(&l);
  printf("   reversible: V S1 %.4f, V T1 %.4f, V S2 %.4f, I S1 %.3f A, I S2 %.3f A\n", r.v[0], r.u[0], r.v[1], r.i_sub[0], r.i_sub[1]);
  kt_begin(kt, "case B2 reversible (0.01 V, 0.1 A)", 0, 0.01);
  kt_true(kt, r.converged, "converged", 0);
  kt_close(kt, r.v[0], 793.68, "V S1", 0);
  kt_close(kt, r.u[0], 851.77, "V T1", 0);
  kt_close(kt, r.v[1], 797.95, "V S2", 0);
  kt->atol = 0.1;
  kt_close(kt, r.i_sub[0], -111.4, "I S1", 0);
  kt_close(kt, r.i_sub[1], -240.8, "I S2", 0);
  kt_end(kt);

  /* Diode substations: the line cannot take the energy. With cut-back (880 -> 920 V) the train
   * settles inside the band, feeding only what the bleeders and the line absorb. */
  const OcDcVehicleParams cut = {INFINITY, 0.0, 0.0, 880.0, 920.0, 1.0};
  l                           = make_line(0);
  add_train(&l, 3.5, -0.3e6, &cut);
  r                     = solve_line(&l);
  const double fed      = -r.veh[0].p_line_w;
  const double absorbed = -(r.v[0] * r.i_sub[0] + r.v[1] * r.i_sub[1]); /* into both substations */
  printf("   diode, cut-back 880-920 V: V T1 %.6f V (%s), fed back %.4f W, burnt %.1f W, %d iterations\n", r.u[0], OcKernelDcVehicleRegimeName(r.veh[0].regime), fed, r.veh[0].p_rheostat_w, r.iterations);
  kt_begin(kt, "case B2 diode with cut-back: settles in the band, surplus burnt, energy balance", 1e-6, 1e-9);
  kt_true(kt, r.converged, "converged", 0);
  kt_true(kt, r.veh[0].regime == OC_DC_VEHICLE_REGEN_CUT_BACK && r.u[0] > 880.0 && r.u[0] < 920.0, "in the cut-back band", 0);
  kt_true(kt, r.i_sub[0] <= 0.0 && r.i_sub[1] <= 0.0, "both rectifiers blocked", 0);
  kt_close(kt, fed + r.veh[0].p_rheostat_w, 0.3e6, "fed + burnt = braking power", 0);
  const double i_line = r.i_sub[0]; /* the current from T1 to S1 is what S1 absorbs */
  kt_close(kt, fed, absorbed + R_PER_KM * 3.5 * i_line * i_line + R_PER_KM * 1.5 * r.i_sub[1] * r.i_sub[1], "fed = absorbed by the bleeders + line losses", 0);
  kt_end(kt);

  /* Without cut-back there is no physical answer: whatever the Newton returns must not look like
   * one (the caller reports it). */
  l = make_line(0);
  add_train(&l, 3.5, -0.3e6, &no_cut);
  r = solve_line(&l);
  printf("   diode, no cut-back: %s, V T1 = %.4g V (no physical solution; the caller must say so)\n", r.converged ? "converged" : "no solution", r.u[0]);
  kt_begin(kt, "case B2 diode without cut-back: no plausible voltage", 0, 0);
  kt_true(kt, !r.converged || r.u[0] > 1e4, "no solution, or a voltage far outside the model", 0);
  kt_end(kt);
}

int main(void)
{
  Kt kt;
  kt_init(&kt, 1);
  case_a(&kt);
  case_b(&kt);
  case_b2(&kt);
  return kt_finish(&kt, "test_dc_cases");
}
