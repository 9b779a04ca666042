#ifndef OCPARSE_H
#define OCPARSE_H
/* Strict parsing of the values found in input files. Each returns ok = PETSC_FALSE rather
   than an error, so that readers can report the place and the field themselves. */
#include <ocsys.h>

/* Constraints on a real value, each with the phrase used in error messages. */
typedef enum {
  OC_REAL_ANY,      /* any finite number */
  OC_REAL_POSITIVE, /* > 0 */
  OC_REAL_NONNEG,   /* >= 0 */
  OC_REAL_FRACTION  /* in (0, 1] */
} OcRealConstraint;

PETSC_EXTERN PetscBool   OcParseReal(const char *text, PetscReal *value);
PETSC_EXTERN PetscBool   OcParseInt(const char *text, PetscInt *value);
PETSC_EXTERN PetscBool   OcRealSatisfies(PetscReal value, OcRealConstraint);
PETSC_EXTERN const char *OcRealConstraintPhrase(OcRealConstraint);
/* A clock time "H:MM", "H:MM:SS" or "H:MM:SS.s"; hours may exceed 23 (service days run past
   midnight, as in GTFS). Minutes and seconds must be below 60. */
PETSC_EXTERN PetscBool OcParseClock(const char *text, PetscReal *seconds);
PETSC_EXTERN void      OcFormatClock(PetscReal seconds, char *buf, size_t len);

#endif
