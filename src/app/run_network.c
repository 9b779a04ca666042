/* ohmcity run: time series and sizing statistics of the DC sections, AC branches, AC buses and
   the substations' duty (run_network.h). Every value comes from the elements this rank owns;
   the only reductions are those of the printed highlights at the end. */
#include <math.h>
#include <ocparse.h>
#include <ocstatsnet.h>
#include "run_network.h"

enum {
  SEC_I_MAX,
  SEC_I_FROM,
  SEC_I_TO,
  SEC_NSERIES
};
enum {
  BR_I_FROM,
  BR_LOADING,
  BR_P_FROM,
  BR_Q_FROM,
  BR_NSERIES
};

struct _p_OcRunNetwork {
  MPI_Comm              comm;
  OcFlow                flow;
  const OcScenarioData *d;
  OcOutput              out;
  OcOutputGroup         g_sec, g_br, g_sub, g_bus;
  OcOutputSeries        s_sec[SEC_NSERIES], s_br[BR_NSERIES];
  PetscInt              nsec, nbr, nbus, nsub;
  const PetscInt       *isec, *ibr, *ibus, *isub;
  PetscReal            *sec, *br, *bus, *sub; /* values of one step: SEC_NSERIES x nsec, ... */
  PetscReal            *sub_rated_a;
  OcStatsNet            stats;
};

