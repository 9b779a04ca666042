/* ohmcity run SCENARIO: the time loop. Each step the fleet moves, its demand is solved with the
   network in one coupled power flow, the delivered power feeds back into the next step, and the
   network's state is recorded to the parallel HDF5 results file every output interval. */
#include <math.h>
#include <ocfleet.h>
#include <ocoutput.h>
#include <ocstats.h>
#include <ocparse.h>
#include "ocapp.h"
#include "run_checkpoint.h"
#include "run_ebus.h"
#include "run_network.h"
#include "run_vehicles.h"

typedef struct {
  OcOutputGroup  group;
  OcFlowElements kind;
  OcOutputSeries series[3]; /* the kind's values a, b, c; -1 where unused */
} NetGroup;

typedef struct {
  MPI_Comm              comm;
  OcScenario            sc;
  const OcScenarioData *d;
  OcNet                 net;
  OcFlow                flow;
  OcFleet               fleet;
  OcOutput              out;
  PetscBool             out_open; /* set up: must be closed, whatever happens after */
  NetGroup              group[3];
  OcRunVehicles         vehicles;
  OcStats               stats;
  OcRunNetwork          network; /* sections, AC branches, AC buses, substation duty */
  OcRunEbus             ebus;    /* chargers and e-bus batteries (run_ebus.c) */
  PetscReal            *scratch; /* values of one series, local elements */
  /* Totals over the run (J), the worst voltage and the solver's work. */
  PetscReal e_sub_ac, e_vehicles, e_rheostat, e_dc_line, e_sub_loss, v_min;
  PetscInt  steps, newton;
  PetscInt  steps_at_start; /* steps restored from a checkpoint: the progress rate leaves them out */

  OcRunCheckpoint ckpt;
  PetscBool       stopped; /* for a restart: the results stay open as .part */
} Run;

/* The scenario's name of element i of a kind. */
static const char *element_name(const OcScenarioData *d, OcFlowElements kind, PetscInt i)
{
  if (kind == OC_FLOW_DC_NODES) return d->dc_node[i].id;
  if (kind == OC_FLOW_SUBSTATIONS) return d->substation[i].id;
  return "";
}

