/* Auxiliary energy of every trip under an outside temperature that varies through the day,
   against an independent integration of the HVAC law (kernels/hvac.h) over the trip's time:
     test_aux_ramp -scenario ramp.yaml -base base.yaml
   ramp.yaml and base.yaml differ only in simulation.outside_temperature (base: none). Motion
   does not depend on the auxiliaries (no power flow: lag 1), so a trip's time in service is the
   same in both runs: t_service = E_aux(base) / aux_power_w. The expected auxiliary energy is then
   the integral of P_aux(T(t)) from its start (its departure, on a step boundary) over t_service,
   exact: T(t) is piecewise linear (the profile), P_aux piecewise linear in T, so the integrand is
   linear between the profile's points and the times where T crosses the law's kinks (heating and
   cooling limits, caps); the trapezoidal rule on those pieces is exact. The fleet evaluates the
   law at the middle of each step's time in service (in a trip's last, partial step, at the
   middle of its s < dt in service): exact on linear pieces, and in a step with a kink off by at
   most the change of slope times dt^2 / 8. Asserts per trip |E_fleet - E_law| <=
   k_max r dt^2 / 8 (+ 1e-12 relative), k_max the larger HVAC slope, r the profile's fastest
   change (here about 0.6 J a trip, 5e-8 relative), and prints per-route totals
   (rank-independent). Measured: the worst trip at 1e-7 of that bound (with the law taken at the
   step's middle also in the last step, it was 0.5: the last step's error dominated). */
#include <math.h>
#include "octest_run.h"

typedef OcTestRun Run;

/* Runs a scenario without the power flow; per trip (global index): departure and E_aux, NaN for a
   trip that did not run. */
static PetscErrorCode run(const char *path, PetscInt *ntrips, PetscReal **dep, PetscReal **e_aux, Run *r)
{
  PetscInt           n;
  const PetscInt    *trip;
  PetscBool          changed;
  PetscReal         *v, *w;
  const OcFleetTrip *tr;

  PetscFunctionBegin;
  PetscCall(OcTestRunCreate(path, PETSC_FALSE, r));
  for (PetscReal t = r->d->start_s; t < r->d->end_s - 1e-9; t += r->d->time_step_s) PetscCall(OcFleetAdvance(r->fleet, t, r->d->time_step_s));
  PetscCall(OcFleetGetTrips(r->fleet, ntrips, &tr));
  PetscCall(PetscCalloc2(*ntrips, dep, *ntrips, e_aux));
  PetscCall(OcFleetGetRecordTrips(r->fleet, &n, &trip, &changed));
  PetscCall(PetscMalloc2(n, &v, n, &w));
  PetscCall(OcFleetGetRecordSummary(r->fleet, OC_FLEET_DEPARTURE_S, v));
  PetscCall(OcFleetGetRecordSummary(r->fleet, OC_FLEET_E_AUX_J, w));
  for (PetscInt k = 0; k < n; k++) {
    (*dep)[trip[k]]   = v[k];
    (*e_aux)[trip[k]] = w[k];
  }
  PetscCall(PetscFree2(v, w));
  /* Each trip's record is held by exactly one rank: a sum gathers them (NaN stays NaN). */
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, *dep, (PetscMPIInt)*ntrips, MPIU_REAL, MPIU_SUM, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, *e_aux, (PetscMPIInt)*ntrips, MPIU_REAL, MPIU_SUM, PETSC_COMM_WORLD));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The HVAC law, written out again. */
static double p_aux(const OcVehicleType *v, double temp)
{
  return v->aux_power_w + fmin(v->hvac_heat_max_w, v->hvac_k_heat_w_per_k * fmax(0.0, v->hvac_t_heat_c - temp)) + fmin(v->hvac_cool_max_w, v->hvac_k_cool_w_per_k * fmax(0.0, temp - v->hvac_t_cool_c));
}

/* The profile within one day (the test's profile does not wrap inside the run): linear, held. */
static double temp_at(const OcScenarioData *d, double t)
{
  const PetscInt n = d->ntemperature;
  if (t <= d->temperature_t_s[0]) return d->temperature_c[0];
  for (PetscInt k = 0; k + 1 < n; k++)
    if (t <= d->temperature_t_s[k + 1]) return d->temperature_c[k] + (d->temperature_c[k + 1] - d->temperature_c[k]) * (t - d->temperature_t_s[k]) / (d->temperature_t_s[k + 1] - d->temperature_t_s[k]);
  return d->temperature_c[n - 1];
}

/* Integral of P_aux(T(t)) over [a, b]: trapezoids between the profile's points and the times of
   the law's kinks. */
