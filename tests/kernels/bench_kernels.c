/* Micro-benchmark of the stamp kernels (not a test): ns per call of
 *   - a DC section solve with 3 vehicles (motoring, limited tram, braking), warm-started from the
 *     previous solve while the terminal voltages drift as they do between Newton iterations;
 *   - the same from a cold start (no-load voltages);
 *   - an AC pi-branch stamp (4 flows and 16 derivatives) with tap and phase shift.
 * Usage: bench_kernels [calls]   (default 1000000) */
#include "ac_branch.h"
#include "dc_section.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void)
{
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double bench_section(long calls, int warm, double *checksum)
{
  const OcDcVehicleParams par[3] = {
    {INFINITY, 0.0,   0.0,   880.0, 950.0, 1.0},
    {1200.0,   500.0, 400.0, 850.0, 900.0, 1.0},
    {INFINITY, 0.0,   0.0,   880.0, 950.0, 1.0}
  };
  const double      s[3] = {0.2, 0.55, 0.8}, p_w[3] = {0.6e6, 0.9e6, -0.4e6};
  double            work[2 * 3 * 3 + 7 * 3], u[3] = {0.0, 0.0, 0.0}, sum = 0.0;
  OcDcVehicleEval   veh[3];
  OcDcSectionResult res;
  int               failures = 0;

  OcKernelDcSectionSolve(0.45, 3, s, p_w, par, 780.0, 770.0, 0, u, veh, work, &res);
  const double t0 = now_s();
  for (long k = 0; k < calls; k++) {
    const double v_a = 780.0 + 0.5 * (double)(k % 7), v_b = 770.0 - 0.3 * (double)(k % 5);
    failures += OcKernelDcSectionSolve(0.45, 3, s, p_w, par, v_a, v_b, warm, u, veh, work, &res) != OC_DC_SECTION_CONVERGED;
    sum += res.i_a_a + res.di_a_dv_b_s;
  }
  const double t1 = now_s();
  *checksum += sum + failures;
  return (t1 - t0) / (double)calls * 1e9;
}

static double bench_branch(long calls, double *checksum)
{
  const OcAcBranchParams par = {0.01, 0.08, 0.15, 0.98, 0.05};
  OcAcBranchAdmittance   y;
  OcAcBranchFlow         fl;
  double                 sum = 0.0;

  OcKernelAcBranchAdmittance(&par, &y);
  const double t0 = now_s();
  for (long k = 0; k < calls; k++) {
    const double d = 1e-6 * (double)(k % 1000);
    OcKernelAcBranchFlow(&y, 0.1 + d, 1.02 - d, -0.05, 0.99 + d, &fl);
    sum += fl.s[OC_AC_P_F] + fl.jac[OC_AC_Q_T][OC_AC_VM_F];
  }
  const double t1 = now_s();
  *checksum += sum;
  return (t1 - t0) / (double)calls * 1e9;
}

int main(int argc, char **argv)
{
  const long calls    = argc > 1 ? atol(argv[1]) : 1000000;
  double     checksum = 0.0;

  printf("bench_kernels: %ld calls each\n", calls);
  printf("dc section, 3 vehicles, warm start: %8.1f ns/call\n", bench_section(calls, 1, &checksum));
  printf("dc section, 3 vehicles, cold start: %8.1f ns/call\n", bench_section(calls, 0, &checksum));
  printf("ac branch stamp (flows + 16 derivs): %7.1f ns/call\n", bench_branch(calls, &checksum));
  printf("(checksum %.6g)\n", checksum);
  return 0;
}
