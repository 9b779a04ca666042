#ifndef NET_IMPL_H
#define NET_IMPL_H
#include "ocnet.h"

struct _p_OcNet {
  MPI_Comm              comm;
  const OcScenarioData *scenario;
  DM                    dm;
  OcNetKeys             keys;
  PetscReal             g_off_s;   /* reverse conductance of blocked diode rectifiers */
  PetscInt              nsections; /* local DC sections, sorted by scenario index: */
  PetscInt             *section_index, *section_edge;
};

PETSC_INTERN PetscErrorCode OcNetLayout(OcNet);

#endif
