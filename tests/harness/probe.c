/* A minimal PETSc program for testing the test driver itself: prints the value of
   -oc_probe_n and, with -oc_probe_leak, deliberately leaks one allocation. */
#include <petscsys.h>

int main(int argc, char **argv)
{
  PetscInt  n    = 0;
  PetscBool leak = PETSC_FALSE;
  char     *block;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-oc_probe_n", &n, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-oc_probe_leak", &leak, NULL));
  PetscCall(PetscMalloc1(16, &block));
  if (!leak) PetscCall(PetscFree(block));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "n = %" PetscInt_FMT "\n", n));
  PetscCall(PetscFinalize());
  return 0;
}
