#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include "ocparse.h"

static PetscBool only_space_left(const char *end)
{
  while (*end && isspace((unsigned char)*end)) end++;
  return *end ? PETSC_FALSE : PETSC_TRUE;
}

PetscBool OcParseReal(const char *text, PetscReal *value)
{
  char *end;

  if (!text || !*text || isspace((unsigned char)*text)) return PETSC_FALSE;
  errno  = 0;
  *value = (PetscReal)strtod(text, &end);
  /* strtod accepts "nan" and "inf": a physical input is always finite. */
  return end != text && errno != ERANGE && isfinite(*value) && only_space_left(end) ? PETSC_TRUE : PETSC_FALSE;
}

PetscBool OcParseInt(const char *text, PetscInt *value)
{
  char *end;
  long  v;

  if (!text || !*text || isspace((unsigned char)*text)) return PETSC_FALSE;
  errno = 0;
  v     = strtol(text, &end, 10);
  if (end == text || errno == ERANGE || !only_space_left(end) || v != (PetscInt)v) return PETSC_FALSE;
  *value = (PetscInt)v;
  return PETSC_TRUE;
}

PetscBool OcRealSatisfies(PetscReal v, OcRealConstraint c)
{
  switch (c) {
  case OC_REAL_POSITIVE:
    return v > 0 ? PETSC_TRUE : PETSC_FALSE;
  case OC_REAL_NONNEG:
    return v >= 0 ? PETSC_TRUE : PETSC_FALSE;
  case OC_REAL_FRACTION:
    return v > 0 && v <= 1 ? PETSC_TRUE : PETSC_FALSE;
  default:
    return PETSC_TRUE;
  }
}

const char *OcRealConstraintPhrase(OcRealConstraint c)
{
  switch (c) {
  case OC_REAL_POSITIVE:
    return "a number > 0";
  case OC_REAL_NONNEG:
    return "a number >= 0";
  case OC_REAL_FRACTION:
    return "a number in (0, 1]";
  default:
    return "a finite number";
  }
}

/* Reads exactly two digits. */
static PetscBool two_digits(const char *s, int *v)
{
  if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1])) return PETSC_FALSE;
  *v = (s[0] - '0') * 10 + (s[1] - '0');
  return PETSC_TRUE;
}

PetscBool OcParseClock(const char *text, PetscReal *seconds)
{
  const char *s = text;
  long        h = 0;
  int         m, sec = 0, digits = 0;
  double      frac = 0;

  if (!s) return PETSC_FALSE;
  for (; isdigit((unsigned char)*s) && digits < 4; s++, digits++) h = 10 * h + (*s - '0');
  if (!digits || *s != ':' || !two_digits(s + 1, &m) || m > 59) return PETSC_FALSE;
  s += 3;
  if (*s == ':') {
    if (!two_digits(s + 1, &sec) || sec > 59) return PETSC_FALSE;
    s += 3;
    if (*s == '.') {
      char *end;
      frac = strtod(s, &end);
      if (end == s + 1) return PETSC_FALSE;
      s = end;
    }
  }
  if (!only_space_left(s)) return PETSC_FALSE;
  *seconds = (PetscReal)(3600.0 * h + 60.0 * m + sec + frac);
  return PETSC_TRUE;
}

void OcFormatClock(PetscReal seconds, char *buf, size_t len)
{
  long s = lround(fabs(seconds));
  /* Before midnight of the service date (a trip of the day before): -H:MM:SS. */
  snprintf(buf, len, "%s%02ld:%02ld:%02ld", seconds < 0 && s ? "-" : "", s / 3600, (s / 60) % 60, s % 60);
}
