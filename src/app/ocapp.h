#ifndef OCAPP_H
#define OCAPP_H
/* The ohmcity program: commands and their shared set-up. */
#include <ocscenario.h>

typedef PetscErrorCode (*OcCommandFn)(MPI_Comm, int argc, char **argv);

typedef struct {
  const char *name;
  const char *operands; /* shown in the usage line */
  const char *summary;
  OcCommandFn run;
} OcCommand;

PETSC_EXTERN PetscErrorCode OcCommandHelp(MPI_Comm, int, char **);
PETSC_EXTERN PetscErrorCode OcCommandVersion(MPI_Comm, int, char **);
PETSC_EXTERN PetscErrorCode OcCommandCheck(MPI_Comm, int, char **);
PETSC_EXTERN PetscErrorCode OcCommandPf(MPI_Comm, int, char **);
PETSC_EXTERN PetscErrorCode OcCommandRun(MPI_Comm, int, char **);
/* The one positional operand of a command (argv[1]), or a usage error. */
PETSC_EXTERN PetscErrorCode   OcCommandOperand(MPI_Comm, int argc, char **argv, const char **value);
PETSC_EXTERN const OcCommand *OcCommandFind(const char *name);
PETSC_EXTERN PetscErrorCode   OcUsageView(MPI_Comm, FILE *);

#endif
