#ifndef OCDIAG_H
#define OCDIAG_H
/* Collector of input errors. Readers run on one rank, record every problem they find
   with its place (file, line, field) and return normally, so that nothing is leaked or
   half-built; OcDiagRaise() then fails collectively on every rank with the same text. */
#include <ocsys.h>

typedef struct _p_OcDiag *OcDiag;

#define OC_DIAG_MAX_MESSAGES 25

PETSC_EXTERN PetscErrorCode OcDiagCreate(OcDiag *);
PETSC_EXTERN PetscErrorCode OcDiagDestroy(OcDiag *);
/* Records "FILE:LINE: message" (or "FILE: message" when line <= 0). */
PETSC_EXTERN PetscErrorCode OcDiagAdd(OcDiag, const char *file, PetscInt line, const char *fmt, ...) PETSC_ATTRIBUTE_FORMAT(4, 5);
PETSC_EXTERN PetscErrorCode OcDiagCount(OcDiag, PetscInt *);
/* Collective on comm: the messages recorded on rank 0 become one PETSC_ERR_USER_INPUT
   error raised on every rank; returns 0 everywhere when rank 0 recorded none. */
PETSC_EXTERN PetscErrorCode OcDiagRaise(OcDiag, MPI_Comm, const char *what);

#endif
