#include <csv.h>
#include <errno.h>
#include <string.h>
#include "occsv.h"

/* State shared with libcsv's callbacks while one file is parsed. */
typedef struct {
  OcCsv            *t;
  OcDiag            diag;
  OcCsvShortRecords short_records; /* what a record with too few fields means */
  PetscInt          line;          /* physical line being fed */
  PetscInt          record_line;   /* line where the current record started, 0 between records */
  PetscInt          end_line;      /* line where the last complete record ended */
  PetscInt          nfields;       /* fields seen in the current record */
  PetscInt          cap_rows;
  PetscInt         *fields; /* offsets of the current record's fields */
  PetscInt          cap_fields;
  PetscInt         *header; /* offsets of the header's names */
  PetscErrorCode    err;    /* a PETSc error inside a callback (out of memory) */
  PetscBool         bad;    /* an input problem was recorded */
} CsvParse;

/* Checks that s is well-formed UTF-8 (inputs are exchanged between tools and countries). */
static PetscBool valid_utf8(const unsigned char *s, size_t n)
{
  for (size_t i = 0; i < n;) {
    int k = s[i] < 0x80 ? 0 : (s[i] >> 5) == 0x6 ? 1 : (s[i] >> 4) == 0xe ? 2 : (s[i] >> 3) == 0x1e ? 3 : -1;
    if (k < 0 || i + (size_t)k >= n) return PETSC_FALSE;
    for (int j = 1; j <= k; j++)
      if ((s[i + j] & 0xc0) != 0x80) return PETSC_FALSE;
    i += (size_t)k + 1;
  }
  return PETSC_TRUE;
}

