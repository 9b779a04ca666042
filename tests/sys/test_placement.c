/* Every rank reports its placement, one line each, in rank order. The lines are checked here
   (count, order, "rank R/N host " prefix) and printed for the test's MATCH on their format. */
#include "ocsys.h"
#include <string.h>

static PetscErrorCode CheckLines(PetscMPIInt size, FILE *fp)
{
  char line[1024], prefix[64];

  PetscFunctionBegin;
  rewind(fp);
  for (PetscMPIInt r = 0; r < size; r++) {
    PetscCheck(fgets(line, sizeof(line), fp), PETSC_COMM_SELF, PETSC_ERR_PLIB, "%d placement lines, expected %d", r, size);
    PetscCall(PetscSNPrintf(prefix, sizeof(prefix), "rank %d/%d host ", r, size));
    PetscCheck(strncmp(line, prefix, strlen(prefix)) == 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "line %d should start with '%s': %s", r + 1, prefix, line);
  }
  PetscCheck(!fgets(line, sizeof(line), fp), PETSC_COMM_SELF, PETSC_ERR_PLIB, "more than %d placement lines: %s", size, line);
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  MPI_Comm    comm;
  PetscMPIInt rank, size;
  FILE       *fp = NULL;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  if (rank == 0) {
    fp = tmpfile();
    PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "tmpfile() failed");
  }
  PetscCall(OcPlacementView(comm, fp));
  if (rank == 0) {
    PetscCall(CheckLines(size, fp));
    PetscCheck(fclose(fp) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "fclose() failed");
  }
  PetscCall(OcPlacementView(comm, PETSC_STDOUT));
  PetscCall(PetscFinalize());
  return 0;
}
