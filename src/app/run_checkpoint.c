/* Checkpoint and restart of ohmcity run (run_checkpoint.h): when to write, the run's own part
   of the file (/run: position, totals; root attributes: scenario, hash) and the list of the
   modules' states. */
#include <math.h>
#include <ocparse.h>
#include "run_checkpoint.h"

#define MAX_STATES 32

typedef enum {
  VALUE_SAME,
  VALUE_MIN,
  VALUE_INT
} ValueKind;

typedef struct {
  char      name[OC_NAME_LEN];
  ValueKind kind;
  void     *v;
} Value;

typedef struct {
  OcRunStateFn write, read;
  void        *ctx;
} State;

struct _p_OcRunCheckpoint {
  MPI_Comm              comm;
  const OcScenarioData *d;
  char                  path[PETSC_MAX_PATH_LEN], scenario[PETSC_MAX_PATH_LEN], hash[32];
  PetscInt              interval_steps; /* 0: only when stopped */
  PetscReal             stop_at_s;      /* -1: none */
  OcCheckpoint          restart;        /* open from Create to Restore on a restart */
  PetscInt64            restart_steps, restart_records;
  OcOutput              out;
  PetscErrorCode (*summary)(void *);
  void    *summary_ctx;
  Value    value[MAX_STATES];
  State    state[MAX_STATES];
  PetscInt nvalues, nstates;
  /* Typed states: their objects. */
  OcStats stats;
  OcFlow  stats_flow;
};

