#include "stats.h"

#include <math.h>
#include <stddef.h>

/* Sets field f of all n elements to v. */
static void fill(int n, double *restrict s, int f, double v)
{
  double *restrict p = s + (size_t)f * (size_t)n;
  for (int i = 0; i < n; i++) p[i] = v;
}

static double *field(int n, double *s, int f)
{
  return s + (size_t)f * (size_t)n;
}

static const double *cfield(int n, const double *s, int f)
{
  return s + (size_t)f * (size_t)n;
}

/* out[i] = sum + c of the compensated pair starting at field f (skipped when out is NULL). */
static void get_sum(int n, const double *s, int f, double *restrict out)
{
  if (!out) return;
  const double *sum = cfield(n, s, f), *c = cfield(n, s, f + 1);
  for (int i = 0; i < n; i++) out[i] = sum[i] + c[i];
}

void OcKernelStatsCopyElement(int nf, int n_from, const double from[], int i, int n_to, double to[], int j)
{
  for (int f = 0; f < nf; f++) to[(size_t)f * (size_t)n_to + (size_t)j] = from[(size_t)f * (size_t)n_from + (size_t)i];
}

/* ---- Integral ---- */

void OcKernelStatsIntegralInit(int n, double s[])
{
  for (int f = 0; f < OC_STATS_INTEGRAL_NF; f++) fill(n, s, f, 0.0);
}

void OcKernelStatsIntegralUpdate(int n, double dt_s, const double x[], double s[])
{
  double *restrict pos = field(n, s, OC_STATS_INTEGRAL_POS), *restrict pos_c = field(n, s, OC_STATS_INTEGRAL_POS_C);
  double *restrict neg = field(n, s, OC_STATS_INTEGRAL_NEG), *restrict neg_c = field(n, s, OC_STATS_INTEGRAL_NEG_C);

  for (int i = 0; i < n; i++) {
    const double e = x[i] * dt_s;
    OcKernelStatsSumAdd(&pos[i], &pos_c[i], e > 0.0 ? e : 0.0);
    OcKernelStatsSumAdd(&neg[i], &neg_c[i], e < 0.0 ? -e : 0.0);
  }
}

void OcKernelStatsIntegralGet(int n, const double s[], double pos[], double neg[])
{
  get_sum(n, s, OC_STATS_INTEGRAL_POS, pos);
  get_sum(n, s, OC_STATS_INTEGRAL_NEG, neg);
}

/* ---- Min/max ---- */

void OcKernelStatsMinMaxInit(int n, double s[])
{
  fill(n, s, OC_STATS_MINMAX_MIN, INFINITY);
  fill(n, s, OC_STATS_MINMAX_T_MIN, NAN);
  fill(n, s, OC_STATS_MINMAX_MAX, -INFINITY);
  fill(n, s, OC_STATS_MINMAX_T_MAX, NAN);
}

void OcKernelStatsMinMaxUpdate(int n, double t_s, const double x[], const unsigned char on[], double s[])
{
  double *restrict min = field(n, s, OC_STATS_MINMAX_MIN), *restrict t_min = field(n, s, OC_STATS_MINMAX_T_MIN);
  double *restrict max = field(n, s, OC_STATS_MINMAX_MAX), *restrict t_max = field(n, s, OC_STATS_MINMAX_T_MAX);

  for (int i = 0; i < n; i++) {
    if (on && !on[i]) continue;
    if (x[i] < min[i]) {
      min[i]   = x[i];
      t_min[i] = t_s;
    }
    if (x[i] > max[i]) {
      max[i]   = x[i];
      t_max[i] = t_s;
    }
  }
}

void OcKernelStatsMinMaxGet(int n, const double s[], double min[], double t_min[], double max[], double t_max[])
{
  double *out[OC_STATS_MINMAX_NF] = {min, t_min, max, t_max};
  for (int f = 0; f < OC_STATS_MINMAX_NF; f++) {
    const double *p = cfield(n, s, f);
    if (out[f])
      for (int i = 0; i < n; i++) out[f][i] = p[i];
  }
}

/* ---- RMS ---- */

void OcKernelStatsRmsInit(int n, double s[])
{
  for (int f = 0; f < OC_STATS_RMS_NF; f++) fill(n, s, f, 0.0);
}

void OcKernelStatsRmsUpdate(int n, double dt_s, const double x[], double s[])
{
  double *restrict sq = field(n, s, OC_STATS_RMS_SQ), *restrict sq_c = field(n, s, OC_STATS_RMS_SQ_C);
  double *restrict t = field(n, s, OC_STATS_RMS_T), *restrict t_c = field(n, s, OC_STATS_RMS_T_C);

  for (int i = 0; i < n; i++) {
    OcKernelStatsSumAdd(&sq[i], &sq_c[i], x[i] * x[i] * dt_s);
    OcKernelStatsSumAdd(&t[i], &t_c[i], dt_s);
  }
}

