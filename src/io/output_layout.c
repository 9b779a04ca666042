/* Placement by global index: element groups, their owners and the star forest that moves each
   owner's values into the contiguous block of the file that this rank writes. The block layout
   depends only on the number of elements and ranks, never on who owns what, so the file is the
   same whatever the partition. */
#include "output_impl.h"

/* Every global index in range; checked before PetscSFSetGraphLayout (which would fail on one
   rank only). Collective. */
static PetscErrorCode check_range(OcOutput out, OcOutputGroupData *g, PetscInt nown, const PetscInt gidx[])
{
  PetscInt bad = PETSC_MIN_INT, any;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < nown && bad == PETSC_MIN_INT; i++)
    if (gidx[i] < 0 || gidx[i] >= g->n) bad = gidx[i];
  PetscCall(MPIU_Allreduce(&bad, &any, 1, MPIU_INT, MPI_MAX, out->comm));
  PetscCheck(any == PETSC_MIN_INT, out->comm, PETSC_ERR_ARG_OUTOFRANGE, "output group '%s': global index %" PetscInt_FMT " is outside 0..%" PetscInt_FMT, g->name, any, g->n - 1);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every element owned exactly once: each owner adds 1 to its element's root. Collective. */
static PetscErrorCode check_owned_once(OcOutput out, OcOutputGroupData *g)
{
  PetscInt *ones, *count, nown;
  PetscInt  bad[2] = {PETSC_MAX_INT, 0}, first, times = 0;

  PetscFunctionBegin;
  nown = g->nown;
  PetscCall(PetscMalloc1(nown, &ones));
  PetscCall(PetscCalloc1(g->nb, &count));
  for (PetscInt i = 0; i < nown; i++) ones[i] = 1;
  PetscCall(PetscSFReduceBegin(g->sf, MPIU_INT, ones, count, MPI_SUM));
  PetscCall(PetscSFReduceEnd(g->sf, MPIU_INT, ones, count, MPI_SUM));
  for (PetscInt j = 0; j < g->nb; j++)
    if (count[j] != 1) {
      bad[0] = g->rstart + j;
      bad[1] = count[j];
      break;
    }
  PetscCall(MPIU_Allreduce(&bad[0], &first, 1, MPIU_INT, MPI_MIN, out->comm));
  if (first != PETSC_MAX_INT) {
    /* the first bad index is in one rank's block: only that rank knows how often it came */
    PetscInt mine = bad[0] == first ? bad[1] : 0;
    PetscCall(MPIU_Allreduce(&mine, &times, 1, MPIU_INT, MPI_MAX, out->comm));
  }
  PetscCall(PetscFree(ones));
  PetscCall(PetscFree(count));
  PetscCheck(first == PETSC_MAX_INT, out->comm, PETSC_ERR_ARG_WRONG, "output group '%s': element %" PetscInt_FMT " has %" PetscInt_FMT " owners; every element needs exactly one", g->name, first, times);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputGroupBuildSF(OcOutput out, OcOutputGroupData *g, PetscInt nown, const PetscInt gidx[])
{
  PetscFunctionBegin;
  PetscCall(check_range(out, g, nown, gidx));
  PetscCall(PetscSFDestroy(&g->sf));
  PetscCall(PetscSFCreate(out->comm, &g->sf));
  PetscCall(PetscSFSetGraphLayout(g->sf, g->block, nown, NULL, PETSC_COPY_VALUES, gidx));
  PetscCall(PetscSFSetUp(g->sf));
  g->nown = nown;
  PetscCall(check_owned_once(out, g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputPlace(PetscSF sf, MPI_Datatype unit, const void *leafdata, void *rootdata)
{
  PetscFunctionBegin;
  PetscCall(PetscSFReduceBegin(sf, unit, leafdata, rootdata, MPI_REPLACE));
  PetscCall(PetscSFReduceEnd(sf, unit, leafdata, rootdata, MPI_REPLACE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The block this rank writes and the star forest of the ownership given to AddGroup. */
PetscErrorCode OcOutputGroupSetUp(OcOutput out, OcOutputGroupData *g)
{
  PetscFunctionBegin;
  PetscCall(PetscLayoutCreateFromSizes(out->comm, PETSC_DECIDE, g->n, 1, &g->block));
  PetscCall(PetscLayoutGetLocalSize(g->block, &g->nb));
  PetscCall(PetscLayoutGetRange(g->block, &g->rstart, NULL));
  PetscCall(OcOutputGroupBuildSF(out, g, g->nown, g->init_gidx));
  PetscCall(PetscMalloc1(out->buffer_steps, &g->seg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputAddGroup(OcOutput out, const char name[], PetscInt n, PetscInt nown, const PetscInt gidx[], const PetscInt ids[], const char *const names[], OcOutputGroup *group)
{
  OcOutputGroupData *g;

  PetscFunctionBegin;
  PetscCheck(!out->setup, out->comm, PETSC_ERR_ORDER, "OcOutputAddGroup('%s') after OcOutputSetUp", name);
  PetscCall(OcOutputCheckName(out, "group", name, OC_OUTPUT_NAME_LEN));
  PetscCheck(n >= 0 && nown >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "output group '%s': negative size", name);
  for (PetscInt k = 0; k < out->ngroups; k++) {
    PetscBool same;
    PetscCall(PetscStrcmp(out->groups[k].name, name, &same));
    PetscCheck(!same, out->comm, PETSC_ERR_ARG_WRONG, "output group '%s' added twice", name);
  }
  PetscCall(PetscRealloc(sizeof(*out->groups) * (out->ngroups + 1), &out->groups));
  g = &out->groups[out->ngroups];
  PetscCall(PetscMemzero(g, sizeof(*g)));
  g->h5 = H5I_INVALID_HID;
  PetscCall(PetscStrncpy(g->name, name, sizeof(g->name)));
  g->n    = n;
  g->nown = nown;
  PetscCall(PetscMalloc1(nown, &g->init_gidx));
  PetscCall(PetscMalloc1(nown, &g->init_ids));
  PetscCall(PetscCalloc1((size_t)nown * OC_NAME_LEN, &g->init_names));
  for (PetscInt i = 0; i < nown; i++) {
    g->init_gidx[i] = gidx[i];
    g->init_ids[i]  = ids ? (PetscInt64)ids[i] : (PetscInt64)gidx[i];
    if (names) {
      size_t len;
      PetscCall(PetscStrlen(names[i], &len));
      PetscCheck(len < OC_NAME_LEN, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ, "output group '%s': name '%s' is longer than %d characters", name, names[i], OC_NAME_LEN - 1);
      PetscCall(PetscStrncpy(g->init_names + (size_t)i * OC_NAME_LEN, names[i], OC_NAME_LEN));
    }
  }
  *group = out->ngroups++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputGroupSetOwnership(OcOutput out, OcOutputGroup group, PetscInt nown, const PetscInt gidx[])
{
  OcOutputGroupData *g;

  PetscFunctionBegin;
  PetscCheck(out->setup && !out->closed, out->comm, PETSC_ERR_ORDER, "OcOutputGroupSetOwnership needs an output that is set up and not closed");
  PetscCheck(!out->in_record, out->comm, PETSC_ERR_ORDER, "OcOutputGroupSetOwnership inside a record (between OcOutputRecordBegin and End)");
  PetscCheck(group >= 0 && group < out->ngroups, out->comm, PETSC_ERR_ARG_OUTOFRANGE, "no output group %" PetscInt_FMT, group);
  g = &out->groups[group];
  /* the records buffered so far keep the old ownership (their segment holds it) */
  if (g->nseg > 0 && g->seg[g->nseg - 1].sf == g->sf) PetscCall(OcOutputSegmentClose(&g->seg[g->nseg - 1], g->nkept));
  PetscCall(OcOutputGroupBuildSF(out, g, nown, gidx));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputGroupFree(OcOutputGroupData *g)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(g->init_gidx));
  PetscCall(PetscFree(g->init_ids));
  PetscCall(PetscFree(g->init_names));
  if (g->seg) PetscCall(OcOutputSegmentsRelease(g));
  PetscCall(PetscFree(g->seg));
  PetscCall(PetscSFDestroy(&g->sf));
  PetscCall(PetscLayoutDestroy(&g->block));
  PetscFunctionReturn(PETSC_SUCCESS);
}
