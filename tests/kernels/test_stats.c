/* Online statistics of stats.h against a direct computation over the whole stored series (a
 * second, naive implementation: full arrays, long double sums, runs found by scanning):
 *   - random series (8 elements, 20000 steps of variable dt; power of both signs, voltages with
 *     an in-service mask, weights, thresholds varying by element and step): energy drawn and fed
 *     back, min/max and their times, RMS, weighted mean and its time share, utilisation, time
 *     below and above thresholds with spells, longest spell and its time;
 *   - designed series with known answers: a sine (RMS = A / sqrt(2)), power pulses (energy =
 *     P T), undervoltage dips of known durations (EN 50163 style, with a vehicle leaving the
 *     network), a hand-computed EN 50388 mean useful voltage per vehicle and per zone (also from
 *     two partial accumulators added), charger utilisation, min/max ties;
 *   - restart: accumulate half, copy the state (as a whole, and element by element into a
 *     permuted layout as on another rank count), continue: identical bit for bit. */
#include "kernel_test.h"
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#define N_EL 8
#define N_ST 20000

/* A stored series: values of step k, element i at [k * n + i]. */
typedef struct {
  int            n, nt;
  double        *dt, *t;          /* [nt] step length and time label (end of step) */
  double        *p;               /* power, both signs (W) */
  double        *u;               /* voltage (V) */
  unsigned char *on;              /* in service */
  double        *w, *occ;         /* weight (drawing power), occupancy 0/1 */
  double        *thr_lo, *thr_hi; /* thresholds for u (below) and p (above) */
} Series;

static void *xcalloc(size_t n, size_t size)
{
  void *p = calloc(n, size);
  if (!p) {
    printf("out of memory\n");
    exit(2);
  }
  return p;
}

static Series series_alloc(int n, int nt)
{
  const size_t m = (size_t)n * (size_t)nt;
  return (Series){n, nt, xcalloc((size_t)nt, sizeof(double)), xcalloc((size_t)nt, sizeof(double)), xcalloc(m, sizeof(double)), xcalloc(m, sizeof(double)), xcalloc(m, 1), xcalloc(m, sizeof(double)), xcalloc(m, sizeof(double)), xcalloc(m, sizeof(double)), xcalloc(m, sizeof(double))};
}

static void series_free(Series *s)
{
  free(s->dt), free(s->t), free(s->p), free(s->u), free(s->on), free(s->w), free(s->occ), free(s->thr_lo), free(s->thr_hi);
}

/* Random series: autocorrelated (AR(1)) so that thresholds are crossed in runs of many steps. */
static Series series_random(Kt *kt, int n, int nt)
{
  Series s = series_alloc(n, nt);
  double p[N_EL], u[N_EL], lo[N_EL], hi[N_EL];
  for (int i = 0; i < n; i++) {
    p[i]  = kt_uniform(kt, -1e6, 2e6);
    u[i]  = kt_uniform(kt, 600.0, 800.0);
    lo[i] = kt_uniform(kt, 550.0, 700.0);
    hi[i] = kt_uniform(kt, 0.0, 1.5e6);
  }
  double t = 1000.0;
  for (int k = 0; k < nt; k++) {
    s.dt[k] = kt_uniform(kt, 0.5, 1.5);
    t += s.dt[k];
    s.t[k] = t;
    for (int i = 0; i < n; i++) {
      const size_t m = (size_t)k * (size_t)n + (size_t)i;
      p[i]           = 0.95 * p[i] + kt_uniform(kt, -1.5e5, 1.6e5);
      u[i]           = 0.9 * u[i] + 0.1 * 700.0 + kt_uniform(kt, -30.0, 30.0);
      s.p[m]         = p[i];
      s.u[m]         = u[i];
      s.on[m]        = (k / 97 + i) % 5 != 0; /* out of service one stretch in five */
      s.w[m]         = s.on[m] && p[i] > 0.0;
      s.occ[m]       = (k / 53 + 2 * i) % 3 == 0;
      s.thr_lo[m]    = i == 0 ? lo[i] + 50.0 * sin(1e-3 * k) : lo[i]; /* element 0: varying threshold */
      s.thr_hi[m]    = hi[i];
    }
  }
  return s;
}

