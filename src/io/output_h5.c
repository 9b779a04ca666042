/* The HDF5 side of the results file: creation, element lists, extendible time series and the
   collective block writes. Every call here is collective on the object's communicator. */
#define _POSIX_C_SOURCE 200809L /* access() under -std=c17 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "output_impl.h"

/* Object modification times would make two otherwise equal files differ; they are not kept. */
PetscErrorCode OcOutputH5CreatePlist(hid_t cls, hid_t *plist)
{
  PetscFunctionBegin;
  OcCallH5(*plist = H5Pcreate(cls));
  OcCallH5(H5Pset_obj_track_times(*plist, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The file is created as <path>.part with the MPI-IO driver. The default (oldest) format
   bounds keep the version-0 superblock, which has no "open for writing" flag: a file left by a
   killed run opens in h5dump and h5py without h5clear. */
PetscErrorCode OcOutputH5CreateFile(OcOutput out)
{
  hid_t fapl;

  PetscFunctionBegin;
  OcCallH5(fapl = H5Pcreate(H5P_FILE_ACCESS));
  OcCallH5(H5Pset_fapl_mpio(fapl, out->comm, MPI_INFO_NULL));
  OcCallH5(H5Pset_all_coll_metadata_ops(fapl, 1));
  OcCallH5(H5Pset_coll_metadata_write(fapl, 1));
  OcCallH5(out->file = H5Fcreate(out->part_path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl));
  OcCallH5(H5Pclose(fapl));
  OcCallH5(out->dxpl = H5Pcreate(H5P_DATASET_XFER));
  OcCallH5(H5Pset_dxpl_mpio(out->dxpl, H5FD_MPIO_COLLECTIVE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The .part file of an interrupted run, opened for writing. Rank 0 looks first, so that a
   missing file is one clear message rather than an HDF5 trace on every rank. */
PetscErrorCode OcOutputH5OpenFile(OcOutput out)
{
  hid_t fapl;
  int   err = 0;

  PetscFunctionBegin;
  if (out->rank == 0 && access(out->part_path, R_OK | W_OK) != 0) err = errno;
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, out->comm));
  PetscCheck(err == 0, out->comm, PETSC_ERR_USER_INPUT, "cannot continue the results file %s: %s (a restart continues the .part file that the interrupted run left; -oc_output_file must name the same results)", out->part_path, strerror(err));
  OcCallH5(fapl = H5Pcreate(H5P_FILE_ACCESS));
  OcCallH5(H5Pset_fapl_mpio(fapl, out->comm, MPI_INFO_NULL));
  OcCallH5(H5Pset_all_coll_metadata_ops(fapl, 1));
  OcCallH5(H5Pset_coll_metadata_write(fapl, 1));
  out->file = H5Fopen(out->part_path, H5F_ACC_RDWR, fapl);
  OcCallH5(H5Pclose(fapl));
  PetscCheck(out->file >= 0, out->comm, PETSC_ERR_USER_INPUT, "cannot open %s as an HDF5 file for writing", out->part_path);
  OcCallH5(out->dxpl = H5Pcreate(H5P_DATASET_XFER));
  OcCallH5(H5Pset_dxpl_mpio(out->dxpl, H5FD_MPIO_COLLECTIVE));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* An extendible dataset of a continued file, cut back to the records the checkpoint saw:
   whatever the interrupted run wrote after it is written again. */
static PetscErrorCode open_truncated(OcOutput out, hid_t parent, const char what[], const char name[], int rank, PetscInt ncols, hid_t *dset)
{
  hsize_t dims[2] = {0, 0};
  hid_t   space;
  htri_t  exists;
  int     r;

  PetscFunctionBegin;
  OcCallH5(exists = H5Lexists(parent, name, H5P_DEFAULT));
  PetscCheck(exists, out->comm, PETSC_ERR_USER_INPUT, "the results file %s has no %s: it was not written by the run of the checkpoint, or with another -oc_output_series", out->part_path, what);
  OcCallH5(*dset = H5Dopen2(parent, name, H5P_DEFAULT));
  OcCallH5(space = H5Dget_space(*dset));
  OcCallH5(r = H5Sget_simple_extent_ndims(space));
  if (r == rank) OcCallH5(H5Sget_simple_extent_dims(space, dims, NULL));
  OcCallH5(H5Sclose(space));
  PetscCheck(r == rank && (rank == 1 || dims[1] == (hsize_t)ncols), out->comm, PETSC_ERR_USER_INPUT, "the results file %s: %s has another shape than this run's", out->part_path, what);
  PetscCheck(dims[0] >= (hsize_t)out->continue_records, out->comm, PETSC_ERR_USER_INPUT, "the results file %s: %s has %llu records, the checkpoint needs %" PetscInt_FMT ": it is not the results of the checkpoint's run", out->part_path, what, (unsigned long long)dims[0],
             out->continue_records);
  dims[0] = (hsize_t)out->continue_records;
  OcCallH5(H5Dset_extent(*dset, dims));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputH5OpenSeries(OcOutput out, OcOutputSeriesData *s)
{
  OcOutputGroupData *g = &out->groups[s->group];
  char               what[2 * OC_OUTPUT_NAME_LEN + 8];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(what, sizeof what, "series %s/%s", g->name, s->name));
  PetscCall(open_truncated(out, g->h5, what, s->name, 2, g->n, &s->dset));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputH5OpenTime(OcOutput out)
{
  PetscFunctionBegin;
  PetscCall(open_truncated(out, out->file, "/time", "time", 1, 0, &out->time_dset));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputH5OpenOrCreateGroup(hid_t parent, const char name[], hid_t *group)
{
  htri_t exists;
  hid_t  gcpl;

  PetscFunctionBegin;
  OcCallH5(exists = H5Lexists(parent, name, H5P_DEFAULT));
  if (exists) {
    OcCallH5(*group = H5Gopen2(parent, name, H5P_DEFAULT));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(OcOutputH5CreatePlist(H5P_GROUP_CREATE, &gcpl));
  OcCallH5(*group = H5Gcreate2(parent, name, H5P_DEFAULT, gcpl, H5P_DEFAULT));
  OcCallH5(H5Pclose(gcpl));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A variable-length UTF-8 string attribute (h5py reads it as str), replaced if present. The
   value must be the same on every rank. */
PetscErrorCode OcOutputH5WriteStringAttr(hid_t obj, const char name[], const char value[])
{
  hid_t  type, space, attr;
  htri_t exists;

  PetscFunctionBegin;
  OcCallH5(exists = H5Aexists(obj, name));
  if (exists) OcCallH5(H5Adelete(obj, name));
  OcCallH5(type = H5Tcopy(H5T_C_S1));
  OcCallH5(H5Tset_size(type, H5T_VARIABLE));
  OcCallH5(H5Tset_cset(type, H5T_CSET_UTF8));
  OcCallH5(space = H5Screate(H5S_SCALAR));
  OcCallH5(attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT));
  OcCallH5(H5Awrite(attr, type, &value));
  OcCallH5(H5Aclose(attr));
  OcCallH5(H5Sclose(space));
  OcCallH5(H5Tclose(type));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode write_int_attr(hid_t obj, const char name[], int value)
{
  hid_t  space, attr;
  htri_t exists;

  PetscFunctionBegin;
  OcCallH5(exists = H5Aexists(obj, name));
  if (exists) OcCallH5(H5Adelete(obj, name)); /* a continued file */
  OcCallH5(space = H5Screate(H5S_SCALAR));
  OcCallH5(attr = H5Acreate2(obj, name, H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT));
  OcCallH5(H5Awrite(attr, H5T_NATIVE_INT, &value));
  OcCallH5(H5Aclose(attr));
  OcCallH5(H5Sclose(space));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Selects [start, start + count) of each dimension in the file and a matching memory space;
   a rank with nothing to write selects nothing in both (it still takes part). */
static PetscErrorCode select_block(int rank, const hsize_t start[], const hsize_t count[], hid_t filespace, hid_t *memspace)
{
  hsize_t total = 1;

  PetscFunctionBegin;
  for (int d = 0; d < rank; d++) total *= count[d];
  OcCallH5(*memspace = H5Screate_simple(rank, count, NULL));
  if (total == 0) {
    OcCallH5(H5Sselect_none(filespace));
    OcCallH5(H5Sselect_none(*memspace));
  } else OcCallH5(H5Sselect_hyperslab(filespace, H5S_SELECT_SET, start, NULL, count, NULL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A fixed-size 1-D dataset [n] (created, or reused when it exists), this rank writing its block
   [rstart, rstart + nb) of it from buf. */
PetscErrorCode OcOutputH5WriteVector(OcOutput out, hid_t parent, const char name[], hid_t filetype, hid_t memtype, PetscInt n, PetscInt rstart, PetscInt nb, const void *buf, hid_t *dset)
{
  hsize_t dims = (hsize_t)n, start = (hsize_t)rstart, count = (hsize_t)nb;
  hid_t   filespace, memspace, dcpl;
  htri_t  exists;

  PetscFunctionBegin;
  OcCallH5(exists = H5Lexists(parent, name, H5P_DEFAULT));
  if (exists) OcCallH5(*dset = H5Dopen2(parent, name, H5P_DEFAULT));
  else {
    OcCallH5(filespace = H5Screate_simple(1, &dims, NULL));
    PetscCall(OcOutputH5CreatePlist(H5P_DATASET_CREATE, &dcpl));
    OcCallH5(*dset = H5Dcreate2(parent, name, filetype, filespace, H5P_DEFAULT, dcpl, H5P_DEFAULT));
    OcCallH5(H5Pclose(dcpl));
    OcCallH5(H5Sclose(filespace));
  }
  if (n == 0) PetscFunctionReturn(PETSC_SUCCESS); /* no storage: HDF5 1.10 fails a write even of nothing */
  OcCallH5(filespace = H5Dget_space(*dset));
  PetscCall(select_block(1, &start, &count, filespace, &memspace));
  OcCallH5(H5Dwrite(*dset, memtype, memspace, filespace, out->dxpl, buf));
  OcCallH5(H5Sclose(memspace));
  OcCallH5(H5Sclose(filespace));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Names are fixed-length strings of OC_NAME_LEN bytes, NUL-terminated. */
static PetscErrorCode name_type(hid_t *type)
{
  PetscFunctionBegin;
  OcCallH5(*type = H5Tcopy(H5T_C_S1));
  OcCallH5(H5Tset_size(*type, OC_NAME_LEN));
  OcCallH5(H5Tset_strpad(*type, H5T_STR_NULLTERM));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /<group>/id and /<group>/name, in global index order, from the owners' lists. */
PetscErrorCode OcOutputH5WriteElements(OcOutput out, OcOutputGroupData *g)
{
  PetscInt64  *ids;
  char        *names;
  MPI_Datatype name_unit;
  hid_t        type, dset;

  PetscFunctionBegin;
  PetscCall(OcOutputH5OpenOrCreateGroup(out->file, g->name, &g->h5));
  PetscCall(PetscMalloc1(g->nb, &ids));
  PetscCall(PetscCalloc1((size_t)g->nb * OC_NAME_LEN, &names));
  PetscCallMPI(MPI_Type_contiguous(OC_NAME_LEN, MPI_CHAR, &name_unit));
  PetscCallMPI(MPI_Type_commit(&name_unit));
  PetscCall(OcOutputPlace(g->sf, MPIU_INT64, g->init_ids, ids));
  PetscCall(OcOutputPlace(g->sf, name_unit, g->init_names, names));
  PetscCallMPI(MPI_Type_free(&name_unit));
  PetscCall(OcOutputH5WriteVector(out, g->h5, "id", H5T_STD_I64LE, H5T_NATIVE_INT64, g->n, g->rstart, g->nb, ids, &dset));
  OcCallH5(H5Dclose(dset));
  PetscCall(name_type(&type));
  PetscCall(OcOutputH5WriteVector(out, g->h5, "name", type, type, g->n, g->rstart, g->nb, names, &dset));
  OcCallH5(H5Dclose(dset));
  OcCallH5(H5Tclose(type));
  PetscCall(PetscFree(ids));
  PetscCall(PetscFree(names));
  PetscCall(PetscFree(g->init_gidx));
  PetscCall(PetscFree(g->init_ids));
  PetscCall(PetscFree(g->init_names));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* An extendible [0, ncols] dataset of doubles, chunked by B records along time. A chunk spans
   as many columns as fit in OC_OUTPUT_CHUNK_BYTES, so reading one element over the run touches
   T/B chunks, not the whole file; the chunk shape depends on B and n only, not on the ranks.
   Fill values are never written: every record is written before the extent covers it. */
static PetscErrorCode create_extendible(OcOutput out, hid_t parent, const char name[], int rank, PetscInt ncols, hid_t *dset)
{
  hsize_t dims[2] = {0, (hsize_t)ncols}, maxdims[2] = {H5S_UNLIMITED, ncols > 0 ? (hsize_t)ncols : H5S_UNLIMITED};
  hsize_t chunk[2], per_chunk;
  hid_t   space, dcpl;

  PetscFunctionBegin;
  chunk[0]  = (hsize_t)out->buffer_steps;
  per_chunk = OC_OUTPUT_CHUNK_BYTES / (sizeof(double) * chunk[0]);
  chunk[1]  = PetscMax(1, PetscMin(per_chunk, (hsize_t)ncols));
  OcCallH5(space = H5Screate_simple(rank, dims, maxdims));
  PetscCall(OcOutputH5CreatePlist(H5P_DATASET_CREATE, &dcpl));
  OcCallH5(H5Pset_chunk(dcpl, rank, chunk));
  OcCallH5(H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER));
  /* Byte shuffle, then deflate: series of mostly NaN (vehicles not in service) or slowly varying
     doubles shrink several times. Parallel HDF5 writes filtered chunks collectively only. */
  if (out->compression > 0 && ncols > 0) {
    OcCallH5(H5Pset_shuffle(dcpl));
    OcCallH5(H5Pset_deflate(dcpl, (unsigned)out->compression));
  }
  OcCallH5(*dset = H5Dcreate2(parent, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
  OcCallH5(H5Pclose(dcpl));
  OcCallH5(H5Sclose(space));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputH5CreateSeries(OcOutput out, OcOutputSeriesData *s)
{
  OcOutputGroupData *g = &out->groups[s->group];

  PetscFunctionBegin;
  PetscCall(create_extendible(out, g->h5, s->name, 2, g->n, &s->dset));
  PetscCall(OcOutputH5WriteStringAttr(s->dset, "unit", s->unit));
  PetscCall(OcOutputH5WriteStringAttr(s->dset, "description", s->description));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputH5CreateTime(OcOutput out)
{
  PetscFunctionBegin;
  PetscCall(create_extendible(out, out->file, "time", 1, 0, &out->time_dset));
  PetscCall(OcOutputH5WriteStringAttr(out->time_dset, "unit", "s"));
  PetscCall(OcOutputH5WriteStringAttr(out->time_dset, "description", "time of each record"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Extends a series to nrecords + nbuf records and writes this rank's block
   [nrecords, +nbuf) x [rstart, +nb) from buf ([nbuf][nb], row-major). */
PetscErrorCode OcOutputH5WriteBlock(OcOutput out, hid_t dset, PetscInt n, PetscInt rstart, PetscInt nb, const PetscReal *buf)
{
  hsize_t dims[2]  = {(hsize_t)(out->nrecords + out->nbuf), (hsize_t)n};
  hsize_t start[2] = {(hsize_t)out->nrecords, (hsize_t)rstart}, count[2] = {(hsize_t)out->nbuf, (hsize_t)nb};
  hid_t   filespace, memspace;

  PetscFunctionBegin;
  OcCallH5(H5Dset_extent(dset, dims));
  OcCallH5(filespace = H5Dget_space(dset));
  PetscCall(select_block(2, start, count, filespace, &memspace));
  OcCallH5(H5Dwrite(dset, H5T_NATIVE_DOUBLE, memspace, filespace, out->dxpl, buf));
  OcCallH5(H5Sclose(memspace));
  OcCallH5(H5Sclose(filespace));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The times of the buffered records; rank 0 writes them, the others take part. */
PetscErrorCode OcOutputH5WriteTime(OcOutput out)
{
  hsize_t dims = (hsize_t)(out->nrecords + out->nbuf), start = (hsize_t)out->nrecords;
  hsize_t count = out->rank == 0 ? (hsize_t)out->nbuf : 0;
  hid_t   filespace, memspace;

  PetscFunctionBegin;
  OcCallH5(H5Dset_extent(out->time_dset, &dims));
  OcCallH5(filespace = H5Dget_space(out->time_dset));
  PetscCall(select_block(1, &start, &count, filespace, &memspace));
  OcCallH5(H5Dwrite(out->time_dset, H5T_NATIVE_DOUBLE, memspace, filespace, out->dxpl, out->time_buf));
  OcCallH5(H5Sclose(memspace));
  OcCallH5(H5Sclose(filespace));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Metadata to disk, then a barrier: when this returns on any rank, every rank's part of the
   file is written and consistent, so a kill from now until the next flush loses nothing. */
PetscErrorCode OcOutputH5Flush(OcOutput out)
{
  PetscFunctionBegin;
  OcCallH5(H5Fflush(out->file, H5F_SCOPE_GLOBAL));
  PetscCallMPI(MPI_Barrier(out->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputH5CloseAll(OcOutput out)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < out->nseries; k++)
    if (out->series[k].dset >= 0) {
      OcCallH5(H5Dclose(out->series[k].dset));
      out->series[k].dset = H5I_INVALID_HID;
    }
  for (PetscInt k = 0; k < out->ngroups; k++)
    if (out->groups[k].h5 >= 0) {
      OcCallH5(H5Gclose(out->groups[k].h5));
      out->groups[k].h5 = H5I_INVALID_HID;
    }
  if (out->time_dset >= 0) OcCallH5(H5Dclose(out->time_dset));
  if (out->dxpl >= 0) OcCallH5(H5Pclose(out->dxpl));
  if (out->file >= 0) OcCallH5(H5Fclose(out->file));
  out->time_dset = out->dxpl = out->file = H5I_INVALID_HID;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputH5WriteRootAttributes(OcOutput out)
{
  PetscFunctionBegin;
  PetscCall(write_int_attr(out->file, "layout_version", OC_OUTPUT_LAYOUT_VERSION));
  PetscCall(OcOutputH5WriteStringAttr(out->file, "ohmcity_version", OcVersion()));
  PetscCall(OcOutputH5WriteStringAttr(out->file, "git_hash", OcGitHash()));
  PetscCall(OcOutputH5WriteStringAttr(out->file, "scenario", out->scenario ? out->scenario : ""));
  PetscFunctionReturn(PETSC_SUCCESS);
}
