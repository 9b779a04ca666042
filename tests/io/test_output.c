/* The results writer against a known function. Five groups (one migrating, one with fewer
   elements than ranks, one empty) are owned in rank-dependent scattered orders (round-robin,
   reversed blocks, ownership moving every 7 records), with an explicit flush in the middle of
   a block; every value is
   f(group, series, index, record), so the file can be checked exactly. After closing, every
   rank reads the file back with serial HDF5 and checks every value, id, name, attribute, text
   and summary; rank 0 prints a report that must be the same at every rank count.

   -oc_test_records T          records to write (default 40)
   -oc_test_kill_after_flushes K  rank 0 kills itself (SIGKILL) once K blocks are flushed
   -oc_test_verify FILE        only check FILE (e.g. the .part left by a killed run)
   -oc_test_duplicate_owner    the last rank also claims element 0 of substations (must fail) */
#include <ocoutput.h>
#include <math.h>
#include <signal.h>

#define NGROUPS       5
#define MAX_SERIES    3
#define RECORD_DT_S   10.0
#define MIGRATE_EVERY 7
#define FLUSH_AFTER   20 /* an explicit flush after this record */

typedef struct {
  const char *name;
  PetscInt    n, nseries;
  const char *series[MAX_SERIES], *unit[MAX_SERIES];
} GroupDef;

static const GroupDef groups[NGROUPS] = {
  {"substations", 7,  3, {"p_w", "i_a", "u_v"},       {"W", "A", "V"}},
  {"dc_nodes",    23, 1, {"u_v"},                     {"V"}          },
  {"vehicles",    11, 2, {"position_m", "speed_m_s"}, {"m", "m/s"}   },
  {"chargers",    1,  1, {"p_w"},                     {"W"}          },
  {"ac_buses",    0,  1, {"vm_pu"},                   {"pu"}         },
};

static PetscReal value(PetscInt g, PetscInt s, PetscInt i, PetscInt k)
{
  return (s + 1) * PetscSinReal(0.37 * i + 0.011 * k + g) + 0.001 * i;
}

static PetscInt element_id(PetscInt g, PetscInt i)
{
  return 100 * (g + 1) + 2 * i;
}

/* Energy of substation i over the records: the summary written at the end. */
static PetscReal energy_j(PetscInt i, PetscInt nrec)
{
  PetscReal e = 0;
  for (PetscInt k = 0; k < nrec; k++) e += value(0, 0, i, k) * RECORD_DT_S;
  return e;
}

/* Which elements this rank owns, in the order it lists them: a different scattered pattern per
   group; the vehicles' owners change every MIGRATE_EVERY records. */
