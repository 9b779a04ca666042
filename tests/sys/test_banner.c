/* The banner names the version, the git hash and the command, the libraries and the rank
   count, and every option in effect (here the marker option given by the test). */
#include "ocsys.h"
#include <string.h>

/* Reads the banner back from a scratch file on rank 0 and checks its second and third lines. */
static PetscErrorCode CheckBanner(MPI_Comm comm, FILE *fp)
{
  PetscMPIInt size;
  char        line[3][4096], ranks[64];

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscSNPrintf(ranks, sizeof(ranks), "MPI ranks: %d, PETSc ", size));
  rewind(fp);
  for (int i = 0; i < 3; i++) PetscCheck(fgets(line[i], sizeof(line[i]), fp), PETSC_COMM_SELF, PETSC_ERR_PLIB, "the banner has %d lines, expected 3", i);
  PetscCheck(strncmp(line[1], ranks, strlen(ranks)) == 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "line 2 should start with '%s': %s", ranks, line[1]);
  PetscCheck(strncmp(line[2], "options: ", 9) == 0 && strstr(line[2], "-oc_test_banner_marker 42"), PETSC_COMM_SELF, PETSC_ERR_PLIB, "line 3 should list -oc_test_banner_marker 42: %s", line[2]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  MPI_Comm    comm;
  PetscMPIInt rank;
  PetscInt    marker = 0;
  FILE       *fp     = NULL;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-oc_test_banner_marker", &marker, NULL));
  if (rank == 0) {
    fp = tmpfile();
    PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "tmpfile() failed");
  }
  PetscCall(OcBannerView(comm, "test_banner", fp));
  if (rank == 0) {
    PetscCall(CheckBanner(comm, fp));
    PetscCheck(fclose(fp) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "fclose() failed");
  }
  PetscCall(OcBannerView(comm, "test_banner", PETSC_STDOUT));
  PetscCall(PetscFinalize());
  return 0;
}
