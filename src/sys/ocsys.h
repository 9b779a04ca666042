#ifndef OCSYS_H
#define OCSYS_H
/* System services shared by every module: error shims, the HDF5 call macro,
   log events, version, start-up banner, hwloc placement and batch signals. */
#include <petscsys.h>
#include <hdf5.h>

/* PETSc 3.19 introduced PETSC_SUCCESS; 3.18 (Debian 12) returns a plain 0. */
#if PETSC_VERSION_LT(3, 19, 0)
  #define PETSC_SUCCESS 0
#endif

/* HDF5 returns a negative value on failure and valid (positive) ids otherwise,
   so PetscCallExternal cannot be used: it treats every non-zero as an error. */
#define OcCallH5(...) \
  do { \
    if ((__VA_ARGS__) < 0) SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "HDF5 call failed: %s", #__VA_ARGS__); \
  } while (0)

/* Length of every identifier and name copied from input files (with the NUL). */
#define OC_NAME_LEN 64

/* Log events, one per phase of a run (see log.c). */
typedef enum {
  OC_EVENT_SCENARIO_READ,
  OC_EVENT_SCENARIO_BCAST,
  OC_EVENT_NET_BUILD,
  OC_EVENT_NET_DISTRIBUTE,
  OC_EVENT_FLEET_ADVANCE,
  OC_EVENT_FLOW_SOLVE,
  OC_EVENT_STATS_UPDATE,
  OC_EVENT_OUTPUT_WRITE,
  OC_EVENT_CHECKPOINT,
  OC_EVENT_COUNT
} OcEvent;

/* Registers the "ohmcity" class id and the events; call after PetscInitialize(). Idempotent;
   OcLogEventBegin/End/GetId call it themselves. */
PETSC_EXTERN PetscErrorCode OcSysInitialize(void);
PETSC_EXTERN PetscErrorCode OcLogEventBegin(OcEvent);
PETSC_EXTERN PetscErrorCode OcLogEventEnd(OcEvent);
/* The PETSc event behind an OcEvent, for PetscLogEventGetPerfInfo(), PetscLogEventSetDof(). */
PETSC_EXTERN PetscErrorCode OcLogEventGetId(OcEvent, PetscLogEvent *);

PETSC_EXTERN const char    *OcVersion(void);
PETSC_EXTERN const char    *OcGitHash(void);
PETSC_EXTERN PetscErrorCode OcBannerView(MPI_Comm, const char *command, FILE *);

PETSC_EXTERN PetscErrorCode OcPlacementView(MPI_Comm, FILE *);

typedef enum {
  OC_SIGNAL_NONE = 0,
  OC_SIGNAL_USR1 = 1,
  OC_SIGNAL_TERM = 2
} OcSignal;
/* SIGTERM and SIGUSR1 (sent by batch systems before a time limit) set a pending flag instead of
   killing the run. OcSignalPoll() is collective on the communicator: every rank gets the most
   urgent signal pending on any rank (TERM outranks USR1). OcSignalClear() resets this rank's
   flag once the signal has been acted on. */
PETSC_EXTERN PetscErrorCode OcSignalWatchStart(void);
PETSC_EXTERN PetscErrorCode OcSignalPoll(MPI_Comm, OcSignal *);
PETSC_EXTERN PetscErrorCode OcSignalClear(void);

#endif
