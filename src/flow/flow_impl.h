#ifndef FLOW_IMPL_H
#define FLOW_IMPL_H
#include <dc_section.h>
#include "ocflow.h"

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
  PetscReal             tol;    /* on the infinity norm of the residual, pu */

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

  /* Set while OcFlowGetAcInjections evaluates every bus's full balance without generation. */
  PetscBool balance_only;

  /* The last section without solution met while evaluating the residual. */
  PetscInt fail_section, fail_vehicle;
};

/* The component with key at point p, with its local and global vector offsets. */
typedef struct {
  void    *data;
  PetscInt loff, goff;
} OcFlowComp;
PETSC_INTERN PetscErrorCode OcFlowFindComp(OcFlow, PetscInt p, PetscInt key, OcFlowComp *);

/* The DC section on local edge e at the local state x: fills res and the vehicles' states. */
PETSC_INTERN PetscErrorCode OcFlowEvalSection(OcFlow, PetscInt e, const PetscScalar *x, OcFlowComp node[2], PetscReal un[2], OcDcSectionResult *res, OcDcSectionStatus *status);
PETSC_INTERN PetscReal      OcFlowLoadFactor(OcFlow, const OcNetAcBus *);
PETSC_INTERN PetscErrorCode OcFlowFormFunction(SNES, Vec, Vec, void *);
PETSC_INTERN PetscErrorCode OcFlowFormJacobian(SNES, Vec, Mat, Mat, void *);
PETSC_INTERN PetscErrorCode OcFlowSetInitialGuess(OcFlow);

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