static PetscErrorCode owned(PetscInt g, PetscInt k, PetscMPIInt rank, PetscMPIInt size, PetscInt *nown, PetscInt gidx[])
{
  const PetscInt n = groups[g].n, epoch = k / MIGRATE_EVERY;

  PetscFunctionBegin;
  *nown = 0;
  switch (g) {
  case 0: /* round-robin, ascending */
    for (PetscInt i = rank; i < n; i += size) gidx[(*nown)++] = i;
    break;
  case 1: /* blocks in reverse rank order, each listed descending */
    for (PetscInt i = n - 1; i >= 0; i--)
      if (size - 1 - (i * size) / n == rank) gidx[(*nown)++] = i;
    break;
  case 2: /* migrating; descending in odd epochs */
    for (PetscInt j = 0; j < n; j++) {
      PetscInt i = epoch % 2 ? n - 1 - j : j;
      if ((3 * i + epoch) % size == rank) gidx[(*nown)++] = i;
    }
    break;
  default: /* the last rank owns all */
    if (rank == size - 1)
      for (PetscInt i = 0; i < n; i++) gidx[(*nown)++] = i;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

typedef struct {
  OcOutputGroup  group[NGROUPS];
  OcOutputSeries series[NGROUPS][MAX_SERIES];
  PetscInt       nown[NGROUPS], gidx[NGROUPS][64];
} Writer;

static PetscErrorCode declare(OcOutput out, Writer *w, PetscMPIInt rank, PetscMPIInt size, PetscBool duplicate)
{
  PetscFunctionBegin;
  for (PetscInt g = 0; g < NGROUPS; g++) {
    PetscInt ids[64];
    char     namebuf[64][OC_NAME_LEN];
    char    *names[64];
    PetscCall(owned(g, 0, rank, size, &w->nown[g], w->gidx[g]));
    if (duplicate && g == 0 && rank == size - 1) w->gidx[g][w->nown[g]++] = 0;
    for (PetscInt j = 0; j < w->nown[g]; j++) {
      ids[j] = element_id(g, w->gidx[g][j]);
      PetscCall(PetscSNPrintf(namebuf[j], OC_NAME_LEN, "%s-%03" PetscInt_FMT, groups[g].name, w->gidx[g][j]));
      names[j] = namebuf[j];
    }
    PetscCall(OcOutputAddGroup(out, groups[g].name, groups[g].n, w->nown[g], w->gidx[g], ids, (const char *const *)names, &w->group[g]));
    for (PetscInt s = 0; s < groups[g].nseries; s++) {
      char desc[128];
      PetscCall(PetscSNPrintf(desc, sizeof(desc), "test series %s of %s", groups[g].series[s], groups[g].name));
      PetscCall(OcOutputAddSeries(out, w->group[g], groups[g].series[s], groups[g].unit[s], desc, &w->series[g][s]));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode record(OcOutput out, Writer *w, PetscInt k, PetscMPIInt rank, PetscMPIInt size)
{
  PetscReal v[64];

  PetscFunctionBegin;
  if (k > 0 && k % MIGRATE_EVERY == 0) {
    PetscCall(owned(2, k, rank, size, &w->nown[2], w->gidx[2]));
    PetscCall(OcOutputGroupSetOwnership(out, w->group[2], w->nown[2], w->gidx[2]));
  }
  PetscCall(OcOutputRecordBegin(out, RECORD_DT_S * k));
  for (PetscInt g = 0; g < NGROUPS; g++)
    for (PetscInt s = 0; s < groups[g].nseries; s++) {
      for (PetscInt j = 0; j < w->nown[g]; j++) v[j] = value(g, s, w->gidx[g][j], k);
      PetscCall(OcOutputSetValues(out, w->series[g][s], v));
    }
  PetscCall(OcOutputRecordEnd(out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode write_summary(OcOutput out, Writer *w, PetscInt nrec)
{
  PetscReal e[64];

  PetscFunctionBegin;
  /* written twice: the second call must replace the first */
  for (PetscInt j = 0; j < w->nown[0]; j++) e[j] = 0;
  PetscCall(OcOutputWriteSummary(out, w->group[0], "energy_j", "J", "placeholder", e));
  for (PetscInt j = 0; j < w->nown[0]; j++) e[j] = energy_j(w->gidx[0][j], nrec);
  PetscCall(OcOutputWriteSummary(out, w->group[0], "energy_j", "J", "energy drawn over the run", e));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode write_file(MPI_Comm comm, PetscInt nrec, PetscInt kill_after, PetscBool duplicate, char path[], size_t len)
{
  OcOutput    out;
  Writer      w;
  PetscMPIInt rank, size;
  const char *file;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(OcOutputCreate(comm, &out));
  PetscCall(OcOutputSetScenarioName(out, "io-test"));
  PetscCall(OcOutputSetFromOptions(out));
  PetscCall(declare(out, &w, rank, size, duplicate));
  PetscCall(OcOutputSetUp(out));
  PetscCall(OcOutputAddText(out, "city.yaml", rank == 0 ? "name: io-test\nrecord_interval_s: 10\n" : NULL));
  PetscCall(OcOutputAddText(out, "empty.csv", rank == 0 ? "" : NULL));
  PetscCall(OcOutputSetAttribute(out, "vehicle_voltage_lag", "one step"));
  for (PetscInt k = 0; k < nrec; k++) {
    PetscInt flushes;
    PetscCall(record(out, &w, k, rank, size));
    if (k == FLUSH_AFTER) PetscCall(OcOutputFlush(out)); /* as before a checkpoint: mid-block */
    PetscCall(OcOutputGetProgress(out, NULL, &flushes));
    if (kill_after > 0 && flushes >= kill_after && rank == 0) PetscCheck(raise(SIGKILL) == 0, PETSC_COMM_SELF, PETSC_ERR_SYS, "raise(SIGKILL) failed");
  }
  PetscCall(write_summary(out, &w, nrec));
  PetscCall(OcOutputClose(out));
  PetscCall(OcOutputView(out, PETSC_VIEWER_STDOUT_(comm)));
  PetscCall(OcOutputGetFile(out, &file));
  PetscCall(PetscStrncpy(path, file, len));
  PetscCall(OcOutputDestroy(&out));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---- reading back: plain serial HDF5 on every rank ---- */

typedef struct {
  hid_t       file;
  PetscInt    errors;
  PetscMPIInt rank;
} Reader;

#define CHECK(r, cond, ...) \
  do { \
    if (!(cond)) { \
      if ((r)->errors++ < 10) { \
        PetscCall(PetscPrintf(PETSC_COMM_SELF, "[%d] check failed: ", (r)->rank)); \
        PetscCall(PetscPrintf(PETSC_COMM_SELF, __VA_ARGS__)); \
      } \
    } \
  } while (0)

static PetscErrorCode read_string_attr(hid_t obj, const char name[], char buf[], size_t len)
{
  hid_t attr, type;
  char *v = NULL;

  PetscFunctionBegin;
  buf[0] = '\0';
  if (H5Aexists(obj, name) <= 0) PetscFunctionReturn(PETSC_SUCCESS);
  OcCallH5(attr = H5Aopen(obj, name, H5P_DEFAULT));
  OcCallH5(type = H5Tcopy(H5T_C_S1));
  OcCallH5(H5Tset_size(type, H5T_VARIABLE));
  OcCallH5(H5Tset_cset(type, H5T_CSET_UTF8));
  OcCallH5(H5Aread(attr, type, &v));
  PetscCall(PetscStrncpy(buf, v, len));
  OcCallH5(H5free_memory(v));
  OcCallH5(H5Tclose(type));
  OcCallH5(H5Aclose(attr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode check_root(Reader *r, PetscInt *nrec)
{
  char    buf[4096];
  int     version = -1;
  hid_t   attr, dset, space;
  hsize_t dims;

  PetscFunctionBegin;
  OcCallH5(attr = H5Aopen(r->file, "layout_version", H5P_DEFAULT));
  OcCallH5(H5Aread(attr, H5T_NATIVE_INT, &version));
  OcCallH5(H5Aclose(attr));
  CHECK(r, version == OC_OUTPUT_LAYOUT_VERSION, "layout_version %d\n", version);
  PetscCall(read_string_attr(r->file, "ohmcity_version", buf, sizeof(buf)));
  CHECK(r, !strcmp(buf, OcVersion()), "ohmcity_version '%s'\n", buf);
  PetscCall(read_string_attr(r->file, "git_hash", buf, sizeof(buf)));
  CHECK(r, !strcmp(buf, OcGitHash()), "git_hash '%s'\n", buf);
  PetscCall(read_string_attr(r->file, "scenario", buf, sizeof(buf)));
  CHECK(r, !strcmp(buf, "io-test"), "scenario '%s'\n", buf);
  PetscCall(read_string_attr(r->file, "options", buf, sizeof(buf)));
  CHECK(r, strstr(buf, "-oc_output_file") != NULL, "options '%s'\n", buf);
  PetscCall(read_string_attr(r->file, "created", buf, sizeof(buf)));
  CHECK(r, strlen(buf) == 20 && buf[10] == 'T' && buf[19] == 'Z', "created '%s'\n", buf);
  PetscCall(read_string_attr(r->file, "vehicle_voltage_lag", buf, sizeof(buf)));
  CHECK(r, !strcmp(buf, "one step"), "vehicle_voltage_lag '%s'\n", buf);

  OcCallH5(dset = H5Dopen2(r->file, "time", H5P_DEFAULT));
  OcCallH5(space = H5Dget_space(dset));
  OcCallH5(H5Sget_simple_extent_dims(space, &dims, NULL));
  *nrec = (PetscInt)dims;
  if (dims > 0) {
    PetscReal *t;
    PetscCall(PetscMalloc1(dims, &t));
    OcCallH5(H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, t));
    for (hsize_t k = 0; k < dims; k++) CHECK(r, t[k] == RECORD_DT_S * k, "time[%d] = %g\n", (int)k, (double)t[k]);
    PetscCall(PetscFree(t));
  }
  PetscCall(read_string_attr(dset, "unit", buf, sizeof(buf)));
  CHECK(r, !strcmp(buf, "s"), "time unit '%s'\n", buf);
  OcCallH5(H5Sclose(space));
  OcCallH5(H5Dclose(dset));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "root: layout_version %d, version, git hash, scenario, options, created: ok\n", version));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "records: %" PetscInt_FMT ", time 0 .. %.1f s\n", *nrec, *nrec ? RECORD_DT_S * (*nrec - 1) : 0.0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode check_elements(Reader *r, PetscInt g, hid_t grp)
{
  const PetscInt n = groups[g].n;
  PetscInt64     ids[64];
  char           names[64][OC_NAME_LEN], expect[OC_NAME_LEN];
  hid_t          dset, type;

  PetscFunctionBegin;
  OcCallH5(dset = H5Dopen2(grp, "id", H5P_DEFAULT));
  if (n) OcCallH5(H5Dread(dset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, ids));
  OcCallH5(H5Dclose(dset));
  OcCallH5(dset = H5Dopen2(grp, "name", H5P_DEFAULT));
  OcCallH5(type = H5Dget_type(dset));
  CHECK(r, H5Tget_size(type) == OC_NAME_LEN, "%s/name: string size %d\n", groups[g].name, (int)H5Tget_size(type));
  if (n) OcCallH5(H5Dread(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, names));
  OcCallH5(H5Tclose(type));
  OcCallH5(H5Dclose(dset));
  for (PetscInt i = 0; i < n; i++) {
    PetscCall(PetscSNPrintf(expect, sizeof(expect), "%s-%03" PetscInt_FMT, groups[g].name, i));
    CHECK(r, ids[i] == element_id(g, i), "%s/id[%d] = %lld\n", groups[g].name, (int)i, (long long)ids[i]);
    CHECK(r, !strcmp(names[i], expect), "%s/name[%d] = '%s'\n", groups[g].name, (int)i, names[i]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One series: shape, attributes, every value exact; prints its shape and sum. */
static PetscErrorCode check_series(Reader *r, PetscInt g, PetscInt s, hid_t grp, PetscInt nrec)
{
  const PetscInt n    = groups[g].n;
  const char    *name = groups[g].series[s];
  char           buf[256], desc[256];
  hid_t          dset, space;
  hsize_t        dims[2];
  PetscReal     *v, sum = 0;

  PetscFunctionBegin;
  if (H5Lexists(grp, name, H5P_DEFAULT) <= 0) {
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  %s: not written\n", name));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  OcCallH5(dset = H5Dopen2(grp, name, H5P_DEFAULT));
  OcCallH5(space = H5Dget_space(dset));
  OcCallH5(H5Sget_simple_extent_dims(space, dims, NULL));
  CHECK(r, dims[0] == (hsize_t)nrec && dims[1] == (hsize_t)n, "%s/%s: shape %d x %d\n", groups[g].name, name, (int)dims[0], (int)dims[1]);
  PetscCall(PetscMalloc1(dims[0] * dims[1], &v));
  if (dims[0] > 0 && dims[1] > 0) OcCallH5(H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v));
  for (hsize_t k = 0; k < dims[0]; k++)
    for (hsize_t i = 0; i < dims[1]; i++) {
      PetscReal x = v[k * dims[1] + i];
      CHECK(r, x == value(g, s, (PetscInt)i, (PetscInt)k), "%s/%s[%d][%d] = %.17g\n", groups[g].name, name, (int)k, (int)i, (double)x);
      sum += x;
    }
  PetscCall(PetscFree(v));
  PetscCall(read_string_attr(dset, "unit", buf, sizeof(buf)));
  CHECK(r, !strcmp(buf, groups[g].unit[s]), "%s/%s unit '%s'\n", groups[g].name, name, buf);
  PetscCall(read_string_attr(dset, "description", buf, sizeof(buf)));
  PetscCall(PetscSNPrintf(desc, sizeof(desc), "test series %s of %s", name, groups[g].name));
  CHECK(r, !strcmp(buf, desc), "%s/%s description '%s'\n", groups[g].name, name, buf);
  OcCallH5(H5Sclose(space));
  OcCallH5(H5Dclose(dset));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  %s [%d x %d] %s: exact, sum %.12e\n", name, (int)dims[0], (int)dims[1], groups[g].unit[s], (double)sum));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode check_summary(Reader *r, PetscInt nrec)
{
  const char *path = "summary/substations/energy_j";
  PetscReal   e[64];
  char        buf[256];
  hid_t       dset;

  PetscFunctionBegin;
  if (H5Lexists(r->file, "summary", H5P_DEFAULT) <= 0) {
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "summary: not written\n"));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  OcCallH5(dset = H5Dopen2(r->file, path, H5P_DEFAULT));
  OcCallH5(H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, e));
  for (PetscInt i = 0; i < groups[0].n; i++) CHECK(r, e[i] == energy_j(i, nrec), "%s[%d] = %.17g\n", path, (int)i, (double)e[i]);
  PetscCall(read_string_attr(dset, "unit", buf, sizeof(buf)));
  CHECK(r, !strcmp(buf, "J"), "%s unit '%s'\n", path, buf);
  PetscCall(read_string_attr(dset, "description", buf, sizeof(buf)));
  CHECK(r, !strcmp(buf, "energy drawn over the run"), "%s description '%s'\n", path, buf);
  OcCallH5(H5Dclose(dset));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "summary: %s [%" PetscInt_FMT "] J: exact, first %.12e\n", path, groups[0].n, (double)e[0]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode check_text(Reader *r, const char name[], const char expect[])
{
  hid_t  dset, type;
  size_t size;
  char  *buf;

  PetscFunctionBegin;
  OcCallH5(dset = H5Dopen2(r->file, name, H5P_DEFAULT));
  OcCallH5(type = H5Dget_type(dset));
  size = H5Tget_size(type);
  PetscCall(PetscCalloc1(size + 1, &buf));
  OcCallH5(H5Dread(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf));
  CHECK(r, !strcmp(buf, expect), "%s = '%s'\n", name, buf);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "text %s: %zu bytes\n", name, strlen(buf)));
  PetscCall(PetscFree(buf));
  OcCallH5(H5Tclose(type));
  OcCallH5(H5Dclose(dset));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode verify_file(MPI_Comm comm, const char path[], PetscInt expect_records)
{
  Reader   r = {H5I_INVALID_HID, 0, 0};
  PetscInt nrec, errors;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &r.rank));
  OcCallH5(r.file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT));
  PetscCall(check_root(&r, &nrec));
  CHECK(&r, expect_records < 0 || nrec == expect_records, "%d records, expected %d\n", (int)nrec, (int)expect_records);
  for (PetscInt g = 0; g < NGROUPS; g++) {
    hid_t grp;
    OcCallH5(grp = H5Gopen2(r.file, groups[g].name, H5P_DEFAULT));
    PetscCall(check_elements(&r, g, grp));
    PetscCall(PetscPrintf(comm, "%s: %" PetscInt_FMT " elements, ids and names in index order\n", groups[g].name, groups[g].n));
    for (PetscInt s = 0; s < groups[g].nseries; s++) PetscCall(check_series(&r, g, s, grp, nrec));
    OcCallH5(H5Gclose(grp));
  }
  PetscCall(check_summary(&r, nrec));
  PetscCall(check_text(&r, "scenario/city.yaml", "name: io-test\nrecord_interval_s: 10\n"));
  PetscCall(check_text(&r, "scenario/empty.csv", ""));
  OcCallH5(H5Fclose(r.file));
  PetscCall(MPIU_Allreduce(&r.errors, &errors, 1, MPIU_INT, MPI_SUM, comm));
  PetscCheck(errors == 0, comm, PETSC_ERR_PLIB, "%s: %" PetscInt_FMT " checks failed (summed over ranks)", path, errors);
  PetscCall(PetscPrintf(comm, "every rank read the file back: all checks passed\n"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  MPI_Comm  comm;
  PetscInt  nrec = 40, kill_after = 0;
  char      path[PETSC_MAX_PATH_LEN];
  PetscBool verify_only, duplicate = PETSC_FALSE;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-oc_test_records", &nrec, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-oc_test_kill_after_flushes", &kill_after, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-oc_test_duplicate_owner", &duplicate, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-oc_test_verify", path, sizeof(path), &verify_only));
  if (!verify_only) PetscCall(write_file(comm, nrec, kill_after, duplicate, path, sizeof(path)));
  PetscCall(verify_file(comm, path, verify_only ? -1 : nrec));
  PetscCall(PetscFinalize());
  return 0;
}
