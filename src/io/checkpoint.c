/* OcCheckpoint: the file, its atomic finish (write <path>.tmp, rename at close) and the three
   kinds of data (values, fields by global index, records). */
#define _POSIX_C_SOURCE 200809L /* access() under -std=c17 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <petscsf.h>
#include "occheckpoint.h"

struct _p_OcCheckpoint {
  MPI_Comm    comm;
  PetscMPIInt rank, size;
  char       *path, *tmp_path;
  PetscBool   writing;
  hid_t       file, dxpl;
};

static PetscErrorCode checkpoint_new(MPI_Comm comm, const char path[], PetscBool writing, OcCheckpoint *ckpt)
{
  OcCheckpoint ck;
  size_t       len;

  PetscFunctionBegin;
  PetscCall(PetscNew(&ck));
  ck->comm    = comm;
  ck->writing = writing;
  ck->file = ck->dxpl = H5I_INVALID_HID;
  PetscCallMPI(MPI_Comm_rank(comm, &ck->rank));
  PetscCallMPI(MPI_Comm_size(comm, &ck->size));
  PetscCall(PetscStrallocpy(path, &ck->path));
  PetscCall(PetscStrlen(path, &len));
  PetscCall(PetscMalloc1(len + sizeof(".tmp"), &ck->tmp_path));
  PetscCall(PetscSNPrintf(ck->tmp_path, len + sizeof(".tmp"), "%s.tmp", path));
  OcCallH5(ck->dxpl = H5Pcreate(H5P_DATASET_XFER));
  OcCallH5(H5Pset_dxpl_mpio(ck->dxpl, H5FD_MPIO_COLLECTIVE));
  *ckpt = ck;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode mpio_fapl(OcCheckpoint ck, hid_t *fapl)
{
  PetscFunctionBegin;
  OcCallH5(*fapl = H5Pcreate(H5P_FILE_ACCESS));
  OcCallH5(H5Pset_fapl_mpio(*fapl, ck->comm, MPI_INFO_NULL));
  OcCallH5(H5Pset_all_coll_metadata_ops(*fapl, 1));
  OcCallH5(H5Pset_coll_metadata_write(*fapl, 1));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode write_int_attr(hid_t obj, const char name[], int value)
{
  hid_t space, attr;

  PetscFunctionBegin;
  OcCallH5(space = H5Screate(H5S_SCALAR));
  OcCallH5(attr = H5Acreate2(obj, name, H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT));
  OcCallH5(H5Awrite(attr, H5T_NATIVE_INT, &value));
  OcCallH5(H5Aclose(attr));
  OcCallH5(H5Sclose(space));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCheckpointCreate(MPI_Comm comm, const char path[], OcCheckpoint *ckpt)
{
  OcCheckpoint ck;
  hid_t        fapl;

  PetscFunctionBegin;
  PetscCall(checkpoint_new(comm, path, PETSC_TRUE, &ck));
  PetscCall(mpio_fapl(ck, &fapl));
  ck->file = H5Fcreate(ck->tmp_path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  OcCallH5(H5Pclose(fapl));
  PetscCheck(ck->file >= 0, comm, PETSC_ERR_FILE_OPEN, "cannot create the checkpoint file %s (-oc_checkpoint_file)", ck->tmp_path);
  *ckpt = ck;
  PetscCall(write_int_attr(ck->file, "format_version", OC_CHECKPOINT_FORMAT_VERSION));
  PetscCall(OcCheckpointWriteText(ck, "ohmcity_version", OcVersion()));
  PetscCall(OcCheckpointWriteText(ck, "git_hash", OcGitHash()));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Rank 0 looks first, so that a missing file is one clear message, not an HDF5 trace. */
static PetscErrorCode check_readable(OcCheckpoint ck)
{
  int err = 0;

  PetscFunctionBegin;
  if (ck->rank == 0 && access(ck->path, R_OK) != 0) err = errno;
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, ck->comm));
  PetscCheck(err == 0, ck->comm, PETSC_ERR_USER_INPUT, "cannot read the checkpoint %s: %s", ck->path, strerror(err));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCheckpointOpen(MPI_Comm comm, const char path[], OcCheckpoint *ckpt)
{
  OcCheckpoint ck;
  hid_t        fapl, attr;
  int          version = -1;
  htri_t       has;

  PetscFunctionBegin;
  PetscCall(checkpoint_new(comm, path, PETSC_FALSE, &ck));
  *ckpt = ck;
  PetscCall(check_readable(ck));
  PetscCall(mpio_fapl(ck, &fapl));
  ck->file = H5Fopen(path, H5F_ACC_RDONLY, fapl);
  OcCallH5(H5Pclose(fapl));
  PetscCheck(ck->file >= 0, comm, PETSC_ERR_USER_INPUT, "%s is not an HDF5 file (not an ohmcity checkpoint)", path);
  OcCallH5(has = H5Aexists(ck->file, "format_version"));
  if (has) {
    OcCallH5(attr = H5Aopen(ck->file, "format_version", H5P_DEFAULT));
    OcCallH5(H5Aread(attr, H5T_NATIVE_INT, &version));
    OcCallH5(H5Aclose(attr));
  }
  PetscCheck(has, comm, PETSC_ERR_USER_INPUT, "%s is not an ohmcity checkpoint (no format_version attribute)", path);
  PetscCheck(version == OC_CHECKPOINT_FORMAT_VERSION, comm, PETSC_ERR_USER_INPUT, "checkpoint %s has format version %d; this ohmcity reads version %d", path, version, OC_CHECKPOINT_FORMAT_VERSION);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCheckpointGetPath(OcCheckpoint ck, const char **path)
{
  PetscFunctionBegin;
  *path = ck->path;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCheckpointClose(OcCheckpoint *ckpt)
{
  OcCheckpoint ck  = *ckpt;
  int          err = 0;

  PetscFunctionBegin;
  if (!ck) PetscFunctionReturn(PETSC_SUCCESS);
  if (ck->dxpl >= 0) OcCallH5(H5Pclose(ck->dxpl));
  if (ck->file >= 0) OcCallH5(H5Fclose(ck->file));
  if (ck->writing && ck->file >= 0) {
    /* Every rank's part is on disk before the name changes. */
    PetscCallMPI(MPI_Barrier(ck->comm));
    if (ck->rank == 0 && rename(ck->tmp_path, ck->path) != 0) err = errno;
    PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, ck->comm));
  }
  PetscCheck(err == 0, ck->comm, PETSC_ERR_FILE_WRITE, "cannot rename %s to %s: %s", ck->tmp_path, ck->path, strerror(err));
  PetscCall(PetscFree(ck->path));
  PetscCall(PetscFree(ck->tmp_path));
  PetscCall(PetscFree(*ckpt));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A new dataset at an HDF5 path, its groups created on the way. */
static PetscErrorCode create_dataset(OcCheckpoint ck, const char name[], hid_t type, int rank, const hsize_t dims[], hid_t *dset)
{
  hid_t space, lcpl, dcpl;

  PetscFunctionBegin;
  OcCallH5(space = H5Screate_simple(rank, dims, NULL));
  OcCallH5(lcpl = H5Pcreate(H5P_LINK_CREATE));
  OcCallH5(H5Pset_create_intermediate_group(lcpl, 1));
  OcCallH5(dcpl = H5Pcreate(H5P_DATASET_CREATE));
  OcCallH5(H5Pset_obj_track_times(dcpl, 0));
  OcCallH5(*dset = H5Dcreate2(ck->file, name, type, space, lcpl, dcpl, H5P_DEFAULT));
  OcCallH5(H5Pclose(dcpl));
  OcCallH5(H5Pclose(lcpl));
  OcCallH5(H5Sclose(space));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* An existing dataset of the given rank; its dimensions in dims[]. */
static PetscErrorCode open_dataset(OcCheckpoint ck, const char name[], int rank, hsize_t dims[], hid_t *dset)
{
  htri_t exists = 0;
  hid_t  space;
  int    r;

  PetscFunctionBegin;
  H5E_BEGIN_TRY
  {
    exists = H5Lexists(ck->file, name, H5P_DEFAULT) > 0 ? 1 : 0;
  }
  H5E_END_TRY;
  if (exists) {
    /* a path through a missing group is "not there" too */
    H5E_BEGIN_TRY
    {
      exists = H5Oexists_by_name(ck->file, name, H5P_DEFAULT) > 0 ? 1 : 0;
    }
    H5E_END_TRY;
  }
  PetscCheck(exists, ck->comm, PETSC_ERR_USER_INPUT, "checkpoint %s has no '%s': it was written by another build of ohmcity (another state layout)", ck->path, name);
  OcCallH5(*dset = H5Dopen2(ck->file, name, H5P_DEFAULT));
  OcCallH5(space = H5Dget_space(*dset));
  OcCallH5(r = H5Sget_simple_extent_ndims(space));
  PetscCheck(r == rank, ck->comm, PETSC_ERR_USER_INPUT, "checkpoint %s: '%s' has %d dimensions, expected %d (another build of ohmcity?)", ck->path, name, r, rank);
  OcCallH5(H5Sget_simple_extent_dims(space, dims, NULL));
  OcCallH5(H5Sclose(space));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Transfers rows [start, start + count) of a [n][width] dataset (width 0: 1-D); a rank with no
   rows selects nothing but takes part. */
static PetscErrorCode transfer_rows(OcCheckpoint ck, hid_t dset, hid_t memtype, hsize_t start, hsize_t count, hsize_t width, PetscBool write, void *buf)
{
  int     rank   = width ? 2 : 1;
  hsize_t off[2] = {start, 0}, cnt[2] = {count, width};
  hid_t   filespace, memspace;

  PetscFunctionBegin;
  OcCallH5(filespace = H5Dget_space(dset));
  OcCallH5(memspace = H5Screate_simple(rank, cnt, NULL));
  if (count == 0 || (rank == 2 && width == 0)) {
    OcCallH5(H5Sselect_none(filespace));
    OcCallH5(H5Sselect_none(memspace));
  } else OcCallH5(H5Sselect_hyperslab(filespace, H5S_SELECT_SET, off, NULL, cnt, NULL));
  if (write) OcCallH5(H5Dwrite(dset, memtype, memspace, filespace, ck->dxpl, buf));
  else OcCallH5(H5Dread(dset, memtype, memspace, filespace, ck->dxpl, buf));
  OcCallH5(H5Sclose(memspace));
  OcCallH5(H5Sclose(filespace));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---- values: the same on every rank ---------------------------------------------------------- */

static PetscErrorCode write_values(OcCheckpoint ck, const char name[], hid_t filetype, hid_t memtype, PetscInt n, const void *v)
{
  hsize_t dims = (hsize_t)n;
  hid_t   dset;

  PetscFunctionBegin;
  PetscCheck(ck->writing, ck->comm, PETSC_ERR_ORDER, "checkpoint %s is open for reading", ck->path);
  PetscCall(create_dataset(ck, name, filetype, 1, &dims, &dset));
  if (n > 0) PetscCall(transfer_rows(ck, dset, memtype, 0, ck->rank == 0 ? dims : 0, 0, PETSC_TRUE, (void *)v));
  OcCallH5(H5Dclose(dset));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_values(OcCheckpoint ck, const char name[], hid_t memtype, PetscInt n, void *v)
{
  hsize_t dims;
  hid_t   dset;

  PetscFunctionBegin;
  PetscCall(open_dataset(ck, name, 1, &dims, &dset));
  PetscCheck(dims == (hsize_t)n, ck->comm, PETSC_ERR_USER_INPUT, "checkpoint %s: '%s' has %llu values, this run expects %" PetscInt_FMT " (another scenario or another build of ohmcity)", ck->path, name, (unsigned long long)dims, n);
  if (n > 0) PetscCall(transfer_rows(ck, dset, memtype, 0, dims, 0, PETSC_FALSE, v));
  OcCallH5(H5Dclose(dset));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCheckpointWriteReals(OcCheckpoint ck, const char name[], PetscInt n, const PetscReal v[])
{
  PetscFunctionBegin;
  PetscCall(write_values(ck, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, n, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCheckpointReadReals(OcCheckpoint ck, const char name[], PetscInt n, PetscReal v[])
{
  PetscFunctionBegin;
  PetscCall(read_values(ck, name, H5T_NATIVE_DOUBLE, n, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCheckpointWriteInts(OcCheckpoint ck, const char name[], PetscInt n, const PetscInt64 v[])
{
  PetscFunctionBegin;
  PetscCall(write_values(ck, name, H5T_STD_I64LE, H5T_NATIVE_INT64, n, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCheckpointReadInts(OcCheckpoint ck, const char name[], PetscInt n, PetscInt64 v[])
{
  PetscFunctionBegin;
  PetscCall(read_values(ck, name, H5T_NATIVE_INT64, n, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Fixed-length (parallel HDF5 writes no variable-length data); the value must be the same on
   every rank. */
PetscErrorCode OcCheckpointWriteText(OcCheckpoint ck, const char name[], const char value[])
{
  size_t len;
  hid_t  type, space, attr;

  PetscFunctionBegin;
  PetscCall(PetscStrlen(value, &len));
  OcCallH5(type = H5Tcopy(H5T_C_S1));
  OcCallH5(H5Tset_size(type, len + 1));
  OcCallH5(H5Tset_strpad(type, H5T_STR_NULLTERM));
  OcCallH5(space = H5Screate(H5S_SCALAR));
  OcCallH5(attr = H5Acreate2(ck->file, name, type, space, H5P_DEFAULT, H5P_DEFAULT));
  OcCallH5(H5Awrite(attr, type, value));
  OcCallH5(H5Aclose(attr));
  OcCallH5(H5Sclose(space));
  OcCallH5(H5Tclose(type));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCheckpointReadText(OcCheckpoint ck, const char name[], char value[], size_t len)
{
  hid_t  attr, type, memtype;
  htri_t has;
  size_t size;
  char  *buf;

  PetscFunctionBegin;
  OcCallH5(has = H5Aexists(ck->file, name));
  PetscCheck(has, ck->comm, PETSC_ERR_USER_INPUT, "checkpoint %s has no attribute '%s' (another build of ohmcity?)", ck->path, name);
  OcCallH5(attr = H5Aopen(ck->file, name, H5P_DEFAULT));
  OcCallH5(type = H5Aget_type(attr));
  size = H5Tget_size(type);
  PetscCall(PetscCalloc1(size + 1, &buf));
  OcCallH5(memtype = H5Tcopy(H5T_C_S1));
  OcCallH5(H5Tset_size(memtype, size));
  OcCallH5(H5Aread(attr, memtype, buf));
  PetscCall(PetscStrncpy(value, buf, len));
  PetscCall(PetscFree(buf));
  OcCallH5(H5Tclose(memtype));
  OcCallH5(H5Tclose(type));
  OcCallH5(H5Aclose(attr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---- fields by global index ---------------------------------------------------------------- */

/* The star forest from this rank's elements (leaves) to its block [rstart, rstart + nb) of the
   file (roots); the block depends only on n_global and the number of ranks. */
static PetscErrorCode fields_sf(OcCheckpoint ck, const char name[], PetscInt n_global, PetscInt n_local, const PetscInt gidx[], PetscSF *sf, PetscInt *rstart, PetscInt *nb)
{
  PetscLayout layout;
  PetscInt    bad = -1, any;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n_local; i++)
    if (gidx[i] < 0 || gidx[i] >= n_global) bad = gidx[i];
  PetscCall(MPIU_Allreduce(&bad, &any, 1, MPIU_INT, MPI_MAX, ck->comm));
  PetscCheck(any < 0, ck->comm, PETSC_ERR_ARG_OUTOFRANGE, "checkpoint '%s': global index %" PetscInt_FMT " outside 0..%" PetscInt_FMT, name, any, n_global - 1);
  PetscCall(PetscLayoutCreateFromSizes(ck->comm, PETSC_DECIDE, n_global, 1, &layout));
  PetscCall(PetscLayoutGetLocalSize(layout, nb));
  PetscCall(PetscLayoutGetRange(layout, rstart, NULL));
  PetscCall(PetscSFCreate(ck->comm, sf));
  PetscCall(PetscSFSetGraphLayout(*sf, layout, n_local, NULL, PETSC_COPY_VALUES, gidx));
  PetscCall(PetscSFSetUp(*sf));
  PetscCall(PetscLayoutDestroy(&layout));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCheckpointWriteFields(OcCheckpoint ck, const char name[], PetscInt nf, PetscInt n_global, PetscInt n_local, const PetscInt gidx[], const PetscReal s[])
{
  PetscSF      sf;
  PetscInt     rstart, nb;
  PetscReal   *leaf, *root;
  MPI_Datatype unit;
  hsize_t      dims[2] = {(hsize_t)n_global, (hsize_t)nf};
  hid_t        dset;

  PetscFunctionBegin;
  PetscCheck(ck->writing, ck->comm, PETSC_ERR_ORDER, "checkpoint %s is open for reading", ck->path);
  PetscCall(fields_sf(ck, name, n_global, n_local, gidx, &sf, &rstart, &nb));
  PetscCall(PetscMalloc2(n_local * nf, &leaf, nb * nf, &root));
  for (PetscInt i = 0; i < n_local; i++)
    for (PetscInt f = 0; f < nf; f++) leaf[i * nf + f] = s[f * n_local + i];
  for (PetscInt j = 0; j < nb * nf; j++) root[j] = NAN; /* an element nobody owns shows as NaN */
  PetscCallMPI(MPI_Type_contiguous((PetscMPIInt)PetscMax(nf, 1), MPIU_REAL, &unit));
  PetscCallMPI(MPI_Type_commit(&unit));
  if (nf > 0) {
    PetscCall(PetscSFReduceBegin(sf, unit, leaf, root, MPI_REPLACE));
    PetscCall(PetscSFReduceEnd(sf, unit, leaf, root, MPI_REPLACE));
  }
  PetscCallMPI(MPI_Type_free(&unit));
  PetscCall(create_dataset(ck, name, H5T_IEEE_F64LE, 2, dims, &dset));
  if (n_global > 0 && nf > 0) PetscCall(transfer_rows(ck, dset, H5T_NATIVE_DOUBLE, (hsize_t)rstart, (hsize_t)nb, (hsize_t)nf, PETSC_TRUE, root));
  OcCallH5(H5Dclose(dset));
  PetscCall(PetscFree2(leaf, root));
  PetscCall(PetscSFDestroy(&sf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCheckpointReadFields(OcCheckpoint ck, const char name[], PetscInt nf, PetscInt n_global, PetscInt n_local, const PetscInt gidx[], PetscReal s[])
{
  PetscSF      sf;
  PetscInt     rstart, nb;
  PetscReal   *leaf, *root;
  MPI_Datatype unit;
  hsize_t      dims[2];
  hid_t        dset;

  PetscFunctionBegin;
  PetscCall(open_dataset(ck, name, 2, dims, &dset));
  PetscCheck(dims[0] == (hsize_t)n_global && dims[1] == (hsize_t)nf, ck->comm, PETSC_ERR_USER_INPUT, "checkpoint %s: '%s' is [%llu][%llu], this run expects [%" PetscInt_FMT "][%" PetscInt_FMT "] (another scenario or another build of ohmcity)", ck->path, name, (unsigned long long)dims[0], (unsigned long long)dims[1], n_global, nf);
  PetscCall(fields_sf(ck, name, n_global, n_local, gidx, &sf, &rstart, &nb));
  PetscCall(PetscMalloc2(n_local * nf, &leaf, nb * nf, &root));
  if (n_global > 0 && nf > 0) PetscCall(transfer_rows(ck, dset, H5T_NATIVE_DOUBLE, (hsize_t)rstart, (hsize_t)nb, (hsize_t)nf, PETSC_FALSE, root));
  OcCallH5(H5Dclose(dset));
  PetscCallMPI(MPI_Type_contiguous((PetscMPIInt)PetscMax(nf, 1), MPIU_REAL, &unit));
  PetscCallMPI(MPI_Type_commit(&unit));
  if (nf > 0) {
    PetscCall(PetscSFBcastBegin(sf, unit, root, leaf, MPI_REPLACE));
    PetscCall(PetscSFBcastEnd(sf, unit, root, leaf, MPI_REPLACE));
  }
  PetscCallMPI(MPI_Type_free(&unit));
  for (PetscInt i = 0; i < n_local; i++)
    for (PetscInt f = 0; f < nf; f++) s[f * n_local + i] = leaf[i * nf + f];
  PetscCall(PetscFree2(leaf, root));
  PetscCall(PetscSFDestroy(&sf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---- records ----------------------------------------------------------------------------------- */

PetscErrorCode OcCheckpointWriteRecords(OcCheckpoint ck, const char name[], size_t bytes, PetscInt n_local, const void *rec)
{
  PetscInt64 n = n_local, off = 0, total;
  hsize_t    dims[2];
  hid_t      dset;

  PetscFunctionBegin;
  PetscCheck(ck->writing, ck->comm, PETSC_ERR_ORDER, "checkpoint %s is open for reading", ck->path);
  PetscCallMPI(MPI_Exscan(&n, &off, 1, MPIU_INT64, MPI_SUM, ck->comm));
  if (ck->rank == 0) off = 0; /* MPI_Exscan leaves rank 0's result undefined */
  PetscCallMPI(MPI_Allreduce(&n, &total, 1, MPIU_INT64, MPI_SUM, ck->comm));
  dims[0] = (hsize_t)total;
  dims[1] = (hsize_t)bytes;
  PetscCall(create_dataset(ck, name, H5T_NATIVE_UCHAR, 2, dims, &dset));
  PetscCall(write_int_attr(dset, "record_bytes", (int)bytes));
  if (total > 0) PetscCall(transfer_rows(ck, dset, H5T_NATIVE_UCHAR, (hsize_t)off, (hsize_t)n, (hsize_t)bytes, PETSC_TRUE, (void *)rec));
  OcCallH5(H5Dclose(dset));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCheckpointReadRecords(OcCheckpoint ck, const char name[], size_t bytes, PetscInt *n_local, void *rec)
{
  hsize_t dims[2], start, end;
  hid_t   dset;
  void  **out = (void **)rec;

  PetscFunctionBegin;
  PetscCall(open_dataset(ck, name, 2, dims, &dset));
  PetscCheck(dims[1] == (hsize_t)bytes, ck->comm, PETSC_ERR_USER_INPUT, "checkpoint %s: the records of '%s' have %llu bytes, this build's have %zu: it was written by another build of ohmcity", ck->path, name, (unsigned long long)dims[1], bytes);
  start = dims[0] * (hsize_t)ck->rank / (hsize_t)ck->size;
  end   = dims[0] * (hsize_t)(ck->rank + 1) / (hsize_t)ck->size;
  PetscCall(PetscMalloc(PetscMax(end - start, 1) * bytes, out));
  if (dims[0] > 0) PetscCall(transfer_rows(ck, dset, H5T_NATIVE_UCHAR, start, end - start, (hsize_t)bytes, PETSC_FALSE, *out));
  OcCallH5(H5Dclose(dset));
  *n_local = (PetscInt)(end - start);
  PetscFunctionReturn(PETSC_SUCCESS);
}