void OcKernelStatsRmsGet(int n, const double s[], double rms[])
{
  const double *sq = cfield(n, s, OC_STATS_RMS_SQ), *sq_c = cfield(n, s, OC_STATS_RMS_SQ_C);
  const double *t = cfield(n, s, OC_STATS_RMS_T), *t_c = cfield(n, s, OC_STATS_RMS_T_C);

  for (int i = 0; i < n; i++) rms[i] = sqrt((sq[i] + sq_c[i]) / (t[i] + t_c[i]));
}

/* ---- Weighted mean and fraction ---- */

void OcKernelStatsMeanInit(int n, double s[])
{
  for (int f = 0; f < OC_STATS_MEAN_NF; f++) fill(n, s, f, 0.0);
}

void OcKernelStatsMeanUpdate(int n, double dt_s, const double x[], const double w[], double s[])
{
  double *restrict wx = field(n, s, OC_STATS_MEAN_WX), *restrict wx_c = field(n, s, OC_STATS_MEAN_WX_C);
  double *restrict sw = field(n, s, OC_STATS_MEAN_W), *restrict sw_c = field(n, s, OC_STATS_MEAN_W_C);
  double *restrict t = field(n, s, OC_STATS_MEAN_T), *restrict t_c = field(n, s, OC_STATS_MEAN_T_C);

  for (int i = 0; i < n; i++) {
    const double wdt = w ? w[i] * dt_s : dt_s;
    if (x) OcKernelStatsSumAdd(&wx[i], &wx_c[i], x[i] * wdt);
    OcKernelStatsSumAdd(&sw[i], &sw_c[i], wdt);
    OcKernelStatsSumAdd(&t[i], &t_c[i], dt_s);
  }
}

void OcKernelStatsMeanGet(int n, const double s[], double mean[], double frac[])
{
  const double *wx = cfield(n, s, OC_STATS_MEAN_WX), *wx_c = cfield(n, s, OC_STATS_MEAN_WX_C);
  const double *sw = cfield(n, s, OC_STATS_MEAN_W), *sw_c = cfield(n, s, OC_STATS_MEAN_W_C);
  const double *t = cfield(n, s, OC_STATS_MEAN_T), *t_c = cfield(n, s, OC_STATS_MEAN_T_C);

  for (int i = 0; i < n; i++) {
    const double wsum = sw[i] + sw_c[i];
    if (mean) mean[i] = wsum != 0.0 ? (wx[i] + wx_c[i]) / wsum : NAN;
    if (frac) frac[i] = wsum / (t[i] + t_c[i]);
  }
}

/* ---- Time beyond a threshold ---- */

void OcKernelStatsThresholdInit(int n, double s[])
{
  for (int f = 0; f < OC_STATS_THRESHOLD_NF; f++) fill(n, s, f, 0.0);
  fill(n, s, OC_STATS_THRESHOLD_T_LONGEST, NAN);
}

void OcKernelStatsThresholdUpdate(int n, double t_s, double dt_s, const double thr[], int above, const double x[], const unsigned char on[], double s[])
{
  double *restrict time = field(n, s, OC_STATS_THRESHOLD_TIME), *restrict time_c = field(n, s, OC_STATS_THRESHOLD_TIME_C);
  double *restrict spells = field(n, s, OC_STATS_THRESHOLD_SPELLS), *restrict longest = field(n, s, OC_STATS_THRESHOLD_LONGEST);
  double *restrict t_longest = field(n, s, OC_STATS_THRESHOLD_T_LONGEST), *restrict current = field(n, s, OC_STATS_THRESHOLD_CURRENT);

  for (int i = 0; i < n; i++) {
    const int beyond = (!on || on[i]) && (above ? x[i] > thr[i] : x[i] < thr[i]);
    if (!beyond) {
      current[i] = 0.0;
      continue;
    }
    OcKernelStatsSumAdd(&time[i], &time_c[i], dt_s);
    if (current[i] == 0.0) spells[i] += 1.0; /* dt_s > 0: current is 0 only outside a run */
    current[i] += dt_s;
    if (current[i] > longest[i]) {
      longest[i]   = current[i];
      t_longest[i] = t_s;
    }
  }
}

void OcKernelStatsThresholdGet(int n, const double s[], double time[], double spells[], double longest[], double t_longest[])
{
  const double *src[3] = {cfield(n, s, OC_STATS_THRESHOLD_SPELLS), cfield(n, s, OC_STATS_THRESHOLD_LONGEST), cfield(n, s, OC_STATS_THRESHOLD_T_LONGEST)};
  double       *out[3] = {spells, longest, t_longest};

  get_sum(n, s, OC_STATS_THRESHOLD_TIME, time);
  for (int f = 0; f < 3; f++)
    if (out[f])
      for (int i = 0; i < n; i++) out[f][i] = src[f][i];
}
