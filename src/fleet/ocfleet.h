#ifndef OCFLEET_H
#define OCFLEET_H
/* The fleet: trips expanded from the timetable, vehicles moving along their routes
   (kernels/motion.h), and their electrical demand for the power flow.

   Ownership: a vehicle on a DC route belongs to the rank that owns the DC section it is on and
   moves to the owner of the next section when it crosses a partition boundary (a sparse
   exchange between the ranks concerned, no gather). A battery e-bus on a road route belongs to
   rank (trip mod size). A trip starts on the rank that owns its first position.

   Time lag (explicit): the traction power a vehicle may use in a step is limited by the share of
   its request the last power-flow solve delivered (received / requested). */
#include <ocflow.h>
#include <motion.h>

typedef struct _p_OcFleet *OcFleet;

/* A vehicle in service, as the fleet keeps it (plain data: it travels between ranks). */
typedef struct {
  PetscInt      trip; /* global trip index, also the vehicle's id */
  OcMotionState motion;
  PetscInt      section;                                      /* DC section it is on, -1 on a road route */
  PetscReal     s;                                            /* position in that section, 0 at from_node */
  PetscReal     lag;                                          /* received / requested traction power of the last solve */
  PetscReal     p_req_w;                                      /* electrical power requested for the current step */
  PetscReal     e_line_j, e_regen_j, e_aux_j, e_brake_mech_j; /* totals over the trip */
} OcFleetVehicle;

/* A trip comes from one of: a headway service (service >= 0), a timetabled trip (timed >= 0:
   scheduled departures at every stop) or a trace (trace >= 0: replayed, not moved by the motion
   kernel; route is -1 when the trace places it by DC section). The others are -1. */
typedef struct {
  PetscInt  route, vehicle_type, service;
  PetscReal departure_s; /* from the first stop; a trace's first sample */
  PetscInt  timed, trace;
} OcFleetTrip;

PETSC_EXTERN PetscErrorCode OcFleetCreate(OcNet, OcFleet *);
PETSC_EXTERN PetscErrorCode OcFleetSetUp(OcFleet);
/* Collective: starts the trips departing in (t_s - dt_s, t_s], moves every vehicle from t_s to
   t_s + dt_s, retires those that finished and hands vehicles over to their new owners. */
PETSC_EXTERN PetscErrorCode OcFleetAdvance(OcFleet, PetscReal t_s, PetscReal dt_s);
/* The DC vehicles of this rank for the power flow, in trip order. */
PETSC_EXTERN PetscErrorCode OcFleetGetFlowVehicles(OcFleet, PetscInt *n, const OcFlowVehicle **);
/* Feeds the solve back: each vehicle's lag factor becomes received / requested. */
PETSC_EXTERN PetscErrorCode OcFleetSetReceived(OcFleet, PetscInt n, const OcFlowVehicleState[]);
PETSC_EXTERN PetscErrorCode OcFleetGetVehicles(OcFleet, PetscInt *n, const OcFleetVehicle **);
PETSC_EXTERN PetscErrorCode OcFleetGetTrips(OcFleet, PetscInt *n, const OcFleetTrip **);
/* Collective: vehicles in service and trips finished so far, over all ranks. */
PETSC_EXTERN PetscErrorCode OcFleetGetCounts(OcFleet, PetscInt *in_service, PetscInt *finished);
/* Collective: per route, totals of the trips finished so far (J): energy drawn from the line for
   traction, braking energy offered back, auxiliaries. Arrays of the scenario's route count. */
PETSC_EXTERN PetscErrorCode OcFleetGetRouteEnergy(OcFleet, PetscReal e_line_j[], PetscReal e_regen_j[], PetscReal e_aux_j[]);
PETSC_EXTERN PetscErrorCode OcFleetDestroy(OcFleet *);

#endif
