#ifndef OCFLEET_H
#define OCFLEET_H
/* The fleet: trips expanded from the timetable, vehicles moving along their routes
   (kernels/motion.h), and their electrical demand for the power flow.

   Ownership: a vehicle on a DC route belongs to the rank that owns the DC section it is on and
   moves to the owner of the next section when it crosses a partition boundary (a sparse
   exchange between the ranks concerned, no gather). A battery e-bus runs a block (one bus's day
   of trips, src/fleet/blocks.c) and belongs to rank (block mod size), except while it is at a
   charger site, when it belongs to rank (site mod size): each site's queue lives on one rank.
   A trip starts on the rank that owns its first position.

   E-buses (src/fleet/charge.c): OcFleetAdvance moves them; OcFleetCharge then runs the charger
   sites and steps every battery (traction + auxiliaries - regeneration - charging). A bus whose
   battery reaches its floor (soc_min) is stranded: it stops where it is, its remaining trips are
   cancelled, and the time and place are kept for the report (OcFleetGetBlocks).

   Time lag (explicit): the traction power a vehicle may use in a step is limited by the share of
   its request the last power-flow solve delivered (received / requested). */
#include <ocflow.h>
#include <motion.h>
#include <charging.h>

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
  /* Battery e-buses (block >= 0); plain data, no pointers. */
  PetscInt    block;        /* -1 for a vehicle on a DC route */
  PetscInt    state;        /* OC_FLEET_* */
  PetscInt    site;         /* charger site it is at, or -1 */
  PetscInt    arriving;     /* 1: joins the site's queue in the next charging step */
  PetscInt    in_depot;     /* 1: waits for its next trip at a depot charger's stop: parked,
                               auxiliaries off, not in service */
  PetscReal   e_bat_j;      /* energy in the battery */
  PetscReal   p_drive_w;    /* mean power of the last step at the battery terminals for traction and
                            auxiliaries less regeneration, before charging */
  PetscReal   min_soc;      /* lowest state of charge so far */
  PetscReal   e_charged_j;  /* into the battery terminals from chargers so far */
  PetscReal   t_stranded_s; /* when it ran out of charge, -1 if it did not */
  OcChargeBus charge;       /* the charging kernel's state of the current or last visit */
} OcFleetVehicle;

enum {
  OC_FLEET_RUNNING  = 0, /* on a trip or in layover before the next one */
  OC_FLEET_PARKED   = 1, /* block done: standing at its last stop (charging at a depot) */
  OC_FLEET_STRANDED = 2  /* the battery reached its floor: out of service where it stopped */
};

typedef struct {
  PetscInt  route, vehicle_type, service;
  PetscReal departure_s;
  PetscInt  block, next; /* e-bus block and its next trip; -1: none */
} OcFleetTrip;

/* Per e-bus block, over the whole run (OcFleetGetBlocks). */
typedef struct {
  PetscInt  route;          /* its first trip's route */
  PetscReal min_soc;        /* lowest state of charge; -1 if it did not run */
  PetscReal e_charged_j;    /* into the battery terminals from chargers */
  PetscReal stranded_t_s;   /* when it ran out of charge; -1 if it did not */
  PetscInt  stranded_route; /* where: route, and chainage along it */
  PetscReal stranded_m;
} OcFleetBlock;

/* Per charger site, this step and over the run (sites this rank owns, site mod size). */
typedef struct {
  PetscReal occupied, queue;  /* points in use, buses waiting, at the end of the last step */
  PetscReal e_ac_j, peak_p_w; /* over the run */
  PetscReal busy_s;           /* point-seconds in use */
} OcFleetCharger;

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
/* E-buses: runs the charger sites and steps every battery over [t_s, t_s + dt_s], after
   OcFleetAdvance of the same step. Not collective. */
PETSC_EXTERN PetscErrorCode OcFleetCharge(OcFleet, PetscReal t_s, PetscReal dt_s);
/* The charger sites this rank owns (scenario indices), their state, and their AC loads over the
   last step: mean active power (W) and reactive power (var, at the site's power factor). */
PETSC_EXTERN PetscErrorCode OcFleetGetChargers(OcFleet, PetscInt *n, const PetscInt **site, const OcFleetCharger **, const PetscReal **p_w, const PetscReal **q_var);
/* Collective: every block's record, the same on every rank (one reduction; for the end). */
PETSC_EXTERN PetscErrorCode OcFleetGetBlocks(OcFleet, PetscInt *n, const OcFleetBlock **);
/* Collective: vehicles in service and trips finished so far, over all ranks. E-buses parked,
   stranded or waiting in a depot are not in service. */
PETSC_EXTERN PetscErrorCode OcFleetGetCounts(OcFleet, PetscInt *in_service, PetscInt *finished);
/* Collective: per route, totals of the trips finished so far (J): energy drawn from the line for
   traction, braking energy offered back, auxiliaries. Arrays of the scenario's route count. */
PETSC_EXTERN PetscErrorCode OcFleetGetRouteEnergy(OcFleet, PetscReal e_line_j[], PetscReal e_regen_j[], PetscReal e_aux_j[]);
PETSC_EXTERN PetscErrorCode OcFleetDestroy(OcFleet *);

#endif
