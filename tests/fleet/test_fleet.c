/* The fleet over a whole scenario: headway trips start, run their routes and finish, vehicles
   cross partition boundaries, and (with -with_flow) every step is one coupled power flow whose
   delivered power limits the next step's traction. The per-route totals must not depend on the
   rank count (the same expected output at 1, 2 and 4 ranks).
   With -eta_low and -eta_high (two scenarios equal to -scenario except that each type's
   efficiency maps are replaced by constants, the maps' minimum and maximum) the three runs must
   make the same trips, and each route's line and regenerated energies of the maps' run must lie
   strictly between those of the constants (checked in the program, see check_eta_bounds).
     test_fleet -scenario good/scenario.yaml [-with_flow] [-duration_s D]
                [-eta_low low.yaml -eta_high high.yaml] */
#include "octest_run.h"

typedef OcTestRun Run;

/* One time step: move, solve, feed back. Returns the peak vehicle count seen. */
static PetscErrorCode step(Run *r, PetscReal t, PetscReal dt, PetscBool with_flow, PetscInt *peak, PetscReal *v_min)
{
  PetscInt                  n, nst, in_service;
  const OcFlowVehicle      *veh;
  const OcFlowVehicleState *st;
  OcFlowReport              rep;

  PetscFunctionBegin;
  PetscCall(OcFleetAdvance(r->fleet, t, dt));
  PetscCall(OcFleetGetCounts(r->fleet, &in_service, NULL));
  *peak = PetscMax(*peak, in_service);
  if (!with_flow) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcFleetGetFlowVehicles(r->fleet, &n, &veh));
  PetscCall(OcFlowSetTime(r->flow, t + dt));
  PetscCall(OcFlowSetVehicles(r->flow, n, veh));
  PetscCall(OcFlowSolve(r->flow, &rep));
  PetscCall(OcFlowCheckReport(r->flow, &rep));
  PetscCall(OcFlowGetVehicleStates(r->flow, &nst, &st));
  PetscCall(OcFleetSetReceived(r->fleet, nst, st));
  for (PetscInt k = 0; k < nst; k++) *v_min = PetscMin(*v_min, st[k].u_v);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Per-route totals of one run (J) and its counts. */
typedef struct {
  PetscInt   ntrips, finished, peak;
  PetscReal *e_line, *e_regen, *e_aux, v_min;
} Totals;

static PetscErrorCode simulate(Run *r, PetscBool with_flow, PetscReal duration_s, Totals *tot)
{
  const OcFleetTrip *trip;
  PetscInt           nr    = r->d->nroutes;
  PetscReal          end_s = PetscMin(r->d->end_s, r->d->start_s + duration_s);

  PetscFunctionBegin;
  tot->peak  = 0;
  tot->v_min = PETSC_MAX_REAL;
  for (PetscReal t = r->d->start_s; t < end_s - 1e-9; t += r->d->time_step_s) PetscCall(step(r, t, r->d->time_step_s, with_flow, &tot->peak, &tot->v_min));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &tot->v_min, 1, MPIU_REAL, MPI_MIN, PETSC_COMM_WORLD));
  PetscCall(OcFleetGetCounts(r->fleet, NULL, &tot->finished));
  PetscCall(OcFleetGetTrips(r->fleet, &tot->ntrips, &trip));
  PetscCall(PetscMalloc3(nr, &tot->e_line, nr, &tot->e_regen, nr, &tot->e_aux));
  PetscCall(OcFleetGetRouteEnergy(r->fleet, tot->e_line, tot->e_regen, tot->e_aux));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode totals_view(const Run *r, const Totals *tot, PetscBool with_flow)
{
  PetscFunctionBegin;
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%" PetscInt_FMT " trips, %" PetscInt_FMT " finished, at most %" PetscInt_FMT " vehicles in service\n", tot->ntrips, tot->finished, tot->peak));
  for (PetscInt k = 0; k < r->d->nroutes; k++)
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "route %s: line %.6f kWh, regen offered %.6f kWh, auxiliaries %.6f kWh\n", r->d->route[k].id, (double)(tot->e_line[k] / 3.6e6), (double)(tot->e_regen[k] / 3.6e6), (double)(tot->e_aux[k] / 3.6e6)));
  if (with_flow) PetscCall(PetscPrintf(PETSC_COMM_WORLD, "lowest pantograph voltage %.2f V\n", (double)tot->v_min));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The vehicle type that runs route k (headway services only: the bounds need one type a route). */
