#include <string.h>
#include "scenario_impl.h"

/* The AC grid: ac.case (MATPOWER), ac.load_profiles and ac.loads (CSV), ac.profile_interpolation. */

#define DAY_S 86400.0

/* load_profiles: a column 'time' (clock times, increasing, within one day) and one column of
   multipliers per profile. */
static PetscErrorCode read_profiles(const OcCsv *t, OcDiag diag, OcScenarioData *d)
{
  PetscInt np = t->ncols - 1, tcol = -1;

  PetscFunctionBegin;
  for (PetscInt c = 0; c < t->ncols; c++)
    if (!strcmp(t->header[c], "time")) tcol = c;
  if (tcol != 0 || np < 1 || t->nrows < 1) {
    PetscCall(OcDiagAdd(diag, t->name, 1, "expected a first column 'time' followed by one column per profile and at least one row"));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  d->nprofiles       = np;
  d->nprofile_points = np * t->nrows;
  PetscCall(PetscCalloc1(np, &d->profile));
  PetscCall(PetscCalloc1(d->nprofile_points, &d->profile_t_s));
  PetscCall(PetscCalloc1(d->nprofile_points, &d->profile_value));
  for (PetscInt p = 0; p < np; p++) {
    PetscCall(PetscStrncpy(d->profile[p].id, t->header[p + 1], OC_NAME_LEN));
    d->profile[p].first   = p * t->nrows;
    d->profile[p].npoints = t->nrows;
  }
  for (PetscInt r = 0; r < t->nrows; r++) {
    PetscReal time_s = -1;
    if (!OcParseClock(OcCsvField(t, r, 0), &time_s) || time_s >= DAY_S) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'time': expected a clock time from 00:00 to 23:59:59, got '%s'", OcCsvField(t, r, 0)));
    else if (r > 0 && time_s <= d->profile_t_s[r - 1]) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'time': times must increase, but %s is not after the previous row", OcCsvField(t, r, 0)));
    for (PetscInt p = 0; p < np; p++) {
      d->profile_t_s[p * t->nrows + r] = time_s;
      PetscCall(OcCsvGetReal(t, diag, r, p + 1, PETSC_TRUE, OC_REAL_NONNEG, &d->profile_value[p * t->nrows + r]));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_loads(const OcCsv *t, OcDiag diag, const char *profiles_name, OcScenarioData *d)
{
  enum {
    BUS,
    PROFILE,
    NCOL
  };
  static const OcCsvColumn cols[NCOL] = {
    {"bus",     PETSC_TRUE},
    {"profile", PETSC_TRUE}
  };
  PetscInt  c[NCOL];
  PetscBool ok;
  OcIdIndex profiles;

  PetscFunctionBegin;
  PetscCall(OcCsvBind(t, diag, cols, NCOL, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcIdIndexBuild(d->profile, d->nprofiles, sizeof(OcProfile), &profiles));
  d->nac_loads = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->ac_load));
  for (PetscInt r = 0; r < t->nrows; r++) {
    OcAcLoad   *l = &d->ac_load[r];
    PetscInt    number;
    const char *bus = OcCsvField(t, r, c[BUS]), *profile = OcCsvField(t, r, c[PROFILE]);
    l->bus = l->profile = -1;
    if (OcParseInt(bus, &number)) PetscCall(OcMpCaseFindBus(&d->ac, number, &l->bus));
    if (l->bus < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'bus': expected a bus number of the AC case, got '%s'", bus));
    for (PetscInt k = 0; k < r && l->bus >= 0; k++)
      if (d->ac_load[k].bus == l->bus) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'bus': bus %s already has a profile (line %" PetscInt_FMT ")", bus, t->line[k]));
    l->profile = OcIdIndexFind(&profiles, profile);
    if (l->profile < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'profile': no profile '%s' in %s", profile, profiles_name));
  }
  PetscCall(OcIdIndexFree(&profiles));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioReadAc(OcReadCtx *ctx, yaml_node_t *ac, OcScenarioData *d)
{
  static const char *const keys[]   = {"case", "load_profiles", "loads", "profile_interpolation", NULL};
  static const char *const interp[] = {"linear", "step", NULL};
  char                     case_path[PETSC_MAX_PATH_LEN], pname[PETSC_MAX_PATH_LEN], lname[PETSC_MAX_PATH_LEN];
  PetscBool                ok, given;
  PetscInt                 before, after, choice = OC_PROFILE_LINEAR;
  yaml_node_t             *node;
  OcCsv                    profiles, loads;

  PetscFunctionBegin;
  PetscCall(OcYamlCheckMapping(ctx->yaml, ac, "ac", keys, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcYamlGet(ctx->yaml, ac, "ac", "case", PETSC_TRUE, &node));
  PetscCall(OcYamlGetChoice(ctx->yaml, ac, "ac", "profile_interpolation", interp, &choice));
  d->interpolation = (OcProfileInterpolation)choice;
  if (!node) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcReadPath(ctx, ac, "ac", "case", case_path, sizeof case_path, &given));
  PetscCall(OcDiagCount(ctx->diag, &before));
  if (given) PetscCall(OcMpCaseRead(case_path, ctx->diag, &d->ac));
  PetscCall(OcDiagCount(ctx->diag, &after));
  if (after > before) PetscFunctionReturn(PETSC_SUCCESS);
  d->has_ac = PETSC_TRUE;
  PetscCall(OcReadTable(ctx, ac, "ac", "load_profiles", PETSC_FALSE, pname, sizeof pname, &profiles));
  PetscCall(OcReadTable(ctx, ac, "ac", "loads", PETSC_FALSE, lname, sizeof lname, &loads));
  if (loads.header && !profiles.header) PetscCall(OcDiagAdd(ctx->diag, ctx->yaml->path, OcYamlLine(ac), "ac.loads needs ac.load_profiles"));
  if (profiles.header) PetscCall(read_profiles(&profiles, ctx->diag, d));
  PetscCall(OcDiagCount(ctx->diag, &after));
  if (loads.header && after == before) PetscCall(read_loads(&loads, ctx->diag, pname, d));
  PetscCall(OcCsvFree(&profiles));
  PetscCall(OcCsvFree(&loads));
  PetscFunctionReturn(PETSC_SUCCESS);
}
