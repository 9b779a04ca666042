/* Access to the files of a feed, in a folder or in a zip archive (libzip). The caller says
   which: a folder named "x.zip" or an archive without the extension are both legitimate. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>
#include "gtfs_impl.h"

const char *const OcGtfsSources[] = {"folder", "zip", "OcGtfsSource", "OC_GTFS_SOURCE_", NULL};

static PetscErrorCode open_folder(GtfsSource *src, const struct stat *st, OcDiag diag, PetscBool *ok)
{
  PetscFunctionBegin;
  *ok = S_ISDIR(st->st_mode) ? PETSC_TRUE : PETSC_FALSE;
  if (!*ok) PetscCall(OcDiagAdd(diag, src->path, 0, "the GTFS feed was given as a folder but is a file (a zip archive needs the zip source kind)"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode open_zip(GtfsSource *src, const struct stat *st, OcDiag diag, PetscBool *ok)
{
  int err = 0;

  PetscFunctionBegin;
  src->zip = zip_open(src->path, ZIP_RDONLY, &err);
  *ok      = src->zip ? PETSC_TRUE : PETSC_FALSE;
  if (!*ok) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    PetscCall(OcDiagAdd(diag, src->path, 0, "cannot read the GTFS feed as a zip archive (%s)", zip_error_strerror(&ze)));
    zip_error_fini(&ze);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode load_from_folder(GtfsSource *src, const char *file, OcDiag diag, char **buf, size_t *len, PetscBool *found)
{
  char  path[PETSC_MAX_PATH_LEN];
  FILE *fp;
  long  size;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof path, "%s/%s", src->path, file));
  fp = fopen(path, "rb");
  if (!fp) {
    if (errno != ENOENT) PetscCall(OcDiagAdd(diag, file, 0, "cannot open the file in the GTFS feed (%s)", strerror(errno)));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (fseek(fp, 0, SEEK_END) || (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET)) {
    PetscCall(OcDiagAdd(diag, file, 0, "cannot read the file in the GTFS feed (%s)", strerror(errno)));
    fclose(fp);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(PetscMalloc1((size_t)size + 1, buf));
  *len = fread(*buf, 1, (size_t)size, fp);
  if (*len != (size_t)size) PetscCall(OcDiagAdd(diag, file, 0, "cannot read the file in the GTFS feed (%s)", strerror(errno)));
  fclose(fp);
  *found = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode load_from_zip(GtfsSource *src, const char *file, OcDiag diag, char **buf, size_t *len, PetscBool *found)
{
  zip_t      *za = (zip_t *)src->zip;
  zip_int64_t i  = zip_name_locate(za, file, 0);
  zip_stat_t  st;
  zip_file_t *zf;

  PetscFunctionBegin;
  if (i < 0) PetscFunctionReturn(PETSC_SUCCESS);
  if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) || !(st.valid & ZIP_STAT_SIZE) || !(zf = zip_fopen_index(za, (zip_uint64_t)i, 0))) {
    PetscCall(OcDiagAdd(diag, file, 0, "cannot read the member of the zip archive (%s)", zip_strerror(za)));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(PetscMalloc1((size_t)st.size + 1, buf));
  if (zip_fread(zf, *buf, st.size) != (zip_int64_t)st.size) PetscCall(OcDiagAdd(diag, file, 0, "cannot read the member of the zip archive (%s)", zip_file_strerror(zf)));
  zip_fclose(zf);
  *len   = (size_t)st.size;
  *found = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One entry per OcGtfsSource. */
static const struct {
  PetscErrorCode (*open)(GtfsSource *, const struct stat *, OcDiag, PetscBool *);
  PetscErrorCode (*load)(GtfsSource *, const char *, OcDiag, char **, size_t *, PetscBool *);
} source_ops[] = {
  {open_folder, load_from_folder},
  {open_zip,    load_from_zip   },
};

PetscErrorCode GtfsSourceOpen(const char *path, OcGtfsSource kind, OcDiag diag, GtfsSource *src, PetscBool *ok)
{
  struct stat st;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(src, sizeof *src));
  PetscCheck(kind == OC_GTFS_SOURCE_FOLDER || kind == OC_GTFS_SOURCE_ZIP, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "unknown OcGtfsSource %d", (int)kind);
  src->kind = kind;
  src->path = path;
  *ok       = PETSC_FALSE;
  if (stat(path, &st)) PetscCall(OcDiagAdd(diag, path, 0, "cannot open the GTFS feed (%s)", strerror(errno)));
  else PetscCall(source_ops[kind].open(src, &st, diag, ok));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsSourceLoad(GtfsSource *src, const char *file, OcDiag diag, char **buf, size_t *len, PetscBool *found)
{
  PetscFunctionBegin;
  *buf   = NULL;
  *len   = 0;
  *found = PETSC_FALSE;
  PetscCall(source_ops[src->kind].load(src, file, diag, buf, len, found));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsSourceClose(GtfsSource *src)
{
  PetscFunctionBegin;
  if (src->zip) zip_discard((zip_t *)src->zip);
  src->zip = NULL;
  PetscFunctionReturn(PETSC_SUCCESS);
}
