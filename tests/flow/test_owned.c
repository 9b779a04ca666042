/* The owned values of DC sections and AC branches (OcFlowGetOwnedValues) against physics, on
   the test city (tests/scenario/good) with trains on every DC section:
     - each section: current at the from end - current at the to end = the vehicles' currents;
     - each DC node: the currents into its sections = its substation's current (KCL);
     - the stretches between vehicles, with the currents found from the from-end current and
       the vehicles', lose R_stretch I^2 in all = the DC line losses of the power balance
       (V_a I_a + V_b I_b - sum U_i I_i, computed independently); their largest |I| is the
       section's largest current (on T-2 between a braking and a motoring tram);
     - AC branches of the radial feeder 1 -> 2 -> 3: the from-end power of 1-2 is the slack's
       generation; the to-end power of each branch is what its bus draws (loads after their
       profile and the substations' AC power), which gives the loading; the from-end current is
       |S| / (sqrt(3) Vm kV).
   Values are gathered here to global arrays (test only). Runs at 1, 2 and 4 ranks. */
#include <ocflow.h>

#define NVEH 8

typedef struct {
  PetscReal *from, *to, *max, *veh_i, *p_from, *q_from, *i_br, *load, *sub_i, *sub_p, *sub_q;
} Gathered;

static PetscErrorCode gather(OcFlow flow, OcFlowElements kind, PetscInt n_global, PetscReal *a, PetscReal *b, PetscReal *c)
{
  PetscInt        n;
  const PetscInt *index;
  PetscReal      *v;
  PetscReal      *out[3] = {a, b, c};

  PetscFunctionBegin;
  PetscCall(OcFlowGetOwned(flow, kind, &n, &index));
  PetscCall(PetscMalloc1(3 * n + 1, &v));
  PetscCall(OcFlowGetOwnedValues(flow, kind, v, v + n, v + 2 * n));
  for (PetscInt j = 0; j < 3; j++) {
    if (!out[j]) continue;
    PetscCall(PetscArrayzero(out[j], n_global));
    for (PetscInt k = 0; k < n; k++) out[j][index[k]] = v[j * n + k];
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, out[j], (PetscMPIInt)n_global, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
  }
  PetscCall(PetscFree(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode gather_loading(OcFlow flow, PetscInt n_global, PetscReal *load)
{
  PetscInt        n;
  const PetscInt *index;
  PetscReal      *v;

  PetscFunctionBegin;
  PetscCall(OcFlowGetOwned(flow, OC_FLOW_AC_BRANCHES, &n, &index));
  PetscCall(PetscMalloc1(n + 1, &v));
  PetscCall(OcFlowGetOwnedBranchLoading(flow, v));
  PetscCall(PetscArrayzero(load, n_global));
  for (PetscInt k = 0; k < n; k++) load[index[k]] = v[k];
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, load, (PetscMPIInt)n_global, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
  PetscCall(PetscFree(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode vehicle_currents(OcFlow flow, PetscReal i[NVEH])
{
  PetscInt                  n;
  const OcFlowVehicleState *st;

  PetscFunctionBegin;
  PetscCall(OcFlowGetVehicleStates(flow, &n, &st));
  PetscCall(PetscArrayzero(i, NVEH));
  for (PetscInt k = 0; k < n; k++) i[st[k].id] = st[k].i_a;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, i, NVEH, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void check(PetscBool ok, const char *what, PetscReal got, PetscReal want, PetscInt *bad)
{
  if (ok) return;
  (void)PetscPrintf(PETSC_COMM_WORLD, "FAIL %s: %.9g, expected %.9g\n", what, (double)got, (double)want);
  (*bad)++;
}

/* Stretches of section sec from its vehicles sorted by position: losses and largest current. */
static void stretches(const OcScenarioData *d, PetscInt sec, const OcFlowVehicle veh[], const PetscReal veh_i[], PetscReal i_from, PetscReal *loss_w, PetscReal *i_max)
{
  PetscReal r = d->dc_section[sec].length_m * d->dc_section[sec].r_ohm_per_km / 1000, pos = 0, i = i_from;

  *i_max = 0;
  for (PetscInt k = 0; k < NVEH; k++)
    if (veh[k].section == sec && veh[k].s == 0) i -= veh_i[k];
  for (;;) {
    PetscReal next = 1;
    for (PetscInt k = 0; k < NVEH; k++)
      if (veh[k].section == sec && veh[k].s > pos && veh[k].s < next) next = veh[k].s;
    *loss_w += r * (next - pos) * i * i;
    *i_max = PetscMax(*i_max, PetscAbsReal(i));
    if (next >= 1) break;
    for (PetscInt k = 0; k < NVEH; k++)
      if (veh[k].section == sec && veh[k].s == next) i -= veh_i[k];
    pos = next;
  }
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
  Gathered              g;
  PetscReal            *pg, *qg, *node_sum, loss = 0, veh_i[NVEH], t_s = 7.5 * 3600;
  PetscInt              bad = 0;
  /* No current limitation, no regeneration cut-back: every request is met. */
  const OcDcVehicleParams par       = {PETSC_INFINITY, 0, 0, PETSC_INFINITY, PETSC_INFINITY, 1.0};
  const OcFlowVehicle     veh[NVEH] = {
        {0, 0, 0.30, 450e3,  par}, /* T-1 */
        {1, 1, 0.25, -250e3, par}, /* T-2: braking, feeding the tram ahead */
        {2, 1, 0.75, 600e3,  par},
        {3, 2, 0.00, 200e3,  par}, /* T-3: one on node N2, two at the same place */
        {4, 2, 0.60, 300e3,  par},
        {5, 2, 0.60, -100e3, par},
        {6, 2, 1.00, 100e3,  par}, /* on node S2 */
        {7, 3, 0.60, 2.5e6,  par}, /* M-1 */
  };

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", path, sizeof path, NULL));
  PetscCall(OcScenarioCreate(PETSC_COMM_WORLD, &sc));
  PetscCall(OcScenarioLoad(sc, path));
  PetscCall(OcScenarioGetData(sc, &d));
  PetscCall(OcNetCreate(PETSC_COMM_WORLD, &net));
  PetscCall(OcNetSetScenario(net, d));
  PetscCall(OcNetSetFromOptions(net));
  PetscCall(OcNetSetUp(net));
  PetscCall(OcFlowCreate(net, &flow));
  PetscCall(OcFlowSetFromOptions(flow));
  PetscCall(OcFlowSetUp(flow));
  PetscCall(OcFlowSetTime(flow, t_s));
  PetscCall(OcFlowSetVehicles(flow, NVEH, veh));
  PetscCall(OcFlowSolve(flow, &r));
  PetscCall(OcFlowCheckReport(flow, &r));
  PetscCall(OcFlowGetBalance(flow, &b));

  PetscCall(PetscMalloc4(d->ndc_sections, &g.from, d->ndc_sections, &g.to, d->ndc_sections, &g.max, d->ndc_nodes, &node_sum));
  PetscCall(PetscMalloc4(d->ac.nbranch, &g.p_from, d->ac.nbranch, &g.q_from, d->ac.nbranch, &g.i_br, d->ac.nbranch, &g.load));
  PetscCall(PetscMalloc3(d->nsubstations, &g.sub_i, d->nsubstations, &g.sub_p, d->nsubstations, &g.sub_q));
  PetscCall(PetscMalloc2(d->ac.nbus, &pg, d->ac.nbus, &qg));
  PetscCall(gather(flow, OC_FLOW_DC_SECTIONS, d->ndc_sections, g.from, g.to, g.max));
  PetscCall(gather(flow, OC_FLOW_AC_BRANCHES, d->ac.nbranch, g.i_br, g.p_from, g.q_from));
  PetscCall(gather(flow, OC_FLOW_SUBSTATIONS, d->nsubstations, g.sub_i, g.sub_p, g.sub_q));
  PetscCall(gather_loading(flow, d->ac.nbranch, g.load));
  PetscCall(vehicle_currents(flow, veh_i));
  PetscCall(OcFlowGetAcGeneration(flow, pg, qg));

  /* DC sections. */
  PetscCall(PetscArrayzero(node_sum, d->ndc_nodes));
  for (PetscInt s = 0; s < d->ndc_sections; s++) {
    PetscReal drawn = 0, i_max;
    char      what[64];
    for (PetscInt k = 0; k < NVEH; k++)
      if (veh[k].section == s) drawn += veh_i[k];
    PetscCall(PetscSNPrintf(what, sizeof what, "section %s: from - to", d->dc_section[s].id));
    check(PetscAbsReal(g.from[s] - g.to[s] - drawn) < 1e-9 * PetscMax(PetscAbsReal(drawn), 1), what, g.from[s] - g.to[s], drawn, &bad);
    stretches(d, s, veh, veh_i, g.from[s], &loss, &i_max);
    PetscCall(PetscSNPrintf(what, sizeof what, "section %s: largest current", d->dc_section[s].id));
    check(PetscAbsReal(g.max[s] - i_max) < 1e-9 * i_max, what, g.max[s], i_max, &bad);
    node_sum[d->dc_section[s].from] += g.from[s];
    node_sum[d->dc_section[s].to] -= g.to[s];
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "section %s: from end %.3f A, to end %.3f A, largest %.3f A\n", d->dc_section[s].id, (double)g.from[s], (double)g.to[s], (double)g.max[s]));
  }
  check(g.max[1] > PetscMax(PetscAbsReal(g.from[1]), PetscAbsReal(g.to[1])) + 100, "T-2: largest current between the trams", g.max[1], PetscMax(PetscAbsReal(g.from[1]), PetscAbsReal(g.to[1])), &bad);
  for (PetscInt s = 0; s < d->nsubstations; s++) node_sum[d->substation[s].node] -= g.sub_i[s];
  for (PetscInt n = 0; n < d->ndc_nodes; n++) check(PetscAbsReal(node_sum[n]) < 1e-3, "KCL at a DC node (A)", node_sum[n], 0, &bad);
  check(PetscAbsReal(loss - b.dc_line_w) < 1e-6 * b.dc_line_w, "DC line losses from the stretches (W)", loss, b.dc_line_w, &bad);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "DC line losses: %.3f W from the stretches, %.3f W from the balance\n", (double)loss, (double)b.dc_line_w));

  /* AC branches: bus 1 (slack) -> 2 -> 3, each bus drawing its load and its substations. */
  {
    PetscReal p_bus[3] = {0, 0, 0}, q_bus[3] = {0, 0, 0}, s_to[2], s_from[2];
    for (PetscInt l = 0; l < d->nac_loads; l++) {
      PetscInt i = d->ac_load[l].bus;
      p_bus[i] += d->ac.bus[i].pd_mw * 1e6 * OcProfileValue(d, d->ac_load[l].profile, t_s);
      q_bus[i] += d->ac.bus[i].qd_mvar * 1e6 * OcProfileValue(d, d->ac_load[l].profile, t_s);
    }
    for (PetscInt s = 0; s < d->nsubstations; s++) {
      p_bus[d->substation[s].ac_bus] += g.sub_p[s];
      q_bus[d->substation[s].ac_bus] += g.sub_q[s];
    }
    check(PetscAbsReal(g.p_from[0] - pg[0] * 1e6) < 0.1, "P into 1-2 = slack generation (W)", g.p_from[0], pg[0] * 1e6, &bad);
    check(PetscAbsReal(g.q_from[0] - qg[0] * 1e6) < 0.1, "Q into 1-2 = slack generation (var)", g.q_from[0], qg[0] * 1e6, &bad);
    /* The to end of 2-3 delivers bus 3's draw; the to end of 1-2 delivers bus 2's and 2-3's. */
    s_to[1]   = PetscSqrtReal(PetscSqr(p_bus[2]) + PetscSqr(q_bus[2]));
    s_to[0]   = PetscSqrtReal(PetscSqr(p_bus[1] + g.p_from[1]) + PetscSqr(q_bus[1] + g.q_from[1]));
    s_from[0] = PetscSqrtReal(PetscSqr(g.p_from[0]) + PetscSqr(g.q_from[0]));
    s_from[1] = PetscSqrtReal(PetscSqr(g.p_from[1]) + PetscSqr(g.q_from[1]));
    for (PetscInt k = 0; k < 2; k++) {
      PetscReal want = 100 * PetscMax(s_from[k], s_to[k]) / (d->ac.branch[k].rate_a_mva * 1e6);
      check(PetscAbsReal(g.load[k] - want) < 1e-6, "branch loading (%)", g.load[k], want, &bad);
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "branch %" PetscInt_FMT ": P %.3f kW, Q %.3f kvar, %.4f A at the from end, loading %.4f %%\n", k, (double)(g.p_from[k] / 1e3), (double)(g.q_from[k] / 1e3), (double)g.i_br[k], (double)g.load[k]));
    }
    /* The slack holds 1.02 pu at 20 kV. */
    check(PetscAbsReal(g.i_br[0] - s_from[0] / (PetscSqrtReal(3) * 1.02 * 20e3)) < 1e-9 * g.i_br[0], "current into 1-2 (A)", g.i_br[0], s_from[0] / (PetscSqrtReal(3) * 1.02 * 20e3), &bad);
  }
  PetscCheck(!bad, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " checks failed", bad);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "section and branch values agree with the physics\n"));
  PetscCall(PetscFree4(g.from, g.to, g.max, node_sum));
  PetscCall(PetscFree4(g.p_from, g.q_from, g.i_br, g.load));
  PetscCall(PetscFree3(g.sub_i, g.sub_p, g.sub_q));
  PetscCall(PetscFree2(pg, qg));
  PetscCall(OcScenarioRestoreData(sc, &d));
  PetscCall(OcFlowDestroy(&flow));
  PetscCall(OcNetDestroy(&net));
  PetscCall(OcScenarioDestroy(&sc));
  PetscCall(PetscFinalize());
  return 0;
}
