/* Records: values arrive in each owner's order and wait there (output_segment.c); every B
   records they move to the block order, one star-forest reduction per group and ownership, and
   each series is written as one [B x block] hyperslab, collectively. */
#include "output_impl.h"

PetscErrorCode OcOutputRecordBegin(OcOutput out, PetscReal t_s)
{
  PetscFunctionBegin;
  PetscCheck(out->setup && !out->closed, out->comm, PETSC_ERR_ORDER, "OcOutputRecordBegin needs an output that is set up and not closed");
  PetscCheck(!out->in_record, out->comm, PETSC_ERR_ORDER, "OcOutputRecordBegin inside a record: call OcOutputRecordEnd first");
  for (PetscInt k = 0; k < out->ngroups; k++) {
    OcOutputGroupData *g = &out->groups[k];
    if (g->nkept > 0 && (g->nseg == 0 || g->seg[g->nseg - 1].sf != g->sf)) PetscCall(OcOutputSegmentOpen(out, g));
  }
  for (PetscInt k = 0; k < out->nseries; k++) out->series[k].set = PETSC_FALSE;
  out->time_buf[out->nbuf] = t_s;
  out->in_record           = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputSetValues(OcOutput out, OcOutputSeries series, const PetscReal values[])
{
  OcOutputSeriesData *s;
  OcOutputGroupData  *g;
  OcOutputSegment    *seg;
  PetscReal          *row;
  size_t              w;

  PetscFunctionBegin;
  PetscCheck(out->in_record, PETSC_COMM_SELF, PETSC_ERR_ORDER, "OcOutputSetValues outside a record (OcOutputRecordBegin .. End)");
  PetscCheck(series >= 0 && series < out->nseries, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "no output series %" PetscInt_FMT, series);
  s = &out->series[series];
  if (!s->kept) PetscFunctionReturn(PETSC_SUCCESS);
  g   = &out->groups[s->group];
  seg = &g->seg[g->nseg - 1];
  w   = (size_t)g->nkept;
  row = seg->leaf + (size_t)seg->len * seg->nown * w; /* this record's row in the segment */
  for (size_t i = 0; i < (size_t)seg->nown; i++) row[i * w + (size_t)s->slot] = values[i];
  s->set = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputRecordEnd(OcOutput out)
{
  PetscFunctionBegin;
  PetscCheck(out->in_record, out->comm, PETSC_ERR_ORDER, "OcOutputRecordEnd without OcOutputRecordBegin");
  for (PetscInt k = 0; k < out->nseries; k++) {
    const OcOutputSeriesData *s = &out->series[k];
    PetscCheck(!s->kept || s->set, PETSC_COMM_SELF, PETSC_ERR_ORDER, "output series '%s/%s' was not given in the record at t = %g s (OcOutputSetValues)", out->groups[s->group].name, s->name, (double)out->time_buf[out->nbuf]);
  }
  for (PetscInt k = 0; k < out->ngroups; k++)
    if (out->groups[k].nkept > 0) out->groups[k].seg[out->groups[k].nseg - 1].len++;
  out->in_record = PETSC_FALSE;
  out->nbuf++;
  if (out->nbuf == out->buffer_steps) PetscCall(OcOutputFlush(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Group by group: the segments to the blocks, then each kept series; /time last, since a
   reader takes the length of /time as the number of records. */
PetscErrorCode OcOutputFlush(OcOutput out)
{
  PetscFunctionBegin;
  PetscCheck(out->setup && !out->closed, out->comm, PETSC_ERR_ORDER, "OcOutputFlush needs an output that is set up and not closed");
  PetscCheck(!out->in_record, out->comm, PETSC_ERR_ORDER, "OcOutputFlush inside a record (between OcOutputRecordBegin and End)");
  if (out->nbuf == 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcLogEventBegin(OC_EVENT_OUTPUT_WRITE));
  for (PetscInt k = 0; k < out->ngroups; k++) {
    OcOutputGroupData *g = &out->groups[k];
    if (g->nkept == 0) continue;
    PetscCall(OcOutputSegmentsPlace(out, g));
    for (PetscInt j = 0; j < out->nseries; j++) {
      const OcOutputSeriesData *s = &out->series[j];
      if (s->group != k || !s->kept) continue;
      PetscCall(OcOutputSegmentsExtract(out, g, s->slot));
      PetscCall(OcOutputH5WriteBlock(out, s->dset, g->n, g->rstart, g->nb, out->wbuf));
    }
    PetscCall(OcOutputSegmentsRelease(g));
  }
  PetscCall(OcOutputH5WriteTime(out));
  PetscCall(OcOutputH5Flush(out));
  out->nrecords += out->nbuf;
  out->nbuf = 0;
  out->nflushes++;
  PetscCall(OcLogEventEnd(OC_EVENT_OUTPUT_WRITE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputGetProgress(OcOutput out, PetscInt *records, PetscInt *flushes)
{
  PetscFunctionBegin;
  if (records) *records = out->nrecords;
  if (flushes) *flushes = out->nflushes;
  PetscFunctionReturn(PETSC_SUCCESS);
}
