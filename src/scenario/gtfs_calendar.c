/* calendar.txt and calendar_dates.txt: which services run on the service date. A service of
   calendar.txt runs on the weekdays it flags between start_date and end_date (both included);
   calendar_dates.txt then adds (exception_type 1) or removes (2) single dates, and may define
   services of its own. */
#include <ctype.h>
#include "gtfs_impl.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's
   days_from_civil), to find the weekday without the C library's time zone. */
static PetscInt days_from_civil(PetscInt y, PetscInt m, PetscInt d)
{
  PetscInt era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

PetscBool GtfsParseDate(const char *text, PetscInt *yyyymmdd, PetscInt *weekday)
{
  static const PetscInt mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  PetscInt              v       = 0, y, m, d, leap;

  if (!text) return PETSC_FALSE;
  for (int i = 0; i < 8; i++) {
    if (!isdigit((unsigned char)text[i])) return PETSC_FALSE;
    v = 10 * v + (text[i] - '0');
  }
  if (text[8]) return PETSC_FALSE;
  y    = v / 10000;
  m    = (v / 100) % 100;
  d    = v % 100;
  leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap)) return PETSC_FALSE;
  *yyyymmdd = v;
  /* 1970-01-01 was a Thursday (3 with Monday = 0). */
  *weekday = ((days_from_civil(y, m, d) % 7) + 7 + 3) % 7;
  return PETSC_TRUE;
}

/* y-m-d of a day count from 1970-01-01 (H. Hinnant's civil_from_days). */
static void civil_from_days(PetscInt z, PetscInt *y, PetscInt *m, PetscInt *d)
{
  PetscInt era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp  = (5 * doy + 2) / 153;
  *d  = doy - (153 * mp + 2) / 5 + 1;
  *m  = mp < 10 ? mp + 3 : mp - 9;
  *y  = yoe + era * 400 + (*m <= 2);
}

PetscBool OcGtfsShiftDate(const char *yyyymmdd, PetscInt days, char out[9])
{
  PetscInt v, weekday, y, m, d;

  if (!GtfsParseDate(yyyymmdd, &v, &weekday)) return PETSC_FALSE;
  civil_from_days(days_from_civil(v / 10000, (v / 100) % 100, v % 100) + days, &y, &m, &d);
  v = y * 10000 + m * 100 + d;
  if (y < 1 || y > 9999) return PETSC_FALSE;
  for (int i = 7; i >= 0; i--, v /= 10) out[i] = (char)('0' + v % 10);
  out[8] = 0;
  return PETSC_TRUE;
}