static PetscErrorCode add_net_group(Run *r, NetGroup *g, const char *name, OcFlowElements kind, PetscInt n_global, const char *const series[][3])
{
  PetscInt        n, *ids;
  const PetscInt *index;
  const char    **names;

  PetscFunctionBegin;
  g->kind = kind;
  PetscCall(OcFlowGetOwned(r->flow, kind, &n, &index));
  PetscCall(PetscMalloc2(n, &names, n, &ids));
  for (PetscInt k = 0; k < n; k++) {
    names[k] = element_name(r->d, kind, index[k]);
    /* AC buses keep their MATPOWER numbers; other elements are numbered by their order. */
    ids[k] = kind == OC_FLOW_AC_BUSES ? r->d->ac.bus[index[k]].id : index[k];
  }
  PetscCall(OcOutputAddGroup(r->out, name, n_global, n, index, ids, names, &g->group));
  PetscCall(PetscFree2(names, ids));
  for (PetscInt k = 0; k < 3; k++) {
    g->series[k] = -1;
    if (series[k][0][0]) PetscCall(OcOutputAddSeries(r->out, g->group, series[k][0], series[k][1], series[k][2], &g->series[k]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode checkpoint_summary(void *);

static PetscErrorCode output_create(Run *r, const char *path)
{
  const OcScenarioData *d            = r->d;
  const char *const     node_s[3][3] = {
        {"u_v", "V", "voltage of the DC node"},
        {"",    "",  ""                      },
        {"",    "",  ""                      }
  };
  const char *const sub_s[3][3] = {
    {"i_a",      "A",   "DC current delivered into the line"   },
    {"p_ac_w",   "W",   "active power drawn from the AC side"  },
    {"q_ac_var", "var", "reactive power drawn from the AC side"}
  };
  const char *const bus_s[3][3] = {
    {"vm_pu",  "pu",  "voltage magnitude"},
    {"va_deg", "deg", "voltage angle"    },
    {"",       "",    ""                 }
  };
  PetscInt nmax = PetscMax(PetscMax(d->ndc_nodes, d->nsubstations), d->has_ac ? d->ac.nbus : 0);

  PetscFunctionBegin;
  PetscCall(OcOutputCreate(r->comm, &r->out));
  PetscCall(OcOutputSetFile(r->out, path));
  PetscCall(OcOutputSetScenarioName(r->out, d->name));
  PetscCall(OcOutputSetFromOptions(r->out));
  PetscCall(add_net_group(r, &r->group[0], "dc_nodes", OC_FLOW_DC_NODES, d->ndc_nodes, node_s));
  PetscCall(add_net_group(r, &r->group[1], "substations", OC_FLOW_SUBSTATIONS, d->nsubstations, sub_s));
  PetscCall(add_net_group(r, &r->group[2], "ac_buses", OC_FLOW_AC_BUSES, d->has_ac ? d->ac.nbus : 0, bus_s));
  PetscCall(OcRunNetworkCreate(r->comm, r->flow, d, r->out, r->group[1].group, r->group[2].group, &r->network));
  PetscCall(OcRunVehiclesAdd(&r->vehicles, r->comm, r->out, r->fleet));
  PetscCall(OcRunCheckpointSetOutput(r->ckpt, r->out, checkpoint_summary, r));
  PetscCall(OcRunEbusCreate(r->comm, &r->ebus, d, r->fleet, r->flow, r->out));
  PetscCall(OcOutputSetUp(r->out));
  r->out_open = PETSC_TRUE;
  PetscCall(OcOutputSetAttribute(r->out, "time_coupling", "explicit: the traction power a vehicle may use in a step is limited by the share of its request delivered by the previous step's power flow"));
  PetscCall(PetscMalloc1(3 * PetscMax(nmax, 1), &r->scratch));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Statistics of the elements this rank owns, over every step. */
static PetscErrorCode stats_create(Run *r)
{
  PetscInt        nsub, nnode;
  const PetscInt *isub, *inode;
  PetscReal      *u1, *u2;

  PetscFunctionBegin;
  PetscCall(OcFlowGetOwned(r->flow, OC_FLOW_SUBSTATIONS, &nsub, &isub));
  PetscCall(OcFlowGetOwned(r->flow, OC_FLOW_DC_NODES, &nnode, &inode));
  PetscCall(PetscMalloc2(nnode, &u1, nnode, &u2));
  for (PetscInt k = 0; k < nnode; k++) {
    const OcDcSystem *sys = &r->d->dc_system[r->d->dc_node[inode[k]].system];
    u1[k]                 = sys->umin1_v;
    u2[k]                 = sys->umin2_v;
  }
  PetscCall(OcStatsCreate(nsub, nnode, u1, u2, r->d->time_step_s, &r->stats));
  PetscCall(PetscFree2(u1, u2));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode stats_update(Run *r, PetscReal t_s)
{
  PetscInt        nsub, nnode;
  const PetscInt *index;
  PetscReal      *i_a = r->scratch, *p_w, *u_v;

  PetscFunctionBegin;
  PetscCall(OcFlowGetOwned(r->flow, OC_FLOW_SUBSTATIONS, &nsub, &index));
  PetscCall(OcFlowGetOwned(r->flow, OC_FLOW_DC_NODES, &nnode, &index));
  p_w = i_a + nsub;
  u_v = p_w + nsub;
  PetscCall(OcFlowGetOwnedValues(r->flow, OC_FLOW_SUBSTATIONS, i_a, p_w, NULL));
  PetscCall(OcFlowGetOwnedValues(r->flow, OC_FLOW_DC_NODES, u_v, NULL, NULL));
  PetscCall(OcStatsUpdate(r->stats, t_s, p_w, i_a, u_v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The sizing statistics into the file's /summary, and the highest 15-minute loading (report). */
static PetscErrorCode stats_write(Run *r, PetscBool report)
{
  const OcStatsSubstations *sub;
  const OcStatsNodes       *node;
  const char *const         peak[OC_STATS_NWINDOWS] = {"peak_p_1s_w", "peak_p_1min_w", "peak_p_15min_w", "peak_p_1h_w"};
  OcOutputGroup             gs = r->group[1].group, gn = r->group[0].group;
  PetscInt                  nsub;
  const PetscInt           *isub;
  struct {
    double load;
    int    sub;
  } local = {-1, -1}, worst;

  PetscFunctionBegin;
  PetscCall(OcStatsGet(r->stats, &sub, &node));
  PetscCall(OcOutputWriteSummary(r->out, gs, "energy_j", "J", "energy drawn from the AC grid", sub->energy_j));
  PetscCall(OcOutputWriteSummary(r->out, gs, "fed_back_j", "J", "energy fed back into the AC grid", sub->fed_back_j));
  PetscCall(OcOutputWriteSummary(r->out, gs, "rms_i_a", "A", "RMS of the DC current", sub->rms_i_a));
  for (PetscInt w = 0; w < OC_STATS_NWINDOWS; w++) PetscCall(OcOutputWriteSummary(r->out, gs, peak[w], "W", "largest mean AC active power over a sliding window (-inf: the run is shorter)", sub->peak_w[w]));
  PetscCall(OcOutputWriteSummary(r->out, gn, "u_min_v", "V", "lowest voltage", node->u_min_v));
  PetscCall(OcOutputWriteSummary(r->out, gn, "u_max_v", "V", "highest voltage", node->u_max_v));
  PetscCall(OcOutputWriteSummary(r->out, gn, "time_below_umin1_s", "s", "time below Umin1 (EN 50163)", node->below_umin1_s));
  PetscCall(OcOutputWriteSummary(r->out, gn, "time_below_umin2_s", "s", "time below Umin2 (EN 50163)", node->below_umin2_s));
  PetscCall(OcRunNetworkWriteSummary(r->network, report));
  PetscCall(OcFlowGetOwned(r->flow, OC_FLOW_SUBSTATIONS, &nsub, &isub));
  for (PetscInt k = 0; k < nsub; k++) {
    double load = (double)(sub->peak_w[2][k] / r->d->substation[isub[k]].rated_power_w);
    if (load > local.load) {
      local.load = load;
      local.sub  = (int)isub[k];
    }
  }
  PetscCallMPI(MPI_Allreduce(&local, &worst, 1, MPI_DOUBLE_INT, MPI_MAXLOC, r->comm));
  if (report && worst.sub >= 0 && worst.load > 0) PetscCall(PetscPrintf(r->comm, "highest 15-minute loading: substation %s at %.1f %% of its rating\n", r->d->substation[worst.sub].id, 100 * worst.load));
  PetscCall(OcRunVehiclesWriteSummary(&r->vehicles, r->comm, r->out, r->fleet, report));
  PetscCall(OcRunEbusWriteSummary(&r->ebus, r->d, r->fleet, r->out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* At a checkpoint the statistics so far go into the results file too. */
static PetscErrorCode checkpoint_summary(void *ctx)
{
  PetscFunctionBegin;
  PetscCall(stats_write((Run *)ctx, PETSC_FALSE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Everything a checkpoint saves and a restart puts back: a new state is one line here. */
static PetscErrorCode checkpoint_states(Run *r)
{
  OcRunCheckpoint c = r->ckpt;

  PetscFunctionBegin;
  PetscCall(OcRunCheckpointAddReal(c, "e_sub_ac_j", &r->e_sub_ac));
  PetscCall(OcRunCheckpointAddReal(c, "e_vehicles_j", &r->e_vehicles));
  PetscCall(OcRunCheckpointAddReal(c, "e_rheostat_j", &r->e_rheostat));
  PetscCall(OcRunCheckpointAddReal(c, "e_dc_line_j", &r->e_dc_line));
  PetscCall(OcRunCheckpointAddReal(c, "e_sub_loss_j", &r->e_sub_loss));
  PetscCall(OcRunCheckpointAddMin(c, "v_min_v", &r->v_min));
  PetscCall(OcRunCheckpointAddInt(c, "steps", &r->steps));
  PetscCall(OcRunCheckpointAddInt(c, "newton", &r->newton));
  PetscCall(OcRunCheckpointAddFleet(c, r->fleet));
  PetscCall(OcRunCheckpointAddFlow(c, r->flow));
  PetscCall(OcRunCheckpointAddStats(c, r->stats, r->flow));
  PetscCall(OcRunNetworkAddCheckpoint(r->network, c));
  PetscCall(OcRunCheckpointAddReal(c, "ebus_elapsed_s", &r->ebus.elapsed_s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode record(Run *r, PetscReal t_s)
{
  PetscFunctionBegin;
  PetscCall(OcRunVehiclesUpdateOwnership(&r->vehicles, r->comm, r->out, r->fleet));
  PetscCall(OcOutputRecordBegin(r->out, t_s));
  for (PetscInt g = 0; g < 3; g++) {
    PetscInt        n;
    const PetscInt *index;
    PetscReal      *v = r->scratch;
    PetscCall(OcFlowGetOwned(r->flow, r->group[g].kind, &n, &index));
    PetscCall(OcFlowGetOwnedValues(r->flow, r->group[g].kind, v, v + n, v + 2 * n));
    for (PetscInt k = 0; k < 3; k++)
      if (r->group[g].series[k] >= 0) PetscCall(OcOutputSetValues(r->out, r->group[g].series[k], v + k * n));
  }
  PetscCall(OcRunVehiclesSetValues(&r->vehicles, r->out, r->fleet));
  PetscCall(OcRunNetworkRecord(r->network));
  PetscCall(OcRunEbusRecord(&r->ebus, r->fleet, r->out));
  PetscCall(OcOutputRecordEnd(r->out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One step: move, solve, feed back, account. A network without a solution stops the run. */
static PetscErrorCode step(Run *r, PetscReal t_s, PetscReal dt_s)
{
  PetscInt                  n, nst;
  const OcFlowVehicle      *veh;
  const OcFlowVehicleState *st;
  OcFlowReport              rep;
  OcFlowBalance             b;

  PetscFunctionBegin;
  PetscCall(OcFleetAdvance(r->fleet, t_s, dt_s));
  PetscCall(OcRunEbusStep(&r->ebus, r->fleet, r->flow, t_s, dt_s));
  PetscCall(OcFleetGetFlowVehicles(r->fleet, &n, &veh));
  PetscCall(OcFlowSetTime(r->flow, t_s + dt_s));
  PetscCall(OcFlowSetVehicles(r->flow, n, veh));
  PetscCall(OcFlowSolve(r->flow, &rep));
  PetscCall(OcFlowCheckReport(r->flow, &rep));
  PetscCall(OcFlowGetVehicleStates(r->flow, &nst, &st));
  PetscCall(OcFleetSetReceived(r->fleet, nst, st));
  PetscCall(stats_update(r, t_s + dt_s));
  PetscCall(OcRunNetworkUpdate(r->network, t_s + dt_s));
  PetscCall(OcFlowGetBalance(r->flow, &b));
  r->e_sub_ac += b.substation_ac_w * dt_s;
  r->e_vehicles += b.vehicles_w * dt_s;
  r->e_rheostat += b.rheostat_w * dt_s;
  r->e_dc_line += b.dc_line_w * dt_s;
  r->e_sub_loss += b.substation_w * dt_s;
  for (PetscInt k = 0; k < nst; k++) r->v_min = PetscMin(r->v_min, st[k].u_v);
  r->newton += rep.iterations;
  r->steps++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode progress(Run *r, PetscReal t_s, PetscLogDouble wall0, PetscLogDouble *last)
{
  PetscLogDouble now;
  PetscReal      v_min, rate;
  PetscInt       in_service;
  char           clock[32], eta[32];
  int            due;

  PetscFunctionBegin;
  /* The ranks' clocks differ: the decision to report (a collective) is taken together, on a
     fixed step cadence, or one rank would wait in another collective than the others. */
  if (r->steps % 100) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscTime(&now));
  due = now - *last >= 5;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &due, 1, MPI_INT, MPI_LOR, r->comm));
  if (!due) PetscFunctionReturn(PETSC_SUCCESS);
  *last = now;
  PetscCallMPI(MPI_Allreduce(&r->v_min, &v_min, 1, MPIU_REAL, MPI_MIN, r->comm));
  PetscCall(OcFleetGetCounts(r->fleet, &in_service, NULL));
  rate = (PetscReal)((r->steps - r->steps_at_start) / (now - wall0)); /* this process's steps */
  OcFormatClock(t_s, clock, sizeof clock);
  OcFormatClock((r->d->end_s - t_s) / r->d->time_step_s / rate, eta, sizeof eta);
  PetscCall(PetscPrintf(r->comm, "%s  %.0f steps/s  %s left  %.2f Newton it/step  %" PetscInt_FMT " vehicles  lowest %.1f V\n", clock, (double)rate, eta, (double)r->newton / (double)PetscMax(r->steps, 1), in_service, (double)v_min));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode summary(Run *r)
{
  PetscReal v_min;
  PetscInt  finished;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Allreduce(&r->v_min, &v_min, 1, MPIU_REAL, MPI_MIN, r->comm));
  PetscCall(OcFleetGetCounts(r->fleet, NULL, &finished));
  PetscCall(PetscPrintf(r->comm, "%" PetscInt_FMT " steps, %" PetscInt_FMT " trips finished, %.2f Newton iterations a step\n", r->steps, finished, (double)r->newton / (double)PetscMax(r->steps, 1)));
  PetscCall(PetscPrintf(r->comm, "energy drawn by the substations from the AC grid %.3f kWh = vehicles %.3f kWh + DC lines %.3f kWh + substation losses %.3f kWh\n", (double)(r->e_sub_ac / 3.6e6), (double)(r->e_vehicles / 3.6e6), (double)(r->e_dc_line / 3.6e6), (double)(r->e_sub_loss / 3.6e6)));
  PetscCall(PetscPrintf(r->comm, "braking energy burnt on board %.3f kWh; lowest pantograph voltage %.1f V\n", (double)(r->e_rheostat / 3.6e6), (double)(v_min < PETSC_MAX_REAL ? v_min : NAN)));
  PetscCall(OcRunEbusView(&r->ebus, r->d, r->fleet));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode run_create(Run *r, const char *path, const char *results)
{
  PetscFunctionBegin;
  PetscCall(OcScenarioCreate(r->comm, &r->sc));
  PetscCall(OcScenarioLoad(r->sc, path));
  PetscCall(OcScenarioGetData(r->sc, &r->d));
  PetscCall(OcRunCheckpointCreate(r->comm, r->d, path, results, &r->ckpt));
  PetscCall(OcNetCreate(r->comm, &r->net));
  PetscCall(OcNetSetScenario(r->net, r->d));
  PetscCall(OcNetSetFromOptions(r->net));
  PetscCall(OcNetSetUp(r->net));
  PetscCall(OcFlowCreate(r->net, &r->flow));
  PetscCall(OcFlowSetFromOptions(r->flow));
  PetscCall(OcFlowSetUp(r->flow));
  PetscCall(OcFleetCreate(r->net, &r->fleet));
  PetscCall(OcFleetSetUp(r->fleet));
  PetscCall(output_create(r, results));
  PetscCall(stats_create(r));
  r->v_min = PETSC_MAX_REAL;
  PetscCall(checkpoint_states(r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode run_destroy(Run *r)
{
  PetscFunctionBegin;
  PetscCall(OcRunCheckpointDestroy(&r->ckpt));
  PetscCall(OcOutputDestroy(&r->out));
  PetscCall(OcStatsDestroy(&r->stats));
  PetscCall(OcRunNetworkDestroy(&r->network));
  PetscCall(PetscFree(r->scratch));
  PetscCall(OcRunVehiclesDestroy(&r->vehicles));
  PetscCall(OcRunEbusDestroy(&r->ebus));
  PetscCall(OcFleetDestroy(&r->fleet));
  PetscCall(OcFlowDestroy(&r->flow));
  PetscCall(OcNetDestroy(&r->net));
  if (r->d) PetscCall(OcScenarioRestoreData(r->sc, &r->d));
  PetscCall(OcScenarioDestroy(&r->sc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A run starting mid-service first puts the trips under way at its start on the road (the fleet
   alone, src/fleet/warm_up.c); -oc_warm_up false leaves them out. */
static PetscErrorCode warm_up(Run *r, PetscBool quiet)
{
  PetscBool on = PETSC_TRUE;
  PetscInt  n;
  PetscReal t_begin;
  char      a[32], b[32];

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-oc_warm_up", &on, NULL));
  if (!on) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcFleetWarmUp(r->fleet, r->d->start_s, r->d->time_step_s, &n, &t_begin));
  OcFormatClock(t_begin, a, sizeof a);
  OcFormatClock(r->d->start_s, b, sizeof b);
  if (n && !quiet) PetscCall(PetscPrintf(r->comm, "warm-up: %" PetscInt_FMT " trips under way at %s, the fleet run alone from %s\n", n, b, a));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The loop, from the start or from a restart's checkpoint; a batch system's signal (or
   -oc_stop_at) ends it after the current step with a checkpoint (run_checkpoint.h). */
static PetscErrorCode time_loop(Run *r, PetscBool quiet)
{
  const OcScenarioData *d     = r->d;
  PetscInt              every = (PetscInt)round(d->output_interval_s / d->time_step_s), k;
  PetscLogDouble        wall0, last;
  OcSignal              sig = OC_SIGNAL_NONE;
  PetscReal             t;

  PetscFunctionBegin;
  PetscCall(OcRunCheckpointRestore(r->ckpt, &k));
  r->steps_at_start = r->steps;
  t                 = d->start_s + k * d->time_step_s;
  PetscCall(PetscTime(&wall0));
  last = wall0;
  if (k == 0) {
    PetscCall(warm_up(r, quiet));
    PetscCall(record(r, t));
  }
  for (; t < d->end_s - 1e-9 * d->time_step_s && !r->stopped; k++) {
    PetscCall(step(r, t, d->time_step_s));
    t = d->start_s + (k + 1) * d->time_step_s;
    if ((k + 1) % every == 0) PetscCall(record(r, t));
    if (!quiet) PetscCall(progress(r, t, wall0, &last));
    PetscCall(OcSignalPoll(r->comm, &sig));
    PetscCall(OcRunCheckpointStep(r->ckpt, k + 1, t, sig, &r->stopped));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCommandRun(MPI_Comm comm, int argc, char **argv)
{
  const char    *path                        = NULL;
  char           results[PETSC_MAX_PATH_LEN] = "ohmcity_results.h5";
  Run            r;
  PetscBool      quiet = PETSC_FALSE;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(OcCommandOperand(comm, argc, argv, &path));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-oc_output_file", results, sizeof results, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-oc_quiet", &quiet, NULL));
  PetscCall(PetscMemzero(&r, sizeof r));
  r.comm = comm;
  if (!quiet) PetscCall(OcBannerView(comm, "run", stdout));
  ierr = run_create(&r, path, results);
  if (!ierr) ierr = time_loop(&r, quiet);
  if (!ierr && !r.stopped) ierr = stats_write(&r, PETSC_TRUE);
  /* Whatever ended the loop, the results written so far are flushed and closed; a run stopped
     with a checkpoint keeps them as .part, for its restart to continue. */
  if (r.out_open && !r.stopped) PetscCall(OcOutputClose(r.out));
  if (!ierr && !r.stopped) {
    PetscCall(summary(&r));
    PetscCall(PetscPrintf(comm, "results: %s\n", results));
  }
  PetscCall(run_destroy(&r));
  PetscCall(ierr);
  PetscFunctionReturn(PETSC_SUCCESS);
}
