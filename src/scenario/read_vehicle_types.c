#include <math.h>
#include <stdlib.h>
#include "scenario_impl.h"

/* fleet.vehicle_types: a 'base' from the built-in library and any values to override. */

typedef struct {
  const char      *name;
  size_t           offset; /* of the PetscReal member in OcVehicleType */
  OcRealConstraint c;
} Field;

#define FIELD(m, c) \
  { \
    #m, offsetof(OcVehicleType, m), c \
  }
static const Field fields[] = {
  FIELD(mass_kg, OC_REAL_POSITIVE),
  FIELD(rotating_mass_factor, OC_REAL_NONNEG),
  FIELD(davis_a_n, OC_REAL_NONNEG),
  FIELD(davis_b_n_per_mps, OC_REAL_NONNEG),
  FIELD(davis_c_n_per_mps2, OC_REAL_NONNEG),
  FIELD(max_tractive_effort_n, OC_REAL_POSITIVE),
  FIELD(max_power_w, OC_REAL_POSITIVE),
  FIELD(max_regen_power_w, OC_REAL_NONNEG),
  FIELD(max_electric_brake_n, OC_REAL_NONNEG),
  FIELD(service_braking_mps2, OC_REAL_POSITIVE),
  FIELD(max_speed_kmh, OC_REAL_POSITIVE),
  FIELD(eta_traction, OC_REAL_FRACTION),
  FIELD(eta_braking, OC_REAL_FRACTION),
  FIELD(aux_power_w, OC_REAL_NONNEG),
  FIELD(max_line_current_a, OC_REAL_NONNEG),
  FIELD(battery_capacity_kwh, OC_REAL_NONNEG),
  FIELD(max_charge_power_w, OC_REAL_NONNEG),
  FIELD(hvac_t_heat_c, OC_REAL_ANY),
  FIELD(hvac_t_cool_c, OC_REAL_ANY),
  FIELD(hvac_k_heat_w_per_k, OC_REAL_NONNEG),
  FIELD(hvac_k_cool_w_per_k, OC_REAL_NONNEG),
  FIELD(hvac_heat_max_w, OC_REAL_NONNEG),
  FIELD(hvac_cool_max_w, OC_REAL_NONNEG),
};
#define NFIELDS ((PetscInt)(sizeof fields / sizeof fields[0]))

/* Efficiency curves: "speed_kmh:eta" points separated by ';', e.g. "0:0.80;30:0.88;70:0.86". */
static const char *const curves[] = {"eta_traction_curve", "eta_braking_curve"};
#define NCURVES 2
/* Efficiency maps by speed and effort (eta_map.c). */
static const char *const maps[] = {"eta_traction_map", "eta_braking_map"};
#define NMAPS 2
/* Then one column: the battery's charge curve. */
#define NCOLS (2 + NFIELDS + NCURVES + NMAPS + 1)

/* "x:y" points separated by ';' into x[] and y[]: how many (at most max), or -1 when the text is
   not such a list or has more. */
static PetscInt parse_points(const char *p, PetscInt max, double x[], double y[])
{
  PetscInt n = 0;

  while (*p) {
    char *end;
    x[n] = strtod(p, &end);
    if (end == p || *end != ':') return -1;
    p    = end + 1;
    y[n] = strtod(p, &end);
    if (end == p || (*end && *end != ';') || n == max) return -1;
    n++;
    p = *end ? end + 1 : end;
  }
  return n;
}