static PetscErrorCode append_text(OcCsv *t, const char *s, size_t n, PetscInt *offset)
{
  PetscFunctionBegin;
  if (t->text_len + n + 1 > t->text_cap) {
    t->text_cap = PetscMax(2 * t->text_cap, t->text_len + n + 1024);
    PetscCall(PetscRealloc(t->text_cap, &t->text));
  }
  if (n) PetscCall(PetscMemcpy(t->text + t->text_len, s, n));
  t->text[t->text_len + n] = '\0';
  *offset                  = (PetscInt)t->text_len;
  t->text_len += n + 1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode add_field(CsvParse *p, const char *s, size_t n)
{
  PetscFunctionBegin;
  if (!p->record_line) p->record_line = p->line;
  if (p->nfields == p->cap_fields) {
    p->cap_fields = PetscMax(16, 2 * p->cap_fields);
    PetscCall(PetscRealloc(sizeof(PetscInt) * p->cap_fields, &p->fields));
  }
  /* A spreadsheet may save a byte-order mark before the first header name. */
  if (p->line == 1 && p->nfields == 0 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
    s += 3;
    n -= 3;
  }
  if (!valid_utf8((const unsigned char *)s, n) && !p->bad) {
    PetscCall(OcDiagAdd(p->diag, p->t->name, p->line, "field %" PetscInt_FMT " is not valid UTF-8 text; save the file as UTF-8", p->nfields + 1));
    p->bad = PETSC_TRUE;
  }
  PetscCall(append_text(p->t, s, n, &p->fields[p->nfields++]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode end_record(CsvParse *p)
{
  OcCsv *t = p->t;

  PetscFunctionBegin;
  /* GTFS feeds in the wild end some records early: the missing trailing fields are empty. */
  if (p->header && p->short_records == OC_CSV_SHORT_RECORDS_PAD)
    while (p->nfields < t->ncols) PetscCall(add_field(p, "", 0));
  if (!p->header) {
    t->ncols = p->nfields;
    PetscCall(PetscMalloc1(t->ncols, &p->header));
    PetscCall(PetscArraycpy(p->header, p->fields, t->ncols));
  } else if (p->nfields != t->ncols) {
    if (!p->bad) PetscCall(OcDiagAdd(p->diag, t->name, p->record_line, "expected %" PetscInt_FMT " fields as in the header, found %" PetscInt_FMT, t->ncols, p->nfields));
    p->bad = PETSC_TRUE;
  } else {
    if (t->nrows == p->cap_rows) {
      p->cap_rows = PetscMax(64, 2 * p->cap_rows);
      PetscCall(PetscRealloc(sizeof(PetscInt) * p->cap_rows, &t->line));
      PetscCall(PetscRealloc(sizeof(PetscInt) * p->cap_rows * t->ncols, &t->offset));
    }
    t->line[t->nrows] = p->record_line;
    PetscCall(PetscArraycpy(t->offset + t->nrows * t->ncols, p->fields, t->ncols));
    t->nrows++;
  }
  p->nfields     = 0;
  p->record_line = 0;
  p->end_line    = p->line;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void on_field(void *s, size_t n, void *data)
{
  CsvParse *p = (CsvParse *)data;
  if (!p->err) p->err = add_field(p, s ? (const char *)s : "", s ? n : 0);
}

static void on_record(int c, void *data)
{
  CsvParse *p = (CsvParse *)data;
  if (!p->err) p->err = end_record(p);
}

/* Where the lines come from: a file, or a buffer already in memory (a member of a zip). */
typedef struct {
  FILE       *fp;
  const char *buf;
  size_t      len, pos;
  char       *line; /* getline's buffer */
  size_t      cap;
} LineSource;

/* The next line with its newline in *s; -1 at the end. */
static ssize_t next_line(LineSource *src, const char **s)
{
  const char *start, *nl;
  size_t      n;

  if (src->fp) {
    ssize_t got = getline(&src->line, &src->cap, src->fp);
    *s          = src->line;
    return got;
  }
  if (src->pos >= src->len) return -1;
  start = src->buf + src->pos;
  nl    = memchr(start, '\n', src->len - src->pos);
  n     = nl ? (size_t)(nl - start) + 1 : src->len - src->pos;
  src->pos += n;
  *s = start;
  return (ssize_t)n;
}

/* Feeds the source line by line so that records know the line they start on. */
static PetscErrorCode parse_lines(LineSource *src, CsvParse *p, PetscBool *ok)
{
  struct csv_parser parser;
  const char       *s;
  ssize_t           n;

  PetscFunctionBegin;
  *ok = PETSC_TRUE;
  PetscCheck(!csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI), PETSC_COMM_SELF, PETSC_ERR_MEM, "libcsv could not initialise a parser");
  while (*ok && (n = next_line(src, &s)) > 0) {
    p->line++;
    if (csv_parse(&parser, s, (size_t)n, on_field, on_record, p) != (size_t)n) *ok = PETSC_FALSE;
    if (p->err) break;
  }
  if (*ok && !p->err && csv_fini(&parser, on_field, on_record, p)) *ok = PETSC_FALSE;
  /* libcsv fails at the end of the file when a quote is never closed: name the line after the
     last good record, where the bad one starts. */
  if (!*ok) PetscCall(OcDiagAdd(p->diag, p->t->name, p->end_line + 1, "malformed CSV (%s): a quoted field is not closed, or a quote stands inside an unquoted field", csv_strerror(csv_error(&parser))));
  free(src->line);
  csv_free(&parser);
  PetscCall(p->err);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The table from src, or an empty one after recording what is wrong with it. */
static PetscErrorCode read_table(LineSource *src, const char *name, OcCsvShortRecords short_records, OcDiag diag, OcCsv *t)
{
  CsvParse  p;
  PetscBool ok;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&p, sizeof p));
  p.t             = t;
  p.diag          = diag;
  p.short_records = short_records;
  PetscCall(parse_lines(src, &p, &ok));
  PetscCall(PetscFree(p.fields));
  if (ok && !p.bad && !p.header) PetscCall(OcDiagAdd(diag, name, 0, "the table is empty; expected a header line with column names"));
  if (ok && !p.bad && p.header) {
    /* The text no longer moves: the header names can point into it. */
    PetscCall(PetscMalloc1(t->ncols, &t->header));
    for (PetscInt c = 0; c < t->ncols; c++) t->header[c] = t->text + p.header[c];
  } else {
    PetscCall(OcCsvFree(t));
    t->name = name;
  }
  PetscCall(PetscFree(p.header));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCsvRead(const char *path, const char *name, OcDiag diag, OcCsv *t)
{
  LineSource src = {0};

  PetscFunctionBegin;
  PetscCall(PetscMemzero(t, sizeof *t));
  t->name = name;
  src.fp  = fopen(path, "rb");
  if (!src.fp) {
    PetscCall(OcDiagAdd(diag, name, 0, "cannot open the table (%s)", strerror(errno)));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(read_table(&src, name, OC_CSV_SHORT_RECORDS_ERROR, diag, t));
  fclose(src.fp);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCsvReadMemory(const char *buf, size_t len, const char *name, OcCsvShortRecords short_records, OcDiag diag, OcCsv *t)
{
  LineSource src = {0};

  PetscFunctionBegin;
  PetscCall(PetscMemzero(t, sizeof *t));
  t->name = name;
  src.buf = buf;
  src.len = len;
  PetscCall(read_table(&src, name, short_records, diag, t));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCsvFree(OcCsv *t)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(t->header));
  PetscCall(PetscFree(t->line));
  PetscCall(PetscFree(t->offset));
  PetscCall(PetscFree(t->text));
  PetscCall(PetscMemzero(t, sizeof *t));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode bind(const OcCsv *t, OcDiag diag, const OcCsvColumn cols[], PetscInt n, PetscBool allow_unknown, PetscInt index[], PetscBool *ok)
{
  char known[512] = "";

  PetscFunctionBegin;
  *ok = t->header ? PETSC_TRUE : PETSC_FALSE;
  if (!*ok) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt i = 0; i < n; i++) {
    size_t used;
    PetscCall(PetscStrlen(known, &used));
    PetscCall(PetscSNPrintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", cols[i].name));
    index[i] = -1;
    for (PetscInt c = 0; c < t->ncols; c++)
      if (!strcmp(t->header[c], cols[i].name)) index[i] = c;
    if (index[i] < 0 && cols[i].required) {
      PetscCall(OcDiagAdd(diag, t->name, 1, "missing column '%s'", cols[i].name));
      *ok = PETSC_FALSE;
    }
  }
  for (PetscInt c = 0; c < t->ncols; c++) {
    PetscBool found = PETSC_FALSE;
    for (PetscInt i = 0; i < n; i++) found = found || !strcmp(t->header[c], cols[i].name);
    for (PetscInt d = 0; d < c; d++)
      if (!strcmp(t->header[c], t->header[d])) {
        PetscCall(OcDiagAdd(diag, t->name, 1, "column '%s' appears twice", t->header[c]));
        *ok = PETSC_FALSE;
      }
    if (!found && !allow_unknown) {
      PetscCall(OcDiagAdd(diag, t->name, 1, "unknown column '%s'; expected columns: %s", t->header[c], known));
      *ok = PETSC_FALSE;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCsvBind(const OcCsv *t, OcDiag diag, const OcCsvColumn cols[], PetscInt n, PetscInt index[], PetscBool *ok)
{
  PetscFunctionBegin;
  PetscCall(bind(t, diag, cols, n, PETSC_FALSE, index, ok));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCsvBindIgnoreUnknown(const OcCsv *t, OcDiag diag, const OcCsvColumn cols[], PetscInt n, PetscInt index[], PetscBool *ok)
{
  PetscFunctionBegin;
  PetscCall(bind(t, diag, cols, n, PETSC_TRUE, index, ok));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const char *OcCsvField(const OcCsv *t, PetscInt row, PetscInt col)
{
  return col < 0 ? "" : t->text + t->offset[row * t->ncols + col];
}

PetscErrorCode OcCsvGetId(const OcCsv *t, OcDiag diag, PetscInt row, PetscInt col, char id[OC_NAME_LEN])
{
  const char *s = OcCsvField(t, row, col);
  size_t      n;

  PetscFunctionBegin;
  PetscCall(PetscStrlen(s, &n));
  if (n == 0) PetscCall(OcDiagAdd(diag, t->name, t->line[row], "field '%s': expected an identifier, found an empty field", t->header[col]));
  else if (n >= OC_NAME_LEN) PetscCall(OcDiagAdd(diag, t->name, t->line[row], "field '%s': identifier '%.20s...' is longer than %d characters", t->header[col], s, OC_NAME_LEN - 1));
  else PetscCall(PetscStrncpy(id, s, OC_NAME_LEN));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCsvGetReal(const OcCsv *t, OcDiag diag, PetscInt row, PetscInt col, PetscBool required, OcRealConstraint c, PetscReal *value)
{
  const char *s = OcCsvField(t, row, col);
  PetscReal   v;

  PetscFunctionBegin;
  if (!s[0]) {
    if (required) PetscCall(OcDiagAdd(diag, t->name, t->line[row], "field '%s': expected %s, found an empty field", t->header[col], OcRealConstraintPhrase(c)));
  } else if (OcParseReal(s, &v) && OcRealSatisfies(v, c)) *value = v;
  else PetscCall(OcDiagAdd(diag, t->name, t->line[row], "field '%s': expected %s, got '%s'", t->header[col], OcRealConstraintPhrase(c), s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcCsvGetChoice(const OcCsv *t, OcDiag diag, PetscInt row, PetscInt col, const char *const choices[], PetscInt *value)
{
  const char *s             = OcCsvField(t, row, col);
  char        expected[256] = "";

  PetscFunctionBegin;
  if (!s[0]) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt i = 0; choices[i]; i++) {
    size_t used;
    if (!strcmp(s, choices[i])) {
      *value = i;
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    PetscCall(PetscStrlen(expected, &used));
    PetscCall(PetscSNPrintf(expected + used, sizeof expected - used, "%s%s", i ? ", " : "", choices[i]));
  }
  PetscCall(OcDiagAdd(diag, t->name, t->line[row], "field '%s': expected one of %s, got '%s'", t->header[col], expected, s));
  PetscFunctionReturn(PETSC_SUCCESS);
}
