#ifndef FLEET_IMPL_H
#define FLEET_IMPL_H
#include "ocfleet.h"

struct _p_OcFleet {
  MPI_Comm              comm;
  PetscMPIInt           rank, size;
  OcNet                 net;
  const OcScenarioData *sc;

  /* Replicated, read-only after set-up. */
  OcMotionRoute     *route;             /* per scenario route, pointing into the scenario's arrays */
  OcMotionVehicle   *type;              /* per vehicle type */
  OcDcVehicleParams *electric;          /* per (vehicle type, DC system): type * ndc_systems + sys */
  PetscMPIInt       *section_owner;     /* rank owning each DC section */
  PetscInt           ntrips, next_trip; /* trips sorted by departure; next one to start */
  OcFleetTrip       *trip;
  PetscReal         *timed_arrival_s; /* timed running of timetabled e-bus trips: target arrival at
                                         each stop, like the scenario's timed_departure_s */
  PetscInt           nblocks;
  PetscBool         *block_started; /* the same on every rank: start_trips sets it everywhere */
  OcBatteryParams   *battery;       /* per vehicle type (e-buses) */
  PetscInt          *route_charger; /* per route: charger site at its last stop, or -1 */

  /* Charger sites: replicated arrays, state kept by the owning rank (site mod size). Between
     steps, point[].bus and ring[] hold block ids; during the kernel call, local bus indices. */
  OcChargerSite  *site;
  OcChargerPoint *point;
  int            *ring;
  PetscInt        nown;        /* sites this rank owns */
  PetscInt       *own;         /* their indices */
  OcFleetCharger *charger;     /* their state, nown entries */
  PetscReal      *p_ac, *q_ac; /* their AC loads, nown entries */
  OcFleetBlock   *block;       /* per block, filled by OcFleetGetBlocks */

  /* This rank's vehicles. */
  PetscInt        nveh, cap;
  OcFleetVehicle *veh;
  PetscInt        nretired, retired_cap; /* trips this rank retired */
  OcFleetVehicle *retired;               /* final records of the trips this rank retired, in retiring order */
  PetscReal       t_s, dt_s;             /* the step being solved: (t_s - dt_s, t_s] */
  /* Records for the results (records.c): trips held here and where each one's record is. */
  PetscInt            nrec, rec_cap, *rec_trip;
  PetscInt           *rec_src; /* >= 0: veh[k]; <= -2: retired[-2 - k]; -1: not in service */
  PetscReal          *route_e; /* per route: line energy drawn, regenerated offered, auxiliaries (J) of retired trips */
  OcFlowVehicle      *flow;    /* OcFleetGetFlowVehicles' array, cap entries */
  OcMotionStepOutput *out;
  OcMotionEtaMap     *eta_map; /* per vehicle type: traction [2 t], braking [2 t + 1]; type[t] points here */
};

PETSC_INTERN PetscErrorCode OcFleetPlace(OcFleet, OcFleetVehicle *);
PETSC_INTERN PetscErrorCode OcFleetReserve(OcFleet, PetscInt n);
PETSC_INTERN PetscErrorCode OcFleetMigrate(OcFleet);
PETSC_INTERN PetscErrorCode OcFleetBuildTrips(OcFleet);
PETSC_INTERN PetscErrorCode OcFleetSetUpTimedRunning(OcFleet);
PETSC_INTERN PetscErrorCode OcFleetRetire(OcFleet, const OcFleetVehicle *);
PETSC_INTERN void           OcFleetElectricInit(OcFleetElectric *);
PETSC_INTERN void           OcFleetElectricUpdate(OcFleet, OcFleetVehicle *, const OcFlowVehicleState *);
PETSC_INTERN void           OcFleetSortByTrip(OcFleet);
/* The motion kernel's view of a trip: its route and, for a timetabled trip, its departures. */
PETSC_INTERN OcMotionTrip OcFleetMotionTrip(OcFleet, PetscInt trip);
/* Trace vehicles: whether a trace's vehicle is still to enter at t_s, and one step of it. */
PETSC_INTERN PetscBool      OcFleetTraceLive(OcFleet, PetscInt trip, PetscReal t_s);
PETSC_INTERN PetscErrorCode OcFleetTracePlace(OcFleet, OcFleetVehicle *, PetscReal t_s);
PETSC_INTERN PetscErrorCode OcFleetTraceStep(OcFleet, OcFleetVehicle *, PetscReal t_s, PetscReal dt_s);
PETSC_INTERN PetscErrorCode OcFleetSetUpCharging(OcFleet);
PETSC_INTERN PetscErrorCode OcFleetDestroyCharging(OcFleet);
/* The rank that holds a vehicle (ocfleet.h, "Ownership"). */
PETSC_INTERN PetscMPIInt OcFleetOwner(OcFleet, const OcFleetVehicle *);
/* A battery vehicle on a DC route after its motion step and placing (wire.c): off the wire its
   battery drives it; under the wire it asks the line for its drive and its battery's charge. */
PETSC_INTERN void OcFleetWireStep(OcFleet, OcFleetVehicle *, PetscReal dt_s);
/* Battery e-bus at the end of its trip: starts its block's next trip (and joins a terminal
   charger during the layover) or parks (and joins a charger at the stop). */
PETSC_INTERN PetscErrorCode OcFleetBlockTripEnd(OcFleet, OcFleetVehicle *, PetscReal t_s);

#endif
