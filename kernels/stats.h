/* Online (single-pass) statistics of n elements at once, updated once per time step, for the
 * sizing figures: energy drawn and fed back, mean and weighted mean (EN 50388 mean useful voltage,
 * utilisation), minimum and maximum with the time they occurred, RMS, and time beyond a threshold
 * with its spells (EN 50163 Umin1/Umin2, overload above a rating). Peaks of rolling means over
 * windows (1 s, 1 min, 15 min, 1 h) are in stats_window.h.
 *
 * Samples. Step k covers (t - dt, t]; the caller passes one value per element, x[i], standing for
 * the whole step (the step-mean power of motion.h, the voltage or current of the step's solve),
 * and a time label t_s of the step (the project labels a step by its end). Integrals are the
 * rectangle rule sum x dt: exact for step means. dt_s may change from step to step.
 *
 * State: every accumulator (here and in stats_window.h) is one plain array of nf * n doubles,
 * "fields of n": field f of element i is s[f * n + i], nf from the accumulator's OC_STATS_*_NF
 * (or OcKernelStatsWindowFields). Nothing else is kept -- no pointers, no hidden counters -- and
 * the update of element i reads and writes only its own nf values. Hence:
 *   - checkpoint: write the nf * n doubles; restart: read them back; the run continues bit for bit
 *     as if uninterrupted (tests/kernels/test_stats*: restart).
 *   - any distribution: element i's record is its nf values s[f * n + i]; to write a checkpoint by
 *     global id, or to move an element to another rank or array (a migrating vehicle), copy that
 *     record (OcKernelStatsCopyElement). A restart on another rank count reassembles the records.
 * Init gives the state "no samples yet"; Get functions derive the results without changing it.
 *
 * Accuracy: every sum over time is compensated, (sum, c) with Knuth's TwoSum (OcKernelStatsSumAdd):
 * sum + c equals the exact sum of the rounded terms (x dt rounded once) to O(N eps^2) times the
 * largest partial sum, N the number of steps; the Get functions round sum + c once. So a figure
 * over a 24 h run at 1 s is accurate to about one rounding, whatever the signs (a plain sum of
 * 864000 steps of 0.1 s is off by 6e-12). With dt_s = 1 the times are exact integers. Spell
 * lengths (threshold) are plain sums: exact for a dt that is a whole number of seconds (or any
 * dyadic dt), within m eps relative for a spell of m steps otherwise. Compile without
 * -ffast-math (it deletes the compensation); no FMA is involved.
 *
 * Callers validate (kernels cannot fail): n >= 0; dt_s > 0; finite x, w, thresholds (also where a
 * weight is 0: 0 * NaN is NaN); the state from the matching Init. Output pointers of Get may be
 * NULL (that result is skipped).
 *
 * Hot path: no allocation; each update is one pass over n elements. Cost: tests/kernels/bench_stats. */
#ifndef OC_KERNELS_STATS_H
#define OC_KERNELS_STATS_H

/* Compensated running sum: adds v to (*sum, *c) so that *sum + *c keeps the rounding errors
 * (TwoSum, 6 flops, no branch). The value is *sum + *c. */
static inline void OcKernelStatsSumAdd(double *sum, double *c, double v)
{
  const double t = *sum + v, z = t - *sum;
  *c += (*sum - (t - z)) + (v - z);
  *sum = t;
}

/* Copies the record of element i of a state of nf fields of n_from elements to element j of a
 * state of nf fields of n_to elements (to and from must not overlap, unless the same array). */
void OcKernelStatsCopyElement(int nf, int n_from, const double from[], int i, int n_to, double to[], int j);

/* ---- Integral (energy) ------------------------------------------------------------------------
 * E+ = sum max(x, 0) dt,  E- = sum max(-x, 0) dt  (both >= 0; net E = E+ - E-).
 * Substation: x = P_dc or P_ac, E+ = energy delivered, E- = energy returned (reversible);
 * vehicle: x = line power, E+ drawn, E- regenerated fed back; a separate accumulator with x = the
 * power burnt in the rheostat gives the braking energy burnt. */
enum {
  OC_STATS_INTEGRAL_POS = 0,
  OC_STATS_INTEGRAL_POS_C,
  OC_STATS_INTEGRAL_NEG,
  OC_STATS_INTEGRAL_NEG_C,
  OC_STATS_INTEGRAL_NF
};
void OcKernelStatsIntegralInit(int n, double s[]);
void OcKernelStatsIntegralUpdate(int n, double dt_s, const double x[], double s[]);
void OcKernelStatsIntegralGet(int n, const double s[], double pos[], double neg[]);

/* ---- Minimum and maximum with the time they occurred ----------------------------------------
 * Over the steps with on[i] != 0 (on == NULL: every step), the minimum and maximum of x and the
 * time label of the step where each first occurred (ties keep the earlier step). Before the first
 * sample: min = +INFINITY, max = -INFINITY, times NaN. on[] leaves out steps where the value
 * means nothing, e.g. a vehicle not on the network (its voltage is no pantograph voltage). */
