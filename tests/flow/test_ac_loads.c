/* Loads set through OcFlowSetAcLoads (as the fleet will set its chargers) must act exactly like
   the same loads in the case file: case9 with 10 MW + 3 Mvar added at bus 5 by rank 0 and
   5 MW added at bus 7 by the last rank (routed to the buses' owners) is compared with
   case9_plus.m, which holds those loads in its bus data (EXPECTED: its `ohmcity pf` answer). */
#include <ocflow.h>

int main(int argc, char **argv)
{
  char                  path[PETSC_MAX_PATH_LEN];
  OcScenario            sc;
  const OcScenarioData *d;
  OcNet                 net;
  OcFlow                flow;
  OcFlowReport          r;
  PetscMPIInt           rank, size;
  PetscInt              n = 0, bus[2];
  PetscReal             p[2], q[2], *vm, *va;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-case", path, sizeof path, NULL));
  PetscCall(OcScenarioCreate(PETSC_COMM_WORLD, &sc));
  PetscCall(OcScenarioLoadCase(sc, path));
  PetscCall(OcScenarioGetData(sc, &d));
  PetscCall(OcNetCreate(PETSC_COMM_WORLD, &net));
  PetscCall(OcNetSetScenario(net, d));
  PetscCall(OcNetSetUp(net));
  PetscCall(OcFlowCreate(net, &flow));
  PetscCall(OcFlowSetFromOptions(flow));
  PetscCall(OcFlowSetUp(flow));
  /* Bus 5 is index 4, bus 7 index 6 in case9. */
  if (rank == 0) {
    bus[n] = 4;
    p[n]   = 10e6;
    q[n++] = 3e6;
  }
  if (rank == size - 1) {
    bus[n] = 6;
    p[n]   = 5e6;
    q[n++] = 0;
  }
  PetscCall(OcFlowSetAcLoadPoints(flow, n, bus));
  PetscCall(OcFlowSetAcLoads(flow, p, q));
  PetscCall(OcFlowSolve(flow, &r));
  PetscCall(OcFlowCheckReport(flow, &r));
  PetscCall(PetscMalloc2(d->ac.nbus, &vm, d->ac.nbus, &va));
  PetscCall(OcFlowGetAcVoltages(flow, vm, va));
  for (PetscInt i = 0; i < d->ac.nbus; i++) PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%" PetscInt_FMT " %.10f %.10f\n", d->ac.bus[i].id, (double)vm[i], (double)va[i]));
  PetscCall(PetscFree2(vm, va));
  PetscCall(OcScenarioRestoreData(sc, &d));
  PetscCall(OcFlowDestroy(&flow));
  PetscCall(OcNetDestroy(&net));
  PetscCall(OcScenarioDestroy(&sc));
  PetscCall(PetscFinalize());
  return 0;
}