static PetscErrorCode route_type(const OcScenarioData *d, PetscInt k, const OcVehicleType **vt)
{
  PetscInt found = -1;

  PetscFunctionBegin;
  PetscCheck(d->ntimed_trips == 0 && d->ntraces == 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "-eta_low/-eta_high need a scenario of headway services only");
  for (PetscInt s = 0; s < d->nservices; s++) {
    if (d->service[s].route != k) continue;
    PetscCheck(found < 0 || found == d->service[s].vehicle_type, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "route %s: run by several vehicle types", d->route[k].id);
    found = d->service[s].vehicle_type;
  }
  PetscCheck(found >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "route %s: no service", d->route[k].id);
  *vt = &d->vehicle_type[found];
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void map_range(const OcEtaMap *m, PetscReal *lo, PetscReal *hi)
{
  *lo = PETSC_MAX_REAL;
  *hi = 0;
  for (PetscInt i = 0; i < m->n_v; i++)
    for (PetscInt j = 0; j < m->n_x; j++) {
      *lo = PetscMin(*lo, m->eta[i][j]);
      *hi = PetscMax(*hi, m->eta[i][j]);
    }
}

static PetscBool same(PetscReal a, PetscReal b)
{
  return PetscAbsReal(a - b) <= 1e-12 * PetscMax(PetscAbsReal(a), PetscAbsReal(b)) ? PETSC_TRUE : PETSC_FALSE;
}

/* A route's type in the bounding scenarios must be its maps' run type with constants equal to
   the maps' minimum (low) or maximum (high), and nothing else changed that moves the vehicle. */
static PetscErrorCode check_bound_type(const char *route, const OcVehicleType *m, const OcVehicleType *c, PetscReal eta_t, PetscReal eta_b)
{
  PetscFunctionBegin;
  PetscCheck(c->eta_traction_map.n_v == 0 && c->eta_braking_map.n_v == 0 && c->eta_traction_curve.n == 0 && c->eta_braking_curve.n == 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "route %s: the bounding type %s must have constant efficiencies", route, c->id);
  PetscCheck(c->eta_traction == eta_t && c->eta_braking == eta_b, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "route %s: type %s has eta_traction %g, eta_braking %g; the maps' bound is %g, %g", route, c->id, (double)c->eta_traction, (double)c->eta_braking, (double)eta_t, (double)eta_b);
  PetscCheck(c->mass_kg == m->mass_kg && c->max_tractive_effort_n == m->max_tractive_effort_n && c->max_power_w == m->max_power_w && c->max_regen_power_w == m->max_regen_power_w && c->max_electric_brake_n == m->max_electric_brake_n, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "route %s: type %s differs from %s beyond its efficiencies", route, c->id, m->id);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Efficiency maps against their bounds. Where the drive's power and regeneration limits never
   bind (the scenario's ratings lifted out of reach), the efficiency does not change the motion:
   the three runs make the same trips with the same wheel energies E_t (traction) and E_eb
   (electric braking), and the line energies are sums of E_t / eta and E_eb eta over the sub-steps.
   With eta_min <= eta(v, x) <= eta_max, each route's map line energy lies between E_t / eta_max
   and E_t / eta_min, its regenerated energy between E_eb eta_min and E_eb eta_max; strictly when
   the map varies along the route. Checked here: the same trips and auxiliaries, the same wheel
   energies behind the two constant runs (line times eta, regen over eta), and the strict bounds.
   Printed: where the map's run falls between the bounds, 0 at the low efficiency, 1 at the high. */
static PetscErrorCode check_eta_bounds(const Run *r, const Totals *t, const Run *rl, const Totals *tl, const Run *rh, const Totals *th)
{
  PetscFunctionBegin;
  PetscCheck(rl->d->nroutes == r->d->nroutes && rh->d->nroutes == r->d->nroutes, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "-eta_low and -eta_high must have the routes of -scenario");
  PetscCheck(tl->ntrips == t->ntrips && th->ntrips == t->ntrips && tl->finished == t->finished && th->finished == t->finished, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "the bounding runs made other trips");
  for (PetscInt k = 0; k < r->d->nroutes; k++) {
    const char          *id = r->d->route[k].id;
    const OcVehicleType *m, *lo, *hi;
    PetscReal            tmin, tmax, bmin, bmax, w_lo, w_hi;

    PetscCall(route_type(r->d, k, &m));
    PetscCall(route_type(rl->d, k, &lo));
    PetscCall(route_type(rh->d, k, &hi));
    PetscCheck(m->eta_traction_map.n_v > 0 && m->eta_braking_map.n_v > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "route %s: type %s needs both efficiency maps", id, m->id);
    map_range(&m->eta_traction_map, &tmin, &tmax);
    map_range(&m->eta_braking_map, &bmin, &bmax);
    PetscCall(check_bound_type(id, m, lo, tmin, bmin));
    PetscCall(check_bound_type(id, m, hi, tmax, bmax));
    PetscCheck(same(tl->e_aux[k], t->e_aux[k]) && same(th->e_aux[k], t->e_aux[k]), PETSC_COMM_WORLD, PETSC_ERR_PLIB, "route %s: the bounding runs' auxiliary energies differ (other times in service)", id);
    w_lo = tl->e_line[k] * tmin;
    w_hi = th->e_line[k] * tmax;
    PetscCheck(same(w_lo, w_hi), PETSC_COMM_WORLD, PETSC_ERR_PLIB, "route %s: traction at the wheel %.15g J (low) != %.15g J (high): the efficiency changed the motion", id, (double)w_lo, (double)w_hi);
    w_lo = tl->e_regen[k] / bmin;
    w_hi = th->e_regen[k] / bmax;
    PetscCheck(same(w_lo, w_hi), PETSC_COMM_WORLD, PETSC_ERR_PLIB, "route %s: electric braking at the wheel %.15g J (low) != %.15g J (high): the efficiency changed the motion", id, (double)w_lo, (double)w_hi);
    PetscCheck(th->e_line[k] < t->e_line[k] && t->e_line[k] < tl->e_line[k], PETSC_COMM_WORLD, PETSC_ERR_PLIB, "route %s: line energy %.9g kWh not strictly between %.9g (eta %g) and %.9g kWh (eta %g)", id, (double)(t->e_line[k] / 3.6e6), (double)(th->e_line[k] / 3.6e6), (double)tmax, (double)(tl->e_line[k] / 3.6e6), (double)tmin);
    PetscCheck(tl->e_regen[k] < t->e_regen[k] && t->e_regen[k] < th->e_regen[k], PETSC_COMM_WORLD, PETSC_ERR_PLIB, "route %s: regenerated energy %.9g kWh not strictly between %.9g (eta %g) and %.9g kWh (eta %g)", id, (double)(t->e_regen[k] / 3.6e6), (double)(tl->e_regen[k] / 3.6e6), (double)bmin, (double)(th->e_regen[k] / 3.6e6), (double)bmax);
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "route %s: line %.6f kWh in (%.6f, %.6f) at %.6f, regen %.6f kWh in (%.6f, %.6f) at %.6f\n", id, (double)(t->e_line[k] / 3.6e6), (double)(th->e_line[k] / 3.6e6), (double)(tl->e_line[k] / 3.6e6), (double)((tl->e_line[k] - t->e_line[k]) / (tl->e_line[k] - th->e_line[k])), (double)(t->e_regen[k] / 3.6e6), (double)(tl->e_regen[k] / 3.6e6), (double)(th->e_regen[k] / 3.6e6), (double)((t->e_regen[k] - tl->e_regen[k]) / (th->e_regen[k] - tl->e_regen[k]))));
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "efficiency maps: every route's line and regenerated energies strictly between the constant bounds\n"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode totals_free(Totals *tot)
{
  PetscFunctionBegin;
  PetscCall(PetscFree3(tot->e_line, tot->e_regen, tot->e_aux));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  char      path[PETSC_MAX_PATH_LEN], low[PETSC_MAX_PATH_LEN], high[PETSC_MAX_PATH_LEN];
  PetscBool with_flow  = PETSC_FALSE, has_low, has_high;
  PetscReal duration_s = PETSC_MAX_REAL;
  Run       r;
  Totals    tot;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", path, sizeof path, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-with_flow", &with_flow, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-duration_s", &duration_s, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-eta_low", low, sizeof low, &has_low));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-eta_high", high, sizeof high, &has_high));
  PetscCheck(has_low == has_high, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "give both -eta_low and -eta_high, or neither");
  PetscCheck(!has_low || !with_flow, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "-eta_low/-eta_high need runs without -with_flow (the flow's lag would change the motion)");
  PetscCall(OcTestRunCreate(path, PETSC_TRUE, &r));
  PetscCall(simulate(&r, with_flow, duration_s, &tot));
  PetscCall(totals_view(&r, &tot, with_flow));
  if (has_low) {
    Run    rl, rh;
    Totals tl, th;

    PetscCall(OcTestRunCreate(low, PETSC_TRUE, &rl));
    PetscCall(simulate(&rl, with_flow, duration_s, &tl));
    PetscCall(OcTestRunCreate(high, PETSC_TRUE, &rh));
    PetscCall(simulate(&rh, with_flow, duration_s, &th));
    PetscCall(check_eta_bounds(&r, &tot, &rl, &tl, &rh, &th));
    PetscCall(totals_free(&tl));
    PetscCall(totals_free(&th));
    PetscCall(OcTestRunDestroy(&rl));
    PetscCall(OcTestRunDestroy(&rh));
  }
  PetscCall(totals_free(&tot));
  PetscCall(OcTestRunDestroy(&r));
  PetscCall(PetscFinalize());
  return 0;
}
