#ifndef OCCSV_H
#define OCCSV_H
/* CSV tables (RFC 4180, read with libcsv): a header row of column names, then records.
   Every problem is recorded in an OcDiag with the file, line and column name. */
#include "ocdiag.h"
#include "ocparse.h"

typedef struct {
  const char *name;     /* the file as the user named it, for messages */
  PetscInt    ncols, nrows;
  char      **header;   /* ncols names */
  PetscInt   *line;     /* nrows: line where each record starts */
  PetscInt   *offset;   /* nrows * ncols: offset of each field in text */
  char       *text;     /* every field, NUL-terminated */
  size_t      text_len, text_cap;
} OcCsv;

/* A column a table understands. */
typedef struct {
  const char *name;
  PetscBool   required;
} OcCsvColumn;

/* Reads path (name is what messages call it); on any problem records it and returns an
   empty table. */
PETSC_EXTERN PetscErrorCode OcCsvRead(const char *path, const char *name, OcDiag, OcCsv *);
PETSC_EXTERN PetscErrorCode OcCsvFree(OcCsv *);
/* Matches the header with the known columns: index[i] is the position of column i or -1.
   Unknown and missing required columns are recorded; ok says whether the rows can be read. */
PETSC_EXTERN PetscErrorCode OcCsvBind(const OcCsv *, OcDiag, const OcCsvColumn[], PetscInt ncolumns, PetscInt index[], PetscBool *ok);
/* The text of a field ("" for an absent column). */
PETSC_EXTERN const char *OcCsvField(const OcCsv *, PetscInt row, PetscInt col);
/* Typed fields. An empty optional field leaves *value as it was (the default). */
PETSC_EXTERN PetscErrorCode OcCsvGetId(const OcCsv *, OcDiag, PetscInt row, PetscInt col, char id[OC_NAME_LEN]);
PETSC_EXTERN PetscErrorCode OcCsvGetReal(const OcCsv *, OcDiag, PetscInt row, PetscInt col, PetscBool required, OcRealConstraint, PetscReal *value);
PETSC_EXTERN PetscErrorCode OcCsvGetChoice(const OcCsv *, OcDiag, PetscInt row, PetscInt col, const char *const choices[], PetscInt *value);

#endif
