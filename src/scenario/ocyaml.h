#ifndef OCYAML_H
#define OCYAML_H
/* A thin layer over libyaml's document API that reports every problem, with file, line and
   column, into an OcDiag instead of failing: the scenario reader collects all it can find. */
#include <yaml.h>
#include "ocdiag.h"
#include "ocparse.h"

typedef struct {
  const char     *path; /* as given by the user, for messages */
  yaml_document_t doc;
  PetscBool       loaded;
  OcDiag          diag;
} OcYaml;

/* Parses the file; on a syntax error records it and leaves loaded = PETSC_FALSE. */
PETSC_EXTERN PetscErrorCode OcYamlLoad(const char *path, OcDiag, OcYaml *);
PETSC_EXTERN PetscErrorCode OcYamlFree(OcYaml *);
PETSC_EXTERN yaml_node_t   *OcYamlRoot(OcYaml *);
PETSC_EXTERN PetscInt       OcYamlLine(const yaml_node_t *);

/* Checks that node is a mapping whose keys are all in allowed[] (NULL-terminated) and appear
   once; where names the mapping in messages ("simulation"). Returns PETSC_FALSE on a non-mapping. */
PETSC_EXTERN PetscErrorCode OcYamlCheckMapping(OcYaml *, yaml_node_t *, const char *where, const char *const allowed[], PetscBool *ok);
/* The value under key, or NULL; when required and absent, records the problem. */
PETSC_EXTERN PetscErrorCode OcYamlGet(OcYaml *, yaml_node_t *map, const char *where, const char *key, PetscBool required, yaml_node_t **value);
/* Typed readers: each records a message naming where.key when the value is not acceptable and
   leaves *value untouched (so callers keep their defaults). */
PETSC_EXTERN PetscErrorCode OcYamlGetString(OcYaml *, yaml_node_t *map, const char *where, const char *key, PetscBool required, char *value, size_t len);
PETSC_EXTERN PetscErrorCode OcYamlGetReal(OcYaml *, yaml_node_t *map, const char *where, const char *key, PetscBool required, OcRealConstraint, PetscReal *value);
PETSC_EXTERN PetscErrorCode OcYamlGetClock(OcYaml *, yaml_node_t *map, const char *where, const char *key, PetscBool required, PetscReal *seconds);
PETSC_EXTERN PetscErrorCode OcYamlGetChoice(OcYaml *, yaml_node_t *map, const char *where, const char *key, const char *const choices[], PetscInt *value);

#endif
