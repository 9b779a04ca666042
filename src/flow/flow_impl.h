#ifndef FLOW_IMPL_H
#define FLOW_IMPL_H
#include <petscsf.h>
#include <dc_section.h>
#include "ocflow.h"

/* Where each local element's unknowns are, found once (OcFlowSetUp) so that the residual and
   Jacobian loops run over plain arrays without searching DMNetwork's components. Offsets are
   into the local (ghosted) vector and the global vector. */
typedef struct {
  const OcNetAcBus *bus;
  PetscInt          loff, goff;
} OcPlanBus;

typedef struct {
  const OcNetAcBranch *br;
  const OcNetAcBus    *bus[2];
  PetscInt             loff[2], goff[2];
} OcPlanBranch;

typedef struct {
  const OcNetDcSection *sec;
  PetscInt              e; /* local edge, for its vehicles */
  PetscInt              loff[2], goff[2];
  PetscReal             un[2]; /* nominal voltages of the end nodes */
} OcPlanSection;

/* A substation: an AC-fed edge (bus != NULL) or an ideal source on a DC node. */
typedef struct {
  const OcNetSubstation *sub;
  const OcNetAcBus      *bus;
  PetscInt               ac_loff, ac_goff, dc_loff, dc_goff;
  PetscReal              un;
} OcPlanSubstation;

typedef struct {
  PetscInt         *bus_index, *sub_index; /* scenario indices of bus[] and sub[] */
  PetscInt         *section_index;         /* of section[] */
  PetscInt         *branch_index;          /* of branch[] */
  PetscInt          ndc;                   /* owned DC nodes: */
  PetscInt         *dc_index;              /* scenario index */
  PetscInt         *dc_row;                /* their rows in this rank's part of the global vector */
  PetscReal        *dc_v0;                 /* their system's no-load voltage, pu */
  PetscInt          nbus, nbranch, nsection, nsub;
  OcPlanBus        *bus;
  OcPlanBranch     *branch;
  OcPlanSection    *section;
  OcPlanSubstation *sub;
} OcFlowPlan;

struct _p_OcFlow {
  MPI_Comm              comm;
  OcNet                 net;
  DM                    dm;
  const OcNetKeys      *keys;
  const OcScenarioData *sc;
  SNES                  snes;
  Vec                   X, F;
  Mat                   J;
  PetscReal             base_w; /* per-unit base power, W */
  PetscReal             t_s;    /* clock time of the load profiles */
  PetscReal             load_scale;
  PetscReal             tol; /* on the infinity norm of the residual, pu */

  /* Vehicles of the local DC sections, grouped by local edge (eStart .. eEnd). */
  PetscInt            eStart, eEnd;
  PetscInt           *veh_start; /* eEnd - eStart + 1 */
  PetscInt            nveh;
  PetscInt           *veh_id;
  PetscReal          *veh_s, *veh_p, *veh_u;
  OcDcVehicleParams  *veh_par;
  OcDcVehicleEval    *veh_eval;
  OcFlowVehicleState *veh_state;
  PetscBool           veh_warm; /* veh_u holds the last evaluation's voltages */
  PetscReal          *work;
  size_t              work_len;

  OcFlowPlan plan;

  /* Loads set by the caller (chargers): routed to the owned buses' extra_p/extra_q. */
  PetscSF    load_sf;
  PetscInt   nloads;
  PetscReal *extra_p, *extra_q; /* per owned bus (plan.bus order), W and var */

  /* Set while OcFlowGetAcGeneration evaluates every bus's full balance without generation. */
  PetscBool balance_only;

  /* The last section without solution met while evaluating the residual. */
  PetscInt fail_section, fail_vehicle;
};

PETSC_INTERN PetscErrorCode OcFlowPlanBuild(OcFlow);
PETSC_INTERN PetscErrorCode OcFlowPlanDestroy(OcFlowPlan *);

/* The component with key at point p, with its local and global vector offsets. */
typedef struct {
  void    *data;
  PetscInt loff, goff;
} OcFlowComp;
PETSC_INTERN PetscErrorCode OcFlowFindComp(OcFlow, PetscInt p, PetscInt key, OcFlowComp *);

/* A DC section at the local state x: fills res and its vehicles' states. */
PETSC_INTERN PetscErrorCode OcFlowEvalSection(OcFlow, const OcPlanSection *, const PetscScalar *x, OcDcSectionResult *res, OcDcSectionStatus *status);
/* A substation at the local state x. */
PETSC_INTERN void           OcFlowEvalSubstation(const OcPlanSubstation *, const PetscScalar *x, OcDcSubstationEval *);
PETSC_INTERN PetscReal      OcFlowLoadFactor(OcFlow, const OcNetAcBus *);
PETSC_INTERN PetscErrorCode OcFlowFormFunction(SNES, Vec, Vec, void *);
PETSC_INTERN PetscErrorCode OcFlowFormJacobian(SNES, Vec, Mat, Mat, void *);
PETSC_INTERN PetscErrorCode OcFlowSetInitialGuess(OcFlow);
PETSC_INTERN PetscErrorCode OcFlowSetSolverDefaults(OcFlow);

/* Which rows of an AC bus carry a power balance (the others fix Va or Vm). */
static inline PetscBool OcFlowBusRowP(OcFlow f, const OcNetAcBus *b)
{
  return f->balance_only || b->type == OC_BUS_PQ || b->type == OC_BUS_PV ? PETSC_TRUE : PETSC_FALSE;
}
static inline PetscBool OcFlowBusRowQ(OcFlow f, const OcNetAcBus *b)
{
  return f->balance_only || b->type == OC_BUS_PQ ? PETSC_TRUE : PETSC_FALSE;
}

#endif
