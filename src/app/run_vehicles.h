#ifndef RUN_VEHICLES_H
#define RUN_VEHICLES_H
/* The vehicles of `ohmcity run` in the results file: a group "vehicles" with one element per
   trip (by global trip index; NaN while the trip is not in service), its time series, the
   statistics of each trip and of each DC system in /summary, and the human summary per system. */
#include <ocfleet.h>
#include <ocoutput.h>

typedef struct {
  OcOutputGroup  group, systems;
  OcOutputSeries series[OC_FLEET_NSERIES];
  PetscReal     *values;
  PetscInt       cap;
} OcRunVehicles;

/* Declares the groups and series; before OcOutputSetUp. */
PETSC_INTERN PetscErrorCode OcRunVehiclesAdd(OcRunVehicles *, MPI_Comm, OcOutput, OcFleet);
/* Collective, outside a record: follows the trips to the ranks that hold them now. */
PETSC_INTERN PetscErrorCode OcRunVehiclesUpdateOwnership(OcRunVehicles *, MPI_Comm, OcOutput, OcFleet);
/* Inside a record: the values of the trips this rank holds. */
PETSC_INTERN PetscErrorCode OcRunVehiclesSetValues(OcRunVehicles *, OcOutput, OcFleet);
/* Collective: per trip and per DC system statistics into /summary, and the human summary. */
PETSC_INTERN PetscErrorCode OcRunVehiclesWriteSummary(OcRunVehicles *, MPI_Comm, OcOutput, OcFleet, PetscBool print);
PETSC_INTERN PetscErrorCode OcRunVehiclesDestroy(OcRunVehicles *);

#endif
