#include <stdarg.h>
#include "ocdiag.h"

struct _p_OcDiag {
  PetscInt count;                         /* problems found, including those not kept */
  char    *message[OC_DIAG_MAX_MESSAGES]; /* the first ones, in the order found */
};

PetscErrorCode OcDiagCreate(OcDiag *diag)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(diag));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcDiagDestroy(OcDiag *diag)
{
  PetscFunctionBegin;
  if (!*diag) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt i = 0; i < PetscMin((*diag)->count, OC_DIAG_MAX_MESSAGES); i++) PetscCall(PetscFree((*diag)->message[i]));
  PetscCall(PetscFree(*diag));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcDiagAdd(OcDiag diag, const char *file, PetscInt line, const char *fmt, ...)
{
  char    text[1024];
  size_t  used;
  va_list ap;

  PetscFunctionBegin;
  if (diag->count < OC_DIAG_MAX_MESSAGES) {
    if (line > 0) PetscCall(PetscSNPrintf(text, sizeof text, "%s:%" PetscInt_FMT ": ", file, line));
    else PetscCall(PetscSNPrintf(text, sizeof text, "%s: ", file));
    PetscCall(PetscStrlen(text, &used));
    va_start(ap, fmt);
    vsnprintf(text + used, sizeof text - used, fmt, ap);
    va_end(ap);
    PetscCall(PetscStrallocpy(text, &diag->message[diag->count]));
  }
  diag->count++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcDiagCount(OcDiag diag, PetscInt *count)
{
  PetscFunctionBegin;
  *count = diag->count;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Joins the kept messages, one per line, into text (truncated to its size). */
static PetscErrorCode join_messages(OcDiag diag, char *text, size_t size)
{
  size_t   used = 0;
  PetscInt kept = PetscMin(diag->count, OC_DIAG_MAX_MESSAGES);

  PetscFunctionBegin;
  text[0] = '\0';
  for (PetscInt i = 0; i < kept && used + 1 < size; i++) {
    PetscCall(PetscSNPrintf(text + used, size - used, "%s  %s", i ? "\n" : "", diag->message[i]));
    PetscCall(PetscStrlen(text, &used));
  }
  if (diag->count > kept && used + 1 < size) PetscCall(PetscSNPrintf(text + used, size - used, "\n  ... and %" PetscInt_FMT " more", diag->count - kept));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcDiagRaise(OcDiag diag, MPI_Comm comm, const char *what)
{
  PetscMPIInt rank;
  PetscInt    count = 0;
  char        text[8192];

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) count = diag->count;
  PetscCallMPI(MPI_Bcast(&count, 1, MPIU_INT, 0, comm));
  if (!count) PetscFunctionReturn(PETSC_SUCCESS);
  if (rank == 0) PetscCall(join_messages(diag, text, sizeof text));
  PetscCallMPI(MPI_Bcast(text, sizeof text, MPI_CHAR, 0, comm));
  SETERRQ(comm, PETSC_ERR_USER_INPUT, "%" PetscInt_FMT " problem%s in %s:\n%s", count, count > 1 ? "s" : "", what, text);
}
