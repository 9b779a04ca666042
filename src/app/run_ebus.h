#ifndef RUN_EBUS_H
#define RUN_EBUS_H
/* The battery part of `ohmcity run`: charging each step, the charger loads on the AC grid, the
   "chargers" and "ebuses" results (docs/output.md; "ebuses" holds the blocks of every battery
   vehicle, battery trolleybuses included) and the battery lines of the summary. Each function
   does nothing in a scenario without battery vehicles. */
#include <ocfleet.h>
#include <ocoutput.h>

typedef struct {
  MPI_Comm       comm;
  PetscMPIInt    rank, size;
  PetscInt       nchargers, nblocks;
  OcOutputGroup  chargers, ebuses;
  OcOutputSeries series[4]; /* chargers: P, Q, occupied points, queue */
  PetscReal     *buf;       /* one value per owned site */
  PetscReal      elapsed_s; /* simulated so far */
  PetscReal      e_ac_j, e_dc_j, e_wire_j, min_soc;
  PetscInt       min_block, stranded, nwired; /* nwired: blocks on DC routes */
} OcRunEbus;

/* Collective, after the fleet and the flow are set up, before the output's SetUp. */
PETSC_EXTERN PetscErrorCode OcRunEbusCreate(MPI_Comm, OcRunEbus *, const OcScenarioData *, OcFleet, OcFlow, OcOutput);
/* After OcFleetAdvance of the step: charging, batteries, and the chargers' AC loads. */
PETSC_EXTERN PetscErrorCode OcRunEbusStep(OcRunEbus *, OcFleet, OcFlow, PetscReal t_s, PetscReal dt_s);
/* Within a record. */
PETSC_EXTERN PetscErrorCode OcRunEbusRecord(OcRunEbus *, OcFleet, OcOutput);
/* Collective, at the end, before the output is closed: /summary/chargers and /summary/ebuses. */
PETSC_EXTERN PetscErrorCode OcRunEbusWriteSummary(OcRunEbus *, const OcScenarioData *, OcFleet, OcOutput);
/* The printed lines, after OcRunEbusWriteSummary. */
PETSC_EXTERN PetscErrorCode OcRunEbusView(OcRunEbus *, const OcScenarioData *, OcFleet);
PETSC_EXTERN PetscErrorCode OcRunEbusDestroy(OcRunEbus *);

#endif
