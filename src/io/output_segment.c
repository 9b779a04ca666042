/* Segments: the buffered records of a group, kept on the owners' side until the flush, one
   segment per ownership (a group whose elements never move has one segment per block). A record
   is stored as given, a contiguous row (cheap in the time loop); at the flush each segment is
   transposed to element-major order and moves to the blocks in one star-forest reduction whose
   unit is all of an element's records: the messages are per block, not per record. */
#include "output_impl.h"

/* A new segment for the records from now on, under the group's current ownership. */
PetscErrorCode OcOutputSegmentOpen(OcOutput out, OcOutputGroupData *g)
{
  OcOutputSegment *s = &g->seg[g->nseg];

  PetscFunctionBegin;
  PetscCheck(g->nseg < out->buffer_steps, PETSC_COMM_SELF, PETSC_ERR_PLIB, "output group '%s': more segments than records", g->name);
  PetscCall(PetscObjectReference((PetscObject)g->sf));
  s->sf   = g->sf;
  s->nown = g->nown;
  s->k0   = out->nbuf;
  s->len  = 0;
  s->cap  = out->buffer_steps - out->nbuf;
  PetscCall(PetscMalloc1((size_t)s->nown * s->cap * g->nkept, &s->leaf));
  g->nseg++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The segment is closed (its ownership changed): the unused rows go. */
PetscErrorCode OcOutputSegmentClose(OcOutputSegment *s, PetscInt w)
{
  PetscFunctionBegin;
  if (s->len == s->cap) PetscFunctionReturn(PETSC_SUCCESS);
  s->cap = s->len;
  if (s->nown * s->cap * w == 0) PetscCall(PetscFree(s->leaf));
  else PetscCall(PetscRealloc(sizeof(PetscReal) * (size_t)s->nown * s->cap * w, &s->leaf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* [len][nown][w] -> out->pack [nown][len][w], by blocks of elements so that both sides stay
   in cache. */
static PetscErrorCode transpose(OcOutput out, const OcOutputSegment *s, size_t w)
{
  const size_t nown = (size_t)s->nown, len = (size_t)s->len, need = nown * len * w, bs = 256;

  PetscFunctionBegin;
  if (need > out->pack_cap) {
    PetscCall(PetscFree(out->pack));
    PetscCall(PetscMalloc1(need, &out->pack));
    out->pack_cap = need;
  }
  for (size_t i0 = 0; i0 < nown; i0 += bs) {
    const size_t i1 = PetscMin(nown, i0 + bs);
    for (size_t r = 0; r < len; r++)
      for (size_t i = i0; i < i1; i++)
        for (size_t c = 0; c < w; c++) out->pack[(i * len + r) * w + c] = s->leaf[(r * nown + i) * w + c];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputSegmentsRelease(OcOutputGroupData *g)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < g->nseg; k++) {
    PetscCall(PetscSFDestroy(&g->seg[k].sf));
    PetscCall(PetscFree(g->seg[k].leaf));
  }
  g->nseg = 0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every segment to its region of out->block: segment s lands at out->block + k0 * nb * w as
   [nb][len][w], in global index order. */
PetscErrorCode OcOutputSegmentsPlace(OcOutput out, OcOutputGroupData *g)
{
  const PetscInt w = g->nkept;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < g->nseg; k++) {
    OcOutputSegment *s = &g->seg[k];
    MPI_Datatype     unit;
    PetscCall(transpose(out, s, (size_t)w));
    PetscCallMPI(MPI_Type_contiguous((PetscMPIInt)(s->len * w), MPIU_REAL, &unit));
    PetscCallMPI(MPI_Type_commit(&unit));
    PetscCall(OcOutputPlace(s->sf, unit, out->pack, out->block + (size_t)s->k0 * g->nb * w));
    PetscCallMPI(MPI_Type_free(&unit));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One series (slot) of the placed records as [nbuf][nb] rows, the file's order. */
PetscErrorCode OcOutputSegmentsExtract(OcOutput out, const OcOutputGroupData *g, PetscInt slot)
{
  const size_t nb = (size_t)g->nb, w = (size_t)g->nkept;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < g->nseg; k++) {
    const OcOutputSegment *s      = &g->seg[k];
    const PetscReal       *region = out->block + (size_t)s->k0 * nb * w;
    for (size_t r = 0; r < (size_t)s->len; r++) {
      PetscReal *row = out->wbuf + ((size_t)s->k0 + r) * nb;
      for (size_t j = 0; j < nb; j++) row[j] = region[(j * (size_t)s->len + r) * w + (size_t)slot];
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
