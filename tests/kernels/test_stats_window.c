/* Rolling-window peaks of stats_window.h against brute-force windows over the whole stored series
 * (a second, naive implementation: every window summed afresh in long double):
 *   - random series (5 elements, 6000 steps, windows of 1, 7, 60, 900 and 1000 steps, values of
 *     both signs): the rolling mean after every step, the largest and smallest full-window mean
 *     and the time of each;
 *   - rectangular pulses of known widths P on a base B: largest mean B + H min(P, W) / W, first
 *     reached at a known step; smallest B at the first full window;
 *   - 24 h at 1 s (86400 steps), windows 1 s, 1 min, 15 min, 1 h: every rolling mean of every
 *     step to 1e-12 relative, on 5-10 MW values for 12 h then values below 1 kW (where an
 *     uncompensated running sum drifts to ~4e-9 relative: printed for comparison), a day-shaped
 *     substation load with regeneration, and a series of both signs;
 *   - restart: half, copy the state (whole, and element by element into a permuted layout),
 *     continue: identical bit for bit to the uninterrupted run. */
#include "kernel_test.h"
#include "stats.h"
#include "stats_window.h"

#include <stdlib.h>
#include <string.h>

#define MAX_WIN 8

typedef struct {
  int     n, nt, n_win;
  int     w[MAX_WIN];
  double *x; /* [nt * n], step-major */
  double *s; /* accumulator state */
  int     nf;
} Case;

static void *xcalloc(size_t n, size_t size)
{
  void *p = calloc(n, size);
  if (!p) {
    printf("out of memory\n");
    exit(2);
  }
  return p;
}

static Case case_create(int n, int nt, int n_win, const int *w)
{
  Case c = {n, nt, n_win, {0}, NULL, NULL, 0};
  memcpy(c.w, w, (size_t)n_win * sizeof(int));
  c.x  = xcalloc((size_t)n * (size_t)nt, sizeof(double));
  c.nf = OcKernelStatsWindowFields(n_win, w);
  c.s  = xcalloc((size_t)c.nf * (size_t)n, sizeof(double));
  OcKernelStatsWindowInit(n, n_win, w, c.s);
  return c;
}

static void case_destroy(Case *c)
{
  free(c->x), free(c->s);
}

static double t_of(int k)
{
  return 3600.0 + (double)(k + 1); /* dt = 1 s, a step labelled by its end */
}

/* Brute force: mean of the window of W steps ending at step k of element i, and mean |x|. */
static long double window_mean(const Case *c, int i, int k, int w, long double *mean_abs)
{
  long double sum = 0.0L, sa = 0.0L;
  for (int m = k - w + 1; m <= k; m++) {
    const double x = c->x[(size_t)m * (size_t)c->n + (size_t)i];
    sum += x;
    sa += fabs(x);
  }
  *mean_abs = sa / w;
  return sum / w;
}

/* Runs the accumulator over all steps; after every step compares every full window's rolling mean
 * with the brute-force one (error relative to max(|mean|, 1e-3 mean |x|), so that a window whose
 * values cancel is not asked for more than the values carry), and at the end the peaks and their
 * times. Also reports the worst relative error of a plain (uncompensated) running sum. */
