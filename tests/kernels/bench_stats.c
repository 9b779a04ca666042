/* Micro-benchmark of the statistics accumulators (not a test): ns per element-step for n elements
 * updated with every accumulator of stats.h -- energy, min/max, RMS, weighted mean (EN 50388),
 * utilisation, time below two thresholds (Umin1, Umin2) and above a rating -- and the rolling-window
 * peaks over 1, 60, 900 and 3600 steps (1 s, 1 min, 15 min, 1 h at dt = 1 s), as the time loop
 * calls them: all accumulators one after the other in each step. Inputs cycle through 64
 * precomputed steps so that no random numbers are timed.
 * Usage: bench_stats [elements] [steps]   (default 10000 elements, 7200 steps) */
#include "stats.h"
#include "stats_window.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N_IN 64

enum {
  B_ENERGY,
  B_MINMAX,
  B_RMS,
  B_MEAN,
  B_UTIL,
  B_UMIN1,
  B_UMIN2,
  B_OVERLOAD,
  B_WINDOWS,
  N_B
};
static const char *NAME[N_B] = {"energy (E+, E-)", "min/max + times", "RMS", "weighted mean (EN 50388)", "utilisation", "time below Umin1", "time below Umin2", "time above rating", "4 rolling windows"};

static double now_s(void)
{
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void *xmalloc(size_t bytes)
{
  void *p = malloc(bytes);
  if (!p) {
    fprintf(stderr, "bench_stats: out of memory (%zu bytes)\n", bytes);
    exit(1);
  }
  return p;
}

int main(int argc, char **argv)
{
  const int      n = argc > 1 ? atoi(argv[1]) : 10000, nt = argc > 2 ? atoi(argv[2]) : 7200;
  const int      w[4] = {1, 60, 900, 3600}, nfw = OcKernelStatsWindowFields(4, w);
  const size_t   nn      = (size_t)n;
  const int      nf[N_B] = {OC_STATS_INTEGRAL_NF, OC_STATS_MINMAX_NF, OC_STATS_RMS_NF, OC_STATS_MEAN_NF, OC_STATS_MEAN_NF, OC_STATS_THRESHOLD_NF, OC_STATS_THRESHOLD_NF, OC_STATS_THRESHOLD_NF, nfw};
  double        *s[N_B], t_acc[N_B] = {0}, bytes = 0.0;
  double        *p = xmalloc(N_IN * nn * sizeof(double)), *u = xmalloc(N_IN * nn * sizeof(double)), *cur = xmalloc(N_IN * nn * sizeof(double));
  double        *wgt = xmalloc(N_IN * nn * sizeof(double)), *occ = xmalloc(N_IN * nn * sizeof(double));
  double        *umin1 = xmalloc(nn * sizeof(double)), *umin2 = xmalloc(nn * sizeof(double)), *rating = xmalloc(nn * sizeof(double));
  unsigned char *on = xmalloc(N_IN * nn);
  unsigned       r  = 12345u;

  for (int b = 0; b < N_B; b++) {
    s[b] = xmalloc((size_t)nf[b] * nn * sizeof(double));
    bytes += (double)nf[b] * (double)nn * sizeof(double);
  }
  for (size_t m = 0; m < N_IN * nn; m++) {
    r      = r * 1664525u + 1013904223u;
    p[m]   = 3e6 * (double)(r >> 8) / 16777216.0 - 1e6;
    u[m]   = 450.0 + 400.0 * (double)(r & 0xffff) / 65536.0;
    cur[m] = p[m] / u[m];
    wgt[m] = p[m] > 0.0;
    occ[m] = (r >> 3) & 1;
    on[m]  = (r >> 5) % 10 != 0;
  }
  for (size_t i = 0; i < nn; i++) umin1[i] = 500.0, umin2[i] = 480.0, rating[i] = 1.5e6;

  OcKernelStatsIntegralInit(n, s[B_ENERGY]);
  OcKernelStatsMinMaxInit(n, s[B_MINMAX]);
  OcKernelStatsRmsInit(n, s[B_RMS]);
  OcKernelStatsMeanInit(n, s[B_MEAN]);
  OcKernelStatsMeanInit(n, s[B_UTIL]);
  OcKernelStatsThresholdInit(n, s[B_UMIN1]);
  OcKernelStatsThresholdInit(n, s[B_UMIN2]);
  OcKernelStatsThresholdInit(n, s[B_OVERLOAD]);
  OcKernelStatsWindowInit(n, 4, w, s[B_WINDOWS]);

  const double t0 = now_s();
  for (int k = 0; k < nt; k++) {
    const size_t o = (size_t)(k % N_IN) * nn;
    const double t = k + 1.0, dt = 1.0;
    double       tb = now_s(), te;
#define TIMED(b, call) (call, te = now_s(), t_acc[b] += te - tb, tb = te)
    TIMED(B_ENERGY, OcKernelStatsIntegralUpdate(n, dt, p + o, s[B_ENERGY]));
    TIMED(B_MINMAX, OcKernelStatsMinMaxUpdate(n, t, u + o, on + o, s[B_MINMAX]));
    TIMED(B_RMS, OcKernelStatsRmsUpdate(n, dt, cur + o, s[B_RMS]));
    TIMED(B_MEAN, OcKernelStatsMeanUpdate(n, dt, u + o, wgt + o, s[B_MEAN]));
    TIMED(B_UTIL, OcKernelStatsMeanUpdate(n, dt, NULL, occ + o, s[B_UTIL]));
    TIMED(B_UMIN1, OcKernelStatsThresholdUpdate(n, t, dt, umin1, 0, u + o, on + o, s[B_UMIN1]));
    TIMED(B_UMIN2, OcKernelStatsThresholdUpdate(n, t, dt, umin2, 0, u + o, on + o, s[B_UMIN2]));
    TIMED(B_OVERLOAD, OcKernelStatsThresholdUpdate(n, t, dt, rating, 1, p + o, NULL, s[B_OVERLOAD]));
    TIMED(B_WINDOWS, OcKernelStatsWindowUpdate(n, 4, w, k, t, p + o, s[B_WINDOWS]));
#undef TIMED
  }
  const double total = now_s() - t0, per = 1e9 / ((double)nt * (double)n);

  double checksum = 0.0, peak[1], e[1];
  OcKernelStatsWindowGet(1, 4, w, 3, s[B_WINDOWS], peak, NULL, NULL, NULL); /* element 0 only */
  OcKernelStatsIntegralGet(1, s[B_ENERGY], e, NULL);
  checksum = peak[0] + e[0];

  printf("bench_stats: %d elements x %d steps; state %.1f MB (%.0f bytes per element, %d of them the windows' ring)\n", n, nt, bytes / 1e6, bytes / n, 8 * OcKernelStatsWindowRingLength(4, w));
  for (int b = 0; b < N_B; b++) printf("  %-26s %7.2f ns per element-step\n", NAME[b], t_acc[b] * per);
  printf("  %-26s %7.2f ns per element-step (%.3f ms per step)\n", "all together", total * per, 1e3 * total / nt);
  printf("(checksum %.6g)\n", checksum);
  for (int b = 0; b < N_B; b++) free(s[b]);
  free(p), free(u), free(cur), free(wgt), free(occ), free(umin1), free(umin2), free(rating), free(on);
  return 0;
}
