/* ohmcity: command-line entry point. The first argument names the command (check, run, ...),
   the operands follow it; everything else is read from the PETSc options database. */
#include <string.h>
#include "ocapp.h"

static const char help[] = "ohmcity: city-scale electric transport and power-grid simulation. Run 'ohmcity help'.\n";

/* Input errors and networks without a solution are the user's to act on, not the code's: print
   the message once, without PETSc's stack trace (and without the traceback handler's 10 s wait
   on the other ranks). Every other error keeps the full trace. */
static PetscErrorCode error_handler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  PetscMPIInt rank = 0;

  if (n != PETSC_ERR_USER_INPUT && n != PETSC_ERR_NOT_CONVERGED) return PetscTraceBackErrorHandler(comm, line, fun, file, n, p, mess, ctx);
  if (p == PETSC_ERROR_INITIAL) {
    MPI_Comm_rank(comm, &rank);
    if (rank == 0) fprintf(stderr, "ohmcity: error: %s\n", mess);
  }
  return n;
}

static PetscErrorCode dispatch(MPI_Comm comm, int argc, char **argv)
{
  const OcCommand *cmd;
  PetscBool        placement = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(OcSysInitialize());
  PetscCall(OcSignalWatchStart());
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-oc_view_placement", &placement, NULL));
  if (placement) PetscCall(OcPlacementView(comm, stdout));
  cmd = OcCommandFind(argc > 1 ? argv[1] : "help");
  PetscCheck(cmd, comm, PETSC_ERR_USER_INPUT, "unknown command '%s'; 'ohmcity help' lists the commands", argv[1]);
  PetscCall(cmd->run(comm, argc - 1, argv + 1));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A misspelled option must not pass silently (PETSc would ignore it). */
static PetscErrorCode warn_unused_options(MPI_Comm comm)
{
  PetscInt n;
  char   **names, **values;

  PetscFunctionBegin;
  PetscCall(PetscOptionsLeftGet(NULL, &n, &names, &values));
  for (PetscInt i = 0; i < n; i++) {
    PetscBool finalize_reads_it;
    /* PETSc itself reads -options_left only in PetscFinalize(), after this check. */
    PetscCall(PetscStrcmp(names[i], "options_left", &finalize_reads_it));
    if (!finalize_reads_it) PetscCall(PetscFPrintf(comm, stderr, "ohmcity: warning: option -%s was set but never used (misspelled, or not used by this command)\n", names[i]));
  }
  PetscCall(PetscOptionsLeftRestore(NULL, &n, &names, &values));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;

  /* "--help" is the convention users expect; PETSc's own -help still lists every option. */
  if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) argv[1] = (char *)"help";
  PetscCall(PetscInitialize(&argc, &argv, NULL, help));
  PetscCall(PetscPushErrorHandler(error_handler, NULL));
  ierr = dispatch(PETSC_COMM_WORLD, argc, argv);
  if (!ierr) PetscCall(warn_unused_options(PETSC_COMM_WORLD));
  PetscCall(PetscPopErrorHandler());
  PetscCall(PetscFinalize());
  return ierr ? 1 : 0;
}
