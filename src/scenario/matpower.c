/* MATPOWER case files, format version 2.

   A case file is a MATLAB function, but only a small part of MATLAB appears in it: the
   function line, assignments of constants to fields of the output struct, comments and
   "..." continuations. The reader tokenizes exactly that subset in one pass over the file
   held in memory. Fields it does not keep (gencost, bus_name, ...) are skipped by bracket
   and string matching. Anything that would need MATLAB to evaluate (indexing, arithmetic,
   transposes) is reported rather than guessed at: silently misreading a grid is worse than
   refusing it. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "matpower.h"

/* How a column is read and checked. */
typedef enum {
  MP_INT,   /* an integer (ids, types, status) */
  MP_REAL,  /* a finite number */
  MP_LIMIT, /* a number or +-Inf: no limit */
  MP_RATE   /* a number >= 0; Inf reads as 0, MATPOWER's "unlimited" */
} MpKind;

typedef struct {
  const char *name; /* MATPOWER's index name (idx_bus, idx_gen, idx_brch) */
  MpKind      kind;
  size_t      offset; /* of the member in the record */
} MpColumn;

static const MpColumn bus_columns[] = {
  {"BUS_I",    MP_INT,  offsetof(OcMpBus, id)     },
  {"BUS_TYPE", MP_INT,  offsetof(OcMpBus, type)   },
  {"PD",       MP_REAL, offsetof(OcMpBus, pd_mw)  },
  {"QD",       MP_REAL, offsetof(OcMpBus, qd_mvar)},
  {"GS",       MP_REAL, offsetof(OcMpBus, gs_mw)  },
  {"BS",       MP_REAL, offsetof(OcMpBus, bs_mvar)},
  {"BUS_AREA", MP_INT,  offsetof(OcMpBus, area)   },
  {"VM",       MP_REAL, offsetof(OcMpBus, vm_pu)  },
  {"VA",       MP_REAL, offsetof(OcMpBus, va_deg) },
  {"BASE_KV",  MP_REAL, offsetof(OcMpBus, base_kv)},
  {"ZONE",     MP_INT,  offsetof(OcMpBus, zone)   },
  {"VMAX",     MP_REAL, offsetof(OcMpBus, vmax_pu)},
  {"VMIN",     MP_REAL, offsetof(OcMpBus, vmin_pu)},
};

static const MpColumn gen_columns[] = {
  {"GEN_BUS",    MP_INT,   offsetof(OcMpGen, bus)      },
  {"PG",         MP_REAL,  offsetof(OcMpGen, pg_mw)    },
  {"QG",         MP_REAL,  offsetof(OcMpGen, qg_mvar)  },
  {"QMAX",       MP_LIMIT, offsetof(OcMpGen, qmax_mvar)},
  {"QMIN",       MP_LIMIT, offsetof(OcMpGen, qmin_mvar)},
  {"VG",         MP_REAL,  offsetof(OcMpGen, vg_pu)    },
  {"MBASE",      MP_REAL,  offsetof(OcMpGen, mbase_mva)},
  {"GEN_STATUS", MP_INT,   offsetof(OcMpGen, status)   },
  {"PMAX",       MP_LIMIT, offsetof(OcMpGen, pmax_mw)  },
  {"PMIN",       MP_LIMIT, offsetof(OcMpGen, pmin_mw)  },
};

static const MpColumn branch_columns[] = {
  {"F_BUS",     MP_INT,  offsetof(OcMpBranch, f_bus)     },
  {"T_BUS",     MP_INT,  offsetof(OcMpBranch, t_bus)     },
  {"BR_R",      MP_REAL, offsetof(OcMpBranch, r_pu)      },
  {"BR_X",      MP_REAL, offsetof(OcMpBranch, x_pu)      },
  {"BR_B",      MP_REAL, offsetof(OcMpBranch, b_pu)      },
  {"RATE_A",    MP_RATE, offsetof(OcMpBranch, rate_a_mva)},
  {"RATE_B",    MP_RATE, offsetof(OcMpBranch, rate_b_mva)},
  {"RATE_C",    MP_RATE, offsetof(OcMpBranch, rate_c_mva)},
  {"TAP",       MP_REAL, offsetof(OcMpBranch, ratio)     },
  {"SHIFT",     MP_REAL, offsetof(OcMpBranch, angle_deg) },
  {"BR_STATUS", MP_INT,  offsetof(OcMpBranch, status)    },
  {"ANGMIN",    MP_REAL, offsetof(OcMpBranch, angmin_deg)},
  {"ANGMAX",    MP_REAL, offsetof(OcMpBranch, angmax_deg)},
};

#define MP_MAX_COLUMNS 13 /* the most kept of any matrix */

typedef struct _MpReader MpReader;

/* One of the three matrices kept. */
typedef struct {
  const char     *field; /* the name after "mpc." */
  const char     *title; /* the comment above it in a written file */
  const MpColumn *column;
  PetscInt        ncolumn;
  PetscInt        nwrite; /* columns written; MATPOWER's own gen matrices have 21 */
  size_t          size;   /* of one record */
  size_t          line_offset;
  PetscErrorCode (*check)(MpReader *, const void *record, PetscInt row, PetscInt line);
} MpMatrix;

typedef enum {
  MP_VERSION,
  MP_BASEMVA,
  MP_BUS,
  MP_GEN,
  MP_BRANCH,
  MP_NFIELD
} MpField;
static const char *const field_name[MP_NFIELD] = {"version", "baseMVA", "bus", "gen", "branch"};