/* The default checkpoint file: next to the results, "x.h5" -> "x.ckpt.h5". */
static PetscErrorCode default_path(const char results[], char path[], size_t len)
{
  size_t n;

  PetscFunctionBegin;
  PetscCall(PetscStrlen(results, &n));
  if (n > 3 && !strcmp(results + n - 3, ".h5")) n -= 3;
  PetscCall(PetscSNPrintf(path, len, "%.*s.ckpt.h5", (int)n, results));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode scenario_hash(const OcScenarioData *d, char hash[], size_t len)
{
  uint64_t h;

  PetscFunctionBegin;
  PetscCall(OcScenarioDataHash(d, &h));
  PetscCall(PetscSNPrintf(hash, len, "%016llx", (unsigned long long)h));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_options(OcRunCheckpoint ck, const char results[], char restart[], size_t len)
{
  char      stop[32] = "";
  PetscReal interval = 0;
  PetscBool set, set2;

  PetscFunctionBegin;
  PetscCall(default_path(results, ck->path, sizeof ck->path));
  PetscOptionsBegin(ck->comm, NULL, "Checkpoint and restart", "ohmcity run");
  PetscCall(PetscOptionsString("-oc_checkpoint_file", "Checkpoint file (written as FILE.tmp, then renamed)", "", ck->path, ck->path, sizeof ck->path, NULL));
  PetscCall(PetscOptionsReal("-oc_checkpoint_interval_s", "Write a checkpoint every this many simulated seconds (0: only when stopped)", "", interval, &interval, NULL));
  PetscCall(PetscOptionsString("-oc_stop_at", "Write a checkpoint and stop at this simulated time (HH:MM[:SS])", "", stop, stop, sizeof stop, &set));
  PetscCall(PetscOptionsString("-oc_restart", "Continue the run from this checkpoint", "", restart, restart, len, &set2));
  PetscOptionsEnd();
  /* The spelling, `ohmcity run SCENARIO --restart CKPT`: PETSc stores it as "--restart". */
  if (!set2) PetscCall(PetscOptionsGetString(NULL, NULL, "--restart", restart, len, NULL));
  PetscCheck(interval >= 0, ck->comm, PETSC_ERR_USER_INPUT, "-oc_checkpoint_interval_s must be >= 0, got %g", (double)interval);
  ck->interval_steps = (PetscInt)round(interval / ck->d->time_step_s);
  PetscCheck(interval == 0 || ck->interval_steps >= 1, ck->comm, PETSC_ERR_USER_INPUT, "-oc_checkpoint_interval_s %g is shorter than a time step (%g s)", (double)interval, (double)ck->d->time_step_s);
  ck->stop_at_s = -1;
  if (set) PetscCheck(OcParseClock(stop, &ck->stop_at_s), ck->comm, PETSC_ERR_USER_INPUT, "-oc_stop_at '%s': expected a time HH:MM or HH:MM:SS", stop);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A restart's checkpoint must be of this scenario; its position is needed before the results
   file is set up. */
static PetscErrorCode open_restart(OcRunCheckpoint ck, const char path[])
{
  char       name[OC_NAME_LEN], hash[32];
  PetscInt64 pos[2];

  PetscFunctionBegin;
  PetscCall(OcCheckpointOpen(ck->comm, path, &ck->restart));
  PetscCall(OcCheckpointReadText(ck->restart, "scenario", name, sizeof name));
  PetscCall(OcCheckpointReadText(ck->restart, "scenario_hash", hash, sizeof hash));
  PetscCheck(!strcmp(hash, ck->hash), ck->comm, PETSC_ERR_USER_INPUT, "checkpoint %s was written by a run of scenario '%s' (data hash %s); this scenario is '%s' (hash %s): a run continues only with the scenario it started with", path, name, hash,
             ck->d->name, ck->hash);
  PetscCall(OcCheckpointReadInts(ck->restart, "run/steps_records", 2, pos));
  ck->restart_steps   = pos[0];
  ck->restart_records = pos[1];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunCheckpointCreate(MPI_Comm comm, const OcScenarioData *d, const char scenario_path[], const char results[], OcRunCheckpoint *ckpt)
{
  OcRunCheckpoint ck;
  char            restart[PETSC_MAX_PATH_LEN] = "";

  PetscFunctionBegin;
  PetscCall(PetscNew(&ck));
  *ckpt    = ck;
  ck->comm = comm;
  ck->d    = d;
  PetscCall(PetscStrncpy(ck->scenario, scenario_path, sizeof ck->scenario));
  PetscCall(scenario_hash(d, ck->hash, sizeof ck->hash));
  PetscCall(read_options(ck, results, restart, sizeof restart));
  if (restart[0]) PetscCall(open_restart(ck, restart));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunCheckpointSetOutput(OcRunCheckpoint ck, OcOutput out, PetscErrorCode (*summary)(void *), void *ctx)
{
  PetscFunctionBegin;
  ck->out         = out;
  ck->summary     = summary;
  ck->summary_ctx = ctx;
  if (ck->restart) PetscCall(OcOutputSetContinue(out, (PetscInt)ck->restart_records));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunCheckpointAdd(OcRunCheckpoint ck, OcRunStateFn write, OcRunStateFn read, void *ctx)
{
  PetscFunctionBegin;
  PetscCheck(ck->nstates < MAX_STATES, PETSC_COMM_SELF, PETSC_ERR_SUP, "more than %d checkpoint states: raise MAX_STATES", MAX_STATES);
  ck->state[ck->nstates++] = (State){write, read, ctx};
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode add_value(OcRunCheckpoint ck, const char name[], ValueKind kind, void *v)
{
  Value *val = &ck->value[ck->nvalues];

  PetscFunctionBegin;
  PetscCheck(ck->nvalues < MAX_STATES, PETSC_COMM_SELF, PETSC_ERR_SUP, "more than %d checkpoint values: raise MAX_STATES", MAX_STATES);
  PetscCall(PetscSNPrintf(val->name, sizeof val->name, "run/%s", name));
  val->kind = kind;
  val->v    = v;
  ck->nvalues++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunCheckpointAddReal(OcRunCheckpoint ck, const char name[], PetscReal *v)
{
  PetscFunctionBegin;
  PetscCall(add_value(ck, name, VALUE_SAME, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunCheckpointAddMin(OcRunCheckpoint ck, const char name[], PetscReal *v)
{
  PetscFunctionBegin;
  PetscCall(add_value(ck, name, VALUE_MIN, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunCheckpointAddInt(OcRunCheckpoint ck, const char name[], PetscInt *v)
{
  PetscFunctionBegin;
  PetscCall(add_value(ck, name, VALUE_INT, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode fleet_write(void *ctx, OcCheckpoint c)
{
  PetscFunctionBegin;
  PetscCall(OcFleetCheckpointWrite((OcFleet)ctx, c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode fleet_read(void *ctx, OcCheckpoint c)
{
  PetscFunctionBegin;
  PetscCall(OcFleetCheckpointRead((OcFleet)ctx, c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunCheckpointAddFleet(OcRunCheckpoint ck, OcFleet fleet)
{
  PetscFunctionBegin;
  PetscCall(OcRunCheckpointAdd(ck, fleet_write, fleet_read, fleet));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode flow_write(void *ctx, OcCheckpoint c)
{
  PetscFunctionBegin;
  PetscCall(OcFlowCheckpointWrite((OcFlow)ctx, c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode flow_read(void *ctx, OcCheckpoint c)
{
  PetscFunctionBegin;
  PetscCall(OcFlowCheckpointRead((OcFlow)ctx, c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunCheckpointAddFlow(OcRunCheckpoint ck, OcFlow flow)
{
  PetscFunctionBegin;
  PetscCall(OcRunCheckpointAdd(ck, flow_write, flow_read, flow));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode stats_transfer(OcRunCheckpoint ck, OcCheckpoint c, PetscBool write)
{
  PetscInt        nsub, nnode;
  const PetscInt *isub, *inode;

  PetscFunctionBegin;
  PetscCall(OcFlowGetOwned(ck->stats_flow, OC_FLOW_SUBSTATIONS, &nsub, &isub));
  PetscCall(OcFlowGetOwned(ck->stats_flow, OC_FLOW_DC_NODES, &nnode, &inode));
  if (write) PetscCall(OcStatsCheckpointWrite(ck->stats, c, ck->d->nsubstations, isub, ck->d->ndc_nodes, inode));
  else PetscCall(OcStatsCheckpointRead(ck->stats, c, ck->d->nsubstations, isub, ck->d->ndc_nodes, inode));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode stats_write(void *ctx, OcCheckpoint c)
{
  PetscFunctionBegin;
  PetscCall(stats_transfer((OcRunCheckpoint)ctx, c, PETSC_TRUE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode stats_read(void *ctx, OcCheckpoint c)
{
  PetscFunctionBegin;
  PetscCall(stats_transfer((OcRunCheckpoint)ctx, c, PETSC_FALSE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunCheckpointAddStats(OcRunCheckpoint ck, OcStats stats, OcFlow flow)
{
  PetscFunctionBegin;
  ck->stats      = stats;
  ck->stats_flow = flow;
  PetscCall(OcRunCheckpointAdd(ck, stats_write, stats_read, ck));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode values_write(OcRunCheckpoint ck, OcCheckpoint c)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < ck->nvalues; k++) {
    const Value *val = &ck->value[k];
    if (val->kind == VALUE_INT) {
      PetscInt64 i = *(PetscInt *)val->v;
      PetscCall(OcCheckpointWriteInts(c, val->name, 1, &i));
    } else {
      PetscReal x = *(PetscReal *)val->v;
      if (val->kind == VALUE_MIN) PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &x, 1, MPIU_REAL, MPI_MIN, ck->comm));
      PetscCall(OcCheckpointWriteReals(c, val->name, 1, &x));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode values_read(OcRunCheckpoint ck, OcCheckpoint c)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(ck->comm, &rank));
  for (PetscInt k = 0; k < ck->nvalues; k++) {
    const Value *val = &ck->value[k];
    if (val->kind == VALUE_INT) {
      PetscInt64 i;
      PetscCall(OcCheckpointReadInts(c, val->name, 1, &i));
      *(PetscInt *)val->v = (PetscInt)i;
    } else {
      PetscReal x;
      PetscCall(OcCheckpointReadReals(c, val->name, 1, &x));
      *(PetscReal *)val->v = val->kind == VALUE_MIN && rank != 0 ? PETSC_MAX_REAL : x;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunCheckpointRestore(OcRunCheckpoint ck, PetscInt *steps_done)
{
  PetscFunctionBegin;
  *steps_done = 0;
  if (!ck->restart) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcLogEventBegin(OC_EVENT_CHECKPOINT));
  PetscCall(values_read(ck, ck->restart));
  for (PetscInt k = 0; k < ck->nstates; k++) PetscCall(ck->state[k].read(ck->state[k].ctx, ck->restart));
  PetscCall(OcCheckpointClose(&ck->restart));
  PetscCall(OcOutputRemoveAttribute(ck->out, "stopped_early"));
  *steps_done = (PetscInt)ck->restart_steps;
  /* A stop time already passed (the command of the stopped run given again) does not apply. */
  if (ck->stop_at_s >= 0 && ck->stop_at_s <= ck->d->start_s + *steps_done * ck->d->time_step_s) ck->stop_at_s = -1;
  PetscCall(OcLogEventEnd(OC_EVENT_CHECKPOINT));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The results first (flushed, with the statistics so far), then the checkpoint that points at
   them: a kill between the two leaves the previous checkpoint, which truncates the results back
   to what it saw. */
static PetscErrorCode write_checkpoint(OcRunCheckpoint ck, PetscInt steps_done, PetscReal t_s)
{
  OcCheckpoint c;
  PetscInt     records;
  PetscInt64   pos[2];

  PetscFunctionBegin;
  PetscCall(OcLogEventBegin(OC_EVENT_CHECKPOINT));
  if (ck->summary) PetscCall(ck->summary(ck->summary_ctx));
  PetscCall(OcOutputFlush(ck->out));
  PetscCall(OcOutputGetProgress(ck->out, &records, NULL));
  PetscCall(OcCheckpointCreate(ck->comm, ck->path, &c));
  PetscCall(OcCheckpointWriteText(c, "scenario", ck->d->name));
  PetscCall(OcCheckpointWriteText(c, "scenario_hash", ck->hash));
  pos[0] = steps_done;
  pos[1] = records;
  PetscCall(OcCheckpointWriteInts(c, "run/steps_records", 2, pos));
  PetscCall(OcCheckpointWriteReals(c, "run/time_s", 1, &t_s));
  PetscCall(values_write(ck, c));
  for (PetscInt k = 0; k < ck->nstates; k++) PetscCall(ck->state[k].write(ck->state[k].ctx, c));
  PetscCall(OcCheckpointClose(&c));
  PetscCall(OcLogEventEnd(OC_EVENT_CHECKPOINT));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode report_stop(OcRunCheckpoint ck, PetscReal t_s, OcSignal sig)
{
  char        clock[32];
  const char *results, *why = sig == OC_SIGNAL_TERM ? "SIGTERM received" : (sig == OC_SIGNAL_USR1 ? "SIGUSR1 received" : "-oc_stop_at");

  PetscFunctionBegin;
  OcFormatClock(t_s, clock, sizeof clock);
  PetscCall(OcOutputSetAttribute(ck->out, "stopped_early", clock));
  PetscCall(OcOutputGetFile(ck->out, &results));
  PetscCall(PetscPrintf(ck->comm, "ohmcity: %s: stopped at %s; checkpoint written to %s; the results so far are in %s.part (kept open for the restart). Continue with:\n  ohmcity run %s --restart %s -oc_output_file %s\n", why, clock, ck->path, results, ck->scenario, ck->path, results));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunCheckpointStep(OcRunCheckpoint ck, PetscInt steps_done, PetscReal t_s, OcSignal sig, PetscBool *stop)
{
  PetscReal tol = 1e-9 * ck->d->time_step_s;
  PetscBool at_stop, periodic;

  PetscFunctionBegin;
  at_stop  = ck->stop_at_s >= 0 && t_s >= ck->stop_at_s - tol ? PETSC_TRUE : PETSC_FALSE;
  *stop    = sig != OC_SIGNAL_NONE || at_stop ? PETSC_TRUE : PETSC_FALSE;
  periodic = ck->interval_steps > 0 && steps_done % ck->interval_steps == 0 && t_s < ck->d->end_s - tol ? PETSC_TRUE : PETSC_FALSE;
  if (*stop || periodic) PetscCall(write_checkpoint(ck, steps_done, t_s));
  if (*stop) PetscCall(report_stop(ck, t_s, sig));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunCheckpointDestroy(OcRunCheckpoint *ckpt)
{
  PetscFunctionBegin;
  if (!*ckpt) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcCheckpointClose(&(*ckpt)->restart));
  PetscCall(PetscFree(*ckpt));
  PetscFunctionReturn(PETSC_SUCCESS);
}
