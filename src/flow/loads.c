#include "flow_impl.h"

/* The rank owning each AC bus and the bus's place in that rank's plan, known everywhere
   (a max-reduction over the buses; once, when the load points are set). */
static PetscErrorCode bus_owners(OcFlow f, PetscInt *owner, PetscInt *slot)
{
  PetscInt    nbus = f->sc->has_ac ? f->sc->ac.nbus : 0;
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(f->comm, &rank));
  for (PetscInt i = 0; i < nbus; i++) owner[i] = slot[i] = -1;
  for (PetscInt k = 0; k < f->plan.nbus; k++) {
    owner[f->plan.bus_index[k]] = rank;
    slot[f->plan.bus_index[k]]  = k;
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, owner, (PetscMPIInt)nbus, MPIU_INT, MPI_MAX, f->comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, slot, (PetscMPIInt)nbus, MPIU_INT, MPI_MAX, f->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowSetAcLoadPoints(OcFlow f, PetscInt n, const PetscInt bus[])
{
  PetscInt     nbus = f->sc->has_ac ? f->sc->ac.nbus : 0, *owner, *slot;
  PetscSFNode *remote;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(nbus, &owner, nbus, &slot));
  PetscCall(bus_owners(f, owner, slot));
  PetscCall(PetscMalloc1(n, &remote));
  for (PetscInt i = 0; i < n; i++) {
    PetscCheck(bus[i] >= 0 && bus[i] < nbus, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "AC load %" PetscInt_FMT ": bus index %" PetscInt_FMT " is not one of the %" PetscInt_FMT " buses", i, bus[i], nbus);
    remote[i].rank  = owner[bus[i]];
    remote[i].index = slot[bus[i]];
  }
  PetscCall(PetscSFDestroy(&f->load_sf));
  PetscCall(PetscSFCreate(f->comm, &f->load_sf));
  PetscCall(PetscSFSetGraph(f->load_sf, f->plan.nbus, n, NULL, PETSC_OWN_POINTER, remote, PETSC_OWN_POINTER));
  PetscCall(PetscSFSetUp(f->load_sf));
  f->nloads = n;
  PetscCall(PetscFree2(owner, slot));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFlowSetAcLoads(OcFlow f, const PetscReal p_w[], const PetscReal q_var[])
{
  PetscFunctionBegin;
  PetscCheck(f->load_sf, f->comm, PETSC_ERR_ORDER, "OcFlowSetAcLoadPoints() must come before OcFlowSetAcLoads()");
  PetscCall(PetscArrayzero(f->extra_p, f->plan.nbus));
  PetscCall(PetscArrayzero(f->extra_q, f->plan.nbus));
  PetscCall(PetscSFReduceBegin(f->load_sf, MPIU_REAL, p_w, f->extra_p, MPI_SUM));
  PetscCall(PetscSFReduceEnd(f->load_sf, MPIU_REAL, p_w, f->extra_p, MPI_SUM));
  PetscCall(PetscSFReduceBegin(f->load_sf, MPIU_REAL, q_var, f->extra_q, MPI_SUM));
  PetscCall(PetscSFReduceEnd(f->load_sf, MPIU_REAL, q_var, f->extra_q, MPI_SUM));
  PetscFunctionReturn(PETSC_SUCCESS);
}