struct _MpReader {
  const char *path; /* as given, for messages */
  OcDiag      diag;
  const char *s, *end; /* the text not read yet */
  PetscInt    line;
  PetscBool   stop;                  /* after a syntax error nothing later can be trusted */
  char        var[OC_NAME_LEN];      /* the function's output variable, normally "mpc" */
  PetscInt    field_line[MP_NFIELD]; /* where each field was assigned; 0: not yet */
  char       *data[3];               /* the bus, gen and branch records read so far */
  PetscInt    n[3], capacity[3];
  OcMpCase   *mpc;
};

static PetscErrorCode check_bus(MpReader *, const void *, PetscInt, PetscInt);
static PetscErrorCode check_branch(MpReader *, const void *, PetscInt, PetscInt);

static const MpMatrix matrices[3] = {
  {"bus",    "bus data",                                                 bus_columns,    PETSC_STATIC_ARRAY_LENGTH(bus_columns),    13, sizeof(OcMpBus),    offsetof(OcMpBus,    line), check_bus   },
  {"gen",    "generator data (the columns after PMIN are written as 0)", gen_columns,    PETSC_STATIC_ARRAY_LENGTH(gen_columns),    21, sizeof(OcMpGen),    offsetof(OcMpGen,    line), NULL        },
  {"branch", "branch data",                                              branch_columns, PETSC_STATIC_ARRAY_LENGTH(branch_columns), 13, sizeof(OcMpBranch), offsetof(OcMpBranch, line), check_branch},
};

/* ---------------------------------------------------------------- characters and tokens */

static PetscBool is_digit(char c)
{
  return c >= '0' && c <= '9' ? PETSC_TRUE : PETSC_FALSE;
}

static PetscBool is_ident_start(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? PETSC_TRUE : PETSC_FALSE;
}

static PetscBool is_ident_char(char c)
{
  return is_ident_start(c) || is_digit(c) || c == '_' ? PETSC_TRUE : PETSC_FALSE;
}

/* Characters that end a number inside a matrix. */
static PetscBool is_delimiter(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ';' || c == '[' || c == ']' || c == '%' || c == '\0' ? PETSC_TRUE : PETSC_FALSE;
}

static void skip_to_newline(MpReader *rd)
{
  const char *nl = memchr(rd->s, '\n', (size_t)(rd->end - rd->s));

  rd->s = nl ? nl : rd->end;
}

static PetscBool at_continuation(const MpReader *rd)
{
  return rd->end - rd->s >= 3 && rd->s[0] == '.' && rd->s[1] == '.' && rd->s[2] == '.' ? PETSC_TRUE : PETSC_FALSE;
}

/* Skips blanks, comments and "..." continuations (with the line they continue), so that
   the next character is a token, a newline or the end of the text. */
static void skip_blank(MpReader *rd)
{
  while (rd->s < rd->end) {
    char c = *rd->s;

    if (c == ' ' || c == '\t' || c == '\r') rd->s++;
    else if (c == '%') skip_to_newline(rd);
    else if (c == '.' && at_continuation(rd)) {
      skip_to_newline(rd);
      if (rd->s < rd->end) {
        rd->s++;
        rd->line++;
      }
    } else break;
  }
}

/* Copies the identifier at the cursor into buf (at most len - 1 characters) and moves past
   it; *n is its full length, 0 when there is none. */
static void read_ident(MpReader *rd, char *buf, size_t len, size_t *n)
{
  const char *t = rd->s;

  *n = 0;
  if (rd->s >= rd->end || !is_ident_start(*rd->s)) return;
  while (rd->s < rd->end && is_ident_char(*rd->s)) rd->s++;
  *n = (size_t)(rd->s - t);
  memcpy(buf, t, PetscMin(*n, len - 1));
  buf[PetscMin(*n, len - 1)] = '\0';
}

/* Moves past the token at the cursor, at least one character so that reading always
   advances (but never a newline, which the caller counts); returns its length. */
static size_t skip_token(MpReader *rd, const char **t)
{
  *t = rd->s;
  if (rd->s < rd->end && *rd->s != '\n') {
    do rd->s++;
    while (!is_delimiter(*rd->s));
  }
  return (size_t)(rd->s - *t);
}

/* A short quoted excerpt of the text at t for messages. */
static void describe(const char *t, const char *end, char *buf, size_t len)
{
  size_t n = 0;

  if (t >= end) {
    snprintf(buf, len, "the end of the file");
    return;
  }
  if (*t == '\n') {
    snprintf(buf, len, "the end of the line");
    return;
  }
  while (t + n < end && n < 24 && t[n] != ' ' && t[n] != '\t' && t[n] != '\r' && t[n] != '\n') n++;
  snprintf(buf, len, "\"%.*s%s\"", (int)n, t, n == 24 ? "..." : "");
}

