/* The DC validation cases of ../shared/validation/README.md (cases A, B, B2), solved by the
   whole engine: scenario files -> DMNetwork -> coupled Newton with vehicles condensed into
   their sections. The reference figures below are copied from that file (closed form and an
   independent solver); the program fails if any differs by more than 0.01 V or 0.1 A.
     test_dc_line -scenario line5km/diode.yaml -case A|B|B2|collapse */
#include <math.h>
#include <ocflow.h>

typedef struct {
  PetscReal x_km, p_mw;
} Train;

typedef struct {
  OcScenario            sc;
  const OcScenarioData *d;
  OcNet                 net;
  OcFlow                flow;
} Engine;

static PetscErrorCode engine_create(MPI_Comm comm, const char *path, Engine *e)
{
  PetscFunctionBegin;
  PetscCall(OcScenarioCreate(comm, &e->sc));
  PetscCall(OcScenarioLoad(e->sc, path));
  PetscCall(OcScenarioGetData(e->sc, &e->d));
  PetscCall(OcNetCreate(comm, &e->net));
  PetscCall(OcNetSetScenario(e->net, e->d));
  PetscCall(OcNetSetFromOptions(e->net));
  PetscCall(OcNetSetUp(e->net));
  PetscCall(OcFlowCreate(e->net, &e->flow));
  PetscCall(OcFlowSetFromOptions(e->flow));
  PetscCall(OcFlowSetUp(e->flow));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode engine_destroy(Engine *e)
{
  PetscFunctionBegin;
  PetscCall(OcFlowDestroy(&e->flow));
  PetscCall(OcNetDestroy(&e->net));
  PetscCall(OcScenarioRestoreData(e->sc, &e->d));
  PetscCall(OcScenarioDestroy(&e->sc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A train at x_km becomes a vehicle in the section that spans it. */
static void place(const OcScenarioData *d, const Train *t, const OcDcVehicleParams *par, PetscInt id, OcFlowVehicle *v)
{
  PetscReal x = t->x_km * 1000;
  for (PetscInt s = 0; s < d->ndc_sections; s++) {
    PetscReal a = d->dc_node[d->dc_section[s].from].x_m, b = d->dc_node[d->dc_section[s].to].x_m;
    if (x < a || x > b) continue;
    *v = (OcFlowVehicle){id, s, (x - a) / (b - a), t->p_mw * 1e6, *par};
    return;
  }
}

/* Solves with the given trains; voltages of the trains (summed over ranks: each vehicle lives
   on one rank), substation currents and the loss (sources' power minus the trains'). */
static PetscErrorCode solve(Engine *e, PetscInt n, const Train *t, const OcDcVehicleParams *par, OcFlowReport *r, PetscReal u[], PetscReal i_sub[2], PetscReal *loss_w, PetscReal *burnt_w, PetscReal *received_w)
{
  OcFlowVehicle             v[4];
  const OcFlowVehicleState *st;
  PetscInt                  nst;
  PetscReal                 p_ac[2], q_ac[2], local[6] = {0};
  OcFlowBalance             bal;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < n; k++) place(e->d, &t[k], par, k, &v[k]);
  PetscCall(OcFlowSetVehicles(e->flow, n, v));
  PetscCall(OcFlowSolve(e->flow, r));
  PetscCall(OcFlowGetVehicleStates(e->flow, &nst, &st));
  for (PetscInt k = 0; k < nst; k++) local[st[k].id] = st[k].u_v;
  PetscCallMPI(MPI_Allreduce(local, u, (PetscMPIInt)n, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
  PetscCall(OcFlowGetSubstations(e->flow, i_sub, p_ac, q_ac));
  PetscCall(OcFlowGetBalance(e->flow, &bal));
  *loss_w  = bal.dc_line_w + bal.substation_w;
  *burnt_w = bal.rheostat_w;
  if (received_w) *received_w = bal.vehicles_w;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode check(const char *what, PetscReal got, PetscReal want, PetscReal tol)
{
  PetscFunctionBegin;
  PetscCheck(PetscAbsReal(got - want) <= tol, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%s: got %.4f, the reference is %.4f (tolerance %g)", what, (double)got, (double)want, (double)tol);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const OcDcVehicleParams constant_power = {INFINITY, 0, 0, INFINITY, INFINITY, 1.0};

/* Case A: one train, diode substations (closed form V = (U0 + sqrt(U0^2 - 4 R P)) / 2). */
static PetscErrorCode case_a(Engine *e)
{
  const struct {
    Train     t;
    PetscReal v, i1, i2, loss_kw;
  } row[] = {
    {{0.00, 0.3}, 777.79, 370.0, 15.7,  4.71  },
    {{0.00, 0.7}, 760.88, 882.6, 37.4,  26.79 },
    {{1.25, 0.3}, 723.68, 302.5, 112.1, 27.49 },
    {{1.25, 0.5}, 670.75, 543.9, 201.5, 88.90 },
    {{1.25, 0.7}, 604.86, 844.4, 312.9, 214.26},
    {{2.50, 0.3}, 703.54, 213.2, 213.2, 36.87 },
    {{2.50, 0.5}, 628.77, 397.6, 397.6, 128.21},
    {{2.50, 0.7}, 513.74, 681.3, 681.3, 376.41},
  };
  PetscFunctionBegin;
  for (size_t k = 0; k < sizeof row / sizeof row[0]; k++) {
    OcFlowReport r;
    PetscReal    u, i[2], loss, burnt;
    PetscCall(solve(e, 1, &row[k].t, &constant_power, &r, &u, i, &loss, &burnt, NULL));
    PetscCall(OcFlowCheckReport(e->flow, &r));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "A x=%.2f km P=%.1f MW: V %.2f V, I S1 %.1f A, I S2 %.1f A, loss %.2f kW\n", (double)row[k].t.x_km, (double)row[k].t.p_mw, (double)u, (double)i[0], (double)i[1], (double)(loss / 1e3)));
    PetscCall(check("train voltage", u, row[k].v, 0.01));
    PetscCall(check("I S1", i[0], row[k].i1, 0.1));
    PetscCall(check("I S2", i[1], row[k].i2, 0.1));
    PetscCall(check("loss (kW)", loss / 1e3, row[k].loss_kw, 0.01));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Case B: T0 +0.6 MW at 1.0 km, T1 -0.3 MW at 3.5 km; the reference depends on the kind. */
static PetscErrorCode case_b(Engine *e, PetscBool reversible)
{
  const Train t[2] = {
    {1.0, 0.6 },
    {3.5, -0.3}
  };
  const PetscReal  ref[] = {699.37, 833.45, 498.0, 0.0, 688.42, 805.17, 558.1, -59.2};
  const PetscReal *want  = ref + (reversible ? 4 : 0);
  OcFlowReport     r;
  PetscReal        u[2], i[2], loss, burnt;

  PetscFunctionBegin;
  PetscCall(solve(e, 2, t, &constant_power, &r, u, i, &loss, &burnt, NULL));
  PetscCall(OcFlowCheckReport(e->flow, &r));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "B %s: V T0 %.2f V, V T1 %.2f V, I S1 %.1f A, I S2 %.1f A\n", reversible ? "reversible" : "diode", (double)u[0], (double)u[1], (double)i[0], (double)i[1]));
  PetscCall(check("V T0", u[0], want[0], 0.01));
  PetscCall(check("V T1", u[1], want[1], 0.01));
  PetscCall(check("I S1", i[0], want[2], 0.1));
  /* A blocked diode passes only its leakage (g_off times a few volts): zero to 0.1 A. */
  PetscCall(check("I S2", i[1], want[3], 0.1));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Case B2: T1 braking -0.3 MW alone at 3.5 km. Reversible: the reference. Diode: with
   regeneration cut-back (880 -> 920 V) the voltage settles inside the band and the rest is
   burnt; without it there is no physical answer, and the solver must say so. */
static PetscErrorCode case_b2(Engine *e, PetscBool reversible)
{
  const Train       t        = {3.5, -0.3};
  OcDcVehicleParams cut_back = {INFINITY, 0, 0, 880, 920, 1.0};
  OcFlowReport      r;
  PetscReal         u, i[2], loss, burnt;

  PetscFunctionBegin;
  if (reversible) {
    PetscCall(solve(e, 1, &t, &constant_power, &r, &u, i, &loss, &burnt, NULL));
    PetscCall(OcFlowCheckReport(e->flow, &r));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "B2 reversible: V T1 %.2f V, I S1 %.1f A, I S2 %.1f A\n", (double)u, (double)i[0], (double)i[1]));
    PetscCall(check("V T1", u, 851.77, 0.01));
    PetscCall(check("I S1", i[0], -111.4, 0.1));
    PetscCall(check("I S2", i[1], -240.8, 0.1));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(solve(e, 1, &t, &cut_back, &r, &u, i, &loss, &burnt, NULL));
  PetscCall(OcFlowCheckReport(e->flow, &r));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "B2 diode, cut-back 880-920 V: V T1 %.2f V, burnt %.1f kW of 300 kW\n", (double)u, (double)(burnt / 1e3)));
  PetscCheck(u > 880 && u <= 920, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "B2 diode: %g V is outside the cut-back band", (double)u);
  PetscCall(check("burnt (kW)", burnt / 1e3, 300, 0.1));
  PetscCall(solve(e, 1, &t, &constant_power, &r, &u, i, &loss, &burnt, NULL));
  PetscCheck(r.status != OC_FLOW_CONVERGED, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "B2 diode without cut-back must have no physical solution, got %g V", (double)u);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "B2 diode, no cut-back: no physical solution (reported)\n"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* At 2.5 km no solution exists above 0.7695 MW; with current limitation (full current 1200 A
   above 600 V, none below 400 V) the train settles on the power the line can give. */
static PetscErrorCode case_collapse(Engine *e)
{
  const Train       t       = {2.5, 0.8};
  OcDcVehicleParams limited = {1200, 600, 400, INFINITY, INFINITY, 1.0};
  OcFlowReport      r;
  PetscReal         u, i[2], loss, burnt, received;

  PetscFunctionBegin;
  PetscCall(solve(e, 1, &t, &constant_power, &r, &u, i, &loss, &burnt, NULL));
  PetscCheck(r.status != OC_FLOW_CONVERGED, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "0.8 MW at 2.5 km must collapse");
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "collapse 0.8 MW at 2.5 km: no solution (reported)\n"));
  PetscCall(solve(e, 1, &t, &limited, &r, &u, i, &loss, &burnt, &received));
  PetscCall(OcFlowCheckReport(e->flow, &r));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "limited 0.8 MW at 2.5 km: V %.2f V, received %.1f kW\n", (double)u, (double)(received / 1e3)));
  /* The closed form at the limited point: I = 1200 (U - 400) / 200 A drawn at U. */
  PetscCall(check("received (kW)", received / 1e3, u * 1200 * (u - 400) / 200 / 1e3, 1e-3));
  PetscCheck(u > 400 && u < 600, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "the limited train must sit in the limitation band, got %g V", (double)u);
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  char      path[PETSC_MAX_PATH_LEN], which[16];
  Engine    e;
  PetscBool reversible;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", path, sizeof path, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-case", which, sizeof which, NULL));
  PetscCall(engine_create(PETSC_COMM_WORLD, path, &e));
  reversible = e.d->substation[0].kind == OC_RECTIFIER_REVERSIBLE ? PETSC_TRUE : PETSC_FALSE;
  if (!strcmp(which, "A")) PetscCall(case_a(&e));
  else if (!strcmp(which, "B")) PetscCall(case_b(&e, reversible));
  else if (!strcmp(which, "B2")) PetscCall(case_b2(&e, reversible));
  else if (!strcmp(which, "collapse")) PetscCall(case_collapse(&e));
  else SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-case must be A, B, B2 or collapse");
  PetscCall(engine_destroy(&e));
  PetscCall(PetscFinalize());
  return 0;
}
