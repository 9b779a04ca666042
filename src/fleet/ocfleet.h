#ifndef OCFLEET_H
#define OCFLEET_H
/* The fleet: trips expanded from the timetable, vehicles moving along their routes
   (kernels/motion.h), and their electrical demand for the power flow.

   Ownership: a vehicle on a DC route belongs to the rank that owns the DC section it is on and
   moves to the owner of the next section when it crosses a partition boundary (a sparse
   exchange between the ranks concerned, no gather). A battery e-bus runs a block (one bus's day
   of trips, src/fleet/trips.c) and belongs to rank (block mod size), except while it is at a
   charger site, when it belongs to rank (site mod size): each site's queue lives on one rank.
   A trip starts on the rank that owns its first position.

   E-buses (src/fleet/charge.c): OcFleetAdvance moves them; OcFleetCharge then runs the charger
   sites and steps every battery (traction + auxiliaries - regeneration - charging). A bus whose
   battery reaches its floor (soc_min) is stranded: it stops where it is, its remaining trips are
   cancelled, and the time and place are kept for the report (OcFleetGetBlocks).

   Battery trolleybuses (any vehicle type with a battery on a DC route, src/fleet/wire.c) run in
   blocks like e-buses. Off the wire (a route stretch without contact wire) the battery supplies
   traction and auxiliaries and takes the regeneration, and the vehicle is not in the power flow;
   under the wire the line supplies them and also charges the battery at its charge curve: the
   charging power is part of the vehicle's DC demand. Whether a step is under the wire is decided
   by the vehicle's position at the end of the step. A battery vehicle's owner follows the DC
   section under the wire and its block off it.

   Time lag (explicit): the traction power a vehicle may use in a step is limited by the share of
   its request the last power-flow solve delivered (received / requested). */
#include <ocflow.h>
#include <motion.h>
#include <stats.h>
#include <charging.h>

typedef struct _p_OcFleet *OcFleet;

/* A vehicle's electrical side: the last power-flow solve and the statistics of its trip so far,
   accumulated after every solve (kernels/stats.h records of one element). Off the network (a
   road vehicle, before the first solve) the voltage, current and powers are NaN. */
typedef struct {
  PetscReal u_v, i_a, p_line_w, p_rheostat_w; /* p_line_w < 0: fed back into the line */
  PetscReal u_minmax[OC_STATS_MINMAX_NF];     /* pantograph voltage, lowest and highest */
  PetscReal below_umin1[OC_STATS_THRESHOLD_NF], below_umin2[OC_STATS_THRESHOLD_NF];
  PetscReal useful[OC_STATS_MEAN_NF];    /* EN 50388: mean voltage over the steps with traction */
  PetscReal line[OC_STATS_INTEGRAL_NF];  /* line energy drawn and fed back */
  PetscReal burnt[OC_STATS_INTEGRAL_NF]; /* braking energy burnt on board */
} OcFleetElectric;

/* A vehicle in service, as the fleet keeps it (plain data: it travels between ranks). */
typedef struct {
  PetscInt        trip; /* global trip index (an e-bus: of its current trip), also the id of its record */
  OcMotionState   motion;
  PetscInt        section;                                      /* DC section it is on, -1 on a road route */
  PetscReal       s;                                            /* position in that section, 0 at from_node */
  PetscReal       lag;                                          /* received / requested traction power of the last solve */
  PetscReal       p_req_w;                                      /* electrical power requested for the current step */
  PetscBool       traction;                                     /* traction work done in the current step */
  PetscReal       e_line_j, e_regen_j, e_aux_j, e_brake_mech_j; /* totals over the trip */
  OcFleetElectric el;
  /* Battery vehicles (block >= 0): e-buses and battery trolleybuses; plain data, no pointers. */
  PetscInt    block;        /* -1 for a vehicle without a traction battery */
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
  PetscReal   p_wire_w;     /* a battery vehicle under the wire: mean charging power from the line
                               at the battery terminals in the current step, part of p_req_w */
  PetscReal   e_wire_j;     /* into the battery terminals from the contact line so far */
  PetscReal   p_battery_w;  /* mean power at the battery terminals over the last step, > 0 out */
  PetscReal   t_stranded_s; /* when it ran out of charge, -1 if it did not */
  OcChargeBus charge;       /* the charging kernel's state of the current or last visit */
} OcFleetVehicle;

enum {
  OC_FLEET_RUNNING  = 0, /* on a trip or in layover before the next one */
  OC_FLEET_PARKED   = 1, /* block done: standing at its last stop (charging at a depot) */
  OC_FLEET_STRANDED = 2  /* the battery reached its floor: out of service where it stopped */
};

/* A trip comes from one of: a headway service (service >= 0), a timetabled trip (timed >= 0:
   scheduled departures at every stop) or a trace (trace >= 0: replayed, not moved by the motion
   kernel; route is -1 when the trace places it by DC section). The others are -1. A battery
   e-bus trip belongs to a block (one bus) and links to the block's next trip. */
typedef struct {
  PetscInt  route, vehicle_type, service;
  PetscReal departure_s; /* from the first stop; a trace's first sample */
  PetscInt  timed, trace;
  PetscInt  block, next; /* e-bus block and its next trip; -1: none */
} OcFleetTrip;