/* The accumulators under test, all on the same series. */
enum {
  A_ENERGY,
  A_MINMAX,
  A_RMS,
  A_MEAN,
  A_UTIL,
  A_BELOW,
  A_ABOVE,
  N_ACC
};
static const int   NF[N_ACC]   = {OC_STATS_INTEGRAL_NF, OC_STATS_MINMAX_NF, OC_STATS_RMS_NF, OC_STATS_MEAN_NF, OC_STATS_MEAN_NF, OC_STATS_THRESHOLD_NF, OC_STATS_THRESHOLD_NF};
static const char *NAME[N_ACC] = {"energy", "min/max", "rms", "weighted mean", "utilisation", "time below", "time above"};

typedef struct {
  int     n;
  double *s[N_ACC];
} Acc;

static Acc acc_create(int n)
{
  Acc a = {n, {0}};
  for (int q = 0; q < N_ACC; q++) a.s[q] = xcalloc((size_t)NF[q] * (size_t)n, sizeof(double));
  OcKernelStatsIntegralInit(n, a.s[A_ENERGY]);
  OcKernelStatsMinMaxInit(n, a.s[A_MINMAX]);
  OcKernelStatsRmsInit(n, a.s[A_RMS]);
  OcKernelStatsMeanInit(n, a.s[A_MEAN]);
  OcKernelStatsMeanInit(n, a.s[A_UTIL]);
  OcKernelStatsThresholdInit(n, a.s[A_BELOW]);
  OcKernelStatsThresholdInit(n, a.s[A_ABOVE]);
  return a;
}

static void acc_destroy(Acc *a)
{
  for (int q = 0; q < N_ACC; q++) free(a->s[q]);
}

/* Steps k0 .. k1-1 of the series into the accumulators. */
static void acc_run(Acc *a, const Series *s, int k0, int k1)
{
  const int n = s->n;
  for (int k = k0; k < k1; k++) {
    const size_t o = (size_t)k * (size_t)n;
    OcKernelStatsIntegralUpdate(n, s->dt[k], s->p + o, a->s[A_ENERGY]);
    OcKernelStatsMinMaxUpdate(n, s->t[k], s->u + o, s->on + o, a->s[A_MINMAX]);
    OcKernelStatsRmsUpdate(n, s->dt[k], s->p + o, a->s[A_RMS]);
    OcKernelStatsMeanUpdate(n, s->dt[k], s->u + o, s->w + o, a->s[A_MEAN]);
    OcKernelStatsMeanUpdate(n, s->dt[k], NULL, s->occ + o, a->s[A_UTIL]);
    OcKernelStatsThresholdUpdate(n, s->t[k], s->dt[k], s->thr_lo + o, 0, s->u + o, s->on + o, a->s[A_BELOW]);
    OcKernelStatsThresholdUpdate(n, s->t[k], s->dt[k], s->thr_hi + o, 1, s->p + o, NULL, a->s[A_ABOVE]);
  }
}

/* The results, in one struct of arrays [n] each. */
enum {
  R_EPOS,
  R_ENEG,
  R_MIN,
  R_TMIN,
  R_MAX,
  R_TMAX,
  R_RMS,
  R_MEAN,
  R_FRAC,
  R_UTIL,
  R_B_TIME,
  R_B_SPELLS,
  R_B_LONGEST,
  R_B_TLONG,
  R_A_TIME,
  R_A_SPELLS,
  R_A_LONGEST,
  R_A_TLONG,
  N_RES
};
static const char *RES_NAME[N_RES] = {"E+", "E-", "min", "t_min", "max", "t_max", "rms", "mean", "frac", "util", "below.time", "below.spells", "below.longest", "below.t_longest", "above.time", "above.spells", "above.longest", "above.t_longest"};

