#ifndef OCSCENARIO_H
#define OCSCENARIO_H
/* The scenario: what is simulated (docs/scenario.md). Read on rank 0 from a YAML file and the
   CSV tables and MATPOWER case it names, validated as a whole, then copied to every rank. */
#include "ocdiag.h"
#include <stdint.h>
#include <petscviewer.h>
#include "matpower.h"

typedef struct _p_OcScenario *OcScenario;

/* Scenario format version written as `ohmcity: 1` at the top of the file. */
#define OC_SCENARIO_FORMAT 1

typedef struct {
  char      id[OC_NAME_LEN];
  PetscReal u_nominal_v;
  /* EN 50163 limits: lowest non-permanent, lowest permanent, highest permanent, highest
     non-permanent voltage. Defaulted from the nominal voltage. */
  PetscReal umin2_v, umin1_v, umax1_v, umax2_v;
} OcDcSystem;

typedef struct {
  char      id[OC_NAME_LEN];
  PetscInt  system;   /* index into dc_system */
  PetscReal x_m, y_m; /* map coordinates; NaN when not given */
} OcDcNode;

typedef struct {
  char      id[OC_NAME_LEN];
  PetscInt  system, from, to; /* indices; from/to into dc_node */
  PetscReal length_m, r_ohm_per_km;
  PetscReal i_max_a; /* thermal current rating; 0 = not rated */
} OcDcSection;

typedef enum {
  OC_RECTIFIER_DIODE,
  OC_RECTIFIER_REVERSIBLE
} OcRectifier;

/* Rectifier duty classes of IEC 60146-1-1 / EN 50328 (I: 100 % continuous ... VI: 100 %
   continuous, 150 % for 2 h, 300 % for 1 min). Index 0 is class I. */
typedef enum {
  OC_DUTY_I,
  OC_DUTY_II,
  OC_DUTY_III,
  OC_DUTY_IV,
  OC_DUTY_V,
  OC_DUTY_VI
} OcDutyClass;

typedef struct {
  char        id[OC_NAME_LEN];
  PetscInt    node;   /* index into dc_node */
  PetscInt    ac_bus; /* index into ac.bus; -1: fed by an ideal source (u0_v fixed) */
  OcRectifier kind;
  OcDutyClass duty_class;
  PetscReal   u0_v;          /* no-load DC voltage at 1.0 pu AC voltage */
  PetscReal   r_eq_ohm;      /* equivalent internal resistance */
  PetscReal   rated_power_w; /* continuous DC rating */
  PetscReal   efficiency;    /* converter efficiency, both directions */
  PetscReal   p_noload_w;    /* transformer no-load loss, drawn from the AC side */
  PetscReal   power_factor;  /* of the converter's AC draw */
} OcSubstation;

typedef enum {
  OC_PROFILE_LINEAR,
  OC_PROFILE_STEP
} OcProfileInterpolation;

/* A daily load profile: multipliers of the case's base load at increasing clock times,
   repeated every 24 h. Its points are profile_t_s/profile_value[first .. first+npoints). */
typedef struct {
  char     id[OC_NAME_LEN];
  PetscInt first, npoints;
} OcProfile;

typedef struct {
  PetscInt bus;     /* index into ac.bus */
  PetscInt profile; /* index into profile */
} OcAcLoad;

/* Rolling stock (docs/scenario.md, fleet.vehicle_types): a row names a base type from the
   built-in library (src/scenario/rolling_stock.c) and overrides any of its values. */
typedef enum {
  OC_VEHICLE_TRAM,
  OC_VEHICLE_METRO,
  OC_VEHICLE_EMU,
  OC_VEHICLE_TROLLEYBUS,
  OC_VEHICLE_EBUS,
  OC_VEHICLE_NKINDS
} OcVehicleKind;

/* A drive efficiency by speed, piecewise linear (kernels/motion.h); n = 0: the constant. */
#define OC_ETA_CURVE_MAX 8
#define OC_ETA_CURVE_CONSTANT \
  { \
    0, {0}, \
    { \
      0 \
    } \
  }
typedef struct {
  PetscInt  n;
  PetscReal v_mps[OC_ETA_CURVE_MAX], eta[OC_ETA_CURVE_MAX]; /* speeds strictly increasing */
} OcEtaCurve;

