/* OcSignalPoll must give every rank the same answer whichever ranks were signalled, and TERM
   must outrank USR1. Prints one line per check on rank 0 (the same at every rank count) and
   fails when a check fails. */
#include "ocsys.h"
#include <signal.h>

static const char *const signal_names[] = {"NONE", "USR1", "TERM"};

/* Polls, checks that every rank got `expected`, and reports it. */
static PetscErrorCode CheckPoll(MPI_Comm comm, const char *what, OcSignal expected)
{
  OcSignal sig;
  int      seen[2], lo_hi[2];

  PetscFunctionBegin;
  PetscCall(OcSignalPoll(comm, &sig));
  seen[0] = -(int)sig; /* max of -sig is -(min of sig): one reduction gives both ends */
  seen[1] = (int)sig;
  PetscCallMPI(MPI_Allreduce(seen, lo_hi, 2, MPI_INT, MPI_MAX, comm));
  PetscCheck(-lo_hi[0] == (int)expected && lo_hi[1] == (int)expected, comm, PETSC_ERR_PLIB, "%s: expected %s on every rank, got %s..%s", what, signal_names[expected], signal_names[-lo_hi[0]], signal_names[lo_hi[1]]);
  PetscCall(PetscPrintf(comm, "%s: every rank sees %s\n", what, signal_names[expected]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  MPI_Comm    comm;
  PetscMPIInt rank, size;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(OcSignalWatchStart());

  PetscCall(CheckPoll(comm, "no signal", OC_SIGNAL_NONE));
  if (rank == size - 1) PetscCheck(raise(SIGUSR1) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS, "raise(SIGUSR1) failed");
  PetscCall(CheckPoll(comm, "SIGUSR1 on the last rank", OC_SIGNAL_USR1));
  PetscCall(OcSignalClear());
  PetscCall(CheckPoll(comm, "after clear", OC_SIGNAL_NONE));
  /* On one rank both go to the same process, TERM first: a later USR1 must not hide it. */
  if (rank == 0) PetscCheck(raise(SIGTERM) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS, "raise(SIGTERM) failed");
  if (rank == size - 1) PetscCheck(raise(SIGUSR1) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS, "raise(SIGUSR1) failed");
  PetscCall(CheckPoll(comm, "SIGTERM on the first rank, SIGUSR1 on the last", OC_SIGNAL_TERM));
  PetscCall(OcSignalClear());
  PetscCall(PetscFinalize());
  return 0;
}
