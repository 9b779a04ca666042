/* Trace replay (fleet.traces).
   -closed_form: one train replayed on a 2 km line fed at both ends by ideal substations (U0,
     r_eq); at each step its position x and power P come from the trace, and the solve must give
     the hand formula: R1 = r_eq + r x, R2 = r_eq + r (L - x), R = R1 R2 / (R1 + R2),
     U = (U0 + sqrt(U0^2 - 4 R P)) / 2, I1 = (U0 - U) / R1, I2 = (U0 - U) / R2.
   -export_replay: runs a scenario's fleet coupled with the power flow, exports every DC
     vehicle's path and requested power as a trace (rows at each step's start: chainage there and
     the step's power; a closing row where it leaves), replays that trace on the same network
     and compares each substation's energy from the AC side with the original run's.
     test_trace -scenario S.yaml -closed_form | -export_replay -duration_s D -work PREFIX */
#include <math.h>
#include "octest_run.h"

typedef OcTestRun Run;

/* One coupled step; e_sub[] (per substation, every rank) gathers the AC energy of the step. */
static PetscErrorCode step(Run *r, PetscReal t, PetscReal dt, PetscReal e_sub[])
{
  PetscInt                  n, nst, nsub;
  const PetscInt           *isub;
  const OcFlowVehicle      *veh;
  const OcFlowVehicleState *st;
  OcFlowReport              rep;
  PetscReal                 i_a[64], p_w[64];

  PetscFunctionBegin;
  PetscCall(OcFleetAdvance(r->fleet, t, dt));
  PetscCall(OcFleetGetFlowVehicles(r->fleet, &n, &veh));
  PetscCall(OcFlowSetTime(r->flow, t + dt));
  PetscCall(OcFlowSetVehicles(r->flow, n, veh));
  PetscCall(OcFlowSolve(r->flow, &rep));
  PetscCall(OcFlowCheckReport(r->flow, &rep));
  PetscCall(OcFlowGetVehicleStates(r->flow, &nst, &st));
  PetscCall(OcFleetSetReceived(r->fleet, nst, st));
  PetscCall(OcFlowGetOwned(r->flow, OC_FLOW_SUBSTATIONS, &nsub, &isub));
  PetscCheck(nsub <= 64, PETSC_COMM_SELF, PETSC_ERR_SUP, "test limited to 64 substations");
  PetscCall(OcFlowGetOwnedValues(r->flow, OC_FLOW_SUBSTATIONS, i_a, p_w, NULL));
  for (PetscInt k = 0; k < nsub; k++) e_sub[isub[k]] += p_w[k] * dt;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode closed_form(const char *path)
{
  Run       r;
  PetscReal err_u = 0, err_i = 0, e[64] = {0};
  PetscInt  nsteps = 0;

  PetscFunctionBegin;
  PetscCall(OcTestRunCreate(path, PETSC_TRUE, &r));
  for (PetscReal t = r.d->start_s; t < r.d->end_s - 1e-9; t += r.d->time_step_s, nsteps++) {
    const OcDcSection        *sec = &r.d->dc_section[0];
    const OcSubstation       *sa = &r.d->substation[0], *sb = &r.d->substation[1];
    PetscReal                 x = 500 + 10 * (t + r.d->time_step_s - r.d->start_s), k = t - r.d->start_s, P, R1, R2, R, U, Ih[2], i_a[2], i_sub[2] = {0, 0}, u = 0;
    PetscInt                  nst, nsub;
    const PetscInt           *isub;
    const OcFlowVehicleState *st;
    /* The trace: 300 kW until 50.5 s, then 200 kW; the step from 50 to 51 s asks the mean. */
    P     = k < 50 ? 300e3 : (k < 51 ? 250e3 : 200e3);
    R1    = sa->r_eq_ohm + sec->r_ohm_per_km * x / 1000;
    R2    = sb->r_eq_ohm + sec->r_ohm_per_km * (sec->length_m - x) / 1000;
    R     = R1 * R2 / (R1 + R2);
    U     = (sa->u0_v + PetscSqrtReal(sa->u0_v * sa->u0_v - 4 * R * P)) / 2;
    Ih[0] = (sa->u0_v - U) / R1;
    Ih[1] = (sb->u0_v - U) / R2;
    PetscCall(step(&r, t, r.d->time_step_s, e));
    PetscCall(OcFlowGetVehicleStates(r.flow, &nst, &st));
    if (nst) u = st[0].u_v;
    PetscCall(OcFlowGetOwned(r.flow, OC_FLOW_SUBSTATIONS, &nsub, &isub));
    PetscCall(OcFlowGetOwnedValues(r.flow, OC_FLOW_SUBSTATIONS, i_a, NULL, NULL));
    for (PetscInt j = 0; j < nsub; j++) i_sub[isub[j]] = i_a[j];
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &u, 1, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, i_sub, 2, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
    err_u = PetscMax(err_u, PetscAbsReal(u - U) / U);
    for (PetscInt j = 0; j < 2; j++) err_i = PetscMax(err_i, PetscAbsReal(i_sub[j] - Ih[j]) / Ih[j]);
    if (nsteps == 0 || nsteps == 50 || nsteps == 99)
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "step %" PetscInt_FMT ": x %.1f m, P %.0f W: pantograph %.6f V (hand %.6f V), substations %.6f A and %.6f A (hand %.6f A, %.6f A)\n", nsteps, (double)x, (double)P, (double)u, (double)U, (double)i_sub[0], (double)i_sub[1], (double)Ih[0], (double)Ih[1]));
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%" PetscInt_FMT " steps: largest relative error %s 1e-9 (voltage), %s 1e-9 (currents)\n", nsteps, err_u < 1e-9 ? "below" : "ABOVE", err_i < 1e-9 ? "below" : "ABOVE"));
  PetscCall(OcTestRunDestroy(&r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A row of the exported trace. */
typedef struct {
  PetscReal t_s, x_m, p_w;
  PetscInt  trip, route, type;
} Sample;

static int by_trip_time(const void *a, const void *b)
{
  const Sample *x = (const Sample *)a, *y = (const Sample *)b;
  if (x->trip != y->trip) return x->trip < y->trip ? -1 : 1;
  return (x->t_s > y->t_s) - (x->t_s < y->t_s);
}

/* Every rank's rows to rank 0, which writes the trace file and the replay scenario. */
static PetscErrorCode write_trace(const Run *r, const char *path, const char *prefix, Sample *rows, PetscInt n, char *replay, size_t len)
{
  PetscMPIInt size, rank, mine = (PetscMPIInt)(n * sizeof(Sample)), *count, *displ;
  Sample     *all = NULL;
  PetscInt    total;
  FILE       *fp;
  char        trace[PETSC_MAX_PATH_LEN], dir[PETSC_MAX_PATH_LEN], *slash;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCall(PetscMalloc2(size, &count, size + 1, &displ));
  PetscCallMPI(MPI_Allgather(&mine, 1, MPI_INT, count, 1, MPI_INT, PETSC_COMM_WORLD));
  displ[0] = 0;
  for (PetscMPIInt k = 0; k < size; k++) displ[k + 1] = displ[k] + count[k];
  total = displ[size] / (PetscInt)sizeof(Sample);
  if (rank == 0) PetscCall(PetscMalloc1(total, &all));
  PetscCallMPI(MPI_Gatherv(rows, mine, MPI_BYTE, all, count, displ, MPI_BYTE, 0, PETSC_COMM_WORLD));
  PetscCall(PetscSNPrintf(trace, sizeof trace, "%s_trace.csv", prefix));
  PetscCall(PetscSNPrintf(replay, len, "%s_replay.yaml", prefix));
  if (rank == 0) {
    qsort(all, (size_t)total, sizeof *all, by_trip_time);
    fp = fopen(trace, "w");
    PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", trace);
    fprintf(fp, "time,vehicle,route,chainage_m,power_w,vehicle_type\n");
    for (PetscInt k = 0; k < total; k++) fprintf(fp, "%.17g,trip%" PetscInt_FMT ",%s,%.17g,%.17g,%s\n", (double)all[k].t_s, all[k].trip, r->d->route[all[k].route].id, (double)all[k].x_m, (double)all[k].p_w, r->d->vehicle_type[all[k].type].id);
    fclose(fp);
    /* The replay scenario: the original's network and routes, traces instead of services. */
    PetscCall(PetscStrncpy(dir, path, sizeof dir));
    slash = strrchr(dir, '/');
    if (slash) slash[1] = '\0';
    else dir[0] = '\0';
    fp = fopen(replay, "w");
    PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", replay);
    fprintf(fp, "ohmcity: 1\nname: replay\nsimulation:\n  start: \"06:00\"\n  end: \"07:30\"\n  time_step_s: %g\n", (double)r->d->time_step_s);
    fprintf(fp, "dc:\n  systems: %sdc_systems.csv\n  nodes: %sdc_nodes.csv\n  sections: %sdc_sections.csv\n  substations: %ssubstations.csv\n", dir, dir, dir, dir);
    fprintf(fp, "ac:\n  case: %sgrid3.m\n  load_profiles: %sprofiles.csv\n  loads: %sac_loads.csv\n", dir, dir, dir);
    fprintf(fp, "fleet:\n  vehicle_types: %svehicle_types.csv\n  routes: %sroutes.csv\n  route_sections: %sroute_sections.csv\n  route_stops: %sroute_stops.csv\n", dir, dir, dir, dir);
    fprintf(fp, "  traces:\n    file: %s\n", trace);
    fclose(fp);
  }
  PetscCall(PetscFree(all));
  PetscCall(PetscFree2(count, displ));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode add_row(Sample **rows, PetscInt *n, PetscInt *cap, Sample s)
{
  PetscFunctionBegin;
  if (*n == *cap) {
    *cap = PetscMax(2 * *cap, 1024);
    PetscCall(PetscRealloc(sizeof(Sample) * (size_t)*cap, rows));
  }
  (*rows)[(*n)++] = s;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Runs the original for duration_s, recording the trace; returns its substation energies. */
static PetscErrorCode export_run(const char *path, const char *prefix, PetscReal duration_s, PetscReal e[64], char *replay, size_t len)
{
  Run                r;
  PetscInt           ntrips, n = 0, cap = 0;
  const OcFleetTrip *trip;
  PetscReal         *x_prev, *x_now, t;
  Sample            *rows = NULL;

  PetscFunctionBegin;
  PetscCall(OcTestRunCreate(path, PETSC_TRUE, &r));
  PetscCall(OcFleetGetTrips(r.fleet, &ntrips, &trip));
  PetscCall(PetscMalloc2(ntrips, &x_prev, ntrips, &x_now));
  for (PetscInt i = 0; i < ntrips; i++) x_prev[i] = -1; /* -1: not in the network */
  for (t = r.d->start_s; t < r.d->start_s + duration_s - 1e-9; t += r.d->time_step_s) {
    PetscInt              nv;
    const OcFleetVehicle *veh;
    PetscCall(step(&r, t, r.d->time_step_s, e));
    PetscCall(OcFleetGetVehicles(r.fleet, &nv, &veh));
    for (PetscInt i = 0; i < ntrips; i++) x_now[i] = -1;
    for (PetscInt k = 0; k < nv; k++) {
      const OcFleetTrip *tp = &trip[veh[k].trip];
      PetscReal          x0 = x_prev[veh[k].trip] >= 0 ? x_prev[veh[k].trip] : r.d->stop_m[r.d->route[tp->route].first_stop];
      if (veh[k].section < 0) continue; /* road vehicles are not in the power flow */
      x_now[veh[k].trip] = veh[k].motion.chainage_m;
      PetscCall(add_row(&rows, &n, &cap, (Sample){t, x0, veh[k].p_req_w, veh[k].trip, tp->route, tp->vehicle_type}));
    }
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, x_now, (PetscMPIInt)ntrips, MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
    /* A vehicle gone this step leaves at its last place (rank 0 writes the closing row). */
    for (PetscInt i = 0; i < ntrips; i++) {
      if (x_prev[i] >= 0 && x_now[i] < 0 && !PetscGlobalRank) PetscCall(add_row(&rows, &n, &cap, (Sample){t, x_prev[i], 0, i, trip[i].route, trip[i].vehicle_type}));
      x_prev[i] = x_now[i];
    }
  }
  for (PetscInt i = 0; i < ntrips; i++)
    if (x_prev[i] >= 0 && !PetscGlobalRank) PetscCall(add_row(&rows, &n, &cap, (Sample){t, x_prev[i], 0, i, trip[i].route, trip[i].vehicle_type}));
  PetscCall(write_trace(&r, path, prefix, rows, n, replay, len));
  PetscCall(PetscFree(rows));
  PetscCall(PetscFree2(x_prev, x_now));
  PetscCall(OcTestRunDestroy(&r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode export_replay(const char *path, const char *prefix, PetscReal duration_s)
{
  PetscReal e0[64] = {0}, e1[64] = {0}, worst = 0;
  char      replay[PETSC_MAX_PATH_LEN];
  Run       r;

  PetscFunctionBegin;
  PetscCall(export_run(path, prefix, duration_s, e0, replay, sizeof replay));
  PetscCall(OcTestRunCreate(replay, PETSC_TRUE, &r));
  for (PetscReal t = r.d->start_s; t < r.d->start_s + duration_s - 1e-9; t += r.d->time_step_s) PetscCall(step(&r, t, r.d->time_step_s, e1));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, e0, 64, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, e1, 64, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%" PetscInt_FMT " trace vehicles replayed\n", r.d->ntraces));
  for (PetscInt k = 0; k < r.d->nsubstations; k++) {
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "substation %s: run %.6f kWh, replay %.6f kWh\n", r.d->substation[k].id, (double)(e0[k] / 3.6e6), (double)(e1[k] / 3.6e6)));
    worst = PetscMax(worst, PetscAbsReal(e1[k] - e0[k]) / PetscMax(PetscAbsReal(e0[k]), 1.0));
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "largest relative difference %s 1e-9\n", worst < 1e-9 ? "below" : "ABOVE"));
  PetscCall(OcTestRunDestroy(&r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  char        path[PETSC_MAX_PATH_LEN], prefix[PETSC_MAX_PATH_LEN] = "trace";
  PetscBool   closed     = PETSC_FALSE;
  PetscReal   duration_s = 300;
  PetscMPIInt size;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", path, sizeof path, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-closed_form", &closed, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-duration_s", &duration_s, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-work", prefix, sizeof prefix, NULL));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  /* Each rank count writes its own files: the np1/np2/np4 tests may run at once. */
  PetscCall(PetscStrlcat(prefix, size == 1 ? "_np1" : size == 2 ? "_np2" : "_npN", sizeof prefix));
  if (closed) PetscCall(closed_form(path));
  else PetscCall(export_replay(path, prefix, duration_s));
  PetscCall(PetscFinalize());
  return 0;
}
