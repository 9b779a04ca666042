#include "stats_window.h"

#include "stats.h"

#include <math.h>
#include <stddef.h>

int OcKernelStatsWindowRingLength(int n_win, const int w_steps[])
{
  int l = 0;
  for (int j = 0; j < n_win; j++)
    if (w_steps[j] > l) l = w_steps[j];
  return l;
}

int OcKernelStatsWindowFields(int n_win, const int w_steps[])
{
  return OcKernelStatsWindowRingLength(n_win, w_steps) + OC_STATS_WINDOW_NF * n_win;
}

/* Field q of window j. */
static size_t win_field(int n, int ring, int j, int q)
{
  return (size_t)(ring + OC_STATS_WINDOW_NF * j + q) * (size_t)n;
}

void OcKernelStatsWindowInit(int n, int n_win, const int w_steps[], double s[])
{
  const int    ring                     = OcKernelStatsWindowRingLength(n_win, w_steps);
  const double init[OC_STATS_WINDOW_NF] = {0.0, 0.0, -INFINITY, NAN, INFINITY, NAN};
  const size_t nn                       = (size_t)n;

  for (size_t k = 0; k < (size_t)ring * nn; k++) s[k] = 0.0; /* unused, but a defined checkpoint */
  for (int j = 0; j < n_win; j++)
    for (int q = 0; q < OC_STATS_WINDOW_NF; q++) {
      double *p = s + win_field(n, ring, j, q);
      for (size_t i = 0; i < nn; i++) p[i] = init[q];
    }
}

/* One window: adds x, removes old (NULL: nothing leaves yet), and if the window is full updates
 * the peaks. One pass; the branches on old and full are the same for every element. */
static void update_window(int n, const double *restrict x, const double *restrict old, int full, double t_s, double *restrict sum, double *restrict c, double *restrict max, double *restrict t_max, double *restrict min, double *restrict t_min)
{
  for (int i = 0; i < n; i++) {
    double si = sum[i], ci = c[i];
    OcKernelStatsSumAdd(&si, &ci, x[i]);
    if (old) OcKernelStatsSumAdd(&si, &ci, -old[i]);
    sum[i] = si;
    c[i]   = ci;
    if (!full) continue;
    const double v = si + ci;
    if (v > max[i]) {
      max[i]   = v;
      t_max[i] = t_s;
    }
    if (v < min[i]) {
      min[i]   = v;
      t_min[i] = t_s;
    }
  }
}

void OcKernelStatsWindowUpdate(int n, int n_win, const int w_steps[], long step, double t_s, const double x[], double s[])
{
  const int ring = OcKernelStatsWindowRingLength(n_win, w_steps);

  for (int j = 0; j < n_win; j++) {
    const long    w   = w_steps[j];
    const double *old = step >= w ? s + (size_t)((step - w) % ring) * (size_t)n : NULL;
    update_window(n, x, old, step >= w - 1, t_s, s + win_field(n, ring, j, OC_STATS_WINDOW_SUM), s + win_field(n, ring, j, OC_STATS_WINDOW_SUM_C), s + win_field(n, ring, j, OC_STATS_WINDOW_MAX), s + win_field(n, ring, j, OC_STATS_WINDOW_T_MAX), s + win_field(n, ring, j, OC_STATS_WINDOW_MIN), s + win_field(n, ring, j, OC_STATS_WINDOW_T_MIN));
  }
  /* After the windows: with W_j = L the value leaving is in the slot written now. */
  double *slot = s + (size_t)(step % ring) * (size_t)n;
  for (int i = 0; i < n; i++) slot[i] = x[i];
}

void OcKernelStatsWindowGet(int n, int n_win, const int w_steps[], int j, const double s[], double peak_max[], double t_max[], double peak_min[], double t_min[])
{
  const int     ring = OcKernelStatsWindowRingLength(n_win, w_steps);
  const double  w    = (double)w_steps[j];
  const double *max = s + win_field(n, ring, j, OC_STATS_WINDOW_MAX), *tmax = s + win_field(n, ring, j, OC_STATS_WINDOW_T_MAX);
  const double *min = s + win_field(n, ring, j, OC_STATS_WINDOW_MIN), *tmin = s + win_field(n, ring, j, OC_STATS_WINDOW_T_MIN);

  for (int i = 0; i < n; i++) {
    if (peak_max) peak_max[i] = max[i] / w;
    if (t_max) t_max[i] = tmax[i];
    if (peak_min) peak_min[i] = min[i] / w;
    if (t_min) t_min[i] = tmin[i];
  }
}

void OcKernelStatsWindowMean(int n, int n_win, const int w_steps[], int j, const double s[], double mean[])
{
  const int     ring = OcKernelStatsWindowRingLength(n_win, w_steps);
  const double  w    = (double)w_steps[j];
  const double *sum = s + win_field(n, ring, j, OC_STATS_WINDOW_SUM), *c = s + win_field(n, ring, j, OC_STATS_WINDOW_SUM_C);

  for (int i = 0; i < n; i++) mean[i] = (sum[i] + c[i]) / w;
}
