#ifndef RUN_CHECKPOINT_H
#define RUN_CHECKPOINT_H
/* Checkpoint and restart of `ohmcity run`. The run lists its states once (OcRunCheckpointAdd*:
   one line per state); a checkpoint writes them all, with the time and the results file's
   position, into one HDF5 file (occheckpoint.h), and a restart reads them back on any number of
   ranks and continues the results file where the checkpoint left it.

   When (options):
     -oc_checkpoint_interval_s T   every T simulated seconds (rounded to whole steps; 0, the
                                   default: only when stopped)
     -oc_stop_at HH:MM[:SS]        write a checkpoint and stop at this simulated time, as a
                                   batch system's signal would (tests, planned stops)
     SIGTERM or SIGUSR1            finish the step, write a checkpoint, stop (exit status 0)
   Where: -oc_checkpoint_file PATH (default: the results file's name with .ckpt.h5 for .h5).
   Restart: --restart CKPT (or -oc_restart CKPT) with the same scenario and results file.

   Life cycle, inside the run:
     OcRunCheckpointCreate(comm, d, scenario, results, &ck)   options; opens a restart's file
     OcRunCheckpointSetOutput(ck, out, summary, ctx)           before OcOutputSetUp
     OcRunCheckpointAdd*(ck, ...)                              every state of the run
     OcRunCheckpointRestore(ck, &steps_done)                   0 steps on a new run
     loop: OcRunCheckpointStep(ck, steps_done, t, sig, &stop)
     OcRunCheckpointDestroy(&ck) */
#include <ocscenario.h>
#include <ocfleet.h>
#include <ocflow.h>
#include <ocoutput.h>
#include <ocstats.h>
#include <occheckpoint.h>

typedef struct _p_OcRunCheckpoint *OcRunCheckpoint;
/* Saves or restores one state; ctx as given to OcRunCheckpointAdd. Collective. */
typedef PetscErrorCode (*OcRunStateFn)(void *ctx, OcCheckpoint);

PETSC_EXTERN PetscErrorCode OcRunCheckpointCreate(MPI_Comm, const OcScenarioData *, const char scenario_path[], const char results[], OcRunCheckpoint *);
/* The results file: flushed at each checkpoint, after summary(ctx) has written the statistics
   into it; continued (OcOutputSetContinue) on a restart. */
PETSC_EXTERN PetscErrorCode OcRunCheckpointSetOutput(OcRunCheckpoint, OcOutput, PetscErrorCode (*summary)(void *), void *ctx);
PETSC_EXTERN PetscErrorCode OcRunCheckpointAdd(OcRunCheckpoint, OcRunStateFn write, OcRunStateFn read, void *ctx);
/* Run totals, /run/<name>: a value the same on every rank (Real, Int), or a rank's own minimum
   (Min: saved as the minimum over the ranks, restored on rank 0). */
PETSC_EXTERN PetscErrorCode OcRunCheckpointAddReal(OcRunCheckpoint, const char name[], PetscReal *);
PETSC_EXTERN PetscErrorCode OcRunCheckpointAddMin(OcRunCheckpoint, const char name[], PetscReal *);
PETSC_EXTERN PetscErrorCode OcRunCheckpointAddInt(OcRunCheckpoint, const char name[], PetscInt *);
PETSC_EXTERN PetscErrorCode OcRunCheckpointAddFleet(OcRunCheckpoint, OcFleet);
PETSC_EXTERN PetscErrorCode OcRunCheckpointAddFlow(OcRunCheckpoint, OcFlow);
/* The statistics of the elements the flow's partition gives this rank. */
PETSC_EXTERN PetscErrorCode OcRunCheckpointAddStats(OcRunCheckpoint, OcStats, OcFlow);
/* Restores every state from the restart's checkpoint; steps done so far (0 on a new run). */
PETSC_EXTERN PetscErrorCode OcRunCheckpointRestore(OcRunCheckpoint, PetscInt *steps_done);
/* After each step: writes a checkpoint when one is due and says whether the run stops here. */
PETSC_EXTERN PetscErrorCode OcRunCheckpointStep(OcRunCheckpoint, PetscInt steps_done, PetscReal t_s, OcSignal, PetscBool *stop);
PETSC_EXTERN PetscErrorCode OcRunCheckpointDestroy(OcRunCheckpoint *);

#endif
