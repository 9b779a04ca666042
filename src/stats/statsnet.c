#include <math.h>
#include <stats.h>
#include <stats_window.h>
#include "ocstatsnet.h"

/* IEC 60146-1-1 Table 3 / EN 50328 standard duty classes: overloads in multiples of the rated
   current over 10 s, 1 min, 2 min and 2 h. */
const PetscReal OcStatsDutyWindow_s[OC_STATS_DUTY_NWINDOWS]                      = {10, 60, 120, 7200};
const PetscReal OcStatsDutyLimit[OC_STATS_DUTY_NCLASSES][OC_STATS_DUTY_NWINDOWS] = {
  {0, 0,   0,   0   }, /* I: 100 % continuously */
  {0, 1.5, 0,   0   }, /* II: 150 % for 1 min */
  {0, 0,   1.5, 0   }, /* III: 150 % for 2 min */
  {2, 0,   0,   1.25}, /* IV: 200 % for 10 s, 125 % for 2 h */
  {0, 2,   0,   1.5 }, /* V: 200 % for 1 min, 150 % for 2 h */
  {0, 3,   0,   1.5 }, /* VI: 300 % for 1 min, 150 % for 2 h */
};

/* Field offsets of the accumulators in each kind's state (fields of n). */
enum {
  SEC_PEAK = 0, /* minmax of the largest current */
  SEC_RMS  = SEC_PEAK + OC_STATS_MINMAX_NF,
  SEC_OVER = SEC_RMS + OC_STATS_RMS_NF, /* threshold: above the rating */
  SEC_NF   = SEC_OVER + OC_STATS_THRESHOLD_NF
};
enum {
  BR_PEAK = 0,
  BR_RMS  = BR_PEAK + OC_STATS_MINMAX_NF,
  BR_LOAD = BR_RMS + OC_STATS_RMS_NF, /* minmax of the loading */
  BR_OVER = BR_LOAD + OC_STATS_MINMAX_NF,
  BR_NF   = BR_OVER + OC_STATS_THRESHOLD_NF
};
enum {
  BUS_VM = 0,
  BUS_NF = OC_STATS_MINMAX_NF
};
enum {
  SUB_OVER = 0,
  SUB_RMS  = SUB_OVER + OC_STATS_THRESHOLD_NF,
  SUB_WIN  = SUB_RMS + OC_STATS_RMS_NF /* rolling sums of I^2, then the end */
};

struct _p_OcStatsNet {
  PetscInt   nsec, nbranch, nbus, nsub, nwin, sub_nf;
  PetscReal  dt_s;
  long       step;
  int        w_steps[OC_STATS_DUTY_NWINDOWS]; /* windows of a whole number of steps */
  PetscInt   w_index[OC_STATS_DUTY_NWINDOWS]; /* which of OcStatsDutyWindow_s each is */
  PetscReal *sec_thr, *br_thr, *sub_thr;      /* ratings; +inf where unrated */
  PetscInt  *duty;
  /* The states, one per kind. */
  PetscReal *s_sec, *s_br, *s_bus, *s_sub;
  /* Per-step scratch: values with NaN replaced, and the masks. */
  PetscReal        *x, *x2;
  unsigned char    *on;
  OcStatsNetResults res;
  PetscReal        *scratch;
};

