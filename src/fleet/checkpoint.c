/* The fleet's state in a checkpoint. Per-rank totals (trips finished, route energies) are saved
   summed over the ranks and restored on rank 0 alone (zero elsewhere): every use of them sums
   over the ranks again. */
#include "fleet_impl.h"

PetscErrorCode OcFleetCheckpointWrite(OcFleet f, OcCheckpoint ck)
{
  PetscInt   nroutes = f->sc->nroutes;
  PetscInt64 counts[2], local = f->finished;
  PetscReal *route_e;

  PetscFunctionBegin;
  counts[0] = f->next_trip;
  PetscCallMPI(MPI_Allreduce(&local, &counts[1], 1, MPIU_INT64, MPI_SUM, f->comm));
  PetscCall(OcCheckpointWriteInts(ck, "fleet/next_trip_finished", 2, counts));
  PetscCall(PetscMalloc1(3 * nroutes, &route_e));
  PetscCallMPI(MPI_Allreduce(f->route_e, route_e, (PetscMPIInt)(3 * nroutes), MPIU_REAL, MPI_SUM, f->comm));
  PetscCall(OcCheckpointWriteReals(ck, "fleet/route_energy_j", 3 * nroutes, route_e));
  PetscCall(PetscFree(route_e));
  PetscCall(OcCheckpointWriteRecords(ck, "fleet/vehicles", sizeof(OcFleetVehicle), f->nveh, f->veh));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetCheckpointRead(OcFleet f, OcCheckpoint ck)
{
  PetscInt        nroutes = f->sc->nroutes, n, bad = -1, any;
  PetscInt64      counts[2];
  OcFleetVehicle *veh;

  PetscFunctionBegin;
  PetscCall(OcCheckpointReadInts(ck, "fleet/next_trip_finished", 2, counts));
  PetscCheck(counts[0] >= 0 && counts[0] <= f->ntrips, f->comm, PETSC_ERR_USER_INPUT, "checkpoint: next trip %" PetscInt64_FMT " outside the scenario's %" PetscInt_FMT " trips", counts[0], f->ntrips);
  f->next_trip = (PetscInt)counts[0];
  f->finished  = f->rank == 0 ? (PetscInt)counts[1] : 0;
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
  PetscFunctionReturn(PETSC_SUCCESS);
}
