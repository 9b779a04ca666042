#include "ocscenario.h"

/* EN 50163:2004 table 1, DC systems: lowest non-permanent (Umin2), lowest permanent (Umin1),
   highest permanent (Umax1) and highest non-permanent (Umax2) voltage. */
static const struct {
  PetscReal un, umin2, umin1, umax1, umax2;
} en50163[] = {
  {600,  400,  400,  720,  800 },
  {750,  500,  500,  900,  1000},
  {1500, 1000, 1000, 1800, 1950},
  {3000, 2000, 2000, 3600, 3900},
};

PetscBool OcEN50163Limits(PetscReal un, PetscReal *umin2, PetscReal *umin1, PetscReal *umax1, PetscReal *umax2)
{
  for (size_t i = 0; i < sizeof en50163 / sizeof en50163[0]; i++) {
    if (en50163[i].un != un) continue;
    *umin2 = en50163[i].umin2;
    *umin1 = en50163[i].umin1;
    *umax1 = en50163[i].umax1;
    *umax2 = en50163[i].umax2;
    return PETSC_TRUE;
  }
  return PETSC_FALSE;
}
