/* The fleet's state in a checkpoint. Per-rank totals (route energies) are saved summed over the
   ranks and restored on rank 0 alone (zero elsewhere): every use of them sums over the ranks
   again. The records of the finished trips (their statistics) are saved whole and read back in
   contiguous shares: any rank may hold a finished trip's record. */
#include "fleet_impl.h"

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
    if (veh[i].trip < 0 || veh[i].trip >= f->next_trip || veh[i].section >= f->sc->ndc_sections) bad = i;
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
  PetscFunctionReturn(PETSC_SUCCESS);
}
