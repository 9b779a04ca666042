/* PETSc log events for the phases of a run, visible in -log_view. */
#include "ocsys.h"

static const char *const event_names[OC_EVENT_COUNT] = {
  [OC_EVENT_SCENARIO_READ] = "OcScenarioRead", [OC_EVENT_SCENARIO_BCAST] = "OcScenarioBcast", [OC_EVENT_NET_BUILD] = "OcNetBuild",       [OC_EVENT_NET_DISTRIBUTE] = "OcNetDistribute", [OC_EVENT_FLEET_ADVANCE] = "OcFleetAdvance",
  [OC_EVENT_FLOW_SOLVE] = "OcFlowSolve",       [OC_EVENT_STATS_UPDATE] = "OcStatsUpdate",     [OC_EVENT_OUTPUT_WRITE] = "OcOutputWrite", [OC_EVENT_CHECKPOINT] = "OcCheckpoint",
};

/* PETSc's class and event registry is process-global by design (one -log_view per process),
   so the ids it hands out are process-global too: they live here, as PETSc's own packages keep
   theirs, rather than in a context that every caller would have to thread through. The table is
   reset by PetscFinalize() (see OcSysFinalize), because the ids die with PETSc's log. */
static PetscBool     sys_initialized = PETSC_FALSE;
static PetscClassId  sys_classid;
static PetscLogEvent sys_events[OC_EVENT_COUNT];

static PetscErrorCode OcSysFinalize(void)
{
  PetscFunctionBegin;
  sys_initialized = PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcSysInitialize(void)
{
  PetscFunctionBegin;
  if (sys_initialized) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscClassIdRegister("ohmcity", &sys_classid));
  for (int e = 0; e < OC_EVENT_COUNT; e++) PetscCall(PetscLogEventRegister(event_names[e], sys_classid, &sys_events[e]));
  PetscCall(PetscRegisterFinalize(OcSysFinalize));
  sys_initialized = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcLogEventGetId(OcEvent event, PetscLogEvent *id)
{
  PetscFunctionBegin;
  PetscCheck(event >= 0 && event < OC_EVENT_COUNT, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "OcEvent %d is not in [0, %d)", (int)event, (int)OC_EVENT_COUNT);
  PetscCall(OcSysInitialize());
  *id = sys_events[event];
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcLogEventBegin(OcEvent event)
{
  PetscLogEvent id;

  PetscFunctionBegin;
  PetscCall(OcLogEventGetId(event, &id));
  PetscCall(PetscLogEventBegin(id, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcLogEventEnd(OcEvent event)
{
  PetscLogEvent id;

  PetscFunctionBegin;
  PetscCall(OcLogEventGetId(event, &id));
  PetscCall(PetscLogEventEnd(id, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}
