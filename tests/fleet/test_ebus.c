/* E-bus blocks over a day, without the power flow: the fleet moves the buses (OcFleetAdvance) and
   runs chargers and batteries (OcFleetCharge). The program logs every trip end (with the energy
   the bus drew for it) and every charging visit, gathered and sorted at the end so the log does
   not depend on the rank count; check_ebus.py recomputes the states of charge, the queue and
   the charging sessions by hand from the scenario's tables and this log.
     test_ebus -scenario tests/fleet/ebus/scenario.yaml */
#include "octest_run.h"

typedef struct {
  double t_s; /* event time */
  int    block, kind, trip, site;
  double a, b, e_bat; /* trip end: drive energy (J); visit end: e_dc_j, e_ac_j; stranded: chainage,
                        drive energy before the step; battery energy after the step (J) */
} Event;

enum {
  EV_TRIP_END,
  EV_PARKED,
  EV_CHARGE_START,
  EV_CHARGE_END,
  EV_STRANDED
};

typedef struct {
  PetscInt n, cap;
  Event   *ev;
} Log;

static PetscErrorCode add(Log *log, Event e)
{
  PetscFunctionBegin;
  if (log->n == log->cap) {
    log->cap = PetscMax(64, 2 * log->cap);
    PetscCall(PetscRealloc(sizeof(Event) * log->cap, &log->ev));
  }
  log->ev[log->n++] = e;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static int by_time(const void *x, const void *y)
{
  const Event *a = (const Event *)x, *b = (const Event *)y;
  if (a->t_s != b->t_s) return a->t_s < b->t_s ? -1 : 1;
  if (a->block != b->block) return a->block < b->block ? -1 : 1;
  return (a->kind > b->kind) - (a->kind < b->kind);
}

/* The block state each step, known on every rank (a test may reduce every step): trip and
   state per block, and the drive energy of the current trip so far. */
typedef struct {
  PetscInt   nb;
  PetscReal *trip, *state, *drive;
} Blocks;

static PetscErrorCode observe(OcFleet fleet, Blocks *bk, PetscReal t1, PetscReal dt, Log *log)
{
  PetscInt              n;
  const OcFleetVehicle *veh;
  const OcFleetTrip    *trips;
  PetscInt              ntrips;
  PetscReal            *now;

  PetscFunctionBegin;
  PetscCall(OcFleetGetVehicles(fleet, &n, &veh));
  PetscCall(OcFleetGetTrips(fleet, &ntrips, &trips));
  PetscCall(PetscMalloc1(3 * bk->nb, &now));
  for (PetscInt b = 0; b < 3 * bk->nb; b++) now[b] = -1e300;
  for (PetscInt i = 0; i < n; i++) {
    const OcFleetVehicle *v = &veh[i];
    PetscInt              b = v->block;
    if (b < 0) continue;
    now[3 * b]     = (PetscReal)v->trip;
    now[3 * b + 1] = (PetscReal)v->state;
    now[3 * b + 2] = bk->drive[b] + v->p_drive_w * dt;
    if (bk->trip[b] >= 0 && v->trip != (PetscInt)bk->trip[b]) {
      PetscCall(add(log, (Event){t1, (int)b, EV_TRIP_END, (int)bk->trip[b], -1, now[3 * b + 2], 0, v->e_bat_j}));
      now[3 * b + 2] = 0;
    } else if (bk->state[b] == OC_FLEET_RUNNING && v->state == OC_FLEET_PARKED) {
      PetscCall(add(log, (Event){t1, (int)b, EV_PARKED, (int)v->trip, -1, now[3 * b + 2], 0, v->e_bat_j}));
      now[3 * b + 2] = 0;
    } else if (bk->state[b] == OC_FLEET_RUNNING && v->state == OC_FLEET_STRANDED) {
      PetscCall(add(log, (Event){v->t_stranded_s, (int)b, EV_STRANDED, (int)v->trip, -1, v->motion.chainage_m, bk->drive[b], v->e_bat_j}));
    }
    if (v->charge.events & OC_CHARGE_EV_STARTED) PetscCall(add(log, (Event){v->charge.t_start_s, (int)b, EV_CHARGE_START, (int)v->trip, v->charge.site, 0, 0, 0}));
    if (v->charge.events & (OC_CHARGE_EV_FINISHED | OC_CHARGE_EV_LEFT_EARLY)) PetscCall(add(log, (Event){v->charge.t_end_s, (int)b, EV_CHARGE_END, (int)v->trip, v->charge.site, v->charge.e_dc_j, v->charge.e_ac_j, v->e_bat_j}));
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, now, (PetscMPIInt)(3 * bk->nb), MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  for (PetscInt b = 0; b < bk->nb; b++) {
    if (now[3 * b] < -1e299) continue;
    bk->trip[b]  = now[3 * b];
    bk->state[b] = now[3 * b + 1];
    bk->drive[b] = now[3 * b + 2];
  }
  PetscCall(PetscFree(now));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every rank's events to rank 0, sorted by time, block and kind, and printed. */
static PetscErrorCode print_log(const Log *log, const OcScenarioData *d)
{
  PetscMPIInt              rank, size, n = (PetscMPIInt)(log->n * (PetscInt)sizeof(Event)), *counts = NULL, *displs = NULL, total = 0;
  Event                   *all    = NULL;
  static const char *const kind[] = {"trip_end", "parked", "charge_start", "charge_end", "stranded"};

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  if (!rank) PetscCall(PetscMalloc2(size, &counts, size, &displs));
  PetscCallMPI(MPI_Gather(&n, 1, MPI_INT, counts, 1, MPI_INT, 0, PETSC_COMM_WORLD));
  if (!rank) {
    for (PetscMPIInt r = 0; r < size; r++) {
      displs[r] = total;
      total += counts[r];
    }
    PetscCall(PetscMalloc(PetscMax(total, 1), &all));
  }
  PetscCallMPI(MPI_Gatherv(log->ev, n, MPI_BYTE, all, counts, displs, MPI_BYTE, 0, PETSC_COMM_WORLD));
  if (!rank) {
    PetscInt m = total / (PetscMPIInt)sizeof(Event);
    qsort(all, (size_t)m, sizeof(Event), by_time);
    for (PetscInt i = 0; i < m; i++) {
      const Event *e = &all[i];
      PetscCall(PetscPrintf(PETSC_COMM_SELF, "%.6f %s block %d trip %d site %s a %.9e b %.9e e_bat %.9e\n", e->t_s, kind[e->kind], e->block, e->trip, e->site >= 0 ? d->charger[e->site].id : "-", e->a, e->b, e->e_bat));
    }
    PetscCall(PetscFree2(counts, displs));
    PetscCall(PetscFree(all));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Each block's trips, in order: a timetabled trip by its id, a headway trip as route@departure. */
static PetscErrorCode print_blocks(OcFleet fleet, const OcScenarioData *d, PetscInt nb)
{
  const OcFleetTrip *trip;
  PetscInt           ntrips;

  PetscFunctionBegin;
  PetscCall(OcFleetGetTrips(fleet, &ntrips, &trip));
  for (PetscInt b = 0; b < nb; b++) {
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "blocktrips %" PetscInt_FMT, b));
    for (PetscInt i = 0; i < ntrips; i++) {
      if (trip[i].block != b) continue;
      if (trip[i].timed >= 0) PetscCall(PetscPrintf(PETSC_COMM_WORLD, " %s", d->timed_trip[trip[i].timed].id));
      else PetscCall(PetscPrintf(PETSC_COMM_WORLD, " %s@%.0f", d->route[trip[i].route].id, (double)trip[i].departure_s));
    }
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "\n"));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  char                  path[PETSC_MAX_PATH_LEN];
  OcTestRun             run;
  const OcScenarioData *d;
  OcFleet               fleet;
  Log                   log = {0, 0, NULL};
  Blocks                bk;
  const OcFleetBlock   *blk;
  PetscInt              nb, nch;
  const PetscInt       *site;
  const OcFleetCharger *ch;
  PetscReal            *e_ac;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", path, sizeof path, NULL));
  PetscCall(OcTestRunCreate(path, PETSC_FALSE, &run));
  d     = run.d;
  fleet = run.fleet;
  PetscCall(OcFleetGetBlocks(fleet, &nb, &blk));
  PetscCall(print_blocks(fleet, d, nb));
  bk.nb = nb;
  PetscCall(PetscMalloc3(nb, &bk.trip, nb, &bk.state, nb, &bk.drive));
  for (PetscInt b = 0; b < nb; b++) bk.trip[b] = -1, bk.state[b] = -1, bk.drive[b] = 0;
  for (PetscInt k = 0; d->start_s + k * d->time_step_s < d->end_s - 1e-9; k++) {
    PetscReal t = d->start_s + k * d->time_step_s;
    PetscCall(OcFleetAdvance(fleet, t, d->time_step_s));
    PetscCall(OcFleetCharge(fleet, t, d->time_step_s));
    PetscCall(observe(fleet, &bk, t + d->time_step_s, d->time_step_s, &log));
  }
  PetscCall(print_log(&log, d));
  PetscCall(OcFleetGetBlocks(fleet, &nb, &blk));
  for (PetscInt b = 0; b < nb; b++)
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "block %" PetscInt_FMT " min_soc %.9f e_charged %.9e stranded_t %.3f route %" PetscInt_FMT " at %.3f m\n", b, (double)blk[b].min_soc, (double)blk[b].e_charged_j, (double)blk[b].stranded_t_s, blk[b].stranded_route,
                          (double)blk[b].stranded_m));
  PetscCall(OcFleetGetChargers(fleet, &nch, &site, &ch, NULL, NULL));
  PetscCall(PetscCalloc1(d->nchargers, &e_ac));
  for (PetscInt k = 0; k < nch; k++) e_ac[site[k]] = ch[k].e_ac_j;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, e_ac, (PetscMPIInt)d->nchargers, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
  for (PetscInt k = 0; k < d->nchargers; k++) PetscCall(PetscPrintf(PETSC_COMM_WORLD, "charger %s e_ac %.9e\n", d->charger[k].id, (double)e_ac[k]));
  PetscCall(PetscFree(e_ac));
  PetscCall(PetscFree3(bk.trip, bk.state, bk.drive));
  PetscCall(PetscFree(log.ev));
  PetscCall(OcTestRunDestroy(&run));
  PetscCall(PetscFinalize());
  return 0;
}
