#ifndef RUN_NETWORK_H
#define RUN_NETWORK_H
/* The part of `ohmcity run` that records and sizes the network's branches and buses: the
   "sections" and "ac_branches" time series, and the statistics of sections, AC branches, AC
   buses and the substations' duty (src/stats/ocstatsnet.h), written to /summary and printed. */
#include <ocflow.h>
#include <ocoutput.h>
#include "run_checkpoint.h"

typedef struct _p_OcRunNetwork *OcRunNetwork;

/* Adds the groups and series (before OcOutputSetUp); g_sub and g_bus are the run's
   "substations" and "ac_buses" groups, which receive summaries too. */
PETSC_INTERN PetscErrorCode OcRunNetworkCreate(MPI_Comm, OcFlow, const OcScenarioData *, OcOutput, OcOutputGroup g_sub, OcOutputGroup g_bus, OcRunNetwork *);
/* Sets the series' values of the record being made (between OcOutputRecordBegin and End). */
PETSC_INTERN PetscErrorCode OcRunNetworkRecord(OcRunNetwork);
/* Accumulates the statistics of the step ending at t_s (after the solve). */
PETSC_INTERN PetscErrorCode OcRunNetworkUpdate(OcRunNetwork, PetscReal t_s);
/* Writes the statistics to /summary and, with print, prints their highlights (collective). */
PETSC_INTERN PetscErrorCode OcRunNetworkWriteSummary(OcRunNetwork, PetscBool print);
/* The statistics' state in the run's checkpoints. */
PETSC_INTERN PetscErrorCode OcRunNetworkAddCheckpoint(OcRunNetwork, OcRunCheckpoint);
PETSC_INTERN PetscErrorCode OcRunNetworkDestroy(OcRunNetwork *);

#endif