/* Records a syntax error at the cursor; reading stops there. */
static PetscErrorCode syntax_error(MpReader *rd, const char *expected)
{
  char found[48];

  PetscFunctionBegin;
  describe(rd->s, rd->end, found, sizeof found);
  PetscCall(OcDiagAdd(rd->diag, rd->path, rd->line, "expected %s, found %s", expected, found));
  rd->stop = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Records a syntax error unless ok. */
static PetscErrorCode expect(MpReader *rd, PetscBool ok, const char *expected)
{
  PetscFunctionBegin;
  if (!ok) PetscCall(syntax_error(rd, expected));
  PetscFunctionReturn(PETSC_SUCCESS);
}

typedef enum {
  MP_NUMBER,
  MP_NOT_A_NUMBER,
  MP_NAN,
  MP_HUGE
} MpNumber;

/* MATLAB's number literals: [+-]digits[.digits][e[+-]digits], [+-]Inf, NaN. The text is
   checked here because strtod also accepts hexadecimal, "infinity" and "nan(...)". */
static MpNumber scan_number(const char *t, size_t n, PetscReal *v)
{
  size_t i = 0, digits = 0, exp_digits = 0;

  if (n && (t[0] == '+' || t[0] == '-')) i++;
  if (n - i == 3 && (!strncmp(t + i, "Inf", 3) || !strncmp(t + i, "inf", 3))) {
    /* IEEE infinity, not PETSC_INFINITY (a large finite number): it must write back as Inf. */
    *v = t[0] == '-' ? -(PetscReal)INFINITY : (PetscReal)INFINITY;
    return MP_NUMBER;
  }
  if (n - i == 3 && (!strncmp(t + i, "NaN", 3) || !strncmp(t + i, "nan", 3))) return MP_NAN;
  for (; i < n && is_digit(t[i]); i++) digits++;
  if (i < n && t[i] == '.')
    for (i++; i < n && is_digit(t[i]); i++) digits++;
  if (!digits) return MP_NOT_A_NUMBER;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    i++;
    if (i < n && (t[i] == '+' || t[i] == '-')) i++;
    for (; i < n && is_digit(t[i]); i++) exp_digits++;
    if (!exp_digits) return MP_NOT_A_NUMBER;
  }
  if (i != n) return MP_NOT_A_NUMBER;
  /* The character after the token is a delimiter (or the final NUL), so strtod stops there. */
  errno = 0;
  *v    = (PetscReal)strtod(t, NULL);
  return errno == ERANGE && PetscIsInfReal(*v) ? MP_HUGE : MP_NUMBER;
}

static const char *number_problem(MpNumber k)
{
  switch (k) {
  case MP_NAN:
    return "expected a number (NaN is not allowed)";
  case MP_HUGE:
    return "expected a number within the range of a double";
  default:
    return "expected a number";
  }
}

/* ---------------------------------------------------------------- matrices */

/* One row of a matrix being read: the kept values and where their text is. */
typedef struct {
  PetscInt    n;    /* values in the row, including those not kept */
  PetscInt    line; /* where the row starts */
  PetscBool   bad;  /* a value was not a number (already reported) */
  PetscReal   value[MP_MAX_COLUMNS];
  const char *text[MP_MAX_COLUMNS];
  size_t      len[MP_MAX_COLUMNS];
} MpRow;

