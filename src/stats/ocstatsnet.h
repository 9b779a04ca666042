#ifndef OCSTATSNET_H
#define OCSTATSNET_H
/* Sizing statistics of the network's branches and buses, accumulated online over every step
   (no second pass over the results), for the elements a rank owns:
   - DC sections: peak (with its time) and RMS of the largest current along the section, time
     above the section's thermal rating;
   - AC branches: peak and RMS of the from-end current, peak loading (% of rate_a, with its
     time), time above 100 %;
   - AC buses: lowest and highest voltage magnitude with their times;
   - substations: time above the rated DC current and the rectifier duty class's limits
     (IEC 60146-1-1 / EN 50328) checked on rolling RMS currents (OcStatsDuty below).
   State (for a checkpoint, and a restart on other ranks): per element kind ONE plain array of
   nf fields of n elements (kernels/stats.h conventions: field f of element i is s[f * n + i]),
   the kind's accumulators one after the other (statsnet.c), and the step counter. */
#include <ocsys.h>
#include <occheckpoint.h>

typedef struct _p_OcStatsNet *OcStatsNet;

/* Rectifier duty classes I..VI: rated current continuously and these overloads, each after
   thermal equilibrium at rated current. Class 0 is I. */
#define OC_STATS_DUTY_NCLASSES 6
#define OC_STATS_DUTY_NWINDOWS 4 /* 10 s, 1 min, 2 min, 2 h: every duration of the table */
PETSC_EXTERN const PetscReal OcStatsDutyWindow_s[OC_STATS_DUTY_NWINDOWS];
/* The class's overload limit over each window in multiples of the rated current; 0: none. */
PETSC_EXTERN const PetscReal OcStatsDutyLimit[OC_STATS_DUTY_NCLASSES][OC_STATS_DUTY_NWINDOWS];

/* The owned elements and their ratings. A rating of 0 means unrated (its loading and time
   above rating are NaN). Arrays are copied. */
typedef struct {
  PetscInt         nsec, nbranch, nbus, nsub;
  const PetscReal *sec_rated_a; /* [nsec] thermal current rating */
  const PetscReal *sub_rated_a; /* [nsub] rated DC current (> 0) */
  const PetscInt  *sub_duty;    /* [nsub] duty class, 0 (I) .. 5 (VI) */
} OcStatsNetElements;

/* Values of one step, in the owned order. NaN marks a value that does not exist (a branch's
   current without a base kV, its loading without rate_a): it is left out. */
typedef struct {
  const PetscReal *sec_i_a;        /* largest |current| along each section */
  const PetscReal *br_i_a;         /* from-end current magnitude */
  const PetscReal *br_loading_pct; /* loading, % of rate_a */
  const PetscReal *bus_vm_pu;
  const PetscReal *sub_i_a; /* DC current (negative: fed back) */
} OcStatsNetValues;

typedef struct {
  PetscReal *peak_i_a, *t_peak_s, *rms_i_a, *peak_loading_pct, *time_above_rating_s;
} OcStatsNetSections;

typedef struct {
  PetscReal *peak_i_a, *rms_i_a, *peak_loading_pct, *t_peak_loading_s, *time_above_rating_s;
} OcStatsNetBranches;

typedef struct {
  PetscReal *vm_min_pu, *t_vm_min_s, *vm_max_pu, *t_vm_max_s;
} OcStatsNetBuses;

/* Duty: the continuous limit is checked on the RMS current over the whole run, each overload
   on the largest rolling RMS current over its window (-inf in peak_rms_a where the run is
   shorter than the window or the window is not a whole number of steps: not checked).
   utilisation = the largest of measured / limit over the class's checked limits; it is above 1
   when the class is exceeded; binding_window_s is the duration of the limit that gives it
   (0: the continuous one). */
typedef struct {
  PetscReal *time_above_rating_s, *longest_above_rating_s, *rms_i_a;
  PetscReal *peak_rms_a[OC_STATS_DUTY_NWINDOWS];
  PetscReal *utilisation, *binding_window_s, *exceeded; /* exceeded: 1 or 0 */
} OcStatsNetSubstations;

typedef struct {
  OcStatsNetSections    sec;
  OcStatsNetBranches    br;
  OcStatsNetBuses       bus;
  OcStatsNetSubstations sub;
} OcStatsNetResults;

/* A fixed step dt_s; windows that are not a whole number of steps are not checked. */
PETSC_EXTERN PetscErrorCode OcStatsNetCreate(const OcStatsNetElements *, PetscReal dt_s, OcStatsNet *);
/* The state after the step ending at t_s. */
PETSC_EXTERN PetscErrorCode OcStatsNetUpdate(OcStatsNet, PetscReal t_s, const OcStatsNetValues *);
/* The statistics so far, in arrays the object owns (valid until the next call). */
PETSC_EXTERN PetscErrorCode OcStatsNetGet(OcStatsNet, const OcStatsNetResults **);
/* Checkpoint and restart (collective): per kind (sections, branches, buses, substations) the
   global count and the global index of each owned element, in the owned order; the state is
   stored by global index under stats_net/, so a restart may own other elements. */
#define OC_STATS_NET_NKINDS 4
typedef struct {
  PetscInt        n_global;
  const PetscInt *index;
} OcStatsNetPlace;
PETSC_EXTERN PetscErrorCode OcStatsNetCheckpointWrite(OcStatsNet, OcCheckpoint, const OcStatsNetPlace[OC_STATS_NET_NKINDS]);
PETSC_EXTERN PetscErrorCode OcStatsNetCheckpointRead(OcStatsNet, OcCheckpoint, const OcStatsNetPlace[OC_STATS_NET_NKINDS]);
PETSC_EXTERN PetscErrorCode OcStatsNetDestroy(OcStatsNet *);

#endif