typedef struct {
  double r[N_RES][N_EL];
} Results;

static void acc_results(const Acc *a, Results *r)
{
  const int n = a->n;
  OcKernelStatsIntegralGet(n, a->s[A_ENERGY], r->r[R_EPOS], r->r[R_ENEG]);
  OcKernelStatsMinMaxGet(n, a->s[A_MINMAX], r->r[R_MIN], r->r[R_TMIN], r->r[R_MAX], r->r[R_TMAX]);
  OcKernelStatsRmsGet(n, a->s[A_RMS], r->r[R_RMS]);
  OcKernelStatsMeanGet(n, a->s[A_MEAN], r->r[R_MEAN], r->r[R_FRAC]);
  OcKernelStatsMeanGet(n, a->s[A_UTIL], NULL, r->r[R_UTIL]);
  OcKernelStatsThresholdGet(n, a->s[A_BELOW], r->r[R_B_TIME], r->r[R_B_SPELLS], r->r[R_B_LONGEST], r->r[R_B_TLONG]);
  OcKernelStatsThresholdGet(n, a->s[A_ABOVE], r->r[R_A_TIME], r->r[R_A_SPELLS], r->r[R_A_LONGEST], r->r[R_A_TLONG]);
}

/* Runs of consecutive steps where beyond[k] holds, found by scanning the stored flags. */
static void direct_runs(const Series *s, const unsigned char *beyond, double *time, double *spells, double *longest, double *t_longest)
{
  long double total = 0.0L;
  *spells = *longest = 0.0;
  *t_longest         = NAN;
  for (int a = 0; a < s->nt;) {
    if (!beyond[a]) {
      a++;
      continue;
    }
    int    b   = a;
    double len = 0.0; /* summed as the kernel does: a run is a plain sum */
    while (b < s->nt && beyond[b]) len += s->dt[b++];
    for (int k = a; k < b; k++) total += s->dt[k];
    *spells += 1.0;
    if (len > *longest) *longest = len, *t_longest = s->t[b - 1];
    a = b;
  }
  *time = (double)total;
}

/* The same results computed directly from the stored series of element i. */
static void direct(const Series *s, int i, Results *r)
{
  const int      n    = s->n;
  long double    epos = 0, eneg = 0, sq = 0, T = 0, wx = 0, sw = 0, occ = 0;
  double         mn = INFINITY, mx = -INFINITY, tmn = NAN, tmx = NAN;
  unsigned char *below = xcalloc((size_t)s->nt, 1), *above = xcalloc((size_t)s->nt, 1);

  for (int k = 0; k < s->nt; k++) {
    const size_t      m  = (size_t)k * (size_t)n + (size_t)i;
    const long double dt = s->dt[k], p = s->p[m], u = s->u[m];
    if (p > 0) epos += p * dt;
    else eneg -= p * dt;
    sq += p * p * dt;
    T += dt;
    wx += s->w[m] * u * dt;
    sw += s->w[m] * dt;
    occ += s->occ[m] * dt;
    if (s->on[m] && s->u[m] < mn) mn = s->u[m], tmn = s->t[k];
    if (s->on[m] && s->u[m] > mx) mx = s->u[m], tmx = s->t[k];
    below[k] = s->on[m] && s->u[m] < s->thr_lo[m];
    above[k] = s->p[m] > s->thr_hi[m];
  }
  r->r[R_EPOS][i] = (double)epos;
  r->r[R_ENEG][i] = (double)eneg;
  r->r[R_MIN][i] = mn, r->r[R_TMIN][i] = tmn, r->r[R_MAX][i] = mx, r->r[R_TMAX][i] = tmx;
  r->r[R_RMS][i]  = (double)sqrtl(sq / T);
  r->r[R_MEAN][i] = (double)(wx / sw);
  r->r[R_FRAC][i] = (double)(sw / T);
  r->r[R_UTIL][i] = (double)(occ / T);
  direct_runs(s, below, &r->r[R_B_TIME][i], &r->r[R_B_SPELLS][i], &r->r[R_B_LONGEST][i], &r->r[R_B_TLONG][i]);
  direct_runs(s, above, &r->r[R_A_TIME][i], &r->r[R_A_SPELLS][i], &r->r[R_A_LONGEST][i], &r->r[R_A_TLONG][i]);
  free(below), free(above);
}