/* A battery's charge acceptance by state of charge, piecewise linear, constant beyond its ends
   (kernels/battery.h); n = 0: the default shape from max_charge_power_w. */
#define OC_SOC_CURVE_MAX 8
#define OC_SOC_CURVE_DEFAULT \
  { \
    0, {0}, \
    { \
      0 \
    } \
  }
typedef struct {
  PetscInt  n;
  PetscReal soc[OC_SOC_CURVE_MAX], p_w[OC_SOC_CURVE_MAX]; /* soc strictly increasing in [0, 1] */
} OcSocCurve;

#define OC_ETA_MAP_NONE \
  { \
    0, 0, {0}, {0}, \
    { \
      { \
        0 \
      } \
    } \
  }
/* A drive efficiency by speed and effort fraction F / F_max, bilinear (kernels/motion.h);
   n_v = 0: none. eta[i][j] at (v_mps[i], x[j]), both strictly increasing. */
#define OC_ETA_MAP_MAX 8
typedef struct {
  PetscInt  n_v, n_x;
  PetscReal v_mps[OC_ETA_MAP_MAX], x[OC_ETA_MAP_MAX], eta[OC_ETA_MAP_MAX][OC_ETA_MAP_MAX];
} OcEtaMap;

typedef struct {
  char          id[OC_NAME_LEN];
  OcVehicleKind kind;
  PetscReal     mass_kg, rotating_mass_factor;
  PetscReal     davis_a_n, davis_b_n_per_mps, davis_c_n_per_mps2;
  PetscReal     max_tractive_effort_n, max_power_w, max_regen_power_w, max_electric_brake_n;
  PetscReal     service_braking_mps2, max_speed_kmh;
  PetscReal     eta_traction, eta_braking, aux_power_w;
  PetscReal     max_line_current_a;   /* current limitation at full voltage; 0: derived */
  PetscReal     battery_capacity_kwh; /* 0 without a traction battery (OcVehicleHasBattery) */
  PetscReal     max_charge_power_w;
  OcEtaCurve    eta_traction_curve, eta_braking_curve; /* replace the constants where n > 0 */
  /* Auxiliary power by outside temperature (kernels/hvac.h, base aux_power_w): heating below
     hvac_t_heat_c, cooling above hvac_t_cool_c, linear, capped. k = 0: no dependence. */
  PetscReal  hvac_t_heat_c, hvac_t_cool_c, hvac_k_heat_w_per_k, hvac_k_cool_w_per_k, hvac_heat_max_w, hvac_cool_max_w;
  OcEtaMap   eta_traction_map, eta_braking_map; /* replace constant and curve where n_v > 0 */
  OcSocCurve charge_curve;                      /* battery: acceptance by SOC, or n = 0 */
} OcVehicleType;

/* A traction battery: every battery e-bus; a trolleybus or rail vehicle with one runs its
   route's stretches without contact wire on it and charges it under the wire. */
static inline PetscBool OcVehicleHasBattery(const OcVehicleType *t)
{
  return t->battery_capacity_kwh > 0 ? PETSC_TRUE : PETSC_FALSE;
}

/* The most power its battery accepts: max_charge_power_w, else the top of its charge_curve; 0
   when neither is given (an e-bus then takes the default of docs/scenario.md, "Batteries"). */
static inline PetscReal OcVehicleChargePower(const OcVehicleType *t)
{
  PetscReal p = 0;
  if (t->max_charge_power_w > 0) return t->max_charge_power_w;
  for (PetscInt k = 0; k < t->charge_curve.n; k++) p = PetscMax(p, t->charge_curve.p_w[k]);
  return p;
}

/* A directed route: a chain of DC sections (rail, trolleybus) or a road path of given length
   (e-bus), with piecewise-constant profile segments and stops along its chainage. Its entries
   in the shared arrays are [first_x, first_x + n_x). */
typedef struct {
  char      id[OC_NAME_LEN];
  PetscInt  system; /* DC system, or -1 for a road route */
  PetscReal length_m;
  PetscInt  first_section, nsections;
  PetscInt  first_grade, ngrade, first_curve, ncurve, first_limit, nlimit, first_stop, nstops;
  char      shape[OC_NAME_LEN]; /* road route laid along this GTFS shape_id; "" otherwise */
  PetscInt  noff_wire;          /* a DC route's stretches without contact wire: its route_section
                                   entries -1 (run on the vehicle's battery) */
} OcRoute;

