/* Road routes laid along GTFS shapes (fleet.routes without length_m): prints each route's length
   and its stops' chainages, to be compared with an independent calculation
   (shape_bus/expected.py). The scenario is read on rank 0 and copied: the same on every rank.
     test_road_path -scenario shape_bus/scenario.yaml */
#include <ocscenario.h>

int main(int argc, char **argv)
{
  char                  path[PETSC_MAX_PATH_LEN];
  OcScenario            sc;
  const OcScenarioData *d;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", path, sizeof path, NULL));
  PetscCall(OcScenarioCreate(PETSC_COMM_WORLD, &sc));
  PetscCall(OcScenarioLoad(sc, path));
  PetscCall(OcScenarioGetData(sc, &d));
  for (PetscInt r = 0; r < d->nroutes; r++) {
    const OcRoute *rt = &d->route[r];
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "route %s shape %s length_m %.6f\n", rt->id, rt->shape[0] ? rt->shape : "-", (double)rt->length_m));
    for (PetscInt k = 0; k < rt->nstops; k++) PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  stop %s chainage_m %.6f\n", d->stop_name[rt->first_stop + k], (double)d->stop_m[rt->first_stop + k]));
  }
  PetscCall(OcScenarioRestoreData(sc, &d));
  PetscCall(OcScenarioDestroy(&sc));
  PetscCall(PetscFinalize());
  return 0;
}
