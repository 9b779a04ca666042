/* The start-up banner: what ran, on what, with which options, so that a log file alone is
   enough to reproduce a run. */
#include "ocsys.h"
#include <hwloc.h>

/* Versions of the libraries actually loaded, which may differ from the ones compiled against. */
static PetscErrorCode OcBannerViewLibraries(MPI_Comm comm, FILE *fp)
{
  PetscMPIInt size;
  PetscInt    petsc_major, petsc_minor, petsc_sub;
  unsigned    h5_major, h5_minor, h5_release;
  unsigned    hwloc_api = hwloc_get_api_version();

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscGetVersionNumber(&petsc_major, &petsc_minor, &petsc_sub, NULL));
  OcCallH5(H5get_libversion(&h5_major, &h5_minor, &h5_release));
  PetscCall(PetscFPrintf(comm, fp, "MPI ranks: %d, PETSc %" PetscInt_FMT ".%" PetscInt_FMT ".%" PetscInt_FMT ", HDF5 %u.%u.%u, hwloc API %u.%u\n", size, petsc_major, petsc_minor, petsc_sub, h5_major, h5_minor, h5_release, hwloc_api >> 16, (hwloc_api >> 8) & 0xff));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcBannerView(MPI_Comm comm, const char *command, FILE *fp)
{
  char  *options;
  size_t len;

  PetscFunctionBegin;
  PetscCall(PetscFPrintf(comm, fp, "ohmcity %s (%s) %s\n", OcVersion(), OcGitHash(), command));
  PetscCall(OcBannerViewLibraries(comm, fp));
  PetscCall(PetscOptionsGetAll(NULL, &options));
  /* PetscOptionsGetAll() ends every option with a space. */
  PetscCall(PetscStrlen(options, &len));
  while (len > 0 && options[len - 1] == ' ') options[--len] = '\0';
  PetscCall(PetscFPrintf(comm, fp, "options: %s\n", options[0] ? options : "(none)"));
  PetscCall(PetscFree(options));
  PetscFunctionReturn(PETSC_SUCCESS);
}