/* Sections are named by their ids, branches by their MATPOWER from and to bus numbers. */
static PetscErrorCode add_groups(OcRunNetwork rn)
{
  const OcScenarioData *d = rn->d;
  const char          **names;
  char                 *text;
  const char *const     sec_s[SEC_NSERIES][3] = {
        {"i_a",      "A", "largest current magnitude along the section (between vehicles, or at an end)"},
        {"i_from_a", "A", "current at the from node's end, positive from the from node to the to node"  },
        {"i_to_a",   "A", "current at the to node's end, positive from the from node to the to node"    },
  };
  const char *const br_s[BR_NSERIES][3] = {
    {"i_from_a",    "A",   "current magnitude at the from bus (NaN where the bus has no base kV)"      },
    {"loading_pct", "%",   "larger apparent power of the two ends in % of rate_a (NaN where not rated)"},
    {"p_from_w",    "W",   "active power into the branch at the from bus"                              },
    {"q_from_var",  "var", "reactive power into the branch at the from bus"                            },
  };

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(PetscMax(rn->nsec, rn->nbr), &names));
  for (PetscInt k = 0; k < rn->nsec; k++) names[k] = d->dc_section[rn->isec[k]].id;
  PetscCall(OcOutputAddGroup(rn->out, "sections", d->ndc_sections, rn->nsec, rn->isec, NULL, names, &rn->g_sec));
  PetscCall(PetscMalloc1(rn->nbr * 32 + 1, &text));
  for (PetscInt k = 0; k < rn->nbr; k++) {
    const OcMpBranch *b = &d->ac.branch[rn->ibr[k]];
    PetscCall(PetscSNPrintf(text + 32 * k, 32, "%" PetscInt_FMT "-%" PetscInt_FMT, b->f_bus, b->t_bus));
    names[k] = text + 32 * k;
  }
  PetscCall(OcOutputAddGroup(rn->out, "ac_branches", d->has_ac ? d->ac.nbranch : 0, rn->nbr, rn->ibr, NULL, names, &rn->g_br));
  PetscCall(PetscFree(text));
  PetscCall(PetscFree(names));
  for (PetscInt k = 0; k < SEC_NSERIES; k++) PetscCall(OcOutputAddSeries(rn->out, rn->g_sec, sec_s[k][0], sec_s[k][1], sec_s[k][2], &rn->s_sec[k]));
  for (PetscInt k = 0; k < BR_NSERIES; k++) PetscCall(OcOutputAddSeries(rn->out, rn->g_br, br_s[k][0], br_s[k][1], br_s[k][2], &rn->s_br[k]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The rated DC current of a substation: its rated power at its system's nominal voltage. */
static PetscErrorCode stats_create(OcRunNetwork rn)
{
  const OcScenarioData *d = rn->d;
  OcStatsNetElements    e = {rn->nsec, rn->nbr, rn->nbus, rn->nsub, NULL, NULL, NULL};
  PetscReal            *sec_rated;
  PetscInt             *duty;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(rn->nsec, &sec_rated, rn->nsub, &duty));
  PetscCall(PetscMalloc1(rn->nsub, &rn->sub_rated_a));
  for (PetscInt k = 0; k < rn->nsec; k++) sec_rated[k] = d->dc_section[rn->isec[k]].i_max_a;
  for (PetscInt k = 0; k < rn->nsub; k++) {
    const OcSubstation *s = &d->substation[rn->isub[k]];
    rn->sub_rated_a[k]    = s->rated_power_w / d->dc_system[d->dc_node[s->node].system].u_nominal_v;
    duty[k]               = (PetscInt)s->duty_class;
  }
  e.sec_rated_a = sec_rated;
  e.sub_rated_a = rn->sub_rated_a;
  e.sub_duty    = duty;
  PetscCall(OcStatsNetCreate(&e, d->time_step_s, &rn->stats));
  PetscCall(PetscFree2(sec_rated, duty));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunNetworkCreate(MPI_Comm comm, OcFlow flow, const OcScenarioData *d, OcOutput out, OcOutputGroup g_sub, OcOutputGroup g_bus, OcRunNetwork *runnet)
{
  OcRunNetwork rn;

  PetscFunctionBegin;
  PetscCall(PetscNew(&rn));
  rn->flow  = flow;
  rn->d     = d;
  rn->out   = out;
  rn->g_sub = g_sub;
  rn->g_bus = g_bus;
  rn->comm  = comm;
  PetscCall(OcFlowGetOwned(flow, OC_FLOW_DC_SECTIONS, &rn->nsec, &rn->isec));
  PetscCall(OcFlowGetOwned(flow, OC_FLOW_AC_BRANCHES, &rn->nbr, &rn->ibr));
  PetscCall(OcFlowGetOwned(flow, OC_FLOW_AC_BUSES, &rn->nbus, &rn->ibus));
  PetscCall(OcFlowGetOwned(flow, OC_FLOW_SUBSTATIONS, &rn->nsub, &rn->isub));
  PetscCall(PetscMalloc4(SEC_NSERIES * rn->nsec, &rn->sec, BR_NSERIES * rn->nbr, &rn->br, rn->nbus, &rn->bus, rn->nsub, &rn->sub));
  PetscCall(add_groups(rn));
  PetscCall(stats_create(rn));
  *runnet = rn;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* This step's values of every owned element, from the last solution. */
static PetscErrorCode get_values(OcRunNetwork rn)
{
  PetscReal *sec = rn->sec, *br = rn->br;
  PetscInt   n = rn->nsec, m = rn->nbr;

  PetscFunctionBegin;
  PetscCall(OcFlowGetOwnedValues(rn->flow, OC_FLOW_DC_SECTIONS, sec + SEC_I_FROM * n, sec + SEC_I_TO * n, sec + SEC_I_MAX * n));
  PetscCall(OcFlowGetOwnedValues(rn->flow, OC_FLOW_AC_BRANCHES, br + BR_I_FROM * m, br + BR_P_FROM * m, br + BR_Q_FROM * m));
  PetscCall(OcFlowGetOwnedBranchLoading(rn->flow, br + BR_LOADING * m));
  PetscCall(OcFlowGetOwnedValues(rn->flow, OC_FLOW_AC_BUSES, rn->bus, NULL, NULL));
  PetscCall(OcFlowGetOwnedValues(rn->flow, OC_FLOW_SUBSTATIONS, rn->sub, NULL, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunNetworkRecord(OcRunNetwork rn)
{
  PetscFunctionBegin;
  PetscCall(get_values(rn));
  for (PetscInt k = 0; k < SEC_NSERIES; k++) PetscCall(OcOutputSetValues(rn->out, rn->s_sec[k], rn->sec + k * rn->nsec));
  for (PetscInt k = 0; k < BR_NSERIES; k++) PetscCall(OcOutputSetValues(rn->out, rn->s_br[k], rn->br + k * rn->nbr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunNetworkUpdate(OcRunNetwork rn, PetscReal t_s)
{
  OcStatsNetValues v;

  PetscFunctionBegin;
  PetscCall(get_values(rn));
  v.sec_i_a        = rn->sec + SEC_I_MAX * rn->nsec;
  v.br_i_a         = rn->br + BR_I_FROM * rn->nbr;
  v.br_loading_pct = rn->br + BR_LOADING * rn->nbr;
  v.bus_vm_pu      = rn->bus;
  v.sub_i_a        = rn->sub;
  PetscCall(OcStatsNetUpdate(rn->stats, t_s, &v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode write_summary(OcRunNetwork rn, const OcStatsNetResults *r)
{
  OcOutput          out                         = rn->out;
  const char *const win[OC_STATS_DUTY_NWINDOWS] = {"peak_rms_i_10s_a", "peak_rms_i_1min_a", "peak_rms_i_2min_a", "peak_rms_i_2h_a"};
  PetscReal        *duty;

  PetscFunctionBegin;
  PetscCall(OcOutputWriteSummary(out, rn->g_sec, "peak_i_a", "A", "largest current along the section, over the run", r->sec.peak_i_a));
  PetscCall(OcOutputWriteSummary(out, rn->g_sec, "t_peak_i_s", "s", "time of peak_i_a (its first occurrence)", r->sec.t_peak_s));
  PetscCall(OcOutputWriteSummary(out, rn->g_sec, "rms_i_a", "A", "RMS over the run of the largest current along the section (an upper bound of the RMS current anywhere on it)", r->sec.rms_i_a));
  PetscCall(OcOutputWriteSummary(out, rn->g_sec, "peak_loading_pct", "%", "peak_i_a in % of the section's i_max_a (NaN where not rated)", r->sec.peak_loading_pct));
  PetscCall(OcOutputWriteSummary(out, rn->g_sec, "time_above_rating_s", "s", "time with the largest current above i_max_a (NaN where not rated)", r->sec.time_above_rating_s));
  PetscCall(OcOutputWriteSummary(out, rn->g_br, "peak_i_from_a", "A", "largest current at the from bus", r->br.peak_i_a));
  PetscCall(OcOutputWriteSummary(out, rn->g_br, "rms_i_from_a", "A", "RMS current at the from bus", r->br.rms_i_a));
  PetscCall(OcOutputWriteSummary(out, rn->g_br, "peak_loading_pct", "%", "largest loading, % of rate_a (NaN where not rated)", r->br.peak_loading_pct));
  PetscCall(OcOutputWriteSummary(out, rn->g_br, "t_peak_loading_s", "s", "time of peak_loading_pct (its first occurrence)", r->br.t_peak_loading_s));
  PetscCall(OcOutputWriteSummary(out, rn->g_br, "time_above_rating_s", "s", "time with the loading above 100 % (NaN where not rated)", r->br.time_above_rating_s));
  PetscCall(OcOutputWriteSummary(out, rn->g_bus, "vm_min_pu", "pu", "lowest voltage magnitude", r->bus.vm_min_pu));
  PetscCall(OcOutputWriteSummary(out, rn->g_bus, "t_vm_min_s", "s", "time of vm_min_pu (its first occurrence)", r->bus.t_vm_min_s));
  PetscCall(OcOutputWriteSummary(out, rn->g_bus, "vm_max_pu", "pu", "highest voltage magnitude", r->bus.vm_max_pu));
  PetscCall(OcOutputWriteSummary(out, rn->g_bus, "t_vm_max_s", "s", "time of vm_max_pu (its first occurrence)", r->bus.t_vm_max_s));
  PetscCall(PetscMalloc1(rn->nsub, &duty));
  for (PetscInt k = 0; k < rn->nsub; k++) duty[k] = (PetscReal)rn->d->substation[rn->isub[k]].duty_class + 1;
  PetscCall(OcOutputWriteSummary(out, rn->g_sub, "rated_i_a", "A", "rated DC current: rated_power_w at the system's nominal voltage", rn->sub_rated_a));
  PetscCall(OcOutputWriteSummary(out, rn->g_sub, "duty_class", "1", "rectifier duty class, 1 (I) .. 6 (VI), IEC 60146-1-1 / EN 50328", duty));
  PetscCall(PetscFree(duty));
  PetscCall(OcOutputWriteSummary(out, rn->g_sub, "time_above_rating_s", "s", "time with |DC current| above rated_i_a", r->sub.time_above_rating_s));
  PetscCall(OcOutputWriteSummary(out, rn->g_sub, "longest_above_rating_s", "s", "longest spell with |DC current| above rated_i_a", r->sub.longest_above_rating_s));
  for (PetscInt w = 0; w < OC_STATS_DUTY_NWINDOWS; w++)
    PetscCall(OcOutputWriteSummary(out, rn->g_sub, win[w], "A", "largest RMS DC current over a sliding window (-inf: the run is shorter, or the window is not a whole number of steps)", r->sub.peak_rms_a[w]));
  PetscCall(OcOutputWriteSummary(out, rn->g_sub, "duty_utilisation", "1", "largest ratio of measured to allowed current over the duty class's limits: the run's RMS current against rated_i_a, each window's peak_rms against its overload; above 1: exceeded",
                                 r->sub.utilisation));
  PetscCall(OcOutputWriteSummary(out, rn->g_sub, "duty_binding_window_s", "s", "duration of the limit giving duty_utilisation (0: the continuous rating)", r->sub.binding_window_s));
  PetscCall(OcOutputWriteSummary(out, rn->g_sub, "duty_exceeded", "1", "1 where duty_utilisation is above 1, else 0", r->sub.exceeded));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The element with the largest (sign 1) or smallest (sign -1) value over all ranks, its value
   and an accompanying value (a time); index -1 where no rank has a finite one. */
typedef struct {
  PetscInt  index;
  PetscReal value, aux;
} Extreme;

static PetscErrorCode extreme(MPI_Comm comm, PetscInt n, const PetscInt gidx[], const PetscReal v[], const PetscReal aux[], PetscReal sign, Extreme *e)
{
  struct {
    double v;
    int    i;
  } local     = {-INFINITY, -1}, global;
  PetscReal a = -INFINITY;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < n; k++) {
    /* Ties go to the lower global index, whatever the ranks. */
    if (PetscIsInfOrNanReal(v[k])) continue;
    if (sign * v[k] > local.v || (sign * v[k] == local.v && gidx[k] < local.i)) {
      local.v = (double)(sign * v[k]);
      local.i = (int)gidx[k];
    }
  }
  PetscCallMPI(MPI_Allreduce(&local, &global, 1, MPI_DOUBLE_INT, MPI_MAXLOC, comm));
  for (PetscInt k = 0; k < n && aux; k++)
    if (gidx[k] == global.i) a = aux[k];
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &a, 1, MPIU_REAL, MPI_MAX, comm));
  e->index = global.i;
  e->value = sign * global.v;
  e->aux   = a;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode print_summary(OcRunNetwork rn, const OcStatsNetResults *r)
{
  const OcScenarioData *d         = rn->d;
  const char *const     roman[]   = {"I", "II", "III", "IV", "V", "VI"};
  const char *const     window[]  = {"10 s", "1 min", "2 min", "2 h"};
  const char           *limit     = "continuous";
  PetscInt              counts[3] = {0, 0, rn->nsub};
  Extreme               e, f;
  char                  clock[32];

  PetscFunctionBegin;
  for (PetscInt k = 0; k < rn->nsub; k++) {
    counts[0] += r->sub.time_above_rating_s[k] > 0;
    counts[1] += r->sub.exceeded[k] > 0;
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, counts, 3, MPIU_INT, MPI_SUM, rn->comm));
  PetscCall(extreme(rn->comm, rn->nsub, rn->isub, r->sub.utilisation, r->sub.binding_window_s, 1, &e));
  if (e.index >= 0) {
    const OcSubstation *s = &d->substation[e.index];
    for (PetscInt w = 0; w < OC_STATS_DUTY_NWINDOWS; w++)
      if (e.aux == OcStatsDutyWindow_s[w]) limit = window[w];
    PetscCall(PetscPrintf(rn->comm, "substations: %" PetscInt_FMT " of %" PetscInt_FMT " above their rated current at some time; duty class limits exceeded at %" PetscInt_FMT "; highest duty use %s (class %s) at %.1f %% of its %s limit\n", counts[0], counts[2], counts[1], s->id, roman[s->duty_class],
                          100 * (double)e.value, limit));
  }
  PetscCall(extreme(rn->comm, rn->nsec, rn->isec, r->sec.peak_i_a, r->sec.t_peak_s, 1, &e));
  PetscCall(extreme(rn->comm, rn->nsec, rn->isec, r->sec.peak_loading_pct, NULL, 1, &f));
  if (e.index >= 0) {
    OcFormatClock(e.aux, clock, sizeof clock);
    PetscCall(PetscPrintf(rn->comm, "DC sections: highest current %.1f A on %s at %s", (double)e.value, d->dc_section[e.index].id, clock));
    if (f.index >= 0) PetscCall(PetscPrintf(rn->comm, "; highest loading %.1f %% of its rating on %s", (double)f.value, d->dc_section[f.index].id));
    PetscCall(PetscPrintf(rn->comm, "\n"));
  }
  PetscCall(extreme(rn->comm, rn->nbr, rn->ibr, r->br.peak_loading_pct, r->br.t_peak_loading_s, 1, &e));
  if (e.index >= 0) {
    const OcMpBranch *b = &d->ac.branch[e.index];
    OcFormatClock(e.aux, clock, sizeof clock);
    PetscCall(PetscPrintf(rn->comm, "AC branches: highest loading %.1f %% of rate_a on %" PetscInt_FMT "-%" PetscInt_FMT " at %s\n", (double)e.value, b->f_bus, b->t_bus, clock));
  }
  PetscCall(extreme(rn->comm, rn->nbus, rn->ibus, r->bus.vm_min_pu, NULL, -1, &e));
  PetscCall(extreme(rn->comm, rn->nbus, rn->ibus, r->bus.vm_max_pu, NULL, 1, &f));
  if (e.index >= 0 && f.index >= 0) PetscCall(PetscPrintf(rn->comm, "AC buses: voltage between %.4f pu (bus %" PetscInt_FMT ") and %.4f pu (bus %" PetscInt_FMT ")\n", (double)e.value, d->ac.bus[e.index].id, (double)f.value, d->ac.bus[f.index].id));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunNetworkWriteSummary(OcRunNetwork rn, PetscBool print)
{
  const OcStatsNetResults *r;

  PetscFunctionBegin;
  PetscCall(OcStatsNetGet(rn->stats, &r));
  PetscCall(write_summary(rn, r));
  if (print) PetscCall(print_summary(rn, r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The statistics' state by global element index (a restart may have other owners). */
static PetscErrorCode checkpoint_transfer(OcRunNetwork rn, OcCheckpoint c, PetscBool write)
{
  const OcScenarioData *d                          = rn->d;
  const OcStatsNetPlace place[OC_STATS_NET_NKINDS] = {
    {d->ndc_sections,               rn->isec},
    {d->has_ac ? d->ac.nbranch : 0, rn->ibr },
    {d->has_ac ? d->ac.nbus : 0,    rn->ibus},
    {d->nsubstations,               rn->isub}
  };

  PetscFunctionBegin;
  if (write) PetscCall(OcStatsNetCheckpointWrite(rn->stats, c, place));
  else PetscCall(OcStatsNetCheckpointRead(rn->stats, c, place));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode checkpoint_write(void *ctx, OcCheckpoint c)
{
  PetscFunctionBegin;
  PetscCall(checkpoint_transfer((OcRunNetwork)ctx, c, PETSC_TRUE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode checkpoint_read(void *ctx, OcCheckpoint c)
{
  PetscFunctionBegin;
  PetscCall(checkpoint_transfer((OcRunNetwork)ctx, c, PETSC_FALSE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunNetworkAddCheckpoint(OcRunNetwork rn, OcRunCheckpoint ck)
{
  PetscFunctionBegin;
  PetscCall(OcRunCheckpointAdd(ck, checkpoint_write, checkpoint_read, rn));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunNetworkDestroy(OcRunNetwork *runnet)
{
  OcRunNetwork rn = *runnet;

  PetscFunctionBegin;
  if (!rn) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcStatsNetDestroy(&rn->stats));
  PetscCall(PetscFree4(rn->sec, rn->br, rn->bus, rn->sub));
  PetscCall(PetscFree(rn->sub_rated_a));
  PetscCall(PetscFree(*runnet));
  PetscFunctionReturn(PETSC_SUCCESS);
}
