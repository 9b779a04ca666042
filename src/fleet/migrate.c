#include "fleet_impl.h"

/* Hands each vehicle that left this rank's part of the network to the rank owning its new
   section. Only the ranks concerned talk (PetscCommBuildTwoSided finds the senders), so the
   cost follows the partition boundaries, not the number of ranks. */

/* Ranks this rank sends to, with counts; vehicles to send are moved to the end of veh[]. */
static PetscErrorCode sort_outgoing(OcFleet f, PetscMPIInt *nto, PetscMPIInt **to, PetscMPIInt **count, PetscInt *nkeep)
{
  PetscMPIInt *n;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(f->size, &n));
  for (PetscInt i = 0; i < f->nveh; i++) n[OcFleetOwner(f, &f->veh[i])]++;
  n[f->rank] = 0;
  *nto       = 0;
  for (PetscMPIInt r = 0; r < f->size; r++) *nto += n[r] > 0;
  PetscCall(PetscMalloc2(*nto, to, *nto, count));
  for (PetscMPIInt r = 0, j = 0; r < f->size; r++)
    if (n[r]) {
      (*to)[j]      = r;
      (*count)[j++] = n[r];
    }
  PetscCall(PetscFree(n));
  /* Stable partition: kept vehicles first, then outgoing ones grouped by destination. */
  {
    OcFleetVehicle *tmp;
    PetscInt        m = 0;
    PetscCall(PetscMalloc1(f->nveh, &tmp));
    for (PetscInt i = 0; i < f->nveh; i++)
      if (OcFleetOwner(f, &f->veh[i]) == f->rank) tmp[m++] = f->veh[i];
    *nkeep = m;
    for (PetscMPIInt j = 0; j < *nto; j++)
      for (PetscInt i = 0; i < f->nveh; i++)
        if (OcFleetOwner(f, &f->veh[i]) == (*to)[j]) tmp[m++] = f->veh[i];
    PetscCall(PetscArraycpy(f->veh, tmp, f->nveh));
    PetscCall(PetscFree(tmp));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetMigrate(OcFleet f)
{
  PetscMPIInt  nto, *to, *count, nfrom, *from, *nrecv;
  PetscInt     nkeep = 0, nin = 0, off;
  MPI_Request *req;
  const int    bytes = (int)sizeof(OcFleetVehicle);

  PetscFunctionBegin;
  PetscCall(sort_outgoing(f, &nto, &to, &count, &nkeep));
  PetscCall(PetscCommBuildTwoSided(f->comm, 1, MPI_INT, nto, to, count, &nfrom, &from, &nrecv));
  for (PetscMPIInt j = 0; j < nfrom; j++) nin += nrecv[j];
  PetscCall(OcFleetReserve(f, f->nveh + nin));
  PetscCall(PetscMalloc1(nto + nfrom, &req));
  off = f->nveh;
  for (PetscMPIInt j = 0; j < nfrom; j++) {
    PetscCallMPI(MPI_Irecv(f->veh + off, nrecv[j] * bytes, MPI_BYTE, from[j], 0, f->comm, &req[j]));
    off += nrecv[j];
  }
  off = nkeep;
  for (PetscMPIInt j = 0; j < nto; j++) {
    PetscCallMPI(MPI_Isend(f->veh + off, count[j] * bytes, MPI_BYTE, to[j], 0, f->comm, &req[nfrom + j]));
    off += count[j];
  }
  PetscCallMPI(MPI_Waitall(nto + nfrom, req, MPI_STATUSES_IGNORE));
  /* Received vehicles follow the outgoing block: close the gap. */
  PetscCall(PetscArraymove(f->veh + nkeep, f->veh + f->nveh, nin));
  f->nveh = nkeep + nin;
  PetscCall(PetscFree(req));
  PetscCall(PetscFree2(to, count));
  PetscCall(PetscFree(from));
  PetscCall(PetscFree(nrecv));
  PetscFunctionReturn(PETSC_SUCCESS);
}
