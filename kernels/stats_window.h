/* Peaks of rolling means over windows (1 s, 1 min, 15 min, 1 h of substation or charger power),
 * online, exact, O(1) per element, step and window. Conventions of stats.h (samples, "fields of n"
 * state, checkpoint and migration, callers validate).
 *
 * Window j covers the last W_j = w_steps[j] steps (fixed dt: the caller converts durations to steps,
 * e.g. 1 min at dt = 1 s is 60; windows are in steps and mean nothing with a varying dt). After the
 * update of step k (k = 0, 1, ... counted from Init) the rolling sum and mean are
 *   S_j(k) = sum_{m = k - W_j + 1}^{k} x_m,    mean_j(k) = S_j(k) / W_j,
 * defined once the window is full (k >= W_j - 1). Accumulated per element and window: the largest
 * and the smallest full-window mean and the time label of the step ending the window where each
 * first occurred (ties keep the earlier). Before a window is full: peak_max = -INFINITY,
 * peak_min = +INFINITY, times NaN (a run shorter than the window has no such peak; no partial
 * windows at the start). peak_min is the largest feed-back of a reversible substation.
 * Rolling RMS (thermal loading over a window): pass x = I^2 and take the square root of the peak.
 *
 * Exact rolling sums: S_j(k) = S_j(k - 1) + x_k - x_{k - W_j}. The values leaving the windows come
 * from ONE ring buffer of the last L = max_j W_j values per element, shared by all windows (each
 * window reads its own lag). No exact scheme needs less: every value leaves a window exactly W
 * steps later. (Block sums -- keeping only sums of b steps -- give exact sums only for windows
 * ending on a block boundary: their peak misses the peak of the windows in between, by up to the
 * share b / W of the window; not offered.) S_j is a compensated pair (sum, c): each step adds x_k
 * and -x_{k-W} with TwoSum, so sum + c carries no drift: its error is one rounding of S plus
 * O(k eps^2) of the largest |S| seen, i.e. after 86400 steps the rolling mean is exact to ~1e-16
 * relative even just after a long period of values 10^4 times larger (tests/kernels/
 * test_stats_window: 24 h at 1 s against brute-force windows; a plain running sum is off by
 * ~4e-9 there). Peaks are compared on sum + c.
 *
 * State: nf = L + 6 n_win fields of n (OcKernelStatsWindowFields): fields 0 .. L-1 are the ring
 * (value of step k in field k mod L), then per window j the fields L + 6 j + OC_STATS_WINDOW_*.
 * The ring position is the caller's step counter k (the time loop's, already in its checkpoint):
 * the state holds no counter, so every element's record is self-contained.
 * Memory: 8 (L + 6 n_win) bytes per element. At dt = 1 s with windows 1 s, 1 min, 15 min, 1 h
 * (1, 60, 900, 3600 steps): 3624 doubles = 29.0 kB per element, 29.0 MB for 1000 elements
 * (290 MB for 10,000); separate rings per window would take 4561 doubles (36.5 MB per 1000).
 * Substations and chargers need windows, vehicles do not.
 *
 * Callers validate: n >= 0, 1 <= n_win, every w_steps[j] >= 1, the same n, n_win and w_steps for
 * the state's whole life, step = 0 at the first update after Init and + 1 at each update. */
#ifndef OC_KERNELS_STATS_WINDOW_H
#define OC_KERNELS_STATS_WINDOW_H

enum {
  OC_STATS_WINDOW_SUM = 0, /* rolling sum S_j (with its compensation in SUM_C) */
  OC_STATS_WINDOW_SUM_C,
  OC_STATS_WINDOW_MAX, /* largest full-window sum (Get divides by W_j) */
  OC_STATS_WINDOW_T_MAX,
  OC_STATS_WINDOW_MIN, /* smallest full-window sum */
  OC_STATS_WINDOW_T_MIN,
  OC_STATS_WINDOW_NF /* fields per window */
};

/* Ring length L = max_j w_steps[j]. */
int OcKernelStatsWindowRingLength(int n_win, const int w_steps[]);

/* Number of fields nf = L + OC_STATS_WINDOW_NF * n_win; the state holds nf * n doubles. */
int OcKernelStatsWindowFields(int n_win, const int w_steps[]);

void OcKernelStatsWindowInit(int n, int n_win, const int w_steps[], double s[]);

/* Adds step `step` (0 for the first after Init), time label t_s, values x[n]. */
void OcKernelStatsWindowUpdate(int n, int n_win, const int w_steps[], long step, double t_s, const double x[], double s[]);

/* Window j: the largest and smallest full-window mean and their time labels (any may be NULL). */
void OcKernelStatsWindowGet(int n, int n_win, const int w_steps[], int j, const double s[], double peak_max[], double t_max[], double peak_min[], double t_min[]);

/* Window j: the rolling mean after the last update (meaningful once the window is full). */
void OcKernelStatsWindowMean(int n, int n_win, const int w_steps[], int j, const double s[], double mean[]);

#endif
