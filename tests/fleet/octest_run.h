#ifndef OCTEST_RUN_H
#define OCTEST_RUN_H
/* The set-up the fleet test programs share: a scenario file read on PETSC_COMM_WORLD, its network
   (partitioned; -oc_net_* options), with_flow: the coupled power flow (-oc_flow_* options;
   otherwise flow is NULL), and the fleet on it. */
#include <ocfleet.h>

typedef struct {
  OcScenario            sc;
  const OcScenarioData *d;
  OcNet                 net;
  OcFlow                flow;
  OcFleet               fleet;
} OcTestRun;

PetscErrorCode OcTestRunCreate(const char *path, PetscBool with_flow, OcTestRun *);
PetscErrorCode OcTestRunDestroy(OcTestRun *);

#endif
