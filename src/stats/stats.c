#include <math.h>
#include <stats.h>
#include <stats_window.h>
#include "ocstats.h"

const PetscReal OcStatsWindow_s[OC_STATS_NWINDOWS] = {1, 60, 900, 3600};

struct _p_OcStats {
  PetscInt   nsub, nnode, nwin;
  PetscReal  dt_s;
  long       step;
  int        w_steps[OC_STATS_NWINDOWS]; /* windows of at least one step, in steps */
  PetscInt   w_index[OC_STATS_NWINDOWS]; /* which of OcStatsWindow_s each is */
  PetscReal *umin1, *umin2;
  /* Accumulator states (kernels/stats*.h layouts). */
  PetscReal         *s_energy, *s_rms, *s_window, *s_minmax, *s_below1, *s_below2;
  OcStatsSubstations sub;
  OcStatsNodes       node;
  PetscReal         *scratch;
};

PetscErrorCode OcStatsCreate(PetscInt nsub, PetscInt nnode, const PetscReal umin1_v[], const PetscReal umin2_v[], PetscReal dt_s, OcStats *stats)
{
  OcStats s;

  PetscFunctionBegin;
  PetscCall(PetscNew(&s));
  s->nsub  = nsub;
  s->nnode = nnode;
  s->dt_s  = dt_s;
  for (PetscInt w = 0; w < OC_STATS_NWINDOWS; w++) {
    int steps = (int)round(OcStatsWindow_s[w] / dt_s);
    if (steps < 1 || fabs(steps * dt_s - OcStatsWindow_s[w]) > 1e-9 * OcStatsWindow_s[w]) continue; /* not a whole number of steps */
    s->w_index[s->nwin]   = w;
    s->w_steps[s->nwin++] = steps;
  }
  PetscCall(PetscMalloc2(nnode, &s->umin1, nnode, &s->umin2));
  PetscCall(PetscArraycpy(s->umin1, umin1_v, nnode));
  PetscCall(PetscArraycpy(s->umin2, umin2_v, nnode));
  PetscCall(PetscMalloc3(OC_STATS_INTEGRAL_NF * nsub, &s->s_energy, OC_STATS_RMS_NF * nsub, &s->s_rms, (size_t)OcKernelStatsWindowFields((int)s->nwin, s->w_steps) * nsub, &s->s_window));
  PetscCall(PetscMalloc3(OC_STATS_MINMAX_NF * nnode, &s->s_minmax, OC_STATS_THRESHOLD_NF * nnode, &s->s_below1, OC_STATS_THRESHOLD_NF * nnode, &s->s_below2));
  OcKernelStatsIntegralInit((int)nsub, s->s_energy);
  OcKernelStatsRmsInit((int)nsub, s->s_rms);
  OcKernelStatsWindowInit((int)nsub, (int)s->nwin, s->w_steps, s->s_window);
  OcKernelStatsMinMaxInit((int)nnode, s->s_minmax);
  OcKernelStatsThresholdInit((int)nnode, s->s_below1);
  OcKernelStatsThresholdInit((int)nnode, s->s_below2);
  PetscCall(PetscMalloc3(nsub, &s->sub.energy_j, nsub, &s->sub.fed_back_j, nsub, &s->sub.rms_i_a));
  for (PetscInt w = 0; w < OC_STATS_NWINDOWS; w++) PetscCall(PetscMalloc1(nsub, &s->sub.peak_w[w]));
  PetscCall(PetscMalloc4(nnode, &s->node.u_min_v, nnode, &s->node.u_max_v, nnode, &s->node.below_umin1_s, nnode, &s->node.below_umin2_s));
  PetscCall(PetscMalloc1(4 * PetscMax(nsub, nnode), &s->scratch));
  *stats = s;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcStatsUpdate(OcStats s, PetscReal t_s, const PetscReal p_sub_w[], const PetscReal i_sub_a[], const PetscReal u_node_v[])
{
  int n = (int)s->nsub, m = (int)s->nnode;

  PetscFunctionBegin;
  OcKernelStatsIntegralUpdate(n, s->dt_s, p_sub_w, s->s_energy);
  OcKernelStatsRmsUpdate(n, s->dt_s, i_sub_a, s->s_rms);
  OcKernelStatsWindowUpdate(n, (int)s->nwin, s->w_steps, s->step++, t_s, p_sub_w, s->s_window);
  OcKernelStatsMinMaxUpdate(m, t_s, u_node_v, NULL, s->s_minmax);
  OcKernelStatsThresholdUpdate(m, t_s, s->dt_s, s->umin1, 0, u_node_v, NULL, s->s_below1);
  OcKernelStatsThresholdUpdate(m, t_s, s->dt_s, s->umin2, 0, u_node_v, NULL, s->s_below2);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcStatsGet(OcStats s, const OcStatsSubstations **sub, const OcStatsNodes **node)
{
  int        n = (int)s->nsub, m = (int)s->nnode;
  PetscReal *a = s->scratch, *b = a + PetscMax(n, m), *c = b + PetscMax(n, m);

  PetscFunctionBegin;
  OcKernelStatsIntegralGet(n, s->s_energy, s->sub.energy_j, s->sub.fed_back_j);
  OcKernelStatsRmsGet(n, s->s_rms, s->sub.rms_i_a);
  for (PetscInt w = 0; w < OC_STATS_NWINDOWS; w++)
    for (PetscInt i = 0; i < n; i++) s->sub.peak_w[w][i] = -PETSC_INFINITY;
  for (PetscInt k = 0; k < s->nwin; k++) OcKernelStatsWindowGet(n, (int)s->nwin, s->w_steps, (int)k, s->s_window, s->sub.peak_w[s->w_index[k]], a, b, c);
  OcKernelStatsMinMaxGet(m, s->s_minmax, s->node.u_min_v, a, s->node.u_max_v, b);
  OcKernelStatsThresholdGet(m, s->s_below1, s->node.below_umin1_s, a, b, c);
  OcKernelStatsThresholdGet(m, s->s_below2, s->node.below_umin2_s, a, b, c);
  *sub  = &s->sub;
  *node = &s->node;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcStatsDestroy(OcStats *stats)
{
  OcStats s = *stats;

  PetscFunctionBegin;
  if (!s) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree2(s->umin1, s->umin2));
  PetscCall(PetscFree3(s->s_energy, s->s_rms, s->s_window));
  PetscCall(PetscFree3(s->s_minmax, s->s_below1, s->s_below2));
  PetscCall(PetscFree3(s->sub.energy_j, s->sub.fed_back_j, s->sub.rms_i_a));
  for (PetscInt w = 0; w < OC_STATS_NWINDOWS; w++) PetscCall(PetscFree(s->sub.peak_w[w]));
  PetscCall(PetscFree4(s->node.u_min_v, s->node.u_max_v, s->node.below_umin1_s, s->node.below_umin2_s));
  PetscCall(PetscFree(s->scratch));
  PetscCall(PetscFree(*stats));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every accumulator, for the checkpoint: a new accumulator is one more line here. */
typedef struct {
  const char *name;
  PetscInt    nf;
  PetscReal  *s;
  PetscBool   node; /* per DC node, else per substation */
} Accumulator;

static PetscInt accumulators(OcStats s, Accumulator a[])
{
  PetscInt n = 0;

  a[n++] = (Accumulator){"stats/substations/energy", OC_STATS_INTEGRAL_NF, s->s_energy, PETSC_FALSE};
  a[n++] = (Accumulator){"stats/substations/rms_i", OC_STATS_RMS_NF, s->s_rms, PETSC_FALSE};
  a[n++] = (Accumulator){"stats/substations/window_p", OcKernelStatsWindowFields((int)s->nwin, s->w_steps), s->s_window, PETSC_FALSE};
  a[n++] = (Accumulator){"stats/dc_nodes/minmax_u", OC_STATS_MINMAX_NF, s->s_minmax, PETSC_TRUE};
  a[n++] = (Accumulator){"stats/dc_nodes/below_umin1", OC_STATS_THRESHOLD_NF, s->s_below1, PETSC_TRUE};
  a[n++] = (Accumulator){"stats/dc_nodes/below_umin2", OC_STATS_THRESHOLD_NF, s->s_below2, PETSC_TRUE};
  return n;
}

PetscErrorCode OcStatsCheckpointWrite(OcStats s, OcCheckpoint ck, PetscInt nsub_global, const PetscInt isub[], PetscInt nnode_global, const PetscInt inode[])
{
  Accumulator a[16];
  PetscInt    n    = accumulators(s, a);
  PetscInt64  step = s->step;

  PetscFunctionBegin;
  PetscCall(OcCheckpointWriteInts(ck, "stats/step", 1, &step));
  for (PetscInt k = 0; k < n; k++) {
    if (a[k].node) PetscCall(OcCheckpointWriteFields(ck, a[k].name, a[k].nf, nnode_global, s->nnode, inode, a[k].s));
    else PetscCall(OcCheckpointWriteFields(ck, a[k].name, a[k].nf, nsub_global, s->nsub, isub, a[k].s));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcStatsCheckpointRead(OcStats s, OcCheckpoint ck, PetscInt nsub_global, const PetscInt isub[], PetscInt nnode_global, const PetscInt inode[])
{
  Accumulator a[16];
  PetscInt    n = accumulators(s, a);
  PetscInt64  step;

  PetscFunctionBegin;
  PetscCall(OcCheckpointReadInts(ck, "stats/step", 1, &step));
  s->step = (long)step;
  for (PetscInt k = 0; k < n; k++) {
    if (a[k].node) PetscCall(OcCheckpointReadFields(ck, a[k].name, a[k].nf, nnode_global, s->nnode, inode, a[k].s));
    else PetscCall(OcCheckpointReadFields(ck, a[k].name, a[k].nf, nsub_global, s->nsub, isub, a[k].s));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