/* Trips every headway_s from first to last departure (planning timetables). An e-bus service
   with a return route chains its trips into vehicle blocks: each outbound trip is followed by a
   return trip turnaround_s later, and a bus back at the first terminal takes the next outbound
   trip due turnaround_s after its return departure or later (src/fleet/trips.c). */
typedef struct {
  PetscInt  route, vehicle_type;
  PetscReal first_s, last_s, headway_s;
  PetscInt  return_route; /* -1: none (every trip is its own block) */
  PetscReal turnaround_s; /* departure to return departure, and return departure to availability */
} OcService;

/* A timetabled trip (fleet.timetable, from a GTFS feed or a csv table): its scheduled departure
   from every stop of its route, timed_departure_s[first .. first + nstops of the route);
   -INFINITY where the trip sets none (the last stop). The vehicle never leaves a stop before that
   time. A battery e-bus trip belongs to a vehicle block, 0 .. ntimed_blocks - 1, numbered by the
   departure of their first trips (src/scenario/timed_blocks.c); other trips have block -1. */
typedef struct {
  char      id[OC_NAME_LEN]; /* GTFS trip_id, or the csv's trip */
  PetscInt  route, vehicle_type, first;
  PetscReal arrival_s; /* scheduled arrival at the last stop; NaN when the source gives none */
  PetscInt  block;
} OcTimedTrip;

/* How e-bus trips of a timetable are chained into blocks (fleet.timetable.blocks). */
typedef enum {
  OC_BLOCKS_GIVEN, /* by the source's block (GTFS block_id, csv block); the others chained */
  OC_BLOCKS_CHAIN, /* every trip chained from the schedule, given blocks ignored */
  OC_BLOCKS_TRIP   /* every trip its own block */
} OcBlockMode;

/* A GTFS route (and direction, -1: every direction) left out of the simulation because the
   mapping table does not name it, with the number of its trips on the service date. */
typedef struct {
  char     id[OC_NAME_LEN];
  PetscInt direction, ntrips;
} OcUnmappedRoute;

/* A vehicle replayed from a recorded trace (fleet.traces) instead of the motion kernel: its
   samples are trace_t_s/trace_power_w/trace_section/trace_pos_m[first .. first + n), by time.
   On a route (route >= 0) trace_pos_m is the chainage and trace_section is -1; otherwise
   trace_section is the DC section and trace_pos_m the distance from its from_node. */
typedef struct {
  char     id[OC_NAME_LEN];
  PetscInt vehicle_type, route, first, n;
} OcTrace;

/* A charger site for battery e-buses at a stop (fleet.chargers). Terminal chargers serve buses
   in layover between trips of their block; depot chargers buses whose block ended there. */
typedef enum {
  OC_CHARGER_DEPOT,
  OC_CHARGER_TERMINAL
} OcChargerKind;

typedef struct {
  char          id[OC_NAME_LEN];
  char          location[OC_NAME_LEN]; /* name of the stop where buses end their trips */
  PetscInt      ac_bus;                /* index into ac.bus */
  OcChargerKind kind;
  PetscInt      points;        /* buses charged at once */
  PetscReal     p_point_w;     /* DC output rating of each point */
  PetscReal     efficiency;    /* AC to DC */
  PetscReal     start_delay_s; /* contact to power */
  PetscReal     power_factor;  /* of the AC draw (lagging) */
} OcCharger;

