#ifndef OCSTATS_H
#define OCSTATS_H
/* Sizing statistics of the network, accumulated online over every step (no second pass over
   the results): per substation the energy drawn and fed back, the peak of the active power
   averaged over 1 s, 1 min, 15 min and 1 h, and the RMS current; per DC node the lowest and
   highest voltage and the time below Umin1 and Umin2 (EN 50163). Each rank accumulates the
   elements it owns (kernels/stats*.h); nothing is gathered. */
#include <ocsys.h>
#include <occheckpoint.h>

typedef struct _p_OcStats *OcStats;

#define OC_STATS_NWINDOWS 4 /* 1 s, 1 min, 15 min, 1 h */

typedef struct {
  PetscReal *energy_j, *fed_back_j, *rms_i_a;
  PetscReal *peak_w[OC_STATS_NWINDOWS]; /* -inf where the run is shorter than the window */
} OcStatsSubstations;

typedef struct {
  PetscReal *u_min_v, *u_max_v, *below_umin1_s, *below_umin2_s;
} OcStatsNodes;

PETSC_EXTERN const PetscReal OcStatsWindow_s[OC_STATS_NWINDOWS];

/* nsub substations and nnode DC nodes owned here; umin1/umin2 per node; a fixed step dt_s. */
PETSC_EXTERN PetscErrorCode OcStatsCreate(PetscInt nsub, PetscInt nnode, const PetscReal umin1_v[], const PetscReal umin2_v[], PetscReal dt_s, OcStats *);
/* The state after the step ending at t_s. */
PETSC_EXTERN PetscErrorCode OcStatsUpdate(OcStats, PetscReal t_s, const PetscReal p_sub_w[], const PetscReal i_sub_a[], const PetscReal u_node_v[]);
/* The statistics so far, in arrays the object owns (valid until the next update). */
PETSC_EXTERN PetscErrorCode OcStatsGet(OcStats, const OcStatsSubstations **, const OcStatsNodes **);
/* Checkpoint and restart: every accumulator (and the step count the rolling windows run on) by
   global element index, so that a restart on any number of ranks continues bit for bit.
   isub[] and inode[] are the scenario indices of this rank's substations and DC nodes, in the
   order of OcStatsCreate's elements; nsub_global and nnode_global their numbers in the
   scenario. Collective. */
PETSC_EXTERN PetscErrorCode OcStatsCheckpointWrite(OcStats, OcCheckpoint, PetscInt nsub_global, const PetscInt isub[], PetscInt nnode_global, const PetscInt inode[]);
PETSC_EXTERN PetscErrorCode OcStatsCheckpointRead(OcStats, OcCheckpoint, PetscInt nsub_global, const PetscInt isub[], PetscInt nnode_global, const PetscInt inode[]);
PETSC_EXTERN PetscErrorCode OcStatsDestroy(OcStats *);

#endif