static void check_case(Kt *kt, Case *c, const char *label, double rtol)
{
  const int    n    = c->n;
  long double *pmax = xcalloc((size_t)n * c->n_win, sizeof(long double)), *pmin = xcalloc((size_t)n * c->n_win, sizeof(long double));
  double      *tmax = xcalloc((size_t)n * c->n_win, sizeof(double)), *tmin = xcalloc((size_t)n * c->n_win, sizeof(double));
  double      *plain = xcalloc((size_t)n * c->n_win, sizeof(double)), *mean = xcalloc((size_t)n, sizeof(double));
  double       plain_worst = 0.0;
  char         what[64];

  for (int q = 0; q < n * c->n_win; q++) pmax[q] = -INFINITY, pmin[q] = INFINITY, tmax[q] = tmin[q] = NAN;
  kt_begin(kt, label, rtol, 1e-15);
  for (int k = 0; k < c->nt; k++) {
    const double *x = c->x + (size_t)k * (size_t)n;
    OcKernelStatsWindowUpdate(n, c->n_win, c->w, k, t_of(k), x, c->s);
    for (int j = 0; j < c->n_win; j++) {
      const int w = c->w[j];
      OcKernelStatsWindowMean(n, c->n_win, c->w, j, c->s, mean);
      for (int i = 0; i < n; i++) {
        double *ps = &plain[j * n + i];
        *ps += x[i] - (k >= w ? c->x[(size_t)(k - w) * (size_t)n + (size_t)i] : 0.0);
        if (k < w - 1) continue;
        long double       mean_abs;
        const long double want  = window_mean(c, i, k, w, &mean_abs);
        const double      scale = (double)fmaxl(fabsl(want), 1e-3L * mean_abs);
        snprintf(what, sizeof what, "rolling mean, window %d steps, step %d", w, k);
        kt_close(kt, mean[i] / scale, (double)(want / scale), what, i);
        plain_worst = fmax(plain_worst, (double)fabsl((*ps / w - want) / scale));
        if (want > pmax[j * n + i]) pmax[j * n + i] = want, tmax[j * n + i] = t_of(k);
        if (want < pmin[j * n + i]) pmin[j * n + i] = want, tmin[j * n + i] = t_of(k);
      }
    }
  }
  kt_end(kt);
  printf("     (an uncompensated running sum: worst relative error %.2g)\n", plain_worst);

  kt_begin(kt, "   peaks (largest and smallest rolling mean) and their times", rtol, 0.0);
  double *gmax = xcalloc((size_t)n, sizeof(double)), *gtmax = xcalloc((size_t)n, sizeof(double));
  double *gmin = xcalloc((size_t)n, sizeof(double)), *gtmin = xcalloc((size_t)n, sizeof(double));
  for (int j = 0; j < c->n_win; j++) {
    OcKernelStatsWindowGet(n, c->n_win, c->w, j, c->s, gmax, gtmax, gmin, gtmin);
    for (int i = 0; i < n; i++) {
      kt_close(kt, gmax[i], (double)pmax[j * n + i], "peak max", j * n + i);
      kt_close(kt, gmin[i], (double)pmin[j * n + i], "peak min", j * n + i);
      kt_true(kt, gtmax[i] == tmax[j * n + i], "time of peak max", j * n + i);
      kt_true(kt, gtmin[i] == tmin[j * n + i], "time of peak min", j * n + i);
    }
  }
  kt_end(kt);
  free(pmax), free(pmin), free(tmax), free(tmin), free(plain), free(mean);
  free(gmax), free(gtmax), free(gmin), free(gtmin);
}

static void test_random(Kt *kt)
{
  const int w[5] = {1, 7, 60, 900, 1000};
  Case      c    = case_create(5, 6000, 5, w);

  printf("-- random series: %d elements, %d steps, windows 1, 7, 60, 900, 1000 steps\n", c.n, c.nt);
  for (size_t m = 0; m < (size_t)c.n * c.nt; m++) c.x[m] = kt_uniform(kt, -1e6, 3e6);
  check_case(kt, &c, "random: rolling mean after every step vs brute force", 1e-12);
  case_destroy(&c);
}

/* Pulse of width P steps from step K0 on the base B: value B + H inside. Largest W-window mean
 * B + H min(P, W) / W, first at the end of step K0 + min(P, W) - 1; smallest B, first at step W - 1. */
static void test_pulses(Kt *kt)
{
  enum {
    N_P = 9,
    K0  = 4000
  };
  const int    p[N_P] = {1, 30, 59, 60, 61, 900, 2000, 3600, 5000}, w[4] = {1, 60, 900, 3600};
  const double b = 100.0, h = 2.5e6;
  Case         c = case_create(N_P, K0 + 5000 + 3700, 4, w);
  double       mx[N_P], tmx[N_P], mn[N_P], tmn[N_P];

  printf("-- rectangular pulses of %g W on %g W, widths 1 .. 5000 steps, windows 1, 60, 900, 3600 steps\n", h, b);
  for (int k = 0; k < c.nt; k++)
    for (int i = 0; i < N_P; i++) c.x[(size_t)k * N_P + (size_t)i] = (k >= K0 && k < K0 + p[i]) ? b + h : b;
  for (int k = 0; k < c.nt; k++) OcKernelStatsWindowUpdate(N_P, 4, w, k, t_of(k), c.x + (size_t)k * N_P, c.s);
  kt_begin(kt, "pulses: peak = B + H min(P, W) / W at the known step; min = B at the first full window", 1e-14, 0.0);
  for (int j = 0; j < 4; j++) {
    OcKernelStatsWindowGet(N_P, 4, w, j, c.s, mx, tmx, mn, tmn);
    for (int i = 0; i < N_P; i++) {
      const int e = p[i] < w[j] ? p[i] : w[j];
      kt_close(kt, mx[i], b + h * e / w[j], "peak max", j * N_P + i);
      kt_close(kt, tmx[i], t_of(K0 + e - 1), "time of peak max", j * N_P + i);
      kt_close(kt, mn[i], b, "peak min", j * N_P + i);
      kt_close(kt, tmn[i], t_of(w[j] - 1), "time of peak min", j * N_P + i);
    }
  }
  kt_end(kt);
  case_destroy(&c);
}

