#include <errno.h>
#include <string.h>
#include "ocyaml.h"

PetscErrorCode OcYamlLoad(const char *path, OcDiag diag, OcYaml *y)
{
  yaml_parser_t parser;
  FILE         *fp;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(y, sizeof *y));
  y->path = path;
  y->diag = diag;
  fp      = fopen(path, "rb");
  if (!fp) {
    PetscCall(OcDiagAdd(diag, path, 0, "cannot open the scenario file (%s)", strerror(errno)));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCheck(yaml_parser_initialize(&parser), PETSC_COMM_SELF, PETSC_ERR_MEM, "libyaml could not initialise a parser");
  yaml_parser_set_input_file(&parser, fp);
  if (yaml_parser_load(&parser, &y->doc)) {
    y->loaded = PETSC_TRUE;
    if (!yaml_document_get_root_node(&y->doc)) {
      PetscCall(OcDiagAdd(diag, path, 0, "the file is empty; expected a YAML mapping (see docs/scenario.md)"));
      yaml_document_delete(&y->doc);
      y->loaded = PETSC_FALSE;
    }
  } else {
    PetscCall(
      OcDiagAdd(diag, path, (PetscInt)parser.problem_mark.line + 1, "YAML syntax error at column %d: %s%s%s", (int)parser.problem_mark.column + 1, parser.problem ? parser.problem : "unknown problem", parser.context ? " " : "", parser.context ? parser.context : ""));
  }
  yaml_parser_delete(&parser);
  fclose(fp);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcYamlFree(OcYaml *y)
{
  PetscFunctionBegin;
  if (y->loaded) yaml_document_delete(&y->doc);
  y->loaded = PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

yaml_node_t *OcYamlRoot(OcYaml *y)
{
  return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL;
}

PetscInt OcYamlLine(const yaml_node_t *node)
{
  return (PetscInt)node->start_mark.line + 1;
}

static const char *scalar(const yaml_node_t *node)
{
  return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

static const char *kind_name(const yaml_node_t *node)
{
  switch (node->type) {
  case YAML_MAPPING_NODE:
    return "a mapping";
  case YAML_SEQUENCE_NODE:
    return "a list";
  default:
    return "a scalar";
  }
}

/* "simulation.time_step_s", or just the key at the top level. */
static void qualified(const char *where, const char *key, char *buf, size_t len)
{
  if (where && where[0]) snprintf(buf, len, "%s.%s", where, key);
  else snprintf(buf, len, "%s", key);
}

static PetscErrorCode list_allowed(const char *const allowed[], char *buf, size_t len)
{
  size_t used = 0;

  PetscFunctionBegin;
  buf[0] = '\0';
  for (PetscInt i = 0; allowed[i] && used + 1 < len; i++) {
    PetscCall(PetscSNPrintf(buf + used, len - used, "%s%s", i ? ", " : "", allowed[i]));
    PetscCall(PetscStrlen(buf, &used));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscBool in_list(const char *key, const char *const list[])
{
  for (PetscInt i = 0; list[i]; i++)
    if (!strcmp(key, list[i])) return PETSC_TRUE;
  return PETSC_FALSE;
}

PetscErrorCode OcYamlCheckMapping(OcYaml *y, yaml_node_t *node, const char *where, const char *const allowed[], PetscBool *ok)
{
  char expected[512];

  PetscFunctionBegin;
  *ok = PETSC_TRUE;
  if (node->type != YAML_MAPPING_NODE) {
    PetscCall(OcDiagAdd(y->diag, y->path, OcYamlLine(node), "%s: expected a mapping of keys to values, found %s", where && where[0] ? where : "the top level", kind_name(node)));
    *ok = PETSC_FALSE;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(list_allowed(allowed, expected, sizeof expected));
  for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
    yaml_node_t *k   = yaml_document_get_node(&y->doc, p->key);
    const char  *key = scalar(k);
    if (!key) {
      PetscCall(OcDiagAdd(y->diag, y->path, OcYamlLine(k), "%s: keys must be plain names", where && where[0] ? where : "the top level"));
      continue;
    }
    if (!in_list(key, allowed)) PetscCall(OcDiagAdd(y->diag, y->path, OcYamlLine(k), "unknown key '%s' in %s; expected one of: %s", key, where && where[0] ? where : "the top level", expected));
    for (yaml_node_pair_t *q = node->data.mapping.pairs.start; q < p; q++) {
      if (scalar(yaml_document_get_node(&y->doc, q->key)) && !strcmp(key, scalar(yaml_document_get_node(&y->doc, q->key)))) {
        PetscCall(OcDiagAdd(y->diag, y->path, OcYamlLine(k), "key '%s' appears twice in %s", key, where && where[0] ? where : "the top level"));
        break;
      }
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcYamlGet(OcYaml *y, yaml_node_t *map, const char *where, const char *key, PetscBool required, yaml_node_t **value)
{
  char name[256];

  PetscFunctionBegin;
  *value = NULL;
  if (map && map->type == YAML_MAPPING_NODE) {
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
      const char *k = scalar(yaml_document_get_node(&y->doc, p->key));
      if (k && !strcmp(k, key)) {
        *value = yaml_document_get_node(&y->doc, p->value);
        break;
      }
    }
  }
  if (!*value && required && map) {
    qualified(where, key, name, sizeof name);
    PetscCall(OcDiagAdd(y->diag, y->path, OcYamlLine(map), "missing required key '%s'", name));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The scalar text under key, or NULL (absent, or not a scalar: reported). */
static PetscErrorCode get_scalar(OcYaml *y, yaml_node_t *map, const char *where, const char *key, PetscBool required, const char **text, yaml_node_t **node)
{
  char name[256];

  PetscFunctionBegin;
  *text = NULL;
  PetscCall(OcYamlGet(y, map, where, key, required, node));
  if (!*node) PetscFunctionReturn(PETSC_SUCCESS);
  *text = scalar(*node);
  if (!*text) {
    qualified(where, key, name, sizeof name);
    PetscCall(OcDiagAdd(y->diag, y->path, OcYamlLine(*node), "%s: expected a single value, found %s", name, kind_name(*node)));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcYamlGetString(OcYaml *y, yaml_node_t *map, const char *where, const char *key, PetscBool required, char *value, size_t len)
{
  const char  *text;
  yaml_node_t *node;
  char         name[256];

  PetscFunctionBegin;
  PetscCall(get_scalar(y, map, where, key, required, &text, &node));
  if (!text) PetscFunctionReturn(PETSC_SUCCESS);
  if (strlen(text) >= len) {
    qualified(where, key, name, sizeof name);
    PetscCall(OcDiagAdd(y->diag, y->path, OcYamlLine(node), "%s: the text is longer than %d characters", name, (int)len - 1));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(PetscStrncpy(value, text, len));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcYamlGetReal(OcYaml *y, yaml_node_t *map, const char *where, const char *key, PetscBool required, OcRealConstraint c, PetscReal *value)
{
  const char  *text;
  yaml_node_t *node;
  PetscReal    v;
  char         name[256];

  PetscFunctionBegin;
  PetscCall(get_scalar(y, map, where, key, required, &text, &node));
  if (!text) PetscFunctionReturn(PETSC_SUCCESS);
  if (OcParseReal(text, &v) && OcRealSatisfies(v, c)) *value = v;
  else {
    qualified(where, key, name, sizeof name);
    PetscCall(OcDiagAdd(y->diag, y->path, OcYamlLine(node), "%s: expected %s, got '%s'", name, OcRealConstraintPhrase(c), text));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcYamlGetClock(OcYaml *y, yaml_node_t *map, const char *where, const char *key, PetscBool required, PetscReal *seconds)
{
  const char  *text;
  yaml_node_t *node;
  char         name[256];

  PetscFunctionBegin;
  PetscCall(get_scalar(y, map, where, key, required, &text, &node));
  if (!text) PetscFunctionReturn(PETSC_SUCCESS);
  if (!OcParseClock(text, seconds)) {
    qualified(where, key, name, sizeof name);
    PetscCall(OcDiagAdd(y->diag, y->path, OcYamlLine(node), "%s: expected a clock time H:MM:SS (hours may exceed 23), got '%s'", name, text));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcYamlGetChoice(OcYaml *y, yaml_node_t *map, const char *where, const char *key, const char *const choices[], PetscInt *value)
{
  const char  *text;
  yaml_node_t *node;
  char         name[256], expected[256];

  PetscFunctionBegin;
  PetscCall(get_scalar(y, map, where, key, PETSC_FALSE, &text, &node));
  if (!text) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt i = 0; choices[i]; i++) {
    if (!strcmp(text, choices[i])) {
      *value = i;
      PetscFunctionReturn(PETSC_SUCCESS);
    }
  }
  qualified(where, key, name, sizeof name);
  PetscCall(list_allowed(choices, expected, sizeof expected));
  PetscCall(OcDiagAdd(y->diag, y->path, OcYamlLine(node), "%s: expected one of %s, got '%s'", name, expected, text));
  PetscFunctionReturn(PETSC_SUCCESS);
}