enum {
  OC_STATS_MINMAX_MIN = 0,
  OC_STATS_MINMAX_T_MIN,
  OC_STATS_MINMAX_MAX,
  OC_STATS_MINMAX_T_MAX,
  OC_STATS_MINMAX_NF
};
void OcKernelStatsMinMaxInit(int n, double s[]);
void OcKernelStatsMinMaxUpdate(int n, double t_s, const double x[], const unsigned char on[], double s[]);
void OcKernelStatsMinMaxGet(int n, const double s[], double min[], double t_min[], double max[], double t_max[]);

/* ---- RMS -----------------------------------------------------------------------------------
 * rms = sqrt(sum x^2 dt / sum dt) over all steps (NaN before the first step). Thermal loading of
 * a feeder or cable: x = its current. A sine of amplitude A sampled over whole periods gives
 * A / sqrt(2) exactly (sum_k sin^2(2 pi k / P + phi) = N / 2 for N a multiple of P >= 3). */
enum {
  OC_STATS_RMS_SQ = 0,
  OC_STATS_RMS_SQ_C,
  OC_STATS_RMS_T,
  OC_STATS_RMS_T_C,
  OC_STATS_RMS_NF
};
void OcKernelStatsRmsInit(int n, double s[]);
void OcKernelStatsRmsUpdate(int n, double dt_s, const double x[], double s[]);
void OcKernelStatsRmsGet(int n, const double s[], double rms[]);

/* ---- Weighted mean and the fraction of time with weight ----------------------------------------
 * mean = sum w x dt / sum w dt    (NaN while sum w dt = 0)
 * frac = sum w dt / sum dt        (NaN before the first step)
 * w == NULL: w = 1 (the plain time mean; frac = 1). x == NULL: weights only (frac alone).
 * Uses:
 *   - time mean: w = NULL.
 *   - utilisation (charger occupancy): x = NULL, w = 1 while a bus is connected (0/1, or the
 *     fraction of the step), frac = utilisation.
 *   - EN 50388 mean useful voltage U_mean useful: the mean of the pantograph voltage over the
 *     vehicles drawing (traction) power, over time steps of equal duration -- not over all vehicles
 *     and not weighted by power. Per vehicle: element = vehicle, x = U_pantograph, w = 1 while it
 *     draws power from the line (P > 0), else 0. Per zone (a feeding section or a DC system over a
 *     period): element = zone, w = the number of vehicles in the zone drawing power in the step,
 *     x = the mean of their voltages (any finite value when w = 0); then mean = sum over all
 *     (vehicle, step) pairs drawing power of U dt / their summed time, EN 50388's zone value.
 *     The zone's two sums per step (sum U, count) come from the vehicles on all ranks: reduce them
 *     to the zone's owner, or let every rank keep a partial zone accumulator over its own vehicles
 *     and add the partial sums (fields MEAN_WX and MEAN_W, with their c) at the end: both are plain
 *     sums. EN 50388 takes the zone as the feeding section(s) studied and the period as the peak
 *     traffic period (TSI Energy, Appendix C): a weight of 0 outside the period.
 *     frac = the share of the time the vehicle draws power. */
enum {
  OC_STATS_MEAN_WX = 0,
  OC_STATS_MEAN_WX_C,
  OC_STATS_MEAN_W,
  OC_STATS_MEAN_W_C,
  OC_STATS_MEAN_T,
  OC_STATS_MEAN_T_C,
  OC_STATS_MEAN_NF
};
void OcKernelStatsMeanInit(int n, double s[]);
void OcKernelStatsMeanUpdate(int n, double dt_s, const double x[], const double w[], double s[]);
void OcKernelStatsMeanGet(int n, const double s[], double mean[], double frac[]);

/* ---- Time beyond a threshold, and its spells ------------------------------------------------
 * A step is "beyond" when on[i] != 0 (on == NULL: always) and x < thr[i] (above == 0) or
 * x > thr[i] (above != 0); equality is not beyond. Accumulates
 *   time     = sum dt over the steps beyond,
 *   spells   = the number of runs of consecutive steps beyond,
 *   longest  = the duration of the longest run, t_longest = the time label of its last step
 *              (the earlier on ties; while the longest run goes on, its latest step),
 *   current  = the duration of the run going on (0 when the last step was not beyond).
 * A step with on[i] == 0 ends a run. Uses: time below Umin1 and below Umin2 (EN 50163: one
 * accumulator each, thr = the system's Umin1 or Umin2, x = the pantograph voltage, on = on the
 * network; EN 50163 limits how long the voltage may stay between Umin2 and Umin1: compare the
 * spells, longest), overload time (above = 1, thr = the rating, x = the load; overload classes
 * such as 150 % for 2 h are rolling-window peaks, stats_window.h). thr may change from step to
 * step (e.g. a rating by ambient temperature). */
enum {
  OC_STATS_THRESHOLD_TIME = 0,
  OC_STATS_THRESHOLD_TIME_C,
  OC_STATS_THRESHOLD_SPELLS,
  OC_STATS_THRESHOLD_LONGEST,
  OC_STATS_THRESHOLD_T_LONGEST,
  OC_STATS_THRESHOLD_CURRENT,
  OC_STATS_THRESHOLD_NF
};
void OcKernelStatsThresholdInit(int n, double s[]);
void OcKernelStatsThresholdUpdate(int n, double t_s, double dt_s, const double thr[], int above, const double x[], const unsigned char on[], double s[]);
void OcKernelStatsThresholdGet(int n, const double s[], double time[], double spells[], double longest[], double t_longest[]);

#endif