static int same_bits(double a, double b)
{
  return memcmp(&a, &b, sizeof a) == 0;
}

static void test_random(Kt *kt)
{
  Series  s = series_random(kt, N_EL, N_ST);
  Acc     a = acc_create(N_EL);
  Results got, want;
  double  spells = 0.0;

  printf("-- random series: %d elements, %d steps of dt in [0.5, 1.5] s\n", N_EL, N_ST);
  acc_run(&a, &s, 0, s.nt);
  acc_results(&a, &got);
  for (int i = 0; i < N_EL; i++) direct(&s, i, &want);
  kt_begin(kt, "every statistic against the direct computation", 1e-12, 0.0);
  for (int q = 0; q < N_RES; q++)
    for (int i = 0; i < N_EL; i++) {
      if (q == R_B_SPELLS || q == R_A_SPELLS) spells += want.r[q][i];
      if (isnan(want.r[q][i])) kt_true(kt, isnan(got.r[q][i]), RES_NAME[q], i);
      else kt_close(kt, got.r[q][i], want.r[q][i], RES_NAME[q], i);
    }
  kt_end(kt);
  kt_begin(kt, "the random series exercises every branch", 0.0, 0.0);
  kt_true(kt, spells > 100.0, "many threshold spells", 0);
  for (int i = 0; i < N_EL; i++) {
    kt_true(kt, want.r[R_ENEG][i] > 0.0 && want.r[R_EPOS][i] > 0.0, "energy of both signs", i);
    kt_true(kt, want.r[R_FRAC][i] > 0.05 && want.r[R_FRAC][i] < 0.95, "weights both 0 and 1", i);
  }
  kt_end(kt);
  acc_destroy(&a);
  series_free(&s);
}

/* Sine of amplitude A sampled at phase phi over whole periods of P samples:
 *   RMS = A / sqrt(2)  (sum_k sin^2 = N / 2 for P >= 3),
 *   E+ = E- = periods A dt sum_{k < P/2} sin(2 pi (k + phi) / P) = periods A dt cos(pi (2 phi - 1) / P) / sin(pi / P). */
static void test_sine(Kt *kt)
{
  const double a = 1234.5, dt = 0.125, phi = 0.3;
  const int    per = 480, periods = 30;
  double       st[OC_STATS_RMS_NF], se[OC_STATS_INTEGRAL_NF], rms, pos, neg;

  printf("-- sine: amplitude %g, %d samples per period, %d periods, dt %g s\n", a, per, periods, dt);
  OcKernelStatsRmsInit(1, st);
  OcKernelStatsIntegralInit(1, se);
  for (int k = 0; k < periods * per; k++) {
    const double x = a * sin(2.0 * KT_PI * (k + phi) / per);
    OcKernelStatsRmsUpdate(1, dt, &x, st);
    OcKernelStatsIntegralUpdate(1, dt, &x, se);
  }
  OcKernelStatsRmsGet(1, st, &rms);
  OcKernelStatsIntegralGet(1, se, &pos, &neg);
  const double e_half = periods * a * dt * cos(KT_PI * (2.0 * phi - 1.0) / per) / sin(KT_PI / per);
  kt_begin(kt, "sine: RMS = A / sqrt(2), E+ = E- = closed form", 1e-12, 0.0);
  kt_close(kt, rms, a / sqrt(2.0), "rms", 0);
  kt_close(kt, pos, e_half, "E+", 0);
  kt_close(kt, neg, e_half, "E-", 0);
  kt_end(kt);
}

