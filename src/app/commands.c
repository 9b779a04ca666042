#include <string.h>
#include "ocapp.h"

static const OcCommand commands[] = {
  {"check",   "SCENARIO", "validate a scenario (YAML, its tables and grid case) without running it", OcCommandCheck  },
  {"run",     "SCENARIO", "simulate the scenario: fleet, coupled power flow, HDF5 results",          OcCommandRun    },
  {"pf",      "CASE.m",   "solve one AC power flow of a MATPOWER case (like MATPOWER's runpf)",      OcCommandPf     },
  {"version", "",         "print the version",                                                       OcCommandVersion},
  {"help",    "",         "list commands and options",                                               OcCommandHelp   },
};

const OcCommand *OcCommandFind(const char *name)
{
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(commands[i].name, name)) return &commands[i];
  return NULL;
}

PetscErrorCode OcUsageView(MPI_Comm comm, FILE *fp)
{
  PetscFunctionBegin;
  PetscCall(PetscFPrintf(comm, fp, "usage: [mpiexec -n N] ohmcity COMMAND [OPERANDS] [-options]\n\ncommands:\n"));
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) PetscCall(PetscFPrintf(comm, fp, "  %-8s %-10s %s\n", commands[i].name, commands[i].operands, commands[i].summary));
  PetscCall(PetscFPrintf(comm, fp,
                         "\n"
                         "options (every command):\n"
                         "  -oc_view_placement     print one line per rank: host, cores bound, NUMA node\n"
                         "  -oc_quiet              print only errors and the final summary\n"
                         "run options:\n"
                         "  -oc_output_file PATH   results file (HDF5; docs/output.md)\n"
                         "  -oc_warm_up false      do not put the trips under way at the start on the road first\n"
                         "  -oc_checkpoint_interval_s T  write a checkpoint every T simulated seconds (0: only when stopped)\n"
                         "  -oc_checkpoint_file PATH     checkpoint file (default: the results' name, .ckpt.h5)\n"
                         "  -oc_stop_at HH:MM[:SS] write a checkpoint and stop there (as SIGTERM/SIGUSR1 do)\n"
                         "  --restart CKPT         continue a stopped run from its checkpoint, on any number of ranks\n"
                         "pf options:\n"
                         "  -oc_pf_output SOLVED.m write the solved case (bus Vm, Va; generator Pg, Qg) in MATPOWER format\n"
                         "  -oc_pf_view_buses      print 'bus Vm_pu Va_deg' for every bus\n"
                         "  -oc_flow_tol 1e-9      convergence: largest residual, pu of the base power\n"
                         "  PETSc options (-log_view, -snes_*, -ksp_*, -pc_*) apply as usual; -help lists them.\n"
                         "  An option that is set but never used is reported at the end of the run.\n"
                         "\nThe scenario format is described in docs/scenario.md.\n"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCommandHelp(MPI_Comm comm, int argc, char **argv)
{
  PetscFunctionBegin;
  PetscCall(OcUsageView(comm, stdout));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCommandVersion(MPI_Comm comm, int argc, char **argv)
{
  PetscFunctionBegin;
  PetscCall(PetscPrintf(comm, "ohmcity %s (%s)\n", OcVersion(), OcGitHash()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCommandOperand(MPI_Comm comm, int argc, char **argv, const char **value)
{
  PetscFunctionBegin;
  PetscCheck(argc >= 2 && argv[1][0] != '-', comm, PETSC_ERR_USER_INPUT, "'ohmcity %s' needs a %s operand, for example: ohmcity %s %s", argv[0], OcCommandFind(argv[0])->operands, argv[0], OcCommandFind(argv[0])->operands);
  *value = argv[1];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCommandCheck(MPI_Comm comm, int argc, char **argv)
{
  const char    *path = NULL;
  OcScenario     sc;
  PetscViewer    v;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(OcCommandOperand(comm, argc, argv, &path));
  PetscCall(OcScenarioCreate(comm, &sc));
  /* An invalid scenario is an expected outcome: free the object before passing the error on. */
  ierr = OcScenarioLoad(sc, path);
  if (!ierr) {
    PetscCall(PetscViewerASCIIGetStdout(comm, &v));
    PetscCall(OcScenarioView(sc, v));
    PetscCall(PetscPrintf(comm, "%s: the scenario is valid\n", strrchr(path, '/') ? strrchr(path, '/') + 1 : path));
  }
  PetscCall(OcScenarioDestroy(&sc));
  PetscCall(ierr);
  PetscFunctionReturn(PETSC_SUCCESS);
}