static PetscErrorCode get_date(GtfsBuild *b, const OcCsv *t, PetscInt row, PetscInt col, const char *field, PetscInt *date, PetscBool *ok)
{
  const char *s = OcCsvField(t, row, col);
  PetscInt    weekday;

  PetscFunctionBegin;
  *ok = GtfsParseDate(s, date, &weekday);
  if (!*ok) PetscCall(GtfsFieldError(b, t, row, field, "expected a date YYYYMMDD, got '%s'", s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A service id: its index, added (not running) when new. */
static PetscErrorCode service_index(GtfsBuild *b, const char *id, PetscInt *index, PetscInt *existing)
{
  size_t off;

  PetscFunctionBegin;
  *existing = GtfsIdMapFind(&b->service_map, id);
  *index    = *existing;
  if (*existing >= 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(GtfsPoolAdd(&b->pool, id, &off));
  *index = b->nservices++;
  PetscCall(GtfsIdMapInsert(&b->service_map, off, *index, existing));
  b->service_id[*index]     = off;
  b->service_active[*index] = PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

enum {
  CAL_SERVICE,
  CAL_MONDAY,
  CAL_START = CAL_MONDAY + 7,
  CAL_END,
  NCAL
};

static PetscErrorCode read_calendar(GtfsBuild *b, const OcCsv *t, PetscBool *ok)
{
  static const OcCsvColumn cols[NCAL] = {
    {"service_id", PETSC_TRUE},
    {"monday",     PETSC_TRUE},
    {"tuesday",    PETSC_TRUE},
    {"wednesday",  PETSC_TRUE},
    {"thursday",   PETSC_TRUE},
    {"friday",     PETSC_TRUE},
    {"saturday",   PETSC_TRUE},
    {"sunday",     PETSC_TRUE},
    {"start_date", PETSC_TRUE},
    {"end_date",   PETSC_TRUE},
  };
  PetscInt c[NCAL], *row_of; /* the row defining each service: calendar.txt defines them first */

  PetscFunctionBegin;
  PetscCall(OcCsvBindIgnoreUnknown(t, b->diag, cols, NCAL, c, ok));
  if (!*ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc1(t->nrows, &row_of));
  for (PetscInt r = 0; r < t->nrows; r++) {
    const char *id;
    PetscInt    s, first, flag[7] = {0}, start = 0, end = 0;
    PetscBool   ok_start, ok_end;

    for (int k = 0; k < 7; k++) PetscCall(GtfsGetInt(b, t, r, c[CAL_MONDAY + k], cols[CAL_MONDAY + k].name, PETSC_TRUE, 0, 1, &flag[k]));
    PetscCall(get_date(b, t, r, c[CAL_START], "start_date", &start, &ok_start));
    PetscCall(get_date(b, t, r, c[CAL_END], "end_date", &end, &ok_end));
    if (ok_start && ok_end && end < start) PetscCall(GtfsFieldError(b, t, r, "end_date", "%" PetscInt_FMT " is before start_date %" PetscInt_FMT, end, start));
    PetscCall(GtfsGetId(b, t, r, c[CAL_SERVICE], "service_id", &id));
    if (!id) continue;
    PetscCall(service_index(b, id, &s, &first));
    if (first >= 0) {
      PetscCall(GtfsFieldError(b, t, r, "service_id", "duplicate id '%s' (first on line %" PetscInt_FMT ")", id, t->line[row_of[first]]));
      continue;
    }
    row_of[s]            = r;
    b->service_active[s] = start <= b->date && b->date <= end && flag[b->weekday] ? PETSC_TRUE : PETSC_FALSE;
  }
  PetscCall(PetscFree(row_of));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_calendar_dates(GtfsBuild *b, const OcCsv *t, PetscBool *ok)
{
  static const OcCsvColumn cols[] = {
    {"service_id",     PETSC_TRUE},
    {"date",           PETSC_TRUE},
    {"exception_type", PETSC_TRUE},
  };
  PetscInt c[3];

  PetscFunctionBegin;
  PetscCall(OcCsvBindIgnoreUnknown(t, b->diag, cols, 3, c, ok));
  if (!*ok) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt r = 0; r < t->nrows; r++) {
    const char *id;
    PetscInt    s, existing, date = 0, type = 0;
    PetscBool   ok_date;

    PetscCall(get_date(b, t, r, c[1], "date", &date, &ok_date));
    PetscCall(GtfsGetInt(b, t, r, c[2], "exception_type", PETSC_TRUE, 1, 2, &type));
    PetscCall(GtfsGetId(b, t, r, c[0], "service_id", &id));
    if (!id) continue;
    PetscCall(service_index(b, id, &s, &existing));
    if (ok_date && date == b->date && type) b->service_active[s] = type == 1 ? PETSC_TRUE : PETSC_FALSE;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsReadCalendar(GtfsBuild *b)
{
  OcCsv     cal, dates;
  PetscBool have_cal, have_dates, ok_cal = PETSC_TRUE, ok_dates = PETSC_TRUE;
  PetscInt  n;

  PetscFunctionBegin;
  PetscCall(GtfsTableLoad(b, "calendar.txt", PETSC_FALSE, &cal, &have_cal));
  PetscCall(GtfsTableLoad(b, "calendar_dates.txt", PETSC_FALSE, &dates, &have_dates));
  if (!have_cal && !have_dates) PetscCall(OcDiagAdd(b->diag, "calendar.txt", 0, "required file is missing from the feed (calendar_dates.txt is missing too, and one of them is needed)"));
  n = cal.nrows + dates.nrows;
  PetscCall(PetscMalloc2(n, &b->service_id, n, &b->service_active));
  if (have_cal) PetscCall(read_calendar(b, &cal, &ok_cal));
  if (have_dates) PetscCall(read_calendar_dates(b, &dates, &ok_dates));
  b->have_services = (have_cal || have_dates) && ok_cal && ok_dates ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(OcCsvFree(&cal));
  PetscCall(OcCsvFree(&dates));
  PetscFunctionReturn(PETSC_SUCCESS);
}
