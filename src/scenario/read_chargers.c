#include <string.h>
#include "scenario_impl.h"

/* fleet.chargers: charger sites for battery e-buses at the stops where road routes end. The
   defaults (assumed, docs/scenario.md) are those of kernels/charging.h. */

static const char *const kind_names[] = {"depot", "terminal", NULL};

/* Whether some road route ends at the stop named name: only there do buses lay over. */
static PetscBool road_terminal(const OcScenarioData *d, const char *name)
{
  for (PetscInt r = 0; r < d->nroutes; r++) {
    const OcRoute *rt = &d->route[r];
    if (rt->system < 0 && !strcmp(d->stop_name[rt->first_stop + rt->nstops - 1], name)) return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

static PetscErrorCode read_row(const OcCsv *t, OcDiag diag, PetscInt r, const PetscInt c[], OcScenarioData *d, OcCharger *ch)
{
  enum {
    ID,
    BUS,
    KIND,
    LOCATION,
    POINTS,
    P_POINT,
    EFFICIENCY,
    DELAY,
    PF
  };
  const char *loc = OcCsvField(t, r, c[LOCATION]), *pts = OcCsvField(t, r, c[POINTS]);
  PetscInt    kind = OC_CHARGER_TERMINAL;
  size_t      n;

  PetscFunctionBegin;
  PetscCall(OcCsvGetId(t, diag, r, c[ID], ch->id));
  PetscCall(OcScenarioResolveAcBus(t, diag, r, c[BUS], d, &ch->ac_bus));
  if (!OcCsvField(t, r, c[BUS])[0]) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'ac_bus': expected the bus number of the AC case that feeds the charger, found an empty field"));
  PetscCall(OcCsvGetChoice(t, diag, r, c[KIND], kind_names, &kind));
  ch->kind = (OcChargerKind)kind;
  PetscCall(PetscStrlen(loc, &n));
  if (!n || n >= OC_NAME_LEN || !road_terminal(d, loc)) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'location': expected the name of a stop where a road route ends, got '%s'", loc));
  else PetscCall(PetscStrncpy(ch->location, loc, sizeof ch->location));
  ch->points = 1;
  if (pts[0] && (!OcParseInt(pts, &ch->points) || ch->points < 1 || ch->points > 1000)) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'points': expected a whole number from 1 to 1000, got '%s'", pts));
  ch->p_point_w     = ch->kind == OC_CHARGER_DEPOT ? 150.0e3 : 450.0e3;
  ch->efficiency    = 0.95;
  ch->start_delay_s = 30.0;
  ch->power_factor  = 0.99;
  PetscCall(OcCsvGetReal(t, diag, r, c[P_POINT], PETSC_FALSE, OC_REAL_POSITIVE, &ch->p_point_w));
  PetscCall(OcCsvGetReal(t, diag, r, c[EFFICIENCY], PETSC_FALSE, OC_REAL_FRACTION, &ch->efficiency));
  PetscCall(OcCsvGetReal(t, diag, r, c[DELAY], PETSC_FALSE, OC_REAL_NONNEG, &ch->start_delay_s));
  PetscCall(OcCsvGetReal(t, diag, r, c[PF], PETSC_FALSE, OC_REAL_FRACTION, &ch->power_factor));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One site per stop: a bus arriving there must know which queue to join. */
static PetscErrorCode check_locations(const OcCsv *t, OcDiag diag, const OcScenarioData *d)
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < d->nchargers; i++)
    for (PetscInt j = 0; j < i; j++)
      if (d->charger[i].location[0] && !strcmp(d->charger[i].location, d->charger[j].location)) {
        PetscCall(OcDiagAdd(diag, t->name, t->line[i], "field 'location': stop '%s' already has charger '%s' (line %" PetscInt_FMT "); give one site more points instead", d->charger[i].location, d->charger[j].id, t->line[j]));
        break;
      }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioReadChargers(const OcCsv *t, OcDiag diag, OcScenarioData *d)
{
  static const OcCsvColumn cols[] = {
    {"id",            PETSC_TRUE },
    {"ac_bus",        PETSC_TRUE },
    {"kind",          PETSC_TRUE },
    {"location",      PETSC_TRUE },
    {"points",        PETSC_FALSE},
    {"p_point_w",     PETSC_FALSE},
    {"efficiency",    PETSC_FALSE},
    {"start_delay_s", PETSC_FALSE},
    {"power_factor",  PETSC_FALSE}
  };
  PetscInt  c[sizeof cols / sizeof cols[0]];
  PetscBool ok;
  OcIdIndex ix;

  PetscFunctionBegin;
  PetscCall(OcCsvBind(t, diag, cols, (PetscInt)(sizeof cols / sizeof cols[0]), c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  d->nchargers = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->charger));
  for (PetscInt r = 0; r < t->nrows; r++) PetscCall(read_row(t, diag, r, c, d, &d->charger[r]));
  PetscCall(check_locations(t, diag, d));
  PetscCall(OcIdIndexBuild(d->charger, d->nchargers, sizeof(OcCharger), &ix));
  PetscCall(OcIdIndexCheckUnique(&ix, t, diag));
  PetscCall(OcIdIndexFree(&ix));
  PetscFunctionReturn(PETSC_SUCCESS);
}
