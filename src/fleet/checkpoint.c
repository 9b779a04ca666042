/* The fleet's state in a checkpoint. Per-rank totals (route energies) are saved summed over the
   ranks and restored on rank 0 alone (zero elsewhere): every use of them sums over the ranks
   again. The records of the finished trips (their statistics) are saved whole and read back in
   contiguous shares: any rank may hold a finished trip's record. */
#include "fleet_impl.h"

/* A charger site's state, as the rank that owns it (site mod size) keeps it, and the state of
   its points and queue slots (bus ids are block ids between steps). */
typedef struct {
  PetscInt       index;
  OcChargerSite  site;
  OcFleetCharger charger;
} SiteRecord;
typedef struct {
  PetscInt       index;
  OcChargerPoint point;
} PointRecord;
typedef struct {
  PetscInt index;
  int      bus;
} SlotRecord;

static PetscErrorCode sites_write(OcFleet f, OcCheckpoint ck)
{
  SiteRecord  *site;
  PointRecord *point;
  SlotRecord  *slot;
  PetscInt     np = 0, nr = 0;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < f->nown; k++) {
    np += f->site[f->own[k]].n_points;
    nr += f->site[f->own[k]].ring_capacity;
  }
  PetscCall(PetscMalloc3(f->nown, &site, np, &point, nr, &slot));
  np = nr = 0;
  for (PetscInt k = 0; k < f->nown; k++) {
    const OcChargerSite *s = &f->site[f->own[k]];
    PetscCall(PetscMemzero(&site[k], sizeof site[k])); /* no stray padding bytes in the file */
    site[k].index   = f->own[k];
    site[k].site    = *s;
    site[k].charger = f->charger[k];
    for (int p = s->point0; p < s->point0 + s->n_points; p++) {
      PetscCall(PetscMemzero(&point[np], sizeof point[np]));
      point[np++] = (PointRecord){p, f->point[p]};
    }
    for (int r = s->ring0; r < s->ring0 + s->ring_capacity; r++) slot[nr++] = (SlotRecord){r, f->ring[r]};
  }
  PetscCall(OcCheckpointWriteRecords(ck, "fleet/charger_sites", sizeof *site, f->nown, site));
  PetscCall(OcCheckpointWriteRecords(ck, "fleet/charger_points", sizeof *point, np, point));
  PetscCall(OcCheckpointWriteRecords(ck, "fleet/charger_slots", sizeof *slot, nr, slot));
  PetscCall(PetscFree3(site, point, slot));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every rank reads a share of the records; all records go to every rank (a restart's one-off
   gather of a few hundred small records), which keeps those of the sites it owns now. */