/* Per e-bus block, over the whole run (OcFleetGetBlocks). */
typedef struct {
  PetscInt  route;          /* its first trip's route */
  PetscReal min_soc;        /* lowest state of charge; -1 if it did not run */
  PetscReal e_charged_j;    /* into the battery terminals from chargers */
  PetscReal e_wire_j;       /* into the battery terminals from the contact line (DC routes) */
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
/* Collective, before the first OcFleetAdvance of a run starting at t0 mid-service: moves the
   fleet alone (no power flow, full traction power) from the departure of the earliest trip still
   under way at t0 or of the first trip of an e-bus block started before t0, on the grid of steps
   dt_s that ends at t0, then clears the trip accounts,
   statistics and totals gathered before t0 (src/fleet/warm_up.c). Gives how many trips were
   under way and when the warm-up began (t0 when none). */
PETSC_EXTERN PetscErrorCode OcFleetWarmUp(OcFleet, PetscReal t0, PetscReal dt_s, PetscInt *n_under_way, PetscReal *t_begin);
/* The DC vehicles of this rank for the power flow, in trip order. */
PETSC_EXTERN PetscErrorCode OcFleetGetFlowVehicles(OcFleet, PetscInt *n, const OcFlowVehicle **);
/* Feeds the solve back: each vehicle's lag factor becomes received / requested. */
PETSC_EXTERN PetscErrorCode OcFleetSetReceived(OcFleet, PetscInt n, const OcFlowVehicleState[]);
PETSC_EXTERN PetscErrorCode OcFleetGetScenario(OcFleet, const OcScenarioData **);
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

/* Per trip records for the results, by global trip index. A trip's record is held by the rank of
   its vehicle while in service (a stranded e-bus keeps its trip), by the rank that retired it
   once finished, and otherwise (not started, never run, an e-bus block's later trips) by rank
   (trip mod size). */
typedef enum {
  OC_FLEET_CHAINAGE_M,
  OC_FLEET_SPEED_MPS,
  OC_FLEET_U_V,
  OC_FLEET_I_A,
  OC_FLEET_P_REQ_W,
  OC_FLEET_P_LINE_W,
  OC_FLEET_P_RHEOSTAT_W,
  OC_FLEET_SOC,         /* battery vehicles: state of charge; NaN for other vehicles */
  OC_FLEET_P_BATTERY_W, /* battery vehicles: mean power at the battery terminals over the step,
                           > 0 discharging; NaN for other vehicles */
  OC_FLEET_NSERIES
} OcFleetSeries;
typedef enum {
  OC_FLEET_ROUTE, /* the scenario's route index */
  OC_FLEET_DEPARTURE_S,
  OC_FLEET_U_MIN_V,
  OC_FLEET_T_U_MIN_S,
  OC_FLEET_U_MAX_V,
  OC_FLEET_BELOW_UMIN1_S,
  OC_FLEET_BELOW_UMIN2_S,
  OC_FLEET_LONGEST_BELOW_UMIN1_S,
  OC_FLEET_U_MEAN_USEFUL_V,
  OC_FLEET_E_DRAWN_J,
  OC_FLEET_E_FED_BACK_J,
  OC_FLEET_E_BURNT_J,
  OC_FLEET_E_AUX_J,
  OC_FLEET_NSUMMARY
} OcFleetSummary;
/* Collective: the trips whose records this rank holds now, ascending; *changed: different from
   this rank's last call. */
PETSC_EXTERN PetscErrorCode OcFleetGetRecordTrips(OcFleet, PetscInt *n, const PetscInt **trip, PetscBool *changed);
/* Values for the trips of the last OcFleetGetRecordTrips, in its order: NaN for a trip not in service. */
PETSC_EXTERN PetscErrorCode OcFleetGetRecordValues(OcFleet, OcFleetSeries, PetscReal values[]);
/* The trips' route and departure, and their statistics so far (NaN for a trip that has not run),
   in the same order. */
PETSC_EXTERN PetscErrorCode OcFleetGetRecordSummary(OcFleet, OcFleetSummary, PetscReal values[]);

/* Per DC system, over every trip so far (vehicle-time: two vehicles below Umin1 for 1 s count
   2 s). Collective; the same on every rank and for any rank count (summed in trip order). */
typedef struct {
  PetscReal u_min_v, below_umin1_s, below_umin2_s;
  PetscReal u_mean_useful_v; /* EN 50388 zone value over the whole run: NaN without traction */
  PetscReal e_drawn_j, e_fed_back_j, e_burnt_j;
} OcFleetSystemStats;
PETSC_EXTERN PetscErrorCode OcFleetGetSystemStats(OcFleet, OcFleetSystemStats[]);
/* Checkpoint and restart (collective): the vehicles in service as whole OcFleetVehicle records
   (plain data: a field added to the struct is saved with it; the record size is checked on
   reading), the next trip to start, and the totals of the finished trips. Read on any number of
   ranks: each vehicle goes to the rank that owns its position (the migration's rule). */
PETSC_EXTERN PetscErrorCode OcFleetCheckpointWrite(OcFleet, OcCheckpoint);
PETSC_EXTERN PetscErrorCode OcFleetCheckpointRead(OcFleet, OcCheckpoint);
PETSC_EXTERN PetscErrorCode OcFleetDestroy(OcFleet *);

#endif
