/* OcSysInitialize registers every event once under its documented name, and OcLogEventBegin/End
   reach PETSc's log: one begin/end pair of OcFlowSolve counts as one call on every rank. */
#include "ocsys.h"

/* The names users see in -log_view; they are part of the interface. */
static const char *const names[OC_EVENT_COUNT] = {"OcScenarioRead", "OcScenarioBcast", "OcNetBuild", "OcNetDistribute", "OcFleetAdvance", "OcFlowSolve", "OcStatsUpdate", "OcOutputWrite", "OcCheckpoint"};

/* Registering twice must give the same ids, and each id must carry its documented name. */
static PetscErrorCode CheckRegistration(MPI_Comm comm)
{
  PetscLogEvent first[OC_EVENT_COUNT], id, by_name;

  PetscFunctionBegin;
  PetscCall(OcSysInitialize());
  for (int e = 0; e < OC_EVENT_COUNT; e++) PetscCall(OcLogEventGetId((OcEvent)e, &first[e]));
  PetscCall(OcSysInitialize());
  for (int e = 0; e < OC_EVENT_COUNT; e++) {
    PetscCall(OcLogEventGetId((OcEvent)e, &id));
    PetscCall(PetscLogEventGetId(names[e], &by_name));
    PetscCheck(id == first[e], comm, PETSC_ERR_PLIB, "%s: a second OcSysInitialize() changed its id from %d to %d", names[e], first[e], id);
    PetscCheck(id == by_name, comm, PETSC_ERR_PLIB, "%s is PETSc event %d but OcEvent %d maps to event %d", names[e], by_name, e, id);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  MPI_Comm           comm;
  PetscLogEvent      id;
  PetscEventPerfInfo info;
  int                count[2], lo_hi[2];

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscLogDefaultBegin());
  PetscCall(CheckRegistration(comm));
  PetscCall(OcLogEventBegin(OC_EVENT_FLOW_SOLVE));
  PetscCall(OcLogEventEnd(OC_EVENT_FLOW_SOLVE));
  for (int e = 0; e < OC_EVENT_COUNT; e++) {
    PetscCall(OcLogEventGetId((OcEvent)e, &id));
    PetscCall(PetscLogEventGetPerfInfo(PETSC_DETERMINE, id, &info));
    count[0] = -info.count; /* the max of -count is minus the min: one reduction, both ends */
    count[1] = info.count;
    PetscCallMPI(MPI_Allreduce(count, lo_hi, 2, MPI_INT, MPI_MAX, comm));
    PetscCheck(-lo_hi[0] == lo_hi[1] && lo_hi[1] == (e == OC_EVENT_FLOW_SOLVE), comm, PETSC_ERR_PLIB, "%s: logged %d..%d calls across ranks, expected %d", names[e], -lo_hi[0], lo_hi[1], e == OC_EVENT_FLOW_SOLVE);
    PetscCall(PetscPrintf(comm, "%s calls %d\n", names[e], lo_hi[1]));
  }
  PetscCall(PetscFinalize());
  return 0;
}