typedef struct {
  char      name[128];
  PetscReal start_s, end_s, time_step_s, output_interval_s;
  /* simulation.outside_temperature: a daily profile (clock times, degC), linear, wrapping
     around midnight; ntemperature = 0 when not given. */
  PetscInt   ntemperature;
  PetscReal *temperature_t_s, *temperature_c;

  PetscInt      ndc_systems, ndc_nodes, ndc_sections, nsubstations;
  OcDcSystem   *dc_system;
  OcDcNode     *dc_node;
  OcDcSection  *dc_section;
  OcSubstation *substation;

  PetscBool              has_ac;
  OcMpCase               ac;
  OcProfileInterpolation interpolation;
  PetscInt               nprofiles, nprofile_points, nac_loads;
  OcProfile             *profile;
  PetscReal             *profile_t_s, *profile_value;
  OcAcLoad              *ac_load;

  PetscInt       nvehicle_types, nroutes, nservices, nchargers;
  OcVehicleType *vehicle_type;
  OcRoute       *route;
  OcService     *service;
  OcCharger     *charger;
  /* Route geometry, shared by all routes (see OcRoute). */
  PetscInt   nroute_sections, ngrades, ncurves, nlimits, nstops;
  PetscInt  *route_section;         /* section index; -1: a stretch without contact wire */
  PetscInt  *route_section_reverse; /* 1: run from to_node to from_node */
  PetscReal *route_section_start_m; /* chainage where the section begins */
  PetscReal *grade_start_m, *grade, *curve_start_m, *curve_radius_m, *limit_start_m, *limit_mps;
  PetscReal *stop_m, *stop_dwell_s;
  PetscReal *stop_lat, *stop_lon; /* degrees, NaN when not given */
  char (*stop_name)[OC_NAME_LEN];
  /* Timetabled trips (fleet.timetable), by GTFS feed order. */
  PetscInt         ntimed_trips, ntimed_departures, nunmapped, ntimed_blocks;
  PetscInt         ntimed_adjacent; /* of them, from the service dates before and after */
  OcTimedTrip     *timed_trip;
  PetscReal       *timed_departure_s;
  OcUnmappedRoute *unmapped;
  /* Trace vehicles (fleet.traces), by vehicle id. */
  PetscInt   ntraces, ntrace_samples;
  OcTrace   *trace;
  PetscReal *trace_t_s, *trace_power_w, *trace_pos_m;
  PetscInt  *trace_section;
} OcScenarioData;

PETSC_EXTERN PetscErrorCode OcScenarioCreate(MPI_Comm, OcScenario *);
/* Collective: reads and validates on rank 0; on any problem every rank fails with the list
   of problems (file, line, field); otherwise every rank holds the same copy. */
PETSC_EXTERN PetscErrorCode OcScenarioLoad(OcScenario, const char *path);
/* Collective: a scenario made of one MATPOWER case alone (for `ohmcity pf`). */
PETSC_EXTERN PetscErrorCode OcScenarioLoadCase(OcScenario, const char *path);
PETSC_EXTERN PetscErrorCode OcScenarioGetData(OcScenario, const OcScenarioData **);
PETSC_EXTERN PetscErrorCode OcScenarioRestoreData(OcScenario, const OcScenarioData **);
/* A 64-bit fingerprint (FNV-1a) of the scenario's data: the same on every rank and in every run
   of the same inputs; checkpoints record it to refuse a restart with another scenario. */
PETSC_EXTERN PetscErrorCode OcScenarioDataHash(const OcScenarioData *, uint64_t *hash);
PETSC_EXTERN PetscErrorCode OcScenarioView(OcScenario, PetscViewer);
PETSC_EXTERN PetscErrorCode OcScenarioDestroy(OcScenario *);

/* The built-in rolling stock: base types "tram", "metro", "emu", "trolleybus", "ebus12". */
PETSC_EXTERN PetscBool   OcRollingStockFind(const char *base, OcVehicleType *);
PETSC_EXTERN const char *OcRollingStockNames(void);

/* EN 50163 limits for a standard nominal voltage (600, 750, 1500, 3000 V). */
PETSC_EXTERN PetscBool OcEN50163Limits(PetscReal u_nominal_v, PetscReal *umin2_v, PetscReal *umin1_v, PetscReal *umax1_v, PetscReal *umax2_v);
/* Multiplier of profile p at clock time t (wraps every 24 h). */
PETSC_EXTERN PetscReal OcProfileValue(const OcScenarioData *, PetscInt p, PetscReal t_s);
/* The outside temperature at clock time t_s (degC); only where ntemperature > 0. */
PETSC_EXTERN PetscReal OcOutsideTemperature(const OcScenarioData *, PetscReal t_s);
/* The longest a trip is taken to run: a run starting mid-service warms up with the trips that
   left up to this long before its start (src/fleet/warm_up.c), and a GTFS timetable takes the
   previous service date's trips that far back (src/scenario/read_timetable.c). */
#define OC_TRIP_MAX_S (6 * 3600.0)

#endif