/* Pulses of known power and duration. */
static void test_pulses(Kt *kt)
{
  double s[OC_STATS_INTEGRAL_NF], pos, neg;

  printf("-- pulses: 2 MW 600 s, -0.5 MW 120 s, 0 280 s (dt 1 s); 1234567 W for 24 h in steps of 0.1 s\n");
  OcKernelStatsIntegralInit(1, s);
  for (int k = 0; k < 1000; k++) {
    const double x = k < 600 ? 2e6 : k < 720 ? -0.5e6 : 0.0;
    OcKernelStatsIntegralUpdate(1, 1.0, &x, s);
  }
  OcKernelStatsIntegralGet(1, s, &pos, &neg);
  kt_begin(kt, "pulse energy: E+ = 1.2e9 J, E- = 6e7 J", 1e-15, 0.0);
  kt_close(kt, pos, 1.2e9, "E+", 0);
  kt_close(kt, neg, 6e7, "E-", 0);
  kt_end(kt);

  /* 24 h at dt = 0.1 s: a plain running sum of the 864000 steps is off by 1.5e-11 (energy) and
   * 6e-12 (time) relative; the compensated sums are exact to one rounding. */
  double       st[OC_STATS_THRESHOLD_NF], time;
  const double x = 1234567.0, thr = 2e6;
  OcKernelStatsIntegralInit(1, s);
  OcKernelStatsThresholdInit(1, st);
  for (int k = 0; k < 864000; k++) {
    OcKernelStatsIntegralUpdate(1, 0.1, &x, s);
    OcKernelStatsThresholdUpdate(1, 0.1 * (k + 1), 0.1, &thr, 0, &x, NULL, st);
  }
  OcKernelStatsIntegralGet(1, s, &pos, &neg);
  OcKernelStatsThresholdGet(1, st, &time, NULL, NULL, NULL);
  kt_begin(kt, "1234567 W for 24 h in 864000 steps of 0.1 s: E+ = 1234567 x 86400 J, time below 2 MW = 86400 s", 1e-15, 0.0);
  kt_close(kt, pos, x * 86400.0, "E+", 0);
  kt_close(kt, neg, 0.0, "E-", 0);
  kt_close(kt, time, 86400.0, "time", 0);
  kt_end(kt);
}

/* Undervoltage dips of known durations at dt = 1 s, step k labelled t = k + 1: 480 V in steps
 * 100..129, 450 V in 1000..1149 with 380 V in 1050..1059, 750 V otherwise; thresholds 500 V and
 * 400 V. Element 1 is the same vehicle but off the network (voltage 0, on = 0) in 1100..1109.
 * Element 2 has two dips of equal length, 100..129 and 300..329: the longest is the first. */