static void test_day(Kt *kt)
{
  const int w[4] = {1, 60, 900, 3600};
  Case      c    = case_create(3, 86400, 4, w);
  const int ring = OcKernelStatsWindowRingLength(4, w);

  printf("-- 24 h at 1 s, windows 1 s, 1 min, 15 min, 1 h: state %d doubles per element (ring %d)\n", c.nf, ring);
  for (int k = 0; k < c.nt; k++) {
    double *x = c.x + (size_t)k * 3;
    x[0]      = k < 43200 ? kt_uniform(kt, 5e6, 1e7) : kt_uniform(kt, 0.0, 1e3);
    x[1]      = 2e6 - 1.5e6 * cos(2.0 * KT_PI * k / 86400.0) + kt_uniform(kt, -2.5e6, 1.5e6);
    x[2]      = kt_uniform(kt, -1e4, 1.2e4);
  }
  check_case(kt, &c, "24 h: every rolling mean of every step vs brute force", 1e-12);
  case_destroy(&c);
}

static void test_restart(Kt *kt)
{
  const int w[4] = {1, 7, 60, 900}, n = 6, nt = 5003, h = 2501;
  Case      full = case_create(n, nt, 4, w), half = case_create(n, nt, 4, w);
  double   *copy = xcalloc((size_t)full.nf * n, sizeof(double)), *perm = xcalloc((size_t)full.nf * n, sizeof(double));
  double   *xp = xcalloc((size_t)n, sizeof(double));

  printf("-- restart after %d of %d steps (ring position %d of %d): whole state, and permuted element by element\n", h, nt, h % 900, 900);
  for (size_t m = 0; m < (size_t)n * nt; m++) full.x[m] = kt_uniform(kt, -1e6, 3e6);
  for (int k = 0; k < nt; k++) OcKernelStatsWindowUpdate(n, 4, w, k, t_of(k), full.x + (size_t)k * n, full.s);
  for (int k = 0; k < h; k++) OcKernelStatsWindowUpdate(n, 4, w, k, t_of(k), full.x + (size_t)k * n, half.s);
  memcpy(copy, half.s, (size_t)full.nf * n * sizeof(double));
  for (int i = 0; i < n; i++) OcKernelStatsCopyElement(full.nf, n, half.s, i, n, perm, n - 1 - i);
  for (int k = h; k < nt; k++) {
    const double *x = full.x + (size_t)k * n;
    for (int i = 0; i < n; i++) xp[n - 1 - i] = x[i];
    OcKernelStatsWindowUpdate(n, 4, w, k, t_of(k), x, copy);
    OcKernelStatsWindowUpdate(n, 4, w, k, t_of(k), xp, perm);
  }
  kt_begin(kt, "restart: state identical bit for bit", 0.0, 0.0);
  kt_true(kt, memcmp(full.s, copy, (size_t)full.nf * n * sizeof(double)) == 0, "whole state", 0);
  for (int f = 0; f < full.nf; f++)
    for (int i = 0; i < n; i++) kt_true(kt, memcmp(&full.s[f * n + i], &perm[f * n + n - 1 - i], sizeof(double)) == 0, "permuted element", i);
  kt_end(kt);
  case_destroy(&full), case_destroy(&half);
  free(copy), free(perm), free(xp);
}

int main(void)
{
  Kt kt;
  kt_init(&kt, 86400);
  test_random(&kt);
  test_pulses(&kt);
  test_day(&kt);
  test_restart(&kt);
  return kt_finish(&kt, "test_stats_window");
}
