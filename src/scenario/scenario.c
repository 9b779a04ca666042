#include <string.h>
#include "scenario_impl.h"

PetscErrorCode OcScenarioCreate(MPI_Comm comm, OcScenario *sc)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(sc));
  (*sc)->comm = comm;
  PetscCall(OcDiagCreate(&(*sc)->diag));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioDestroy(OcScenario *sc)
{
  PetscFunctionBegin;
  if (!*sc) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcScenarioDataFree(&(*sc)->d));
  PetscCall(OcDiagDestroy(&(*sc)->diag));
  PetscCall(PetscFree(*sc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioGetData(OcScenario sc, const OcScenarioData **d)
{
  PetscFunctionBegin;
  *d = &sc->d;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioRestoreData(OcScenario sc, const OcScenarioData **d)
{
  PetscFunctionBegin;
  *d = NULL;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_top(OcReadCtx *ctx, yaml_node_t *root, OcScenarioData *d)
{
  static const char *const keys[] = {"ohmcity", "name", "description", "simulation", "dc", "ac", "fleet", NULL};
  PetscBool                ok;
  PetscReal                format = 0;
  yaml_node_t             *sim, *dc, *ac, *fleet;

  PetscFunctionBegin;
  PetscCall(OcYamlCheckMapping(ctx->yaml, root, "", keys, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcYamlGetReal(ctx->yaml, root, "", "ohmcity", PETSC_TRUE, OC_REAL_POSITIVE, &format));
  if (format != 0 && format != OC_SCENARIO_FORMAT) {
    yaml_node_t *v;
    PetscCall(OcYamlGet(ctx->yaml, root, "", "ohmcity", PETSC_TRUE, &v));
    PetscCall(OcDiagAdd(ctx->diag, ctx->yaml->path, OcYamlLine(v), "ohmcity: scenario format %g is not supported; this version reads format %d", (double)format, OC_SCENARIO_FORMAT));
  }
  PetscCall(OcYamlGetString(ctx->yaml, root, "", "name", PETSC_TRUE, d->name, sizeof d->name));
  PetscCall(OcYamlGet(ctx->yaml, root, "", "simulation", PETSC_TRUE, &sim));
  if (sim) PetscCall(OcScenarioReadSimulation(ctx, sim, d));
  PetscCall(OcYamlGet(ctx->yaml, root, "", "dc", PETSC_FALSE, &dc));
  PetscCall(OcYamlGet(ctx->yaml, root, "", "ac", PETSC_FALSE, &ac));
  if (!dc && !ac) PetscCall(OcDiagAdd(ctx->diag, ctx->yaml->path, OcYamlLine(root), "the scenario has neither a 'dc' nor an 'ac' network; expected at least one"));
  /* AC first: substations refer to its buses. */
  if (ac) PetscCall(OcScenarioReadAc(ctx, ac, d));
  if (dc) PetscCall(OcScenarioReadDc(ctx, dc, d));
  PetscCall(OcYamlGet(ctx->yaml, root, "", "fleet", PETSC_FALSE, &fleet));
  if (fleet) {
    PetscInt before, after;
    PetscCall(OcDiagCount(ctx->diag, &before));
    PetscCall(OcScenarioCheckDc(ctx, d));
    PetscCall(OcDiagCount(ctx->diag, &after));
    /* Routes are made of DC sections: read them only on a sound network. */
    if (after == before) PetscCall(OcScenarioReadFleet(ctx, fleet, d));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Runs on one rank: everything wrong goes into diag, and d is left empty when anything was. */
static PetscErrorCode read_on_this_rank(const char *path, OcDiag diag, OcScenarioData *d)
{
  OcYaml    yaml;
  OcReadCtx ctx;
  PetscInt  nproblems;
  char     *slash;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&ctx, sizeof ctx));
  ctx.yaml = &yaml;
  ctx.diag = diag;
  PetscCall(PetscStrncpy(ctx.dir, path, sizeof ctx.dir));
  slash = strrchr(ctx.dir, '/');
  if (slash) slash[1] = '\0';
  else ctx.dir[0] = '\0';
  PetscCall(OcYamlLoad(path, diag, &yaml));
  if (OcYamlRoot(&yaml)) PetscCall(read_top(&ctx, OcYamlRoot(&yaml), d));
  PetscCall(OcYamlFree(&yaml));
  PetscCall(OcDiagCount(diag, &nproblems));
  if (!nproblems && !d->nroutes) PetscCall(OcScenarioCheckDc(&ctx, d));
  PetscCall(OcDiagCount(diag, &nproblems));
  if (nproblems) PetscCall(OcScenarioDataFree(d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioLoad(OcScenario sc, const char *path)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(sc->comm, &rank));
  PetscCall(OcScenarioDataFree(&sc->d));
  PetscCall(OcLogEventBegin(OC_EVENT_SCENARIO_READ));
  if (rank == 0) PetscCall(read_on_this_rank(path, sc->diag, &sc->d));
  PetscCall(OcLogEventEnd(OC_EVENT_SCENARIO_READ));
  PetscCall(OcDiagRaise(sc->diag, sc->comm, path));
  PetscCall(OcLogEventBegin(OC_EVENT_SCENARIO_BCAST));
  PetscCall(OcScenarioDataBcast(&sc->d, sc->comm));
  PetscCall(OcScenarioDataCheckSame(&sc->d, sc->comm));
  PetscCall(OcLogEventEnd(OC_EVENT_SCENARIO_BCAST));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcReadPath(OcReadCtx *ctx, yaml_node_t *map, const char *where, const char *key, char *path, size_t len, PetscBool *given)
{
  char value[PETSC_MAX_PATH_LEN] = "";

  PetscFunctionBegin;
  PetscCall(OcYamlGetString(ctx->yaml, map, where, key, PETSC_FALSE, value, sizeof value));
  *given = value[0] ? PETSC_TRUE : PETSC_FALSE;
  /* Relative paths start at the scenario file's folder, so a scenario can be run from anywhere. */
  if (value[0] == '/') PetscCall(PetscStrncpy(path, value, len));
  else PetscCall(PetscSNPrintf(path, len, "%s%s", ctx->dir, value));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcReadTable(OcReadCtx *ctx, yaml_node_t *map, const char *where, const char *key, PetscBool required, char *name, size_t len, OcCsv *csv)
{
  PetscBool    given;
  yaml_node_t *node;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(csv, sizeof *csv));
  PetscCall(OcYamlGet(ctx->yaml, map, where, key, required, &node));
  if (!node) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcReadPath(ctx, map, where, key, name, len, &given));
  if (given) PetscCall(OcCsvRead(name, name, ctx->diag, csv));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioLoadCase(OcScenario sc, const char *path)
{
  PetscMPIInt rank;
  PetscInt    nproblems;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(sc->comm, &rank));
  PetscCall(OcScenarioDataFree(&sc->d));
  if (rank == 0) {
    PetscCall(OcMpCaseRead(path, sc->diag, &sc->d.ac));
    PetscCall(OcDiagCount(sc->diag, &nproblems));
    sc->d.has_ac = nproblems ? PETSC_FALSE : PETSC_TRUE;
    PetscCall(PetscStrncpy(sc->d.name, sc->d.ac.name, sizeof sc->d.name));
  }
  PetscCall(OcDiagRaise(sc->diag, sc->comm, path));
  PetscCall(OcScenarioDataBcast(&sc->d, sc->comm));
  PetscCall(OcScenarioDataCheckSame(&sc->d, sc->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}