static void test_dips(Kt *kt)
{
  double       lo[OC_STATS_THRESHOLD_NF * 3], lo2[OC_STATS_THRESHOLD_NF * 3], mm[OC_STATS_MINMAX_NF * 3];
  const double thr1[3] = {500.0, 500.0, 500.0}, thr2[3] = {400.0, 400.0, 400.0};
  double       time[3], spells[3], longest[3], t_longest[3], mn[3], t_mn[3];

  printf("-- undervoltage dips: 30 s and 150 s below 500 V, 10 s of them below 400 V; a vehicle off the network for 10 s; two equal dips\n");
  OcKernelStatsThresholdInit(3, lo);
  OcKernelStatsThresholdInit(3, lo2);
  OcKernelStatsMinMaxInit(3, mm);
  for (int k = 0; k < 2000; k++) {
    const double  u     = (k >= 100 && k < 130) ? 480.0 : (k >= 1050 && k < 1060) ? 380.0 : (k >= 1000 && k < 1150) ? 450.0 : 750.0;
    const int     off   = k >= 1100 && k < 1110;
    const double  x[3]  = {u, off ? 0.0 : u, (k >= 100 && k < 130) || (k >= 300 && k < 330) ? 480.0 : 750.0};
    unsigned char on[3] = {1, !off, 1};
    OcKernelStatsThresholdUpdate(3, k + 1.0, 1.0, thr1, 0, x, on, lo);
    OcKernelStatsThresholdUpdate(3, k + 1.0, 1.0, thr2, 0, x, on, lo2);
    OcKernelStatsMinMaxUpdate(3, k + 1.0, x, on, mm);
  }
  kt_begin(kt, "dips: time, spells, longest spell and its end below 500 V and 400 V; min voltage", 0.0, 0.0);
  OcKernelStatsThresholdGet(3, lo, time, spells, longest, t_longest);
  kt_close(kt, time[0], 180.0, "time below 500 V", 0);
  kt_close(kt, spells[0], 2.0, "spells below 500 V", 0);
  kt_close(kt, longest[0], 150.0, "longest below 500 V", 0);
  kt_close(kt, t_longest[0], 1150.0, "end of the longest below 500 V", 0);
  kt_close(kt, time[1], 170.0, "time below 500 V, off 10 s", 1);
  kt_close(kt, spells[1], 3.0, "spells below 500 V, off 10 s", 1);
  kt_close(kt, longest[1], 100.0, "longest below 500 V, off 10 s", 1);
  kt_close(kt, t_longest[1], 1100.0, "end of the longest below 500 V, off 10 s", 1);
  kt_close(kt, time[2], 60.0, "time below 500 V, two equal dips", 2);
  kt_close(kt, spells[2], 2.0, "spells below 500 V, two equal dips", 2);
  kt_close(kt, longest[2], 30.0, "longest below 500 V, two equal dips", 2);
  kt_close(kt, t_longest[2], 130.0, "end of the longest below 500 V: the first of two equal", 2);
  OcKernelStatsThresholdGet(3, lo2, time, spells, longest, t_longest);
  for (int i = 0; i < 2; i++) {
    kt_close(kt, time[i], 10.0, "time below 400 V", i);
    kt_close(kt, spells[i], 1.0, "spells below 400 V", i);
    kt_close(kt, longest[i], 10.0, "longest below 400 V", i);
    kt_close(kt, t_longest[i], 1060.0, "end of the longest below 400 V", i);
  }
  kt_close(kt, time[2], 0.0, "time below 400 V", 2);
  kt_true(kt, isnan(t_longest[2]), "no spell below 400 V: t_longest NaN", 2);
  OcKernelStatsMinMaxGet(3, mm, mn, t_mn, NULL, NULL);
  for (int i = 0; i < 2; i++) {
    kt_close(kt, mn[i], 380.0, "min voltage (0 V while off the network ignored)", i);
    kt_close(kt, t_mn[i], 1051.0, "time of the min voltage (first)", i);
  }
  kt_end(kt);
}

/* EN 50388 mean useful voltage of three vehicles over four 1 s steps, by hand:
 *   U      = 700 650 720 | 680 600 760 | 690 620 740 | 710 640 730
 *   drawing  1   1   0   | 1   0   0   | 0   1   1   | 1   1   1
 * per vehicle: (700 + 680 + 710) / 3, (650 + 620 + 640) / 3, (740 + 730) / 2, time shares 3/4 3/4 2/4;
 * zone: the 8 (vehicle, step) pairs drawing power, 5470 / 8 = 683.75 V. The zone accumulator gets
 * per step the mean voltage of the vehicles drawing and their number; it is also built from two
 * partial accumulators (vehicles {0, 1} and {2}, as on two ranks) added field by field. */
