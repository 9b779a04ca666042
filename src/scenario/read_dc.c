#include <math.h>
#include <string.h>
#include "scenario_impl.h"

/* The DC traction part: dc.systems, dc.nodes, dc.sections, dc.substations (CSV tables). */

static const char *const kind_names[] = {"diode", "reversible", NULL};
static const char *const duty_names[] = {"I", "II", "III", "IV", "V", "VI", NULL};

static PetscErrorCode read_systems(const OcCsv *t, OcDiag diag, OcScenarioData *d)
{
  enum {
    ID,
    UN,
    UMIN2,
    UMIN1,
    UMAX1,
    UMAX2,
    NCOL
  };
  static const OcCsvColumn cols[NCOL] = {
    {"id",          PETSC_TRUE },
    {"u_nominal_v", PETSC_TRUE },
    {"umin2_v",     PETSC_FALSE},
    {"umin1_v",     PETSC_FALSE},
    {"umax1_v",     PETSC_FALSE},
    {"umax2_v",     PETSC_FALSE}
  };
  PetscInt  c[NCOL];
  PetscBool ok;

  PetscFunctionBegin;
  PetscCall(OcCsvBind(t, diag, cols, NCOL, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  d->ndc_systems = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->dc_system));
  for (PetscInt r = 0; r < t->nrows; r++) {
    OcDcSystem *s = &d->dc_system[r];
    PetscBool   standard;
    PetscCall(OcCsvGetId(t, diag, r, c[ID], s->id));
    s->u_nominal_v = NAN;
    PetscCall(OcCsvGetReal(t, diag, r, c[UN], PETSC_TRUE, OC_REAL_POSITIVE, &s->u_nominal_v));
    if (isnan(s->u_nominal_v)) continue;
    standard = OcEN50163Limits(s->u_nominal_v, &s->umin2_v, &s->umin1_v, &s->umax1_v, &s->umax2_v);
    if (!standard && (c[UMIN2] < 0 || c[UMIN1] < 0 || c[UMAX1] < 0 || c[UMAX2] < 0)) {
      PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'u_nominal_v': %g V is not an EN 50163 nominal voltage (600, 750, 1500, 3000 V); give umin2_v, umin1_v, umax1_v and umax2_v", (double)s->u_nominal_v));
      continue;
    }
    PetscCall(OcCsvGetReal(t, diag, r, c[UMIN2], !standard, OC_REAL_POSITIVE, &s->umin2_v));
    PetscCall(OcCsvGetReal(t, diag, r, c[UMIN1], !standard, OC_REAL_POSITIVE, &s->umin1_v));
    PetscCall(OcCsvGetReal(t, diag, r, c[UMAX1], !standard, OC_REAL_POSITIVE, &s->umax1_v));
    PetscCall(OcCsvGetReal(t, diag, r, c[UMAX2], !standard, OC_REAL_POSITIVE, &s->umax2_v));
    if (!(s->umin2_v <= s->umin1_v && s->umin1_v < s->u_nominal_v && s->u_nominal_v < s->umax1_v && s->umax1_v <= s->umax2_v))
      PetscCall(OcDiagAdd(diag, t->name, t->line[r], "voltage limits of system '%s' must satisfy umin2_v <= umin1_v < u_nominal_v < umax1_v <= umax2_v, got %g, %g, %g, %g, %g V", s->id, (double)s->umin2_v, (double)s->umin1_v, (double)s->u_nominal_v,
                          (double)s->umax1_v, (double)s->umax2_v));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Resolves an id field against an index; records a dangling reference. */
static PetscErrorCode resolve(const OcCsv *t, OcDiag diag, PetscInt r, PetscInt col, const OcIdIndex *ix, const char *what, const char *table, PetscInt *index)
{
  const char *id = OcCsvField(t, r, col);

  PetscFunctionBegin;
  *index = id[0] ? OcIdIndexFind(ix, id) : -1;
  if (!id[0]) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field '%s': expected the id of a %s, found an empty field", t->header[col], what));
  else if (*index < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field '%s': no %s '%s' in %s", t->header[col], what, id, table));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_nodes(const OcCsv *t, OcDiag diag, const OcIdIndex *systems, const char *systems_name, OcScenarioData *d)
{
  enum {
    ID,
    SYSTEM,
    X,
    Y,
    NCOL
  };
  static const OcCsvColumn cols[NCOL] = {
    {"id",     PETSC_TRUE },
    {"system", PETSC_TRUE },
    {"x_m",    PETSC_FALSE},
    {"y_m",    PETSC_FALSE}
  };
  PetscInt  c[NCOL];
  PetscBool ok;

  PetscFunctionBegin;
  PetscCall(OcCsvBind(t, diag, cols, NCOL, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  d->ndc_nodes = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->dc_node));
  for (PetscInt r = 0; r < t->nrows; r++) {
    OcDcNode *n = &d->dc_node[r];
    PetscCall(OcCsvGetId(t, diag, r, c[ID], n->id));
    PetscCall(resolve(t, diag, r, c[SYSTEM], systems, "DC system", systems_name, &n->system));
    n->x_m = n->y_m = NAN;
    PetscCall(OcCsvGetReal(t, diag, r, c[X], PETSC_FALSE, OC_REAL_ANY, &n->x_m));
    PetscCall(OcCsvGetReal(t, diag, r, c[Y], PETSC_FALSE, OC_REAL_ANY, &n->y_m));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_sections(const OcCsv *t, OcDiag diag, const OcIdIndex *nodes, const char *nodes_name, OcScenarioData *d)
{
  enum {
    ID,
    FROM,
    TO,
    LENGTH,
    R,
    IMAX,
    NCOL
  };
  static const OcCsvColumn cols[NCOL] = {
    {"id",           PETSC_TRUE },
    {"from_node",    PETSC_TRUE },
    {"to_node",      PETSC_TRUE },
    {"length_m",     PETSC_TRUE },
    {"r_ohm_per_km", PETSC_TRUE },
    {"i_max_a",      PETSC_FALSE}
  };
  PetscInt  c[NCOL];
  PetscBool ok;

  PetscFunctionBegin;
  PetscCall(OcCsvBind(t, diag, cols, NCOL, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  d->ndc_sections = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->dc_section));
  for (PetscInt r = 0; r < t->nrows; r++) {
    OcDcSection *s = &d->dc_section[r];
    PetscCall(OcCsvGetId(t, diag, r, c[ID], s->id));
    PetscCall(resolve(t, diag, r, c[FROM], nodes, "DC node", nodes_name, &s->from));
    PetscCall(resolve(t, diag, r, c[TO], nodes, "DC node", nodes_name, &s->to));
    PetscCall(OcCsvGetReal(t, diag, r, c[LENGTH], PETSC_TRUE, OC_REAL_POSITIVE, &s->length_m));
    PetscCall(OcCsvGetReal(t, diag, r, c[R], PETSC_TRUE, OC_REAL_POSITIVE, &s->r_ohm_per_km));
    PetscCall(OcCsvGetReal(t, diag, r, c[IMAX], PETSC_FALSE, OC_REAL_NONNEG, &s->i_max_a));
    s->system = -1;
    if (s->from < 0 || s->to < 0) continue;
    if (s->from == s->to) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'to_node': section '%s' starts and ends at node '%s'; a section joins two different nodes", s->id, d->dc_node[s->from].id));
    else if (d->dc_node[s->from].system != d->dc_node[s->to].system)
      PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'to_node': section '%s' joins nodes of different DC systems ('%s' and '%s'); systems are separate electrical networks", s->id, d->dc_system[d->dc_node[s->from].system].id,
                          d->dc_system[d->dc_node[s->to].system].id));
    else s->system = d->dc_node[s->from].system;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The substation's AC bus, by MATPOWER bus number; empty means an ideal source. */
PetscErrorCode OcScenarioResolveAcBus(const OcCsv *t, OcDiag diag, PetscInt r, PetscInt col, const OcScenarioData *d, PetscInt *bus)
{
  const char *text = OcCsvField(t, r, col);
  PetscInt    number;

  PetscFunctionBegin;
  *bus = -1;
  if (!text[0]) PetscFunctionReturn(PETSC_SUCCESS);
  if (!OcParseInt(text, &number)) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'ac_bus': expected a bus number of the AC case, got '%s'", text));
  else if (!d->has_ac) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'ac_bus': the scenario has no 'ac' grid to connect bus %s to", text));
  else {
    PetscCall(OcMpCaseFindBus(&d->ac, number, bus));
    if (*bus < 0) PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'ac_bus': bus %s does not exist in the AC case", text));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_substations(const OcCsv *t, OcDiag diag, const OcIdIndex *nodes, const char *nodes_name, OcScenarioData *d)
{
  enum {
    ID,
    NODE,
    BUS,
    KIND,
    U0,
    REQ,
    PRATED,
    ETA,
    PNL,
    PF,
    DUTY,
    NCOL
  };
  static const OcCsvColumn cols[NCOL] = {
    {"id",            PETSC_TRUE },
    {"node",          PETSC_TRUE },
    {"ac_bus",        PETSC_FALSE},
    {"kind",          PETSC_FALSE},
    {"u0_v",          PETSC_TRUE },
    {"r_eq_ohm",      PETSC_TRUE },
    {"rated_power_w", PETSC_TRUE },
    {"efficiency",    PETSC_FALSE},
    {"p_noload_w",    PETSC_FALSE},
    {"power_factor",  PETSC_FALSE},
    {"duty_class",    PETSC_FALSE}
  };
  PetscInt  c[NCOL], kind, duty;
  PetscBool ok;

  PetscFunctionBegin;
  PetscCall(OcCsvBind(t, diag, cols, NCOL, c, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  d->nsubstations = t->nrows;
  PetscCall(PetscCalloc1(t->nrows, &d->substation));
  for (PetscInt r = 0; r < t->nrows; r++) {
    OcSubstation *s = &d->substation[r];
    PetscCall(OcCsvGetId(t, diag, r, c[ID], s->id));
    PetscCall(resolve(t, diag, r, c[NODE], nodes, "DC node", nodes_name, &s->node));
    PetscCall(OcScenarioResolveAcBus(t, diag, r, c[BUS], d, &s->ac_bus));
    kind = OC_RECTIFIER_DIODE;
    duty = OC_DUTY_VI;
    PetscCall(OcCsvGetChoice(t, diag, r, c[KIND], kind_names, &kind));
    PetscCall(OcCsvGetChoice(t, diag, r, c[DUTY], duty_names, &duty));
    s->kind       = (OcRectifier)kind;
    s->duty_class = (OcDutyClass)duty;
    /* Defaults (assumed, docs/scenario.md): 12-pulse diode rectifier group. */
    s->efficiency   = 0.985;
    s->power_factor = 0.95;
    PetscCall(OcCsvGetReal(t, diag, r, c[U0], PETSC_TRUE, OC_REAL_POSITIVE, &s->u0_v));
    PetscCall(OcCsvGetReal(t, diag, r, c[REQ], PETSC_TRUE, OC_REAL_POSITIVE, &s->r_eq_ohm));
    PetscCall(OcCsvGetReal(t, diag, r, c[PRATED], PETSC_TRUE, OC_REAL_POSITIVE, &s->rated_power_w));
    PetscCall(OcCsvGetReal(t, diag, r, c[ETA], PETSC_FALSE, OC_REAL_FRACTION, &s->efficiency));
    PetscCall(OcCsvGetReal(t, diag, r, c[PNL], PETSC_FALSE, OC_REAL_NONNEG, &s->p_noload_w));
    PetscCall(OcCsvGetReal(t, diag, r, c[PF], PETSC_FALSE, OC_REAL_FRACTION, &s->power_factor));
    if (s->node >= 0 && s->u0_v > 0) {
      const OcDcSystem *sys = &d->dc_system[d->dc_node[s->node].system];
      if (s->u0_v < sys->umin1_v || s->u0_v > sys->umax1_v)
        PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field 'u0_v': %g V is outside the permanent range %g-%g V of system '%s' (EN 50163)", (double)s->u0_v, (double)sys->umin1_v, (double)sys->umax1_v, sys->id));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioReadDc(OcReadCtx *ctx, yaml_node_t *dc, OcScenarioData *d)
{
  static const char *const keys[] = {"systems", "nodes", "sections", "substations", NULL};
  char(*name)[PETSC_MAX_PATH_LEN] = ctx->dc_table;
  OcCsv     t[4];
  OcIdIndex systems = {0}, nodes = {0};
  PetscBool ok;
  PetscInt  before, after;

  PetscFunctionBegin;
  PetscCall(OcYamlCheckMapping(ctx->yaml, dc, "dc", keys, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcDiagCount(ctx->diag, &before));
  for (PetscInt k = 0; k < 4; k++) PetscCall(OcReadTable(ctx, dc, "dc", keys[k], PETSC_TRUE, name[k], sizeof name[k], &t[k]));
  /* Each table refers to the previous ones: stop at the first that has problems. */
  PetscCall(read_systems(&t[0], ctx->diag, d));
  PetscCall(OcIdIndexBuild(d->dc_system, d->ndc_systems, sizeof(OcDcSystem), &systems));
  PetscCall(OcIdIndexCheckUnique(&systems, &t[0], ctx->diag));
  PetscCall(OcDiagCount(ctx->diag, &after));
  if (after == before) {
    PetscCall(read_nodes(&t[1], ctx->diag, &systems, name[0], d));
    PetscCall(OcIdIndexBuild(d->dc_node, d->ndc_nodes, sizeof(OcDcNode), &nodes));
    PetscCall(OcIdIndexCheckUnique(&nodes, &t[1], ctx->diag));
    PetscCall(OcDiagCount(ctx->diag, &after));
  }
  if (after == before) {
    OcIdIndex sections, substations;
    PetscCall(read_sections(&t[2], ctx->diag, &nodes, name[1], d));
    PetscCall(read_substations(&t[3], ctx->diag, &nodes, name[1], d));
    PetscCall(OcIdIndexBuild(d->dc_section, d->ndc_sections, sizeof(OcDcSection), &sections));
    PetscCall(OcIdIndexBuild(d->substation, d->nsubstations, sizeof(OcSubstation), &substations));
    PetscCall(OcIdIndexCheckUnique(&sections, &t[2], ctx->diag));
    PetscCall(OcIdIndexCheckUnique(&substations, &t[3], ctx->diag));
    PetscCall(OcIdIndexFree(&sections));
    PetscCall(OcIdIndexFree(&substations));
  }
  PetscCall(OcIdIndexFree(&systems));
  PetscCall(OcIdIndexFree(&nodes));
  for (PetscInt k = 0; k < 4; k++) PetscCall(OcCsvFree(&t[k]));
  PetscFunctionReturn(PETSC_SUCCESS);
}