static PetscErrorCode read_all(OcFleet f, OcCheckpoint ck, const char name[], size_t bytes, PetscInt *n, void *all)
{
  PetscInt     nloc;
  char        *loc;
  PetscMPIInt *count, *displ, mine;

  PetscFunctionBegin;
  PetscCall(OcCheckpointReadRecords(ck, name, bytes, &nloc, &loc));
  mine = (PetscMPIInt)(nloc * (PetscInt)bytes);
  PetscCall(PetscMalloc2(f->size, &count, f->size, &displ));
  PetscCallMPI(MPI_Allgather(&mine, 1, MPI_INT, count, 1, MPI_INT, f->comm));
  displ[0] = 0;
  for (PetscMPIInt r = 1; r < f->size; r++) displ[r] = displ[r - 1] + count[r - 1];
  *n = (displ[f->size - 1] + count[f->size - 1]) / (PetscInt)bytes;
  PetscCall(PetscMalloc(PetscMax(1, *n) * bytes, (void **)all));
  PetscCallMPI(MPI_Allgatherv(loc, mine, MPI_BYTE, *(char **)all, count, displ, MPI_BYTE, f->comm));
  PetscCall(PetscFree2(count, displ));
  PetscCall(PetscFree(loc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode sites_read(OcFleet f, OcCheckpoint ck)
{
  SiteRecord  *site;
  PointRecord *point;
  SlotRecord  *slot;
  PetscInt     ns, np, nr;

  PetscFunctionBegin;
  PetscCall(read_all(f, ck, "fleet/charger_sites", sizeof *site, &ns, &site));
  PetscCall(read_all(f, ck, "fleet/charger_points", sizeof *point, &np, &point));
  PetscCall(read_all(f, ck, "fleet/charger_slots", sizeof *slot, &nr, &slot));
  PetscCheck(ns == f->sc->nchargers, f->comm, PETSC_ERR_USER_INPUT, "checkpoint: %" PetscInt_FMT " charger sites, the scenario has %" PetscInt_FMT, ns, f->sc->nchargers);
  for (PetscInt k = 0; k < ns; k++) {
    f->site[site[k].index] = site[k].site;
    for (PetscInt j = 0; j < f->nown; j++)
      if (f->own[j] == site[k].index) f->charger[j] = site[k].charger;
  }
  for (PetscInt k = 0; k < np; k++) f->point[point[k].index] = point[k].point;
  for (PetscInt k = 0; k < nr; k++) f->ring[slot[k].index] = slot[k].bus;
  PetscCall(PetscFree(site));
  PetscCall(PetscFree(point));
  PetscCall(PetscFree(slot));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Which e-bus blocks have started: the same on every rank. */
static PetscErrorCode blocks_transfer(OcFleet f, OcCheckpoint ck, PetscBool write)
{
  PetscInt64 *started;

  PetscFunctionBegin;
  if (!f->nblocks) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc1(f->nblocks, &started));
  for (PetscInt b = 0; b < f->nblocks && write; b++) started[b] = f->block_started[b];
  if (write) PetscCall(OcCheckpointWriteInts(ck, "fleet/block_started", f->nblocks, started));
  else PetscCall(OcCheckpointReadInts(ck, "fleet/block_started", f->nblocks, started));
  for (PetscInt b = 0; b < f->nblocks && !write; b++) f->block_started[b] = started[b] ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(PetscFree(started));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetCheckpointWrite(OcFleet f, OcCheckpoint ck)
{
  PetscInt   nroutes = f->sc->nroutes;
  PetscInt64 next    = f->next_trip;
  PetscReal *route_e;

  PetscFunctionBegin;
  PetscCall(OcCheckpointWriteInts(ck, "fleet/next_trip", 1, &next));
  PetscCall(PetscMalloc1(3 * nroutes, &route_e));
  PetscCallMPI(MPI_Allreduce(f->route_e, route_e, (PetscMPIInt)(3 * nroutes), MPIU_REAL, MPI_SUM, f->comm));
  PetscCall(OcCheckpointWriteReals(ck, "fleet/route_energy_j", 3 * nroutes, route_e));
  PetscCall(PetscFree(route_e));
  PetscCall(OcCheckpointWriteRecords(ck, "fleet/vehicles", sizeof(OcFleetVehicle), f->nveh, f->veh));
  PetscCall(OcCheckpointWriteRecords(ck, "fleet/retired", sizeof(OcFleetVehicle), f->nretired, f->retired));
  PetscCall(blocks_transfer(f, ck, PETSC_TRUE));
  PetscCall(sites_write(f, ck));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetCheckpointRead(OcFleet f, OcCheckpoint ck)
{
  PetscInt        nroutes = f->sc->nroutes, n, bad = -1, any;
  PetscInt64      next;
  OcFleetVehicle *veh;

  PetscFunctionBegin;
  PetscCall(OcCheckpointReadInts(ck, "fleet/next_trip", 1, &next));
  PetscCheck(next >= 0 && next <= f->ntrips, f->comm, PETSC_ERR_USER_INPUT, "checkpoint: next trip %" PetscInt64_FMT " outside the scenario's %" PetscInt_FMT " trips", next, f->ntrips);
  f->next_trip = (PetscInt)next;
  PetscCall(OcCheckpointReadReals(ck, "fleet/route_energy_j", 3 * nroutes, f->route_e));
  if (f->rank != 0) PetscCall(PetscArrayzero(f->route_e, 3 * nroutes));
  PetscCall(OcCheckpointReadRecords(ck, "fleet/vehicles", sizeof(OcFleetVehicle), &n, &veh));
  for (PetscInt i = 0; i < n; i++)
    if (veh[i].trip < 0 || veh[i].trip >= f->ntrips || veh[i].section >= f->sc->ndc_sections) bad = i;
  PetscCall(MPIU_Allreduce(&bad, &any, 1, MPIU_INT, MPI_MAX, f->comm));
  PetscCheck(any < 0, f->comm, PETSC_ERR_USER_INPUT, "checkpoint: a vehicle record does not fit this scenario (trip or section out of range)");
  PetscCall(OcFleetReserve(f, n));
  PetscCall(PetscArraycpy(f->veh, veh, n));
  f->nveh = n;
  PetscCall(PetscFree(veh));
  PetscCall(OcFleetMigrate(f));
  OcFleetSortByTrip(f);
  PetscCall(OcCheckpointReadRecords(ck, "fleet/retired", sizeof(OcFleetVehicle), &n, &veh));
  for (PetscInt i = 0; i < n; i++) PetscCall(OcFleetRetire(f, &veh[i]));
  PetscCall(PetscFree(veh));
  PetscCall(blocks_transfer(f, ck, PETSC_FALSE));
  PetscCall(sites_read(f, ck));
  PetscFunctionReturn(PETSC_SUCCESS);
}
