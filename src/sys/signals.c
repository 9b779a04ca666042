/* Batch systems (Slurm, PBS) send SIGTERM or SIGUSR1 some time before they kill a job. Instead
   of dying, the run notes the signal; the time loop polls every step, writes a checkpoint and
   stops, so that the job can be restarted where it was. */
#define _POSIX_C_SOURCE 200809L /* sigaction() and strsignal() under -std=c17 */
#include "ocsys.h"
#include <errno.h>
#include <signal.h>
#include <string.h>

/* A signal handler takes no context argument, so what it records must be reachable without
   one: this flag is the one file-static the handler may write (volatile sig_atomic_t is the only
   object type C guarantees a handler can store to). It holds an OcSignal. */
static volatile sig_atomic_t signal_pending = OC_SIGNAL_NONE;

static void OcSignalHandler(int sig)
{
  /* TERM outranks USR1: a later USR1 must not hide a pending TERM. */
  if (sig == SIGTERM) signal_pending = OC_SIGNAL_TERM;
  else if (signal_pending == OC_SIGNAL_NONE) signal_pending = OC_SIGNAL_USR1;
}

/* Replaces PETSc's handler (which aborts the run) for these two signals only; PETSc keeps
   reporting SIGSEGV, SIGFPE and the others. */
PetscErrorCode OcSignalWatchStart(void)
{
  const int        watched[] = {SIGTERM, SIGUSR1};
  struct sigaction action;

  PetscFunctionBegin;
  memset(&action, 0, sizeof(action));
  action.sa_handler = OcSignalHandler;
  /* SA_RESTART: a signal arriving during I/O or MPI must not make system calls fail. Both
     signals are blocked while the handler runs so that its read-modify-write is not torn. */
  action.sa_flags = SA_RESTART;
  PetscCheck(sigemptyset(&action.sa_mask) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS, "sigemptyset() failed: %s", strerror(errno));
  for (size_t i = 0; i < PETSC_STATIC_ARRAY_LENGTH(watched); i++) PetscCheck(sigaddset(&action.sa_mask, watched[i]) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS, "sigaddset() failed: %s", strerror(errno));
  for (size_t i = 0; i < PETSC_STATIC_ARRAY_LENGTH(watched); i++) PetscCheck(sigaction(watched[i], &action, NULL) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS, "sigaction(%s) failed: %s", strsignal(watched[i]), strerror(errno));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcSignalPoll(MPI_Comm comm, OcSignal *sig)
{
  int local = (int)signal_pending, global;

  PetscFunctionBegin;
  /* Every rank must take the same decision (checkpoint and stop), whichever ranks were
     signalled; the enum is ordered so that the maximum is the most urgent signal. */
  PetscCallMPI(MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_MAX, comm));
  *sig = (OcSignal)global;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcSignalClear(void)
{
  PetscFunctionBegin;
  signal_pending = OC_SIGNAL_NONE;
  PetscFunctionReturn(PETSC_SUCCESS);
}