static double integral(const OcScenarioData *d, const OcVehicleType *v, double a, double b)
{
  double cut[64], kink[4] = {v->hvac_t_heat_c, v->hvac_t_cool_c, v->hvac_t_heat_c - v->hvac_heat_max_w / v->hvac_k_heat_w_per_k, v->hvac_t_cool_c + v->hvac_cool_max_w / v->hvac_k_cool_w_per_k}, sum = 0.0;
  int    n = 0;
  cut[n++] = a;
  for (PetscInt k = 0; k + 1 < d->ntemperature; k++) {
    const double t0 = d->temperature_t_s[k], t1 = d->temperature_t_s[k + 1], c0 = d->temperature_c[k], c1 = d->temperature_c[k + 1];
    if (t0 > a && t0 < b) cut[n++] = t0;
    for (int j = 0; j < 4; j++) {
      const double s = (kink[j] - c0) / (c1 - c0), t = t0 + s * (t1 - t0);
      if (isfinite(s) && s > 0 && s < 1 && t > a && t < b) cut[n++] = t;
    }
  }
  cut[n++] = b;
  for (int i = 1; i < n; i++) /* insertion sort: a few points */
    for (int j = i; j > 0 && cut[j] < cut[j - 1]; j--) {
      const double x = cut[j];
      cut[j]         = cut[j - 1];
      cut[j - 1]     = x;
    }
  for (int i = 0; i + 1 < n; i++) sum += 0.5 * (cut[i + 1] - cut[i]) * (p_aux(v, temp_at(d, cut[i])) + p_aux(v, temp_at(d, cut[i + 1])));
  return sum;
}

int main(int argc, char **argv)
{
  char               ramp[PETSC_MAX_PATH_LEN], base[PETSC_MAX_PATH_LEN];
  Run                rb, rr;
  PetscInt           nb, nr, ntrips, checked = 0, *count;
  PetscReal         *dep_b, *aux_b, *dep_r, *aux_r, worst = 0.0, *e_fleet, *e_law, rate = 0.0;
  const OcFleetTrip *trip;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-scenario", ramp, sizeof ramp, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-base", base, sizeof base, NULL));
  PetscCall(run(base, &nb, &dep_b, &aux_b, &rb));
  PetscCall(run(ramp, &nr, &dep_r, &aux_r, &rr));
  PetscCheck(nb == nr && rr.d->ntemperature > 1 && rb.d->ntemperature == 0, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "-base must be -scenario without outside_temperature");
  PetscCall(OcFleetGetTrips(rr.fleet, &ntrips, &trip));
  for (PetscInt k = 0; k + 1 < rr.d->ntemperature; k++) rate = fmax(rate, fabs((rr.d->temperature_c[k + 1] - rr.d->temperature_c[k]) / (rr.d->temperature_t_s[k + 1] - rr.d->temperature_t_s[k])));
  PetscCall(PetscCalloc3(rr.d->nroutes, &e_fleet, rr.d->nroutes, &e_law, rr.d->nroutes, &count));
  for (PetscInt k = 0; k < ntrips; k++) {
    const OcVehicleType *v = &rr.d->vehicle_type[trip[k].vehicle_type];
    double               t_service, want, bound;
    if (isnan(aux_r[k])) continue;
    t_service       = aux_b[k] / v->aux_power_w;
    want            = integral(rr.d, v, dep_r[k], dep_r[k] + t_service);
    const double dt = rr.d->time_step_s;
    bound           = fmax(v->hvac_k_heat_w_per_k, v->hvac_k_cool_w_per_k) * rate * dt * dt / 8.0 + 1e-12 * want;
    worst           = fmax(worst, fabs(aux_r[k] - want) / bound);
    e_fleet[trip[k].route] += aux_r[k];
    e_law[trip[k].route] += want;
    count[trip[k].route]++;
    checked++;
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%" PetscInt_FMT " trips checked; auxiliary energy against the integrated HVAC law within the midpoint-rule bound: %s\n", checked, worst <= 1.0 ? "yes" : "NO"));
  for (PetscInt k = 0; k < rr.d->nroutes; k++)
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "route %s: %" PetscInt_FMT " trips, auxiliaries %.6f kWh (integrated law %.6f kWh)\n", rr.d->route[k].id, count[k], (double)(e_fleet[k] / 3.6e6), (double)(e_law[k] / 3.6e6)));
  PetscCall(PetscInfo(NULL, "worst difference / bound %g\n", worst));
  PetscCall(PetscFree3(e_fleet, e_law, count));
  PetscCall(PetscFree2(dep_b, aux_b));
  PetscCall(PetscFree2(dep_r, aux_r));
  PetscCall(OcTestRunDestroy(&rr));
  PetscCall(OcTestRunDestroy(&rb));
  PetscCall(PetscFinalize());
  return worst <= 1.0 ? 0 : 1;
}
