/* Conservation of energy in a coupled solve: a 750 V tram line fed by two substations and a
   1500 V metro stub, all fed from a three-bus 20 kV feeder (tests/scenario/good), with trains
   motoring and braking. Checks, to the solver tolerance:
     DC side: power drawn by the substations from the AC grid
              = vehicles' power + DC line losses + substation losses (conversion, r_eq)
     AC side: generation at the slack = loads (after their profiles) + AC losses
              + power drawn by the substations. */
#include <ocflow.h>

static PetscErrorCode build(MPI_Comm comm, const char *path, OcScenario *sc, OcNet *net, OcFlow *flow)
{
  const OcScenarioData *d;

  PetscFunctionBegin;
  PetscCall(OcScenarioCreate(comm, sc));
  PetscCall(OcScenarioLoad(*sc, path));
  PetscCall(OcScenarioGetData(*sc, &d));
  PetscCall(OcNetCreate(comm, net));
  PetscCall(OcNetSetScenario(*net, d));
  PetscCall(OcNetSetFromOptions(*net));
  PetscCall(OcNetSetUp(*net));
  PetscCall(OcFlowCreate(*net, flow));
  PetscCall(OcFlowSetFromOptions(*flow));
  PetscCall(OcFlowSetUp(*flow));
  PetscCall(OcScenarioRestoreData(*sc, &d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Loads at time t as the scenario defines them, computed here independently of the solver. */
static PetscReal total_load_w(const OcScenarioData *d, PetscReal t_s)
{
  PetscReal p = 0;
  for (PetscInt i = 0; i < d->ac.nbus; i++) {
    PetscReal factor = 1;
    for (PetscInt l = 0; l < d->nac_loads; l++)
      if (d->ac_load[l].bus == i) factor = OcProfileValue(d, d->ac_load[l].profile, t_s);
    p += d->ac.bus[i].pd_mw * 1e6 * factor;
  }
  return p;
}

int main(int argc, char **argv)
{
  char                  path[PETSC_MAX_PATH_LEN];
  OcScenario            sc;
  OcNet                 net;
  OcFlow                flow;
  const OcScenarioData *d;
  OcFlowReport          r;
  OcFlowBalance         b;
  PetscReal            *pg, *qg, gen = 0, load, dc_in, dc_out, ac_out;
  const PetscReal       t_s = 7.5 * 3600;
  /* Trams on T-1..T-3 (one braking), a metro train on M-1; no limitation, no cut-back. */
  const OcDcVehicleParams par    = {PETSC_INFINITY, 0, 0, PETSC_INFINITY, PETSC_INFINITY, 1.0};
  OcFlowVehicle           veh[5] = {
              {0, 0, 0.30, 450e3,  par},
              {1, 1, 0.50, 300e3,  par},
              {2, 1, 0.50, -150e3, par},
              {3, 2, 0.80, 520e3,  par},
              {4, 3, 0.60, 2.5e6,  par},
  };

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", path, sizeof path, NULL));
  PetscCall(build(PETSC_COMM_WORLD, path, &sc, &net, &flow));
  PetscCall(OcScenarioGetData(sc, &d));
  PetscCall(OcFlowSetTime(flow, t_s));
  PetscCall(OcFlowSetVehicles(flow, 5, veh));
  PetscCall(OcFlowSolve(flow, &r));
  PetscCall(OcFlowCheckReport(flow, &r));
  PetscCall(OcFlowGetBalance(flow, &b));
  PetscCall(PetscMalloc2(d->ac.nbus, &pg, d->ac.nbus, &qg));
  PetscCall(OcFlowGetAcGeneration(flow, pg, qg));
  for (PetscInt i = 0; i < d->ac.nbus; i++) gen += pg[i] * 1e6;
  load   = total_load_w(d, t_s);
  dc_in  = b.substation_ac_w;
  dc_out = b.vehicles_w + b.dc_line_w + b.substation_w;
  ac_out = load + b.ac_w + b.substation_ac_w;
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "vehicles %.3f kW, DC lines %.3f kW, substation losses %.3f kW, drawn from AC %.3f kW\n", (double)(b.vehicles_w / 1e3), (double)(b.dc_line_w / 1e3), (double)(b.substation_w / 1e3), (double)(dc_in / 1e3)));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "generation %.3f kW = loads %.3f kW + AC losses %.3f kW + substations %.3f kW\n", (double)(gen / 1e3), (double)(load / 1e3), (double)(b.ac_w / 1e3), (double)(b.substation_ac_w / 1e3)));
  /* The residual tolerance (1e-9 pu of 10 MVA = 0.01 W per node) bounds both imbalances. */
  PetscCheck(PetscAbsReal(dc_in - dc_out) < 0.1, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "DC energy balance off by %g W", (double)(dc_in - dc_out));
  PetscCheck(PetscAbsReal(gen - ac_out) < 0.1, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "AC energy balance off by %g W", (double)(gen - ac_out));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "energy balances close to 0.1 W\n"));
  PetscCall(PetscFree2(pg, qg));
  PetscCall(OcScenarioRestoreData(sc, &d));
  PetscCall(OcFlowDestroy(&flow));
  PetscCall(OcNetDestroy(&net));
  PetscCall(OcScenarioDestroy(&sc));
  PetscCall(PetscFinalize());
  return 0;
}
