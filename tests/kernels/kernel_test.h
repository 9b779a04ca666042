/* Small helpers shared by the kernel test programs: grouped numeric checks that print a one-line
 * summary per group (and the first failures in full), and a deterministic random generator. */
#ifndef OC_TESTS_KERNEL_TEST_H
#define OC_TESTS_KERNEL_TEST_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "dc_vehicle.h"

#define KT_MAX_REPORTED 10
#define KT_PI           3.14159265358979323846

typedef struct {
  uint64_t    rng;
  int         failures; /* over the whole program */
  const char *group;    /* current group */
  double      rtol, atol;
  int         n, n_fail;
  double      worst; /* max over the group of err / (atol + rtol |want|) */
} Kt;

static inline void kt_init(Kt *kt, uint64_t seed)
{
  *kt = (Kt){.rng = seed ? seed : 0x9e3779b97f4a7c15ull};
}

/* Uniform in [lo, hi) (xorshift64*). */
static inline double kt_uniform(Kt *kt, double lo, double hi)
{
  kt->rng ^= kt->rng >> 12;
  kt->rng ^= kt->rng << 25;
  kt->rng ^= kt->rng >> 27;
  const uint64_t r = kt->rng * 0x2545f4914f6cdd1dull;
  return lo + (hi - lo) * (double)(r >> 11) * 0x1.0p-53;
}

static inline void kt_begin(Kt *kt, const char *group, double rtol, double atol)
{
  kt->group = group;
  kt->rtol  = rtol;
  kt->atol  = atol;
  kt->n = kt->n_fail = 0;
  kt->worst          = 0.0;
}

/* |got - want| <= atol + rtol |want|; `what` and `index` identify a failure. */
static inline int kt_close(Kt *kt, double got, double want, const char *what, int index)
{
  const double bound = kt->atol + kt->rtol * fabs(want), err = fabs(got - want);
  const double ratio = bound > 0.0 ? err / bound : (err > 0.0 ? INFINITY : 0.0);

  kt->n++;
  if (!(ratio <= 1.0)) { /* also catches NaN */
    if (kt->n_fail++ < KT_MAX_REPORTED) printf("  FAIL %s: %s[%d] = %.15g, expected %.15g (err %.3g, allowed %.3g)\n", kt->group, what, index, got, want, err, bound);
    kt->failures++;
    return 0;
  }
  if (ratio > kt->worst) kt->worst = ratio;
  return 1;
}

static inline int kt_true(Kt *kt, int cond, const char *what, int index)
{
  kt->n++;
  if (!cond) {
    if (kt->n_fail++ < KT_MAX_REPORTED) printf("  FAIL %s: %s [%d]\n", kt->group, what, index);
    kt->failures++;
  }
  return cond;
}

static inline void kt_end(Kt *kt)
{
  printf("%-4s %s: %d checks, %d failed, worst error/tolerance %.2g (rtol %g, atol %g)\n", kt->n_fail ? "FAIL" : "ok", kt->group, kt->n, kt->n_fail, kt->worst, kt->rtol, kt->atol);
  if (kt->n == 0) {
    printf("FAIL %s: no checks were made\n", kt->group);
    kt->failures++;
  }
}

static inline int kt_finish(const Kt *kt, const char *program)
{
  printf("%s: %s (%d failures)\n", program, kt->failures ? "FAILED" : "passed", kt->failures);
  return kt->failures ? 1 : 0;
}

/* Whether u is within 4 h of a kink of the characteristic for p_req_w (central differences
 * with step h would straddle it). */
static inline int kt_near_vehicle_kink(const OcDcVehicleParams *par, double p_req_w, double u, double h)
{
  double    bp[OC_DC_VEHICLE_MAX_BREAKPOINTS];
  const int nb = OcKernelDcVehicleBreakpoints(par, p_req_w, bp);
  for (int k = 0; k < nb; k++)
    if (fabs(u - bp[k]) < 4.0 * h) return 1;
  return 0;
}

#endif
