#ifndef OCSCENARIO_H
#define OCSCENARIO_H
/* The scenario: what is simulated (docs/scenario.md). Read on rank 0 from a YAML file and the
   CSV tables and MATPOWER case it names, validated as a whole, then copied to every rank. */
#include "ocdiag.h"
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

typedef struct {
  char          id[OC_NAME_LEN];
  OcVehicleKind kind;
  PetscReal     mass_kg, rotating_mass_factor;
  PetscReal     davis_a_n, davis_b_n_per_mps, davis_c_n_per_mps2;
  PetscReal     max_tractive_effort_n, max_power_w, max_regen_power_w, max_electric_brake_n;
  PetscReal     service_braking_mps2, max_speed_kmh;
  PetscReal     eta_traction, eta_braking, aux_power_w;
  PetscReal     max_line_current_a;   /* current limitation at full voltage; 0: derived */
  PetscReal     battery_capacity_kwh; /* 0 without a traction battery */
  PetscReal     max_charge_power_w;
} OcVehicleType;

/* A directed route: a chain of DC sections (rail, trolleybus) or a road path of given length
   (e-bus), with piecewise-constant profile segments and stops along its chainage. Its entries
   in the shared arrays are [first_x, first_x + n_x). */
typedef struct {
  char      id[OC_NAME_LEN];
  PetscInt  system; /* DC system, or -1 for a road route */
  PetscReal length_m;
  PetscInt  first_section, nsections;
  PetscInt  first_grade, ngrade, first_curve, ncurve, first_limit, nlimit, first_stop, nstops;
} OcRoute;

/* Trips every headway_s from first to last departure (planning timetables). An e-bus service
   with a return route chains its trips into vehicle blocks: each outbound trip is followed by a
   return trip turnaround_s later, and a bus back at the first terminal takes the next outbound
   trip due turnaround_s after its return departure or later (src/fleet/blocks.c). */
typedef struct {
  PetscInt  route, vehicle_type;
  PetscReal first_s, last_s, headway_s;
  PetscInt  return_route; /* -1: none (every trip is its own block) */
  PetscReal turnaround_s; /* departure to return departure, and return departure to availability */
} OcService;

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
  PetscInt  *route_section;         /* section index */
  PetscInt  *route_section_reverse; /* 1: run from to_node to from_node */
  PetscReal *route_section_start_m; /* chainage where the section begins */
  PetscReal *grade_start_m, *grade, *curve_start_m, *curve_radius_m, *limit_start_m, *limit_mps;
  PetscReal *stop_m, *stop_dwell_s;
  char (*stop_name)[OC_NAME_LEN];
} OcScenarioData;

PETSC_EXTERN PetscErrorCode OcScenarioCreate(MPI_Comm, OcScenario *);
/* Collective: reads and validates on rank 0; on any problem every rank fails with the list
   of problems (file, line, field); otherwise every rank holds the same copy. */
PETSC_EXTERN PetscErrorCode OcScenarioLoad(OcScenario, const char *path);
/* Collective: a scenario made of one MATPOWER case alone (for `ohmcity pf`). */
PETSC_EXTERN PetscErrorCode OcScenarioLoadCase(OcScenario, const char *path);
PETSC_EXTERN PetscErrorCode OcScenarioGetData(OcScenario, const OcScenarioData **);
PETSC_EXTERN PetscErrorCode OcScenarioRestoreData(OcScenario, const OcScenarioData **);
PETSC_EXTERN PetscErrorCode OcScenarioView(OcScenario, PetscViewer);
PETSC_EXTERN PetscErrorCode OcScenarioDestroy(OcScenario *);

/* The built-in rolling stock: base types "tram", "metro", "emu", "trolleybus", "ebus12". */
PETSC_EXTERN PetscBool   OcRollingStockFind(const char *base, OcVehicleType *);
PETSC_EXTERN const char *OcRollingStockNames(void);

/* EN 50163 limits for a standard nominal voltage (600, 750, 1500, 3000 V). */
PETSC_EXTERN PetscBool OcEN50163Limits(PetscReal u_nominal_v, PetscReal *umin2_v, PetscReal *umin1_v, PetscReal *umax1_v, PetscReal *umax2_v);
/* Multiplier of profile p at clock time t (wraps every 24 h). */
PETSC_EXTERN PetscReal OcProfileValue(const OcScenarioData *, PetscInt p, PetscReal t_s);

#endif
