#include <math.h>
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
};
#define NFIELDS ((PetscInt)(sizeof fields / sizeof fields[0]))

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
  if (v->kind == OC_VEHICLE_EBUS && !(v->battery_capacity_kwh > 0)) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'battery_capacity_kwh': an e-bus needs a battery, expected a number > 0"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioReadVehicleTypes(const OcCsv *t, OcDiag diag, OcScenarioData *d)
{
  OcCsvColumn cols[2 + NFIELDS] = {
    {"id",   PETSC_TRUE},
    {"base", PETSC_TRUE}
  };
  PetscInt  c[2 + NFIELDS];
  PetscBool ok;
  OcIdIndex ix;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < NFIELDS; k++) cols[2 + k] = (OcCsvColumn){fields[k].name, PETSC_FALSE};
  PetscCall(OcCsvBind(t, diag, cols, 2 + NFIELDS, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  d->nvehicle_types = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->vehicle_type));
  for (PetscInt r = 0; r < t->nrows; r++) PetscCall(read_row(t, diag, r, c, &d->vehicle_type[r]));
  PetscCall(OcIdIndexBuild(d->vehicle_type, d->nvehicle_types, sizeof(OcVehicleType), &ix));
  PetscCall(OcIdIndexCheckUnique(&ix, t, diag));
  PetscCall(OcIdIndexFree(&ix));
  PetscFunctionReturn(PETSC_SUCCESS);
}