static PetscErrorCode alloc_results(OcStatsNet s)
{
  OcStatsNetResults *r = &s->res;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(s->nsec, &r->sec.peak_i_a, s->nsec, &r->sec.t_peak_s, s->nsec, &r->sec.rms_i_a, s->nsec, &r->sec.peak_loading_pct, s->nsec, &r->sec.time_above_rating_s));
  PetscCall(PetscMalloc5(s->nbranch, &r->br.peak_i_a, s->nbranch, &r->br.rms_i_a, s->nbranch, &r->br.peak_loading_pct, s->nbranch, &r->br.t_peak_loading_s, s->nbranch, &r->br.time_above_rating_s));
  PetscCall(PetscMalloc4(s->nbus, &r->bus.vm_min_pu, s->nbus, &r->bus.t_vm_min_s, s->nbus, &r->bus.vm_max_pu, s->nbus, &r->bus.t_vm_max_s));
  PetscCall(PetscMalloc6(s->nsub, &r->sub.time_above_rating_s, s->nsub, &r->sub.longest_above_rating_s, s->nsub, &r->sub.rms_i_a, s->nsub, &r->sub.utilisation, s->nsub, &r->sub.binding_window_s, s->nsub, &r->sub.exceeded));
  for (PetscInt w = 0; w < OC_STATS_DUTY_NWINDOWS; w++) PetscCall(PetscMalloc1(s->nsub, &r->sub.peak_rms_a[w]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode free_results(OcStatsNet s)
{
  OcStatsNetResults *r = &s->res;

  PetscFunctionBegin;
  PetscCall(PetscFree5(r->sec.peak_i_a, r->sec.t_peak_s, r->sec.rms_i_a, r->sec.peak_loading_pct, r->sec.time_above_rating_s));
  PetscCall(PetscFree5(r->br.peak_i_a, r->br.rms_i_a, r->br.peak_loading_pct, r->br.t_peak_loading_s, r->br.time_above_rating_s));
  PetscCall(PetscFree4(r->bus.vm_min_pu, r->bus.t_vm_min_s, r->bus.vm_max_pu, r->bus.t_vm_max_s));
  PetscCall(PetscFree6(r->sub.time_above_rating_s, r->sub.longest_above_rating_s, r->sub.rms_i_a, r->sub.utilisation, r->sub.binding_window_s, r->sub.exceeded));
  for (PetscInt w = 0; w < OC_STATS_DUTY_NWINDOWS; w++) PetscCall(PetscFree(r->sub.peak_rms_a[w]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void init_states(OcStatsNet s)
{
  int n = (int)s->nsec, m = (int)s->nbranch, b = (int)s->nbus, k = (int)s->nsub;

  OcKernelStatsMinMaxInit(n, s->s_sec + SEC_PEAK * n);
  OcKernelStatsRmsInit(n, s->s_sec + SEC_RMS * n);
  OcKernelStatsThresholdInit(n, s->s_sec + SEC_OVER * n);
  OcKernelStatsMinMaxInit(m, s->s_br + BR_PEAK * m);
  OcKernelStatsRmsInit(m, s->s_br + BR_RMS * m);
  OcKernelStatsMinMaxInit(m, s->s_br + BR_LOAD * m);
  OcKernelStatsThresholdInit(m, s->s_br + BR_OVER * m);
  OcKernelStatsMinMaxInit(b, s->s_bus + BUS_VM * b);
  OcKernelStatsThresholdInit(k, s->s_sub + SUB_OVER * k);
  OcKernelStatsRmsInit(k, s->s_sub + SUB_RMS * k);
  if (s->nwin) OcKernelStatsWindowInit(k, (int)s->nwin, s->w_steps, s->s_sub + SUB_WIN * k);
}

PetscErrorCode OcStatsNetCreate(const OcStatsNetElements *e, PetscReal dt_s, OcStatsNet *stats)
{
  OcStatsNet s;
  PetscInt   nmax;

  PetscFunctionBegin;
  PetscCall(PetscNew(&s));
  s->nsec    = e->nsec;
  s->nbranch = e->nbranch;
  s->nbus    = e->nbus;
  s->nsub    = e->nsub;
  s->dt_s    = dt_s;
  for (PetscInt w = 0; w < OC_STATS_DUTY_NWINDOWS; w++) {
    int steps = (int)round(OcStatsDutyWindow_s[w] / dt_s);
    if (steps < 1 || fabs(steps * dt_s - OcStatsDutyWindow_s[w]) > 1e-9 * OcStatsDutyWindow_s[w]) continue;
    s->w_index[s->nwin]   = w;
    s->w_steps[s->nwin++] = steps;
  }
  s->sub_nf = SUB_WIN + (s->nwin ? OcKernelStatsWindowFields((int)s->nwin, s->w_steps) : 0);
  PetscCall(PetscMalloc4(s->nsec, &s->sec_thr, s->nbranch, &s->br_thr, s->nsub, &s->sub_thr, s->nsub, &s->duty));
  for (PetscInt i = 0; i < s->nsec; i++) s->sec_thr[i] = e->sec_rated_a[i] > 0 ? e->sec_rated_a[i] : INFINITY;
  for (PetscInt i = 0; i < s->nbranch; i++) s->br_thr[i] = 100;
  for (PetscInt i = 0; i < s->nsub; i++) s->sub_thr[i] = e->sub_rated_a[i];
  PetscCall(PetscArraycpy(s->duty, e->sub_duty, s->nsub));
  PetscCall(PetscMalloc4((size_t)SEC_NF * s->nsec, &s->s_sec, (size_t)BR_NF * s->nbranch, &s->s_br, (size_t)BUS_NF * s->nbus, &s->s_bus, (size_t)s->sub_nf * s->nsub, &s->s_sub));
  init_states(s);
  nmax = PetscMax(PetscMax(s->nsec, s->nbranch), PetscMax(s->nbus, s->nsub));
  PetscCall(PetscMalloc4(nmax, &s->x, nmax, &s->x2, nmax, &s->on, 3 * nmax, &s->scratch));
  PetscCall(alloc_results(s));
  *stats = s;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* x without its NaNs (0 there, on = 0), for the kernels that need finite values. */
static void finite_copy(PetscInt n, const PetscReal v[], PetscReal x[], unsigned char on[])
{
  for (PetscInt i = 0; i < n; i++) {
    on[i] = !PetscIsNanReal(v[i]);
    x[i]  = on[i] ? v[i] : 0;
  }
}

PetscErrorCode OcStatsNetUpdate(OcStatsNet s, PetscReal t_s, const OcStatsNetValues *v)
{
  int n = (int)s->nsec, m = (int)s->nbranch, b = (int)s->nbus, k = (int)s->nsub;

  PetscFunctionBegin;
  OcKernelStatsMinMaxUpdate(n, t_s, v->sec_i_a, NULL, s->s_sec + SEC_PEAK * n);
  OcKernelStatsRmsUpdate(n, s->dt_s, v->sec_i_a, s->s_sec + SEC_RMS * n);
  OcKernelStatsThresholdUpdate(n, t_s, s->dt_s, s->sec_thr, 1, v->sec_i_a, NULL, s->s_sec + SEC_OVER * n);
  finite_copy(m, v->br_i_a, s->x, s->on);
  OcKernelStatsMinMaxUpdate(m, t_s, s->x, s->on, s->s_br + BR_PEAK * m);
  OcKernelStatsRmsUpdate(m, s->dt_s, s->x, s->s_br + BR_RMS * m);
  finite_copy(m, v->br_loading_pct, s->x, s->on);
  OcKernelStatsMinMaxUpdate(m, t_s, s->x, s->on, s->s_br + BR_LOAD * m);
  OcKernelStatsThresholdUpdate(m, t_s, s->dt_s, s->br_thr, 1, s->x, s->on, s->s_br + BR_OVER * m);
  OcKernelStatsMinMaxUpdate(b, t_s, v->bus_vm_pu, NULL, s->s_bus + BUS_VM * b);
  for (PetscInt i = 0; i < k; i++) {
    s->x[i]  = PetscAbsReal(v->sub_i_a[i]);
    s->x2[i] = v->sub_i_a[i] * v->sub_i_a[i];
  }
  OcKernelStatsThresholdUpdate(k, t_s, s->dt_s, s->sub_thr, 1, s->x, NULL, s->s_sub + SUB_OVER * k);
  OcKernelStatsRmsUpdate(k, s->dt_s, v->sub_i_a, s->s_sub + SUB_RMS * k);
  if (s->nwin) OcKernelStatsWindowUpdate(k, (int)s->nwin, s->w_steps, s->step, t_s, s->x2, s->s_sub + SUB_WIN * k);
  s->step++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Utilisation of each substation's duty class: measured over allowed, the largest. */
static void duty_check(OcStatsNet s)
{
  OcStatsNetSubstations *r = &s->res.sub;

  for (PetscInt i = 0; i < s->nsub; i++) {
    r->utilisation[i]      = r->rms_i_a[i] / s->sub_thr[i];
    r->binding_window_s[i] = 0;
    for (PetscInt w = 0; w < OC_STATS_DUTY_NWINDOWS; w++) {
      PetscReal limit = OcStatsDutyLimit[s->duty[i]][w], u;
      if (limit <= 0 || PetscIsInfReal(r->peak_rms_a[w][i])) continue; /* no such limit, or not checked */
      u = r->peak_rms_a[w][i] / (limit * s->sub_thr[i]);
      if (u > r->utilisation[i]) {
        r->utilisation[i]      = u;
        r->binding_window_s[i] = OcStatsDutyWindow_s[w];
      }
    }
    r->exceeded[i] = r->utilisation[i] > 1;
  }
}

PetscErrorCode OcStatsNetGet(OcStatsNet s, const OcStatsNetResults **res)
{
  int                n = (int)s->nsec, m = (int)s->nbranch, b = (int)s->nbus, k = (int)s->nsub;
  OcStatsNetResults *r = &s->res;
  PetscReal         *a = s->scratch, *c = a + PetscMax(PetscMax(n, m), PetscMax(b, k)), *d = c + PetscMax(PetscMax(n, m), PetscMax(b, k));

  PetscFunctionBegin;
  OcKernelStatsMinMaxGet(n, s->s_sec + SEC_PEAK * n, NULL, NULL, r->sec.peak_i_a, r->sec.t_peak_s);
  OcKernelStatsRmsGet(n, s->s_sec + SEC_RMS * n, r->sec.rms_i_a);
  OcKernelStatsThresholdGet(n, s->s_sec + SEC_OVER * n, r->sec.time_above_rating_s, a, c, d);
  for (PetscInt i = 0; i < n; i++) {
    r->sec.peak_loading_pct[i] = PetscIsInfReal(s->sec_thr[i]) ? NAN : 100 * r->sec.peak_i_a[i] / s->sec_thr[i];
    if (PetscIsInfReal(s->sec_thr[i])) r->sec.time_above_rating_s[i] = NAN;
  }
  OcKernelStatsMinMaxGet(m, s->s_br + BR_PEAK * m, NULL, NULL, r->br.peak_i_a, NULL);
  OcKernelStatsRmsGet(m, s->s_br + BR_RMS * m, r->br.rms_i_a);
  OcKernelStatsMinMaxGet(m, s->s_br + BR_LOAD * m, NULL, NULL, r->br.peak_loading_pct, r->br.t_peak_loading_s);
  OcKernelStatsThresholdGet(m, s->s_br + BR_OVER * m, r->br.time_above_rating_s, a, c, d);
  /* Never defined (no base kV, not rated): NaN rather than the kernels' -inf and 0. */
  for (PetscInt i = 0; i < m; i++) {
    if (PetscIsInfReal(r->br.peak_i_a[i])) r->br.peak_i_a[i] = r->br.rms_i_a[i] = NAN;
    if (PetscIsInfReal(r->br.peak_loading_pct[i])) r->br.peak_loading_pct[i] = r->br.time_above_rating_s[i] = NAN;
  }
  OcKernelStatsMinMaxGet(b, s->s_bus + BUS_VM * b, r->bus.vm_min_pu, r->bus.t_vm_min_s, r->bus.vm_max_pu, r->bus.t_vm_max_s);
  OcKernelStatsThresholdGet(k, s->s_sub + SUB_OVER * k, r->sub.time_above_rating_s, a, r->sub.longest_above_rating_s, c);
  OcKernelStatsRmsGet(k, s->s_sub + SUB_RMS * k, r->sub.rms_i_a);
  for (PetscInt w = 0; w < OC_STATS_DUTY_NWINDOWS; w++)
    for (PetscInt i = 0; i < k; i++) r->sub.peak_rms_a[w][i] = -INFINITY;
  for (PetscInt j = 0; j < s->nwin; j++) {
    PetscReal *peak = r->sub.peak_rms_a[s->w_index[j]];
    OcKernelStatsWindowGet(k, (int)s->nwin, s->w_steps, (int)j, s->s_sub + SUB_WIN * k, peak, NULL, NULL, NULL);
    for (PetscInt i = 0; i < k; i++)
      if (peak[i] >= 0) peak[i] = PetscSqrtReal(peak[i]);
  }
  duty_check(s);
  *res = r;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcStatsNetDestroy(OcStatsNet *stats)
{
  OcStatsNet s = *stats;

  PetscFunctionBegin;
  if (!s) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree4(s->sec_thr, s->br_thr, s->sub_thr, s->duty));
  PetscCall(PetscFree4(s->s_sec, s->s_br, s->s_bus, s->s_sub));
  PetscCall(PetscFree4(s->x, s->x2, s->on, s->scratch));
  PetscCall(free_results(s));
  PetscCall(PetscFree(*stats));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Each kind's state, its fields of its owned elements, and the step counter of the windows. */
static PetscErrorCode checkpoint_transfer(OcStatsNet s, OcCheckpoint ck, const OcStatsNetPlace place[], PetscBool write)
{
  const char *const name[OC_STATS_NET_NKINDS]  = {"stats_net/sections", "stats_net/ac_branches", "stats_net/ac_buses", "stats_net/substations"};
  PetscInt          nf[OC_STATS_NET_NKINDS]    = {SEC_NF, BR_NF, BUS_NF, s->sub_nf};
  PetscInt          n[OC_STATS_NET_NKINDS]     = {s->nsec, s->nbranch, s->nbus, s->nsub};
  PetscReal        *state[OC_STATS_NET_NKINDS] = {s->s_sec, s->s_br, s->s_bus, s->s_sub};
  PetscInt64        step                       = s->step;

  PetscFunctionBegin;
  if (write) PetscCall(OcCheckpointWriteInts(ck, "stats_net/step", 1, &step));
  else {
    PetscCall(OcCheckpointReadInts(ck, "stats_net/step", 1, &step));
    s->step = (long)step;
  }
  for (PetscInt k = 0; k < OC_STATS_NET_NKINDS; k++) {
    if (write) PetscCall(OcCheckpointWriteFields(ck, name[k], nf[k], place[k].n_global, n[k], place[k].index, state[k]));
    else PetscCall(OcCheckpointReadFields(ck, name[k], nf[k], place[k].n_global, n[k], place[k].index, state[k]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcStatsNetCheckpointWrite(OcStatsNet s, OcCheckpoint ck, const OcStatsNetPlace place[OC_STATS_NET_NKINDS])
{
  PetscFunctionBegin;
  PetscCall(checkpoint_transfer(s, ck, place, PETSC_TRUE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcStatsNetCheckpointRead(OcStatsNet s, OcCheckpoint ck, const OcStatsNetPlace place[OC_STATS_NET_NKINDS])
{
  PetscFunctionBegin;
  PetscCall(checkpoint_transfer(s, ck, place, PETSC_FALSE));
  PetscFunctionReturn(PETSC_SUCCESS);
}
