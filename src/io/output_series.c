/* Time series: declaration and the selection of those written (-oc_output_series). */
#include "output_impl.h"

PetscErrorCode OcOutputAddSeries(OcOutput out, OcOutputGroup group, const char name[], const char unit[], const char description[], OcOutputSeries *series)
{
  OcOutputSeriesData *s;
  size_t              len;

  PetscFunctionBegin;
  PetscCheck(!out->setup, out->comm, PETSC_ERR_ORDER, "OcOutputAddSeries('%s') after OcOutputSetUp", name);
  PetscCheck(group >= 0 && group < out->ngroups, out->comm, PETSC_ERR_ARG_OUTOFRANGE, "OcOutputAddSeries('%s'): no output group %" PetscInt_FMT, name, group);
  PetscCall(OcOutputCheckName(out, "series", name, OC_OUTPUT_NAME_LEN));
  PetscCall(PetscStrlen(unit, &len));
  PetscCheck(len < OC_OUTPUT_UNIT_LEN, out->comm, PETSC_ERR_ARG_SIZ, "output series '%s': unit '%s' is longer than %d characters", name, unit, OC_OUTPUT_UNIT_LEN - 1);
  for (PetscInt k = 0; k < out->nseries; k++) {
    PetscBool same;
    PetscCall(PetscStrcmp(out->series[k].name, name, &same));
    PetscCheck(!(same && out->series[k].group == group), out->comm, PETSC_ERR_ARG_WRONG, "output series '%s/%s' added twice", out->groups[group].name, name);
  }
  PetscCall(PetscRealloc(sizeof(*out->series) * (out->nseries + 1), &out->series));
  s = &out->series[out->nseries];
  PetscCall(PetscMemzero(s, sizeof(*s)));
  s->group = group;
  s->kept  = PETSC_TRUE;
  s->dset  = H5I_INVALID_HID;
  PetscCall(PetscStrncpy(s->name, name, sizeof(s->name)));
  PetscCall(PetscStrncpy(s->unit, unit, sizeof(s->unit)));
  PetscCall(PetscStrallocpy(description, &s->description));
  *series = out->nseries++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Whether one selection entry ("group" or "group/series") names series s. */
static PetscErrorCode selects(OcOutput out, const char entry[], const OcOutputSeriesData *s, PetscBool *match)
{
  const char *gname = out->groups[s->group].name;
  size_t      glen;
  PetscBool   same;

  PetscFunctionBegin;
  *match = PETSC_FALSE;
  PetscCall(PetscStrlen(gname, &glen));
  PetscCall(PetscStrncmp(entry, gname, glen, &same));
  if (!same) PetscFunctionReturn(PETSC_SUCCESS);
  if (entry[glen] == '\0') *match = PETSC_TRUE;
  else if (entry[glen] == '/') PetscCall(PetscStrcmp(entry + glen + 1, s->name, match));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Everything a user can select, for the error message: "group/series, ..." (truncated to fit). */
static void valid_names(OcOutput out, char list[], size_t len)
{
  size_t pos = 0;

  list[0] = '\0';
  for (PetscInt k = 0; k < out->nseries && pos < len; k++) {
    const OcOutputSeriesData *s = &out->series[k];
    int                       w = snprintf(list + pos, len - pos, "%s%s/%s", k ? ", " : "", out->groups[s->group].name, s->name);
    if (w > 0) pos += (size_t)w;
  }
}

/* Marks the kept series, gives each a slot in its group's record and checks that every entry
   of the selection names something. Every rank holds the same options and declarations, so
   the error is raised on the object's communicator. */
PetscErrorCode OcOutputResolveSelection(OcOutput out)
{
  PetscFunctionBegin;
  for (PetscInt e = 0; e < out->nselect; e++) {
    PetscBool any = PETSC_FALSE;
    for (PetscInt k = 0; k < out->nseries && !any; k++) PetscCall(selects(out, out->select[e], &out->series[k], &any));
    for (PetscInt k = 0; k < out->ngroups && !any; k++) PetscCall(PetscStrcmp(out->select[e], out->groups[k].name, &any));
    if (!any) {
      char list[4096];
      valid_names(out, list, sizeof(list));
      SETERRQ(out->comm, PETSC_ERR_USER_INPUT, "-oc_output_series: unknown series '%s'; valid: %s (or a group name for all its series)", out->select[e], list[0] ? list : "(none declared)");
    }
  }
  for (PetscInt k = 0; k < out->nseries; k++) {
    OcOutputSeriesData *s = &out->series[k];
    s->kept               = out->nselect == 0 ? PETSC_TRUE : PETSC_FALSE;
    for (PetscInt e = 0; e < out->nselect && !s->kept; e++) PetscCall(selects(out, out->select[e], s, &s->kept));
    s->slot = s->kept ? out->groups[s->group].nkept++ : -1;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcOutputSeriesIsKept(OcOutput out, OcOutputSeries series, PetscBool *kept)
{
  PetscFunctionBegin;
  PetscCheck(out->setup, PETSC_COMM_SELF, PETSC_ERR_ORDER, "OcOutputSeriesIsKept before OcOutputSetUp");
  PetscCheck(series >= 0 && series < out->nseries, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "no output series %" PetscInt_FMT, series);
  *kept = out->series[series].kept;
  PetscFunctionReturn(PETSC_SUCCESS);
}
