#include <math.h>
#include <stdlib.h>
#include "scenario_impl.h"

/* fleet.vehicle_types, columns eta_traction_map / eta_braking_map: an efficiency map by speed and
   effort fraction F / F_max (kernels/motion.h), inline:
     "x1/x2/...;v1:eta11/eta12/...;v2:eta21/eta22/..."
   first the effort fractions (in [0, 1], increasing), then one row per speed (km/h, increasing)
   with one efficiency per effort, e.g. "0.1/0.5/1;0:0.70/0.82/0.78;40:0.86/0.93/0.90".
   The map must be physical (the motion kernel's fixed point relies on it): the line power of
   traction, effort / eta, and the regenerated power, effort x eta, grow with the effort. */

#define SYNTAX "expected 'x1/x2/...;speed_kmh:eta1/eta2/...;...' (1 to %d effort fractions, then 1 to %d rows of one efficiency per effort, e.g. 0.1/0.5/1;0:0.70/0.82/0.78;40:0.86/0.93/0.90), got '%s'"

/* Numbers separated by '/' up to ';' or the end; *n = -1 on a syntax error. */
static const char *parse_list(const char *p, PetscReal v[], PetscInt *n)
{
  *n = 0;
  for (;;) {
    char  *end;
    double x = strtod(p, &end);
    if (end == p || *n == OC_ETA_MAP_MAX || !isfinite(x)) {
      *n = -1;
      return p;
    }
    v[(*n)++] = x;
    p         = end;
    if (*p != '/') return p;
    p++;
  }
}

static PetscErrorCode parse(const OcCsv *t, OcDiag diag, PetscInt r, const char *name, const char *text, OcEtaMap *m, PetscBool *ok)
{
  const char *p   = text;
  PetscBool   bad = PETSC_FALSE;

  PetscFunctionBegin;
  *ok = PETSC_FALSE;
  p   = parse_list(p, m->x, &m->n_x);
  while (m->n_x > 0 && *p == ';' && m->n_v < OC_ETA_MAP_MAX) {
    char    *end;
    double   kmh = strtod(p + 1, &end);
    PetscInt n;
    bad = PETSC_TRUE;
    if (end == p + 1 || *end != ':' || !isfinite(kmh)) break;
    m->v_mps[m->n_v] = kmh / 3.6;
    p                = parse_list(end + 1, m->eta[m->n_v], &n);
    if (n < 0) break;
    if (n != m->n_x) {
      PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field '%s': row %" PetscInt_FMT " (%g km/h): expected %" PetscInt_FMT " efficiencies (one per effort fraction), got %" PetscInt_FMT, name, m->n_v + 1, kmh, m->n_x, n));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    m->n_v++;
    bad = PETSC_FALSE;
  }
  if (bad || *p || m->n_x < 1 || m->n_v < 1) {
    PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field '%s': " SYNTAX, name, OC_ETA_MAP_MAX, OC_ETA_MAP_MAX, text));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  *ok = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Ranges and order of efforts, speeds and values. */
static PetscErrorCode check_ranges(const OcCsv *t, OcDiag diag, PetscInt r, const char *name, const OcEtaMap *m, PetscBool *ok)
{
  PetscFunctionBegin;
  *ok = PETSC_FALSE;
  for (PetscInt j = 0; j < m->n_x; j++)
    if (!(m->x[j] >= 0 && m->x[j] <= 1) || (j > 0 && !(m->x[j] > m->x[j - 1]))) {
      PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field '%s': effort fraction %" PetscInt_FMT " (%g): expected efforts in [0, 1] in increasing order", name, j + 1, (double)m->x[j]));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
  for (PetscInt i = 0; i < m->n_v; i++) {
    if (!(m->v_mps[i] >= 0) || (i > 0 && !(m->v_mps[i] > m->v_mps[i - 1]))) {
      PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field '%s': row %" PetscInt_FMT " (%g km/h): expected speeds >= 0 km/h in increasing order", name, i + 1, (double)(m->v_mps[i] * 3.6)));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
    for (PetscInt j = 0; j < m->n_x; j++)
      if (!(m->eta[i][j] > 0 && m->eta[i][j] <= 1)) {
        PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field '%s': row %" PetscInt_FMT " (%g km/h), effort %g: expected an efficiency in (0, 1], got %g", name, i + 1, (double)(m->v_mps[i] * 3.6), (double)m->x[j], (double)m->eta[i][j]));
        PetscFunctionReturn(PETSC_SUCCESS);
      }
  }
  *ok = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Physical: per row and effort cell, traction x / eta increasing; braking d(x eta)/dx > 0 at both
   ends of the cell (x eta is quadratic there). Bilinear interpolation keeps both between rows. */
static PetscErrorCode check_physical(const OcCsv *t, OcDiag diag, PetscInt r, const char *name, PetscBool braking, const OcEtaMap *m)
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < m->n_v; i++)
    for (PetscInt j = 0; j + 1 < m->n_x; j++) {
      const PetscReal x0 = m->x[j], x1 = m->x[j + 1], e0 = m->eta[i][j], e1 = m->eta[i][j + 1], s = (e1 - e0) / (x1 - x0);
      const PetscBool ok = braking ? (PetscBool)(e0 + s * x0 > 0 && e1 + s * x1 > 0) : (PetscBool)(x0 / e0 < x1 / e1);
      if (ok) continue;
      PetscCall(OcDiagAdd(diag, t->name, t->line[r], "field '%s': row %" PetscInt_FMT " (%g km/h), efforts %g to %g: the %s power must grow with the effort (%s), but the efficiency %s too steeply (%g to %g)", name, i + 1, (double)(m->v_mps[i] * 3.6), (double)x0, (double)x1, braking ? "regenerated" : "line", braking ? "effort x eta increasing" : "effort / eta increasing", braking ? "falls" : "rises", (double)e0, (double)e1));
      PetscFunctionReturn(PETSC_SUCCESS);
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcReadEtaMap(const OcCsv *t, OcDiag diag, PetscInt r, PetscInt col, const char *name, PetscBool braking, OcEtaMap *map)
{
  const char *text = OcCsvField(t, r, col);
  OcEtaMap    m;
  PetscBool   ok;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&m, sizeof m));
  if (!*text) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(parse(t, diag, r, name, text, &m, &ok));
  if (ok) PetscCall(check_ranges(t, diag, r, name, &m, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(check_physical(t, diag, r, name, braking, &m));
  *map = m;
  PetscFunctionReturn(PETSC_SUCCESS);
}