static void test_en50388(Kt *kt)
{
  const double u[4][3] = {
    {700, 650, 720},
    {680, 600, 760},
    {690, 620, 740},
    {710, 640, 730}
  };
  const double d[4][3] = {
    {1, 1, 0},
    {1, 0, 0},
    {0, 1, 1},
    {1, 1, 1}
  };
  double veh[OC_STATS_MEAN_NF * 3], zone[OC_STATS_MEAN_NF], part[2][OC_STATS_MEAN_NF], sum[OC_STATS_MEAN_NF];
  double mean[3], frac[3], zmean, pmean;

  printf("-- EN 50388 mean useful voltage: 3 vehicles, 4 steps, computed by hand\n");
  OcKernelStatsMeanInit(3, veh);
  OcKernelStatsMeanInit(1, zone);
  OcKernelStatsMeanInit(1, part[0]);
  OcKernelStatsMeanInit(1, part[1]);
  for (int k = 0; k < 4; k++) {
    double su[2] = {0, 0}, cnt[2] = {0, 0};
    for (int i = 0; i < 3; i++) su[i == 2] += d[k][i] * u[k][i], cnt[i == 2] += d[k][i];
    const double c = cnt[0] + cnt[1], x = c > 0 ? (su[0] + su[1]) / c : 0.0;
    OcKernelStatsMeanUpdate(3, 1.0, u[k], d[k], veh);
    OcKernelStatsMeanUpdate(1, 1.0, &x, &c, zone);
    for (int r = 0; r < 2; r++) {
      const double xr = cnt[r] > 0 ? su[r] / cnt[r] : 0.0;
      OcKernelStatsMeanUpdate(1, 1.0, &xr, &cnt[r], part[r]);
    }
  }
  OcKernelStatsMeanGet(3, veh, mean, frac);
  OcKernelStatsMeanGet(1, zone, &zmean, NULL);
  for (int f = 0; f < OC_STATS_MEAN_NF; f++) sum[f] = part[0][f] + part[1][f];
  OcKernelStatsMeanGet(1, sum, &pmean, NULL);
  kt_begin(kt, "EN 50388: per vehicle and per zone (also from two partial accumulators)", 1e-15, 0.0);
  kt_close(kt, mean[0], (700.0 + 680.0 + 710.0) / 3.0, "vehicle mean useful voltage", 0);
  kt_close(kt, mean[1], (650.0 + 620.0 + 640.0) / 3.0, "vehicle mean useful voltage", 1);
  kt_close(kt, mean[2], 735.0, "vehicle mean useful voltage", 2);
  kt_close(kt, frac[0], 0.75, "vehicle share of time drawing", 0);
  kt_close(kt, frac[1], 0.75, "vehicle share of time drawing", 1);
  kt_close(kt, frac[2], 0.5, "vehicle share of time drawing", 2);
  kt_close(kt, zmean, 683.75, "zone mean useful voltage", 0);
  kt_close(kt, pmean, 683.75, "zone mean useful voltage from partial sums", 0);
  kt_end(kt);
}

/* A charger occupied in 25 of every 100 steps; ties of min/max keep the first occurrence. */
static void test_util_ties(Kt *kt)
{
  double       su[OC_STATS_MEAN_NF], sm[OC_STATS_MINMAX_NF], util, v[4];
  const double x[6] = {5, 3, 7, 3, 7, 4};

  printf("-- utilisation of a charger occupied 25 %% of the time; min/max ties\n");
  OcKernelStatsMeanInit(1, su);
  for (int k = 0; k < 1000; k++) {
    const double occ = k % 100 >= 40 && k % 100 < 65;
    OcKernelStatsMeanUpdate(1, 1.0, NULL, &occ, su);
  }
  OcKernelStatsMeanGet(1, su, NULL, &util);
  OcKernelStatsMinMaxInit(1, sm);
  for (int k = 0; k < 6; k++) OcKernelStatsMinMaxUpdate(1, 10.0 * k, &x[k], NULL, sm);
  OcKernelStatsMinMaxGet(1, sm, &v[0], &v[1], &v[2], &v[3]);
  kt_begin(kt, "utilisation = 0.25; min 3 at t = 10, max 7 at t = 20 (first of two)", 0.0, 0.0);
  kt_close(kt, util, 0.25, "utilisation", 0);
  kt_close(kt, v[0], 3.0, "min", 0);
  kt_close(kt, v[1], 10.0, "t_min", 0);
  kt_close(kt, v[2], 7.0, "max", 0);
  kt_close(kt, v[3], 20.0, "t_max", 0);
  kt_end(kt);
}

