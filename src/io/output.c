/* OcOutput: life cycle, options, and the atomic finish (write <path>.part, rename at close). */
#include "output_impl.h"
#include <errno.h>
#include <stdio.h>

PetscErrorCode OcOutputCreate(MPI_Comm comm, OcOutput *output)
{
  OcOutput out;

  PetscFunctionBegin;
  PetscCall(PetscNew(&out));
  out->comm             = comm;
  out->buffer_steps     = 60;
  out->compression      = 1;
  out->continue_records = -1;
  out->file = out->dxpl = out->time_dset = H5I_INVALID_HID;
  PetscCallMPI(MPI_Comm_rank(comm, &out->rank));
  PetscCallMPI(MPI_Comm_size(comm, &out->size));
  *output = out;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Names become HDF5 link names and option entries: letters, digits, '_', '-', '.', not starting
   with '.'. Every rank passes the same name, so the error is raised on the communicator. */
PetscErrorCode OcOutputCheckName(OcOutput out, const char what[], const char name[], size_t maxlen)
{
  size_t len;

  PetscFunctionBegin;
  PetscCheck(name, out->comm, PETSC_ERR_ARG_NULL, "output %s: no name given", what);
  PetscCall(PetscStrlen(name, &len));
  PetscCheck(len > 0 && len < maxlen && name[0] != '.', out->comm, PETSC_ERR_ARG_WRONG, "output %s name '%s': must have 1 to %zu characters and not start with '.'", what, name, maxlen - 1);
  for (size_t i = 0; i < len; i++) {
    char c = name[i];
    PetscCheck((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.', out->comm, PETSC_ERR_ARG_WRONG, "output %s name '%s': character '%c' is not allowed (letters, digits, '_', '-', '.')", what, name, c);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputSetFile(OcOutput out, const char path[])
{
  size_t len;

  PetscFunctionBegin;
  PetscCheck(!out->setup, out->comm, PETSC_ERR_ORDER, "OcOutputSetFile after OcOutputSetUp");
  PetscCall(PetscStrlen(path, &len));
  PetscCheck(len > 0, out->comm, PETSC_ERR_USER_INPUT, "the output file name is empty (-oc_output_file)");
  PetscCall(PetscFree(out->path));
  PetscCall(PetscFree(out->part_path));
  PetscCall(PetscStrallocpy(path, &out->path));
  PetscCall(PetscMalloc1(len + sizeof(".part"), &out->part_path));
  PetscCall(PetscSNPrintf(out->part_path, len + sizeof(".part"), "%s.part", path));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputGetFile(OcOutput out, const char **path)
{
  PetscFunctionBegin;
  *path = out->path;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputSetBufferSteps(OcOutput out, PetscInt steps)
{
  PetscFunctionBegin;
  PetscCheck(!out->setup, out->comm, PETSC_ERR_ORDER, "OcOutputSetBufferSteps after OcOutputSetUp");
  PetscCheck(steps >= 1, out->comm, PETSC_ERR_USER_INPUT, "-oc_output_buffer_steps must be >= 1, got %" PetscInt_FMT, steps);
  out->buffer_steps = steps;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputSetSeriesSelection(OcOutput out, PetscInt n, const char *const names[])
{
  PetscFunctionBegin;
  PetscCheck(!out->setup, out->comm, PETSC_ERR_ORDER, "OcOutputSetSeriesSelection after OcOutputSetUp");
  for (PetscInt e = 0; e < out->nselect; e++) PetscCall(PetscFree(out->select[e]));
  PetscCall(PetscFree(out->select));
  PetscCall(PetscMalloc1(n, &out->select));
  for (PetscInt e = 0; e < n; e++) PetscCall(PetscStrallocpy(names[e], &out->select[e]));
  out->nselect = n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputSetScenarioName(OcOutput out, const char name[])
{
  PetscFunctionBegin;
  PetscCheck(!out->setup, out->comm, PETSC_ERR_ORDER, "OcOutputSetScenarioName after OcOutputSetUp");
  PetscCall(PetscFree(out->scenario));
  PetscCall(PetscStrallocpy(name, &out->scenario));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputSetContinue(OcOutput out, PetscInt records)
{
  PetscFunctionBegin;
  PetscCheck(!out->setup, out->comm, PETSC_ERR_ORDER, "OcOutputSetContinue after OcOutputSetUp");
  PetscCheck(records >= 0, out->comm, PETSC_ERR_ARG_OUTOFRANGE, "OcOutputSetContinue: %" PetscInt_FMT " records", records);
  out->continue_records = records;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputSetFromOptions(OcOutput out)
{
  char      path[PETSC_MAX_PATH_LEN] = "", list[4096] = "";
  PetscInt  steps = out->buffer_steps, level = out->compression;
  PetscBool set_path, set_list;

  PetscFunctionBegin;
  PetscOptionsBegin(out->comm, NULL, "Results file (HDF5)", "OcOutput");
  PetscCall(PetscOptionsString("-oc_output_file", "Results file; written as FILE.part and renamed at the end", "OcOutputSetFile", out->path ? out->path : "", path, sizeof(path), &set_path));
  PetscCall(PetscOptionsInt("-oc_output_buffer_steps", "Records buffered between writes (B)", "OcOutputSetBufferSteps", steps, &steps, NULL));
  PetscCall(PetscOptionsRangeInt("-oc_output_compression", "Deflate level of the time series (0: none, 1: fast ... 9: smallest)", "OcOutputSetFromOptions", level, &level, NULL, 0, 9));
  PetscCall(PetscOptionsString("-oc_output_series", "Series to write: group/series or group, comma-separated (default: all)", "OcOutputSetSeriesSelection", "", list, sizeof(list), &set_list));
  PetscOptionsEnd();
  if (set_path) PetscCall(OcOutputSetFile(out, path));
  PetscCall(OcOutputSetBufferSteps(out, steps));
  PetscCheck(!out->setup, out->comm, PETSC_ERR_ORDER, "OcOutputSetFromOptions after OcOutputSetUp");
  out->compression = level;
  if (set_list) {
    int    argc;
    char **args;
    PetscCall(PetscStrToArray(list, ',', &argc, &args));
    PetscCheck(argc > 0, out->comm, PETSC_ERR_USER_INPUT, "-oc_output_series is empty");
    PetscCall(OcOutputSetSeriesSelection(out, argc, (const char *const *)args));
    PetscCall(PetscStrToArrayDestroy(argc, args));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Each group's layout, and the scratch of a flush, sized for the largest group. */
static PetscErrorCode allocate_groups(OcOutput out)
{
  size_t block = 0, wbuf = 0, B = (size_t)out->buffer_steps;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < out->ngroups; k++) {
    OcOutputGroupData *g = &out->groups[k];
    PetscCall(OcOutputGroupSetUp(out, g));
    if (g->nkept == 0) continue;
    block = PetscMax(block, B * (size_t)g->nb * (size_t)g->nkept);
    wbuf  = PetscMax(wbuf, B * (size_t)g->nb);
  }
  PetscCall(PetscMalloc1(block, &out->block));
  PetscCall(PetscMalloc1(wbuf, &out->wbuf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Creates <path>.part and everything known before the first record; flushed, so a run killed
   before its first block still leaves a readable file. */
PetscErrorCode OcOutputSetUp(OcOutput out)
{
  PetscFunctionBegin;
  if (out->setup) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCheck(out->path, out->comm, PETSC_ERR_USER_INPUT, "no results file: give -oc_output_file or call OcOutputSetFile");
  PetscCall(OcOutputResolveSelection(out));
  PetscCall(PetscMalloc1(out->buffer_steps, &out->time_buf));
  PetscCall(allocate_groups(out));
  if (out->continue_records >= 0) PetscCall(OcOutputH5OpenFile(out));
  else PetscCall(OcOutputH5CreateFile(out));
  /* Continued: the attributes describe the latest part of the run (its options). */
  PetscCall(OcOutputH5WriteRootAttributes(out));
  PetscCall(OcOutputWriteRunAttributes(out));
  if (out->continue_records >= 0) PetscCall(OcOutputH5OpenTime(out));
  else PetscCall(OcOutputH5CreateTime(out));
  for (PetscInt k = 0; k < out->ngroups; k++) PetscCall(OcOutputH5WriteElements(out, &out->groups[k]));
  for (PetscInt k = 0; k < out->nseries; k++) {
    if (!out->series[k].kept) continue;
    if (out->continue_records >= 0) PetscCall(OcOutputH5OpenSeries(out, &out->series[k]));
    else PetscCall(OcOutputH5CreateSeries(out, &out->series[k]));
  }
  if (out->continue_records >= 0) out->nrecords = out->continue_records;
  PetscCall(OcOutputH5Flush(out));
  out->setup = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputView(OcOutput out, PetscViewer viewer)
{
  PetscBool ascii;

  PetscFunctionBegin;
  if (!viewer) PetscCall(PetscViewerASCIIGetStdout(out->comm, &viewer));
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERASCII, &ascii));
  if (!ascii) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscViewerASCIIPrintf(viewer, "results file %s (%s), buffer %" PetscInt_FMT " records, %" PetscInt_FMT " records written in %" PetscInt_FMT " flushes\n", out->path ? out->path : "(not set)", out->closed ? "closed" : (out->setup ? "open as .part" : "not set up"),
                                   out->buffer_steps, out->nrecords, out->nflushes));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  for (PetscInt k = 0; k < out->ngroups; k++) {
    const OcOutputGroupData *g = &out->groups[k];
    PetscCall(PetscViewerASCIIPrintf(viewer, "%s: %" PetscInt_FMT " elements\n", g->name, g->n));
    PetscCall(PetscViewerASCIIPushTab(viewer));
    for (PetscInt j = 0; j < out->nseries; j++) {
      const OcOutputSeriesData *s = &out->series[j];
      if (s->group == k) PetscCall(PetscViewerASCIIPrintf(viewer, "%s [%s]%s\n", s->name, s->unit, s->kept ? "" : " (not kept)"));
    }
    PetscCall(PetscViewerASCIIPopTab(viewer));
  }
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Rank 0 renames once every rank has closed the file; the outcome is shared so that every rank
   returns the same error. */
static PetscErrorCode rename_part(OcOutput out)
{
  int err = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Barrier(out->comm));
  if (out->rank == 0 && rename(out->part_path, out->path) != 0) err = errno;
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, out->comm));
  PetscCheck(err == 0, out->comm, PETSC_ERR_FILE_WRITE, "cannot rename %s to %s: %s", out->part_path, out->path, strerror(err));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputClose(OcOutput out)
{
  PetscFunctionBegin;
  PetscCheck(out->setup, out->comm, PETSC_ERR_ORDER, "OcOutputClose before OcOutputSetUp");
  if (out->closed) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcOutputFlush(out));
  PetscCall(OcOutputH5CloseAll(out));
  out->closed = PETSC_TRUE;
  PetscCall(rename_part(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputDestroy(OcOutput *output)
{
  OcOutput out = *output;

  PetscFunctionBegin;
  if (!out) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcOutputH5CloseAll(out)); /* without Close the file keeps its .part name */
  for (PetscInt k = 0; k < out->ngroups; k++) PetscCall(OcOutputGroupFree(&out->groups[k]));
  for (PetscInt k = 0; k < out->nseries; k++) PetscCall(PetscFree(out->series[k].description));
  for (PetscInt e = 0; e < out->nselect; e++) PetscCall(PetscFree(out->select[e]));
  PetscCall(PetscFree(out->select));
  PetscCall(PetscFree(out->groups));
  PetscCall(PetscFree(out->series));
  PetscCall(PetscFree(out->time_buf));
  PetscCall(PetscFree(out->pack));
  PetscCall(PetscFree(out->block));
  PetscCall(PetscFree(out->wbuf));
  PetscCall(PetscFree(out->path));
  PetscCall(PetscFree(out->part_path));
  PetscCall(PetscFree(out->scenario));
  PetscCall(PetscFree(*output));
  PetscFunctionReturn(PETSC_SUCCESS);
}
