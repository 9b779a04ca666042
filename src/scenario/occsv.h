#ifndef OCCSV_H
#define OCCSV_H
/* CSV tables (RFC 4180, read with libcsv): a header row of column names, then records.
   Every problem is recorded in an OcDiag with the file, line and column name. */
#include "ocdiag.h"
#include "ocparse.h"

typedef struct {
  const char *name; /* the file as the user named it, for messages */
  PetscInt    ncols, nrows;
  char      **header; /* ncols names */
  PetscInt   *line;   /* nrows: line where each record starts */
  PetscInt   *offset; /* nrows * ncols: offset of each field in text */
  char       *text;   /* every field, NUL-terminated */
  size_t      text_len, text_cap;
} OcCsv;

/* A column a table understands. */
typedef struct {
  const char *name;
  PetscBool   required;
} OcCsvColumn;

/* What to do with a record that has fewer fields than the header. */
typedef enum {
  OC_CSV_SHORT_RECORDS_ERROR, /* record the problem (RFC 4180 tables of this project) */
  OC_CSV_SHORT_RECORDS_PAD    /* the missing trailing fields are empty (GTFS feeds) */
} OcCsvShortRecords;

/* Reads path (name is what messages call it); on any problem records it and returns an
   empty table. */
PETSC_EXTERN PetscErrorCode OcCsvRead(const char *path, const char *name, OcDiag, OcCsv *);
/* The same from len bytes at buf (a member of an archive); buf need not end with a NUL and is
   not kept. */
PETSC_EXTERN PetscErrorCode OcCsvReadMemory(const char *buf, size_t len, const char *name, OcCsvShortRecords, OcDiag, OcCsv *);
PETSC_EXTERN PetscErrorCode OcCsvFree(OcCsv *);
/* Matches the header with the known columns: index[i] is the position of column i or -1.
   Unknown and missing required columns are recorded; ok says whether the rows can be read. */
PETSC_EXTERN PetscErrorCode OcCsvBind(const OcCsv *, OcDiag, const OcCsvColumn[], PetscInt ncolumns, PetscInt index[], PetscBool *ok);
/* The same, but columns not in the list are ignored (formats that allow extra columns, GTFS). */
PETSC_EXTERN PetscErrorCode OcCsvBindIgnoreUnknown(const OcCsv *, OcDiag, const OcCsvColumn[], PetscInt ncolumns, PetscInt index[], PetscBool *ok);
/* The text of a field ("" for an absent column). */
PETSC_EXTERN const char *OcCsvField(const OcCsv *, PetscInt row, PetscInt col);
/* Typed fields. An empty optional field leaves *value as it was (the default). */
PETSC_EXTERN PetscErrorCode OcCsvGetId(const OcCsv *, OcDiag, PetscInt row, PetscInt col, char id[OC_NAME_LEN]);
PETSC_EXTERN PetscErrorCode OcCsvGetReal(const OcCsv *, OcDiag, PetscInt row, PetscInt col, PetscBool required, OcRealConstraint, PetscReal *value);
PETSC_EXTERN PetscErrorCode OcCsvGetChoice(const OcCsv *, OcDiag, PetscInt row, PetscInt col, const char *const choices[], PetscInt *value);

#endif