static PetscErrorCode add_record(MpReader *rd, PetscInt k, char **record)
{
  const MpMatrix *m = &matrices[k];

  PetscFunctionBegin;
  if (rd->n[k] == rd->capacity[k]) {
    rd->capacity[k] = PetscMax(2 * rd->capacity[k], 64);
    PetscCall(PetscRealloc(m->size * (size_t)rd->capacity[k], &rd->data[k]));
  }
  *record = rd->data[k] + m->size * (size_t)rd->n[k]++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Stores one value of a row in the record after the check its column's kind asks for. */
static PetscErrorCode store_value(MpReader *rd, const MpMatrix *m, PetscInt c, const MpRow *r, PetscInt row, char *record)
{
  const MpColumn *col      = &m->column[c];
  PetscReal       v        = r->value[c];
  const char     *expected = NULL;

  PetscFunctionBegin;
  switch (col->kind) {
  case MP_INT:
    if (!(v == PetscFloorReal(v) && PetscAbsReal(v) <= (PetscReal)PETSC_MAX_INT)) expected = "an integer";
    else *(PetscInt *)(record + col->offset) = (PetscInt)v;
    break;
  case MP_REAL:
    if (PetscIsInfReal(v)) expected = "a finite number";
    break;
  case MP_LIMIT:
    break;
  case MP_RATE:
    if (v < 0) expected = "a rating >= 0 (0 or Inf: unlimited)";
    else if (PetscIsInfReal(v)) v = 0;
    break;
  }
  if (expected) PetscCall(OcDiagAdd(rd->diag, rd->path, r->line, "mpc.%s row %" PetscInt_FMT ", column %s: expected %s, found '%.*s'", m->field, row, col->name, expected, (int)r->len[c], r->text[c]));
  else if (col->kind != MP_INT) *(PetscReal *)(record + col->offset) = v;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Checks the number of values in a row: MATLAB needs the same in every row, and the kept
   columns must all be there. */
static PetscErrorCode check_row_length(MpReader *rd, const MpMatrix *m, const MpRow *r, PetscInt row, PetscInt first_n, PetscBool *ok)
{
  PetscFunctionBegin;
  *ok = PETSC_FALSE;
  if (r->n < m->ncolumn)
    PetscCall(OcDiagAdd(rd->diag, rd->path, r->line, "mpc.%s row %" PetscInt_FMT ", column %s: missing (the row has %" PetscInt_FMT " values, a MATPOWER %s row at least %" PetscInt_FMT ")", m->field, row, m->column[r->n].name, r->n, m->field, m->ncolumn));
  else if (first_n >= m->ncolumn && r->n != first_n)
    PetscCall(OcDiagAdd(rd->diag, rd->path, r->line, "mpc.%s row %" PetscInt_FMT ": %" PetscInt_FMT " values, but row 1 has %" PetscInt_FMT " (every row needs the same number)", m->field, row, r->n, first_n));
  else *ok = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Converts a finished row into a record of matrix k. */
static PetscErrorCode finish_row(MpReader *rd, PetscInt k, const MpRow *r, PetscInt row, PetscInt first_n)
{
  const MpMatrix *m = &matrices[k];
  PetscInt        errors0, errors;
  PetscBool       ok;
  char           *record = NULL;

  PetscFunctionBegin;
  PetscCall(check_row_length(rd, m, r, row, first_n, &ok));
  if (!ok || r->bad) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(add_record(rd, k, &record));
  *(PetscInt *)(record + m->line_offset) = r->line;
  PetscCall(OcDiagCount(rd->diag, &errors0));
  for (PetscInt c = 0; c < m->ncolumn; c++) PetscCall(store_value(rd, m, c, r, row, record));
  PetscCall(OcDiagCount(rd->diag, &errors));
  /* The row checks read every member, which a value error has left unset. */
  if (m->check && errors == errors0) PetscCall(m->check(rd, record, row, r->line));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Reads one value of a matrix into the row. */
static PetscErrorCode read_value(MpReader *rd, PetscInt k, MpRow *r, PetscInt row, PetscInt open_line)
{
  const MpMatrix *m = &matrices[k];
  const char     *t;
  size_t          n, nvar;
  PetscReal       v = 0;
  MpNumber        kind;

  PetscFunctionBegin;
  n    = skip_token(rd, &t);
  kind = scan_number(t, n, &v);
  if (r->n < m->ncolumn) {
    r->value[r->n] = v;
    r->text[r->n]  = t;
    r->len[r->n]   = n;
  }
  r->n++;
  if (kind == MP_NUMBER) PetscFunctionReturn(PETSC_SUCCESS);
  r->bad = PETSC_TRUE;
  PetscCall(PetscStrlen(rd->var, &nvar));
  if (n > nvar && !strncmp(t, rd->var, nvar) && t[nvar] == '.') {
    /* The next assignment inside a matrix: its closing bracket is missing. */
    PetscCall(OcDiagAdd(rd->diag, rd->path, rd->line, "mpc.%s: found '%.*s' inside the matrix: the '[' of line %" PetscInt_FMT " has no closing ']'", m->field, (int)n, t, open_line));
    rd->stop = PETSC_TRUE;
  } else if (r->n <= m->ncolumn) {
    PetscCall(OcDiagAdd(rd->diag, rd->path, rd->line, "mpc.%s row %" PetscInt_FMT ", column %s: %s, found '%.*s'", m->field, row, m->column[r->n - 1].name, number_problem(kind), (int)n, t));
  } else {
    PetscCall(OcDiagAdd(rd->diag, rd->path, rd->line, "mpc.%s row %" PetscInt_FMT ", column %" PetscInt_FMT ": %s, found '%.*s'", m->field, row, r->n, number_problem(kind), (int)n, t));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Reads "[ rows ]" of matrix k; rows end at ';' or a newline, values are separated by
   blanks or commas, empty rows are ignored (as in MATLAB). */
static PetscErrorCode read_matrix(MpReader *rd, PetscInt k)
{
  PetscInt open_line = rd->line, row = 0, first_n = 0;
  MpRow    r = {0};

  PetscFunctionBegin;
  if (*rd->s != '[') PetscCall(syntax_error(rd, "'[' (a matrix)"));
  else rd->s++;
  while (!rd->stop) {
    skip_blank(rd);
    if (rd->s >= rd->end) {
      PetscCall(OcDiagAdd(rd->diag, rd->path, open_line, "mpc.%s: the '[' is never closed by ']'", matrices[k].field));
      rd->stop = PETSC_TRUE;
    } else if (*rd->s == ',') rd->s++;
    else if (*rd->s == ';' || *rd->s == '\n' || *rd->s == ']') {
      char c = *rd->s++;

      if (r.n) {
        if (!row++) first_n = r.n;
        PetscCall(finish_row(rd, k, &r, row, first_n));
      }
      if (c == '\n') rd->line++;
      if (c == ']') break;
      r.n   = 0;
      r.bad = PETSC_FALSE;
    } else {
      if (!r.n) r.line = rd->line;
      PetscCall(read_value(rd, k, &r, row + 1, open_line));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- row checks */

static PetscErrorCode check_bus(MpReader *rd, const void *record, PetscInt row, PetscInt line)
{
  const OcMpBus *b = (const OcMpBus *)record;

  PetscFunctionBegin;
  if (b->id < 1) PetscCall(OcDiagAdd(rd->diag, rd->path, line, "mpc.bus row %" PetscInt_FMT ", column BUS_I: expected a bus number >= 1, found %" PetscInt_FMT, row, b->id));
  if (b->type < 1 || b->type > 4) PetscCall(OcDiagAdd(rd->diag, rd->path, line, "mpc.bus row %" PetscInt_FMT ", column BUS_TYPE: expected 1 (PQ), 2 (PV), 3 (reference) or 4 (isolated), found %" PetscInt_FMT, row, b->type));
  if (!(b->vm_pu > 0)) PetscCall(OcDiagAdd(rd->diag, rd->path, line, "mpc.bus row %" PetscInt_FMT ", column VM: expected a voltage magnitude > 0, found %g", row, (double)b->vm_pu));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode check_branch(MpReader *rd, const void *record, PetscInt row, PetscInt line)
{
  const OcMpBranch *br = (const OcMpBranch *)record;

  PetscFunctionBegin;
  if (br->status != 0 && br->status != 1) PetscCall(OcDiagAdd(rd->diag, rd->path, line, "mpc.branch row %" PetscInt_FMT ", column BR_STATUS: expected 0 (out of service) or 1 (in service), found %" PetscInt_FMT, row, br->status));
  if (br->ratio < 0) PetscCall(OcDiagAdd(rd->diag, rd->path, line, "mpc.branch row %" PetscInt_FMT ", column TAP: expected a ratio >= 0 (0: a line), found %g", row, (double)br->ratio));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- statements */

/* Moves past a string whose opening quote has been read (a doubled quote stands for the
   quote itself); false when the line ends first. */
static PetscBool skip_string(MpReader *rd, char quote)
{
  while (rd->s < rd->end && *rd->s != '\n') {
    if (*rd->s++ != quote) continue;
    if (rd->s < rd->end && *rd->s == quote) rd->s++;
    else return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* Skips the value of a field not kept, up to the end of its statement: brackets, braces
   and parentheses nest, strings may contain anything but a newline. */
static PetscErrorCode skip_value(MpReader *rd, const char *field)
{
  PetscInt depth = 0, open_line = 0;

  PetscFunctionBegin;
  for (;;) {
    skip_blank(rd);
    if (rd->s >= rd->end) break;
    char c = *rd->s, prev = rd->s[-1];

    if (depth == 0 && (c == ';' || c == ',' || c == '\n')) break;
    rd->s++;
    if (c == '\n') rd->line++;
    else if (c == '[' || c == '{' || c == '(') {
      if (!depth++) open_line = rd->line;
    } else if (c == ']' || c == '}' || c == ')') {
      if (!depth) {
        rd->s--;
        PetscCall(syntax_error(rd, "a value"));
        break;
      }
      depth--;
    } else if (c == '"' || (c == '\'' && !(is_ident_char(prev) || prev == ')' || prev == ']' || prev == '}' || prev == '\'' || prev == '.'))) {
      /* A string; a quote right after a value is MATLAB's transpose instead. */
      if (!skip_string(rd, c)) {
        PetscCall(OcDiagAdd(rd->diag, rd->path, rd->line, "mpc.%s: a string is not closed on its line", field));
        rd->stop = PETSC_TRUE;
        break;
      }
    }
  }
  if (depth && !rd->stop) {
    PetscCall(OcDiagAdd(rd->diag, rd->path, open_line, "mpc.%s: a bracket opened here is never closed", field));
    rd->stop = PETSC_TRUE;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* After a value: only ';', ',', a comment or the end of the line may follow. */
static PetscErrorCode expect_statement_end(MpReader *rd, const char *after)
{
  char expected[2 * OC_NAME_LEN + 64];

  PetscFunctionBegin;
  skip_blank(rd);
  if (rd->s >= rd->end || *rd->s == ';' || *rd->s == ',' || *rd->s == '\n') PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscSNPrintf(expected, sizeof expected, "the end of the statement after %s", after));
  PetscCall(syntax_error(rd, expected));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_version(MpReader *rd)
{
  const char *t = rd->s + 1;

  PetscFunctionBegin;
  PetscCall(expect(rd, *rd->s == '\'' || *rd->s == '"', "a string for mpc.version ('2')"));
  if (rd->stop) PetscFunctionReturn(PETSC_SUCCESS);
  rd->s++;
  PetscCall(expect(rd, skip_string(rd, t[-1]), "a string closed on its line for mpc.version"));
  if (rd->stop) PetscFunctionReturn(PETSC_SUCCESS);
  if (rd->s - t != 2 || *t != '2') {
    PetscCall(OcDiagAdd(rd->diag, rd->path, rd->line, "mpc.version is '%.*s': only MATPOWER case format version 2 is supported (convert the case with MATPOWER's savecase)", (int)(rd->s - t - 1), t));
    rd->stop = PETSC_TRUE; /* the columns of other versions differ: more messages would mislead */
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_base_mva(MpReader *rd)
{
  const char *t;
  size_t      n    = skip_token(rd, &t);
  PetscReal   v    = 0;
  MpNumber    kind = scan_number(t, n, &v);

  PetscFunctionBegin;
  if (kind != MP_NUMBER) PetscCall(OcDiagAdd(rd->diag, rd->path, rd->line, "mpc.baseMVA: %s, found '%.*s'", number_problem(kind), (int)n, t));
  else if (!(v > 0 && !PetscIsInfReal(v))) PetscCall(OcDiagAdd(rd->diag, rd->path, rd->line, "mpc.baseMVA: expected a power > 0 in MVA, found '%.*s'", (int)n, t));
  else rd->mpc->base_mva = v;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* "function mpc = NAME": the output variable names the struct in every assignment. */
static PetscErrorCode read_function(MpReader *rd)
{
  size_t n;

  PetscFunctionBegin;
  skip_blank(rd);
  if (*rd->s == '[') {
    PetscCall(OcDiagAdd(rd->diag, rd->path, rd->line, "this is a MATPOWER version 1 case (the function returns several matrices): only version 2 ('function mpc = NAME') is supported"));
    rd->stop = PETSC_TRUE;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  read_ident(rd, rd->var, sizeof rd->var, &n);
  PetscCall(expect(rd, n && n < sizeof rd->var, "'function mpc = NAME'"));
  if (rd->stop) PetscFunctionReturn(PETSC_SUCCESS);
  skip_blank(rd);
  PetscCall(expect(rd, *rd->s == '=', "'=' in 'function mpc = NAME'"));
  if (rd->stop) PetscFunctionReturn(PETSC_SUCCESS);
  rd->s++;
  skip_blank(rd);
  read_ident(rd, rd->mpc->name, sizeof rd->mpc->name, &n);
  PetscCall(expect(rd, n > 0, "the function name in 'function mpc = NAME'"));
  if (rd->stop) PetscFunctionReturn(PETSC_SUCCESS);
  if (n >= sizeof rd->mpc->name) {
    PetscCall(OcDiagAdd(rd->diag, rd->path, rd->line, "the function name is %d characters long, at most %d are supported", (int)n, OC_NAME_LEN - 1));
    rd->stop = PETSC_TRUE;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  skip_blank(rd);
  if (rd->end - rd->s >= 2 && rd->s[0] == '(' && rd->s[1] == ')') rd->s += 2;
  PetscCall(expect_statement_end(rd, "the function line"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* "mpc.FIELD = VALUE" with the cursor after "mpc". */
static PetscErrorCode read_assignment(MpReader *rd)
{
  char     name[OC_NAME_LEN], what[2 * OC_NAME_LEN + 96];
  size_t   n;
  PetscInt f = 0;

  PetscFunctionBegin;
  PetscCall(expect(rd, *rd->s == '.', "'.' and a field name"));
  if (rd->stop) PetscFunctionReturn(PETSC_SUCCESS);
  rd->s++;
  read_ident(rd, name, sizeof name, &n);
  PetscCall(expect(rd, n > 0, "a field name"));
  if (rd->stop) PetscFunctionReturn(PETSC_SUCCESS);
  while (f < MP_NFIELD && strcmp(name, field_name[f])) f++;
  skip_blank(rd);
  if (rd->s < rd->end && *rd->s == '=' && (rd->s + 1 >= rd->end || rd->s[1] != '=')) {
    rd->s++;
    skip_blank(rd);
  } else if (f < MP_NFIELD) {
    PetscCall(PetscSNPrintf(what, sizeof what, "'=' after %s.%s (only constant values are supported, not MATLAB code)", rd->var, name));
    PetscCall(syntax_error(rd, what));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (f == MP_NFIELD) {
    PetscCall(skip_value(rd, name));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  if (rd->field_line[f]) {
    PetscCall(OcDiagAdd(rd->diag, rd->path, rd->line, "mpc.%s is assigned again (first at line %" PetscInt_FMT ")", name, rd->field_line[f]));
    rd->stop = PETSC_TRUE;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  rd->field_line[f] = rd->line;
  if (f == MP_VERSION) PetscCall(read_version(rd));
  else if (f == MP_BASEMVA) PetscCall(read_base_mva(rd));
  else PetscCall(read_matrix(rd, f - MP_BUS));
  PetscCall(PetscSNPrintf(what, sizeof what, "mpc.%s", name));
  if (!rd->stop) PetscCall(expect_statement_end(rd, what));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_statements(MpReader *rd)
{
  char   word[OC_NAME_LEN];
  size_t n;

  PetscFunctionBegin;
  while (!rd->stop) {
    skip_blank(rd);
    if (rd->s >= rd->end) break;
    if (*rd->s == '\n') rd->line++;
    if (*rd->s == '\n' || *rd->s == ';' || *rd->s == ',') {
      rd->s++;
      continue;
    }
    read_ident(rd, word, sizeof word, &n);
    if (n && !strcmp(word, "function") && !rd->field_line[MP_VERSION] && !rd->mpc->name[0]) PetscCall(read_function(rd));
    else if (n && !strcmp(word, rd->var)) PetscCall(read_assignment(rd));
    else if (n && (!strcmp(word, "end") || !strcmp(word, "return"))) PetscCall(expect_statement_end(rd, word));
    else {
      rd->s -= n;
      PetscCall(syntax_error(rd, "an assignment 'mpc.FIELD = VALUE' (a case file holds only constants)"));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- whole-case checks */

static PetscErrorCode check_fields_present(MpReader *rd)
{
  PetscFunctionBegin;
  if (!rd->field_line[MP_VERSION]) PetscCall(OcDiagAdd(rd->diag, rd->path, 0, "mpc.version is missing: only MATPOWER case format version 2 (mpc.version = '2') is supported"));
  for (PetscInt f = MP_BASEMVA; f < MP_NFIELD; f++)
    if (!rd->field_line[f]) PetscCall(OcDiagAdd(rd->diag, rd->path, 0, "mpc.%s is missing", field_name[f]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Sorts the bus indices by id for OcMpCaseFindBus, reporting ids used twice. */
static PetscErrorCode index_buses(MpReader *rd)
{
  OcMpCase *mpc = rd->mpc;
  PetscInt *id;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(mpc->nbus, &id));
  PetscCall(PetscMalloc1(mpc->nbus, &mpc->bus_by_id));
  for (PetscInt i = 0; i < mpc->nbus; i++) {
    id[i]             = mpc->bus[i].id;
    mpc->bus_by_id[i] = i;
  }
  PetscCall(PetscSortIntWithArray(mpc->nbus, id, mpc->bus_by_id));
  for (PetscInt i = 1; i < mpc->nbus; i++) {
    if (id[i] != id[i - 1]) continue;
    const OcMpBus *a = &mpc->bus[PetscMin(mpc->bus_by_id[i - 1], mpc->bus_by_id[i])], *b = &mpc->bus[PetscMax(mpc->bus_by_id[i - 1], mpc->bus_by_id[i])];
    PetscCall(OcDiagAdd(rd->diag, rd->path, b->line, "mpc.bus row %" PetscInt_FMT ", column BUS_I: bus %" PetscInt_FMT " is already defined in row %" PetscInt_FMT " (line %" PetscInt_FMT ")", (PetscInt)(b - mpc->bus) + 1, b->id, (PetscInt)(a - mpc->bus) + 1, a->line));
  }
  PetscCall(PetscFree(id));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode check_bus_reference(MpReader *rd, const char *field, PetscInt row, PetscInt line, const char *column, PetscInt bus)
{
  PetscInt index;

  PetscFunctionBegin;
  PetscCall(OcMpCaseFindBus(rd->mpc, bus, &index));
  if (index < 0) PetscCall(OcDiagAdd(rd->diag, rd->path, line, "mpc.%s row %" PetscInt_FMT ", column %s: bus %" PetscInt_FMT " does not exist", field, row, column, bus));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Checks that need the whole case: unique bus ids, a reference bus, existing buses. */
static PetscErrorCode check_case(MpReader *rd)
{
  OcMpCase *mpc  = rd->mpc;
  PetscInt  nref = 0;

  PetscFunctionBegin;
  PetscCall(index_buses(rd));
  for (PetscInt i = 0; i < mpc->nbus; i++) nref += mpc->bus[i].type == 3;
  if (!nref) PetscCall(OcDiagAdd(rd->diag, rd->path, rd->field_line[MP_BUS], "mpc.bus: no reference bus (BUS_TYPE 3): a power flow needs one"));
  for (PetscInt i = 0; i < mpc->ngen; i++) PetscCall(check_bus_reference(rd, "gen", i + 1, mpc->gen[i].line, "GEN_BUS", mpc->gen[i].bus));
  for (PetscInt i = 0; i < mpc->nbranch; i++) {
    PetscCall(check_bus_reference(rd, "branch", i + 1, mpc->branch[i].line, "F_BUS", mpc->branch[i].f_bus));
    PetscCall(check_bus_reference(rd, "branch", i + 1, mpc->branch[i].line, "T_BUS", mpc->branch[i].t_bus));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- reading */

/* The whole file, NUL-terminated, or NULL (reported) when it cannot be read. It is read in
   growing chunks rather than sized first, which works for pipes and fails cleanly for
   directories. */
static PetscErrorCode read_text(const char *path, OcDiag diag, char **text, size_t *len)
{
  FILE  *fp   = fopen(path, "rb");
  size_t size = 1 << 16;

  PetscFunctionBegin;
  *text = NULL;
  *len  = 0;
  if (!fp) {
    PetscCall(OcDiagAdd(diag, path, 0, "cannot open the case file: %s", strerror(errno)));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(PetscMalloc1(size, text));
  for (;;) {
    *len += fread(*text + *len, 1, size - 1 - *len, fp);
    if (*len < size - 1) break;
    size *= 2;
    PetscCall(PetscRealloc(size, text));
  }
  (*text)[*len] = '\0';
  if (ferror(fp)) {
    PetscCall(OcDiagAdd(diag, path, 0, "cannot read the case file: %s", strerror(errno)));
    PetscCall(PetscFree(*text));
  } else if (memchr(*text, '\0', *len)) {
    PetscCall(OcDiagAdd(diag, path, 0, "the case file contains NUL bytes: it is not a MATLAB text file"));
    PetscCall(PetscFree(*text));
  }
  fclose(fp);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The name of a case without a function line: the file name without its directory and ".m". */
static PetscErrorCode name_from_path(const char *path, char *name, size_t len)
{
  const char *base = strrchr(path, '/');
  size_t      n;

  PetscFunctionBegin;
  base = base ? base + 1 : path;
  n    = strlen(base);
  if (n >= 2 && !strcmp(base + n - 2, ".m")) n -= 2;
  PetscCall(PetscStrncpy(name, base, PetscMin(n + 1, len)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcMpCaseRead(const char *path, OcDiag diag, OcMpCase *mpc)
{
  MpReader rd = {0};
  PetscInt errors0, errors;
  char    *text;
  size_t   len = 0;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(mpc, sizeof *mpc));
  PetscCall(OcDiagCount(diag, &errors0));
  PetscCall(read_text(path, diag, &text, &len));
  if (text) {
    rd.path = path;
    rd.diag = diag;
    rd.s    = text;
    rd.end  = text + len;
    rd.line = 1;
    rd.mpc  = mpc;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) rd.s += 3; /* a UTF-8 byte order mark */
    PetscCall(PetscStrncpy(rd.var, "mpc", sizeof rd.var));
    PetscCall(read_statements(&rd));
    mpc->bus     = (OcMpBus *)rd.data[0];
    mpc->gen     = (OcMpGen *)rd.data[1];
    mpc->branch  = (OcMpBranch *)rd.data[2];
    mpc->nbus    = rd.n[0];
    mpc->ngen    = rd.n[1];
    mpc->nbranch = rd.n[2];
    if (!rd.stop) PetscCall(check_fields_present(&rd));
    PetscCall(OcDiagCount(diag, &errors));
    if (errors == errors0) PetscCall(check_case(&rd));
    if (!mpc->name[0]) PetscCall(name_from_path(path, mpc->name, sizeof mpc->name));
  }
  PetscCall(PetscFree(text));
  PetscCall(OcDiagCount(diag, &errors));
  if (errors > errors0) PetscCall(OcMpCaseFree(mpc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcMpCaseFree(OcMpCase *mpc)
{
  PetscFunctionBegin;
  if (!mpc) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree(mpc->bus));
  PetscCall(PetscFree(mpc->gen));
  PetscCall(PetscFree(mpc->branch));
  PetscCall(PetscFree(mpc->bus_by_id));
  PetscCall(PetscMemzero(mpc, sizeof *mpc));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcMpCaseFindBus(const OcMpCase *mpc, PetscInt bus_id, PetscInt *index)
{
  PetscInt lo = 0, hi = mpc->nbus - 1;

  PetscFunctionBegin;
  *index = -1;
  if (!mpc->bus_by_id) {
    for (PetscInt i = 0; i < mpc->nbus && *index < 0; i++)
      if (mpc->bus[i].id == bus_id) *index = i;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  while (lo <= hi) {
    PetscInt mid = lo + (hi - lo) / 2, id = mpc->bus[mpc->bus_by_id[mid]].id;

    if (id == bus_id) {
      *index = mpc->bus_by_id[mid];
      break;
    }
    if (id < bus_id) lo = mid + 1;
    else hi = mid - 1;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- writing */

/* The shortest text that reads back to exactly v (17 significant digits always do). */
static void format_real(PetscReal v, char *buf, size_t len)
{
  if (PetscIsInfReal(v)) {
    snprintf(buf, len, "%s", v > 0 ? "Inf" : "-Inf");
    return;
  }
  for (int digits = 15; digits <= 17; digits++) {
    snprintf(buf, len, "%.*g", digits, (double)v);
    if ((PetscReal)strtod(buf, NULL) == v) break;
  }
}

static PetscErrorCode write_row(FILE *fp, const MpMatrix *m, const char *record, PetscInt row)
{
  char   text[1024];
  size_t used = 0;

  PetscFunctionBegin;
  for (PetscInt c = 0; c < m->nwrite; c++) {
    const MpColumn *col       = &m->column[c];
    char            value[32] = "0";

    if (c < m->ncolumn && col->kind == MP_INT) snprintf(value, sizeof value, "%" PetscInt_FMT, *(const PetscInt *)(record + col->offset));
    else if (c < m->ncolumn) {
      PetscReal v = *(const PetscReal *)(record + col->offset);

      /* Only what the reader accepts reads back: Inf only where it means "no limit". */
      PetscCheck(!PetscIsNanReal(v) && (col->kind == MP_LIMIT || !PetscIsInfReal(v)), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "mpc.%s row %" PetscInt_FMT ", column %s is %g, which a case file cannot hold", m->field, row, col->name, (double)v);
      format_real(v, value, sizeof value);
    }
    used += (size_t)snprintf(text + used, sizeof text - used, "\t%s", value);
  }
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "%s;\n", text));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode write_matrix(FILE *fp, const MpMatrix *m, const char *data, PetscInt n)
{
  PetscFunctionBegin;
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\n%%%% %s\n%%", m->title));
  for (PetscInt c = 0; c < m->ncolumn; c++) PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\t%s", m->column[c].name));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\nmpc.%s = [\n", m->field));
  for (PetscInt i = 0; i < n; i++) PetscCall(write_row(fp, m, data + m->size * (size_t)i, i + 1));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "];\n"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcMpCaseWrite(const OcMpCase *mpc, const char *path)
{
  FILE     *fp;
  char      base[32];
  PetscBool valid = is_ident_start(mpc->name[0]);

  PetscFunctionBegin;
  for (const char *c = mpc->name; *c && valid; c++) valid = is_ident_char(*c);
  PetscCheck(valid, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "case name '%s' is not a MATLAB function name", mpc->name);
  PetscCheck(mpc->base_mva > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "baseMVA must be > 0, got %g", (double)mpc->base_mva);
  format_real(mpc->base_mva, base, sizeof base);
  PetscCall(PetscFOpen(PETSC_COMM_SELF, path, "w", &fp));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "function mpc = %s\n%%%s  Power flow data written by ohmcity.\n", mpc->name, mpc->name));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\n%%%% MATPOWER Case Format : Version 2\nmpc.version = '2';\n"));
  PetscCall(PetscFPrintf(PETSC_COMM_SELF, fp, "\n%%%%-----  Power Flow Data  -----%%%%\n%%%% system MVA base\nmpc.baseMVA = %s;\n", base));
  PetscCall(write_matrix(fp, &matrices[0], (const char *)mpc->bus, mpc->nbus));
  PetscCall(write_matrix(fp, &matrices[1], (const char *)mpc->gen, mpc->ngen));
  PetscCall(write_matrix(fp, &matrices[2], (const char *)mpc->branch, mpc->nbranch));
  PetscCall(PetscFClose(PETSC_COMM_SELF, fp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