/* Restart: half the random series, copy the state, continue; compare with the uninterrupted run
 * bit for bit. Also through a permuted layout (element i -> n - 1 - i, copied element by element
 * as a checkpoint read on another rank count would), continued on permuted inputs. */
static void test_restart(Kt *kt)
{
  Series    s = series_random(kt, N_EL, N_ST), sp = series_alloc(N_EL, N_ST);
  Acc       full = acc_create(N_EL), half = acc_create(N_EL), copy = acc_create(N_EL), perm = acc_create(N_EL);
  Results   r_full, r_copy, r_perm;
  const int h = N_ST / 2;

  printf("-- restart after %d of %d steps: state copied whole, and element by element into a permuted layout\n", h, N_ST);
  memcpy(sp.dt, s.dt, N_ST * sizeof(double));
  memcpy(sp.t, s.t, N_ST * sizeof(double));
  for (int k = 0; k < N_ST; k++)
    for (int i = 0; i < N_EL; i++) {
      const size_t a = (size_t)k * N_EL + (size_t)i, b = (size_t)k * N_EL + (size_t)(N_EL - 1 - i);
      sp.p[b] = s.p[a], sp.u[b] = s.u[a], sp.on[b] = s.on[a], sp.w[b] = s.w[a], sp.occ[b] = s.occ[a];
      sp.thr_lo[b] = s.thr_lo[a], sp.thr_hi[b] = s.thr_hi[a];
    }
  acc_run(&full, &s, 0, N_ST);
  acc_run(&half, &s, 0, h);
  for (int q = 0; q < N_ACC; q++) {
    memcpy(copy.s[q], half.s[q], (size_t)NF[q] * N_EL * sizeof(double));
    for (int i = 0; i < N_EL; i++) OcKernelStatsCopyElement(NF[q], N_EL, half.s[q], i, N_EL, perm.s[q], N_EL - 1 - i);
  }
  acc_destroy(&half);
  acc_run(&copy, &s, h, N_ST);
  acc_run(&perm, &sp, h, N_ST);
  acc_results(&full, &r_full);
  acc_results(&copy, &r_copy);
  acc_results(&perm, &r_perm);
  kt_begin(kt, "restart: state and results identical bit for bit", 0.0, 0.0);
  for (int q = 0; q < N_ACC; q++) {
    kt_true(kt, memcmp(full.s[q], copy.s[q], (size_t)NF[q] * N_EL * sizeof(double)) == 0, NAME[q], q);
    for (int i = 0; i < N_EL; i++)
      for (int f = 0; f < NF[q]; f++) kt_true(kt, same_bits(full.s[q][f * N_EL + i], perm.s[q][f * N_EL + N_EL - 1 - i]), NAME[q], i);
  }
  for (int q = 0; q < N_RES; q++)
    for (int i = 0; i < N_EL; i++) {
      kt_true(kt, same_bits(r_full.r[q][i], r_copy.r[q][i]), RES_NAME[q], i);
      kt_true(kt, same_bits(r_full.r[q][i], r_perm.r[q][N_EL - 1 - i]), RES_NAME[q], i);
    }
  kt_end(kt);
  acc_destroy(&full), acc_destroy(&copy), acc_destroy(&perm);
  series_free(&s), series_free(&sp);
}

int main(void)
{
  Kt kt;
  kt_init(&kt, 20240501);
  test_random(&kt);
  test_sine(&kt);
  test_pulses(&kt);
  test_dips(&kt);
  test_en50388(&kt);
  test_util_ties(&kt);
  test_restart(&kt);
  return kt_finish(&kt, "test_stats");
}
