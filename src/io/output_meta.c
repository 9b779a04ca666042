/* What the file says about the run besides the time series: root attributes, embedded texts
   (/scenario) and end-of-run statistics (/summary). */
#include "output_impl.h"
#include <stdlib.h>
#include <time.h>

/* Rank 0's text on every rank (HDF5 metadata must be the same everywhere). */
static PetscErrorCode bcast_text(OcOutput out, const char text[], char **copy, size_t *len)
{
  unsigned long long n = 0;

  PetscFunctionBegin;
  if (out->rank == 0 && text) n = (unsigned long long)strlen(text);
  PetscCallMPI(MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, out->comm));
  PetscCall(PetscCalloc1((size_t)n + 1, copy));
  if (out->rank == 0 && n) PetscCall(PetscMemcpy(*copy, text, (size_t)n));
  for (unsigned long long off = 0; off < n; off += PETSC_MPI_INT_MAX) {
    PetscMPIInt chunk = (PetscMPIInt)PetscMin(n - off, (unsigned long long)PETSC_MPI_INT_MAX);
    PetscCallMPI(MPI_Bcast(*copy + off, chunk, MPI_CHAR, 0, out->comm));
  }
  if (len) *len = (size_t)n;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputSetAttribute(OcOutput out, const char name[], const char value[])
{
  char *v;

  PetscFunctionBegin;
  PetscCheck(out->setup && !out->closed, out->comm, PETSC_ERR_ORDER, "OcOutputSetAttribute('%s') needs an output that is set up and not closed", name);
  PetscCall(OcOutputCheckName(out, "attribute", name, OC_OUTPUT_NAME_LEN));
  PetscCall(bcast_text(out, value, &v, NULL));
  PetscCall(OcOutputH5WriteStringAttr(out->file, name, v));
  PetscCall(PetscFree(v));
  PetscCall(OcOutputH5Flush(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputRemoveAttribute(OcOutput out, const char name[])
{
  htri_t exists;

  PetscFunctionBegin;
  PetscCheck(out->setup && !out->closed, out->comm, PETSC_ERR_ORDER, "OcOutputRemoveAttribute('%s') needs an output that is set up and not closed", name);
  OcCallH5(exists = H5Aexists(out->file, name));
  if (exists) OcCallH5(H5Adelete(out->file, name));
  PetscCall(OcOutputH5Flush(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* UTC creation time, ISO 8601. SOURCE_DATE_EPOCH (reproducible-builds convention) replaces the
   clock, so that two runs can give identical files. */
static void creation_time(char buf[], size_t len)
{
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  time_t      t     = epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
  struct tm   tm;

  if (!gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm)) buf[0] = '\0';
}

/* The options in effect and the creation time, as rank 0 has them. */
PetscErrorCode OcOutputWriteRunAttributes(OcOutput out)
{
  char  *options = NULL, *v, created[32] = "";
  size_t len;

  PetscFunctionBegin;
  if (out->rank == 0) {
    PetscCall(PetscOptionsGetAll(NULL, &options));
    PetscCall(PetscStrlen(options, &len));
    while (len > 0 && options[len - 1] == ' ') options[--len] = '\0'; /* every option ends with a space */
    creation_time(created, sizeof(created));
  }
  PetscCall(bcast_text(out, options, &v, NULL));
  PetscCall(OcOutputH5WriteStringAttr(out->file, "options", v));
  PetscCall(PetscFree(v));
  PetscCall(PetscFree(options));
  PetscCall(bcast_text(out, created, &v, NULL));
  PetscCall(OcOutputH5WriteStringAttr(out->file, "created", v));
  PetscCall(PetscFree(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A scalar fixed-length string of the text's size (NUL-padded; at least one byte), written
   by rank 0. Fixed length because parallel HDF5 cannot write variable-length data. */
PetscErrorCode OcOutputAddText(OcOutput out, const char name[], const char text[])
{
  char  *v;
  size_t len;
  hid_t  scenario, type, space, dcpl, dset;
  htri_t exists;

  PetscFunctionBegin;
  PetscCheck(out->setup && !out->closed, out->comm, PETSC_ERR_ORDER, "OcOutputAddText('%s') needs an output that is set up and not closed", name);
  PetscCall(OcOutputCheckName(out, "text", name, OC_OUTPUT_NAME_LEN));
  PetscCall(bcast_text(out, text, &v, &len));
  PetscCall(OcOutputH5OpenOrCreateGroup(out->file, "scenario", &scenario));
  OcCallH5(exists = H5Lexists(scenario, name, H5P_DEFAULT));
  PetscCheck(!exists, out->comm, PETSC_ERR_ARG_WRONG, "OcOutputAddText: /scenario/%s is already in the file", name);
  OcCallH5(type = H5Tcopy(H5T_C_S1));
  OcCallH5(H5Tset_size(type, len > 0 ? len : 1));
  OcCallH5(H5Tset_strpad(type, H5T_STR_NULLPAD));
  OcCallH5(H5Tset_cset(type, H5T_CSET_UTF8));
  OcCallH5(space = H5Screate(H5S_SCALAR));
  PetscCall(OcOutputH5CreatePlist(H5P_DATASET_CREATE, &dcpl));
  OcCallH5(dset = H5Dcreate2(scenario, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
  OcCallH5(H5Pclose(dcpl));
  if (out->rank != 0) OcCallH5(H5Sselect_none(space));
  OcCallH5(H5Dwrite(dset, type, space, space, out->dxpl, v));
  OcCallH5(H5Dclose(dset));
  OcCallH5(H5Sclose(space));
  OcCallH5(H5Tclose(type));
  OcCallH5(H5Gclose(scenario));
  PetscCall(PetscFree(v));
  PetscCall(OcOutputH5Flush(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* /summary/<group>/<name>, [n] doubles in global index order, placed like the time series. */
PetscErrorCode OcOutputWriteSummary(OcOutput out, OcOutputGroup group, const char name[], const char unit[], const char description[], const PetscReal values[])
{
  OcOutputGroupData *g;
  PetscReal         *block;
  hid_t              summary, sub, dset;

  PetscFunctionBegin;
  PetscCheck(out->setup && !out->closed, out->comm, PETSC_ERR_ORDER, "OcOutputWriteSummary('%s') needs an output that is set up and not closed", name);
  PetscCheck(group >= 0 && group < out->ngroups, out->comm, PETSC_ERR_ARG_OUTOFRANGE, "OcOutputWriteSummary('%s'): no output group %" PetscInt_FMT, name, group);
  PetscCall(OcOutputCheckName(out, "summary", name, OC_OUTPUT_NAME_LEN));
  g = &out->groups[group];
  PetscCall(PetscMalloc1(g->nb, &block));
  PetscCall(OcOutputPlace(g->sf, MPIU_REAL, values, block));
  PetscCall(OcOutputH5OpenOrCreateGroup(out->file, "summary", &summary));
  PetscCall(OcOutputH5OpenOrCreateGroup(summary, g->name, &sub));
  PetscCall(OcOutputH5WriteVector(out, sub, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, g->n, g->rstart, g->nb, block, &dset));
  PetscCall(OcOutputH5WriteStringAttr(dset, "unit", unit));
  PetscCall(OcOutputH5WriteStringAttr(dset, "description", description));
  OcCallH5(H5Dclose(dset));
  OcCallH5(H5Gclose(sub));
  OcCallH5(H5Gclose(summary));
  PetscCall(PetscFree(block));
  PetscCall(OcOutputH5Flush(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}
