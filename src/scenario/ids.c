#include <string.h>
#include "scenario_impl.h"

#define ID_OF(ix, i) ((ix)->base + (size_t)(i) * (ix)->stride)

/* qsort_r is not portable C17: a small merge sort keeps the comparison context explicit. */
static void sort_ids(const OcIdIndex *ix, PetscInt *a, PetscInt *tmp, PetscInt n)
{
  if (n < 2) return;
  PetscInt h = n / 2, i = 0, j = h, k = 0;
  sort_ids(ix, a, tmp, h);
  sort_ids(ix, a + h, tmp, n - h);
  while (i < h && j < n) tmp[k++] = strcmp(ID_OF(ix, a[j]), ID_OF(ix, a[i])) < 0 ? a[j++] : a[i++];
  while (i < h) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  memcpy(a, tmp, sizeof(PetscInt) * (size_t)n);
}

PetscErrorCode OcIdIndexBuild(const void *records, PetscInt n, size_t stride, OcIdIndex *ix)
{
  PetscInt *tmp;

  PetscFunctionBegin;
  ix->n      = n;
  ix->stride = stride;
  ix->base   = (const char *)records;
  PetscCall(PetscMalloc1(n, &ix->order));
  PetscCall(PetscMalloc1(n, &tmp));
  for (PetscInt i = 0; i < n; i++) ix->order[i] = i;
  sort_ids(ix, ix->order, tmp, n);
  PetscCall(PetscFree(tmp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscInt OcIdIndexFind(const OcIdIndex *ix, const char *id)
{
  PetscInt lo = 0, hi = ix->n - 1;
  while (lo <= hi) {
    PetscInt mid = (lo + hi) / 2;
    int      c   = strcmp(ID_OF(ix, ix->order[mid]), id);
    if (!c) return ix->order[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

PetscErrorCode OcIdIndexFree(OcIdIndex *ix)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(ix->order));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcIdIndexCheckUnique(const OcIdIndex *ix, const OcCsv *t, OcDiag diag)
{
  PetscFunctionBegin;
  for (PetscInt k = 1; k < ix->n; k++) {
    PetscInt a = ix->order[k - 1], b = ix->order[k];
    /* The merge sort is stable, so a is the earlier record. */
    if (ID_OF(ix, a)[0] && !strcmp(ID_OF(ix, a), ID_OF(ix, b))) PetscCall(OcDiagAdd(diag, t->name, t->line[b], "field 'id': duplicate id '%s' (first defined on line %" PetscInt_FMT ")", ID_OF(ix, b), t->line[a]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