static PetscErrorCode read_curve(const OcCsv *t, OcDiag diag, PetscInt r, PetscInt col, const char *name, OcEtaCurve *curve)
{
  const char *text = OcCsvField(t, r, col);
  double      kmh[OC_ETA_CURVE_MAX + 1], eta[OC_ETA_CURVE_MAX + 1];
  PetscInt    n;

  PetscFunctionBegin;
  if (!*text) PetscFunctionReturn(PETSC_SUCCESS);
  n = parse_points(text, OC_ETA_CURVE_MAX, kmh, eta);
  if (n < 2) {
    PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field '%s': expected 2 to %d points 'speed_kmh:eta' separated by ';' (e.g. 0:0.80;30:0.88;70:0.86), got '%s'", name, OC_ETA_CURVE_MAX, text));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  for (PetscInt k = 0; k < n; k++) {
    if (!isfinite(kmh[k]) || kmh[k] < 0 || (k > 0 && !(kmh[k] > kmh[k - 1])) || !(eta[k] > 0 && eta[k] <= 1)) {
      PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field '%s': point %" PetscInt_FMT " (%g km/h, %g): expected speeds >= 0 km/h in increasing order and efficiencies in (0, 1]", name, k + 1, kmh[k], eta[k]));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
  }
  curve->n = n;
  for (PetscInt k = 0; k < n; k++) {
    curve->v_mps[k] = kmh[k] / 3.6;
    curve->eta[k]   = eta[k];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* charge_curve: "soc:kW" points, e.g. "0:300;0.8:300;1:30" (kernels/battery.h). */
static PetscErrorCode read_charge_curve(const OcCsv *t, OcDiag diag, PetscInt r, PetscInt col, OcSocCurve *curve)
{
  const char *text = OcCsvField(t, r, col);
  double      soc[OC_SOC_CURVE_MAX + 1], kw[OC_SOC_CURVE_MAX + 1];
  PetscInt    n;

  PetscFunctionBegin;
  if (!*text) PetscFunctionReturn(PETSC_SUCCESS);
  n = parse_points(text, OC_SOC_CURVE_MAX, soc, kw);
  if (n < 1) {
    PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'charge_curve': expected 1 to %d points 'soc:kW' separated by ';' (e.g. 0:300;0.8:300;1:30), got '%s'", OC_SOC_CURVE_MAX, text));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  for (PetscInt k = 0; k < n; k++) {
    if (!(soc[k] >= 0 && soc[k] <= 1) || (k > 0 && !(soc[k] > soc[k - 1])) || !(kw[k] >= 0 && isfinite(kw[k]))) {
      PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'charge_curve': point %" PetscInt_FMT " (%g, %g kW): expected states of charge in [0, 1] in increasing order and powers >= 0 kW", k + 1, soc[k], kw[k]));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
  }
  curve->n = n;
  for (PetscInt k = 0; k < n; k++) {
    curve->soc[k] = soc[k];
    curve->p_w[k] = kw[k] * 1e3;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_row(const OcCsv *t, OcDiag diag, PetscInt r, const PetscInt c[], OcVehicleType *v)
{
  const char *base            = OcCsvField(t, r, c[1]);
  char        id[OC_NAME_LEN] = "";

  PetscFunctionBegin;
  PetscCall(OcCsvGetId(t, diag, r, c[0], id));
  if (!OcRollingStockFind(base, v)) {
    PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'base': expected one of %s, got '%s'", OcRollingStockNames(), base));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(PetscStrncpy(v->id, id, sizeof v->id));
  for (PetscInt k = 0; k < NFIELDS; k++) PetscCall(OcCsvGetReal(t, diag, r, c[2 + k], PETSC_FALSE, fields[k].c, (PetscReal *)((char *)v + fields[k].offset)));
  PetscCall(read_curve(t, diag, r, c[2 + NFIELDS], curves[0], &v->eta_traction_curve));
  PetscCall(read_curve(t, diag, r, c[2 + NFIELDS + 1], curves[1], &v->eta_braking_curve));
  PetscCall(OcReadEtaMap(t, diag, r, c[2 + NFIELDS + NCURVES], maps[0], PETSC_FALSE, &v->eta_traction_map));
  PetscCall(OcReadEtaMap(t, diag, r, c[2 + NFIELDS + NCURVES + 1], maps[1], PETSC_TRUE, &v->eta_braking_map));
  PetscCall(read_charge_curve(t, diag, r, c[NCOLS - 1], &v->charge_curve));
  for (PetscInt k = 0; k < NMAPS; k++)
    if (*OcCsvField(t, r, c[2 + NFIELDS + k]) && *OcCsvField(t, r, c[2 + NFIELDS + NCURVES + k])) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "fields '%s' and '%s': give one of them, not both", curves[k], maps[k]));
  if (v->hvac_t_heat_c > v->hvac_t_cool_c)
    PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'hvac_t_cool_c': cooling must start at or above the heating limit hvac_t_heat_c (%g degC), got %g degC", (double)v->hvac_t_heat_c, (double)v->hvac_t_cool_c));
  if (v->kind == OC_VEHICLE_EBUS && !(v->battery_capacity_kwh > 0)) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'battery_capacity_kwh': an e-bus needs a battery, expected a number > 0"));
  /* Under the wire the charging power is part of the vehicle's line demand: no default for it. */
  if (v->kind != OC_VEHICLE_EBUS && OcVehicleHasBattery(v) && !(OcVehicleChargePower(v) > 0))
    PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'max_charge_power_w': a vehicle with a traction battery on a DC system (base %s) charges it from the contact line at this power (or at its charge_curve); expected a number > 0 (W)", base));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioReadVehicleTypes(const OcCsv *t, OcDiag diag, OcScenarioData *d)
{
  OcCsvColumn cols[NCOLS] = {
    {"id",   PETSC_TRUE},
    {"base", PETSC_TRUE}
  };
  PetscInt  c[NCOLS];
  PetscBool ok;
  OcIdIndex ix;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < NFIELDS; k++) cols[2 + k] = (OcCsvColumn){fields[k].name, PETSC_FALSE};
  for (PetscInt k = 0; k < NCURVES; k++) cols[2 + NFIELDS + k] = (OcCsvColumn){curves[k], PETSC_FALSE};
  for (PetscInt k = 0; k < NMAPS; k++) cols[2 + NFIELDS + NCURVES + k] = (OcCsvColumn){maps[k], PETSC_FALSE};
  cols[NCOLS - 1] = (OcCsvColumn){"charge_curve", PETSC_FALSE};
  PetscCall(OcCsvBind(t, diag, cols, NCOLS, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  d->nvehicle_types = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->vehicle_type));
  for (PetscInt r = 0; r < t->nrows; r++) PetscCall(read_row(t, diag, r, c, &d->vehicle_type[r]));
  PetscCall(OcIdIndexBuild(d->vehicle_type, d->nvehicle_types, sizeof(OcVehicleType), &ix));
  PetscCall(OcIdIndexCheckUnique(&ix, t, diag));
  PetscCall(OcIdIndexFree(&ix));
  PetscFunctionReturn(PETSC_SUCCESS);
}
