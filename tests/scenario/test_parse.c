/* Unit tests of the scenario module's value parsers, EN 50163 defaults and profile
   interpolation, each against a value worked out by hand. */
#include <ocparse.h>
#include <ocscenario.h>

static PetscErrorCode check_clock(const char *text, PetscBool ok_expected, PetscReal expected)
{
  PetscReal s  = -1;
  PetscBool ok = OcParseClock(text, &s);

  PetscFunctionBegin;
  PetscCheck(ok == ok_expected && (!ok || s == expected), PETSC_COMM_SELF, PETSC_ERR_PLIB, "clock '%s': got ok=%d %g", text, (int)ok, (double)s);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "clock %-12s %s %g\n", text, ok ? "ok " : "bad", ok ? (double)s : 0.0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode check_real(const char *text, PetscBool ok_expected)
{
  PetscReal v  = 0;
  PetscBool ok = OcParseReal(text, &v);

  PetscFunctionBegin;
  PetscCheck(ok == ok_expected, PETSC_COMM_SELF, PETSC_ERR_PLIB, "real '%s': got ok=%d", text, (int)ok);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "real  '%s' %s %g\n", text, ok ? "ok " : "bad", ok ? (double)v : 0.0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Two points, 06:00 -> 0.5 and 18:00 -> 1.0: linear in between, and across midnight from
   18:00 back to 06:00 over 12 h. */
static PetscErrorCode check_profile(void)
{
  OcProfile      p    = {"p", 0, 2};
  PetscReal      t[2] = {6 * 3600.0, 18 * 3600.0}, v[2] = {0.5, 1.0};
  OcScenarioData d = {0};
  const struct {
    PetscReal t, linear, step;
  } probe[] = {
    {6 * 3600.0,         0.5,   0.5},
    {12 * 3600.0,        0.75,  0.5},
    {18 * 3600.0,        1.0,   1.0},
    {0.0,                0.75,  1.0},
    {21 * 3600.0,        0.875, 1.0},
    {(24 + 12) * 3600.0, 0.75,  0.5},
    {-6 * 3600.0,        1.0,   1.0},
  };

  PetscFunctionBegin;
  d.nprofiles     = 1;
  d.profile       = &p;
  d.profile_t_s   = t;
  d.profile_value = v;
  for (size_t i = 0; i < sizeof probe / sizeof probe[0]; i++) {
    PetscReal lin, step;
    d.interpolation = OC_PROFILE_LINEAR;
    lin             = OcProfileValue(&d, 0, probe[i].t);
    d.interpolation = OC_PROFILE_STEP;
    step            = OcProfileValue(&d, 0, probe[i].t);
    PetscCheck(PetscAbsReal(lin - probe[i].linear) < 1e-14 && step == probe[i].step, PETSC_COMM_SELF, PETSC_ERR_PLIB, "profile at %g s: %g %g", (double)probe[i].t, (double)lin, (double)step);
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "profile t=%g s linear %g step %g\n", (double)probe[i].t, (double)lin, (double)step));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode check_en50163(void)
{
  const PetscReal un[] = {600, 750, 1500, 3000, 900};

  PetscFunctionBegin;
  for (size_t i = 0; i < sizeof un / sizeof un[0]; i++) {
    PetscReal a = 0, b = 0, c = 0, e = 0;
    PetscBool ok = OcEN50163Limits(un[i], &a, &b, &c, &e);
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "EN 50163 %g V: %s %g %g %g %g\n", (double)un[i], ok ? "standard" : "not standard", (double)a, (double)b, (double)c, (double)e));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(check_clock("06:00", PETSC_TRUE, 21600));
  PetscCall(check_clock("25:10:05", PETSC_TRUE, 90605));
  PetscCall(check_clock("1:02:03.5", PETSC_TRUE, 3723.5));
  PetscCall(check_clock("6:0", PETSC_FALSE, 0));
  PetscCall(check_clock("06:60", PETSC_FALSE, 0));
  PetscCall(check_clock("06:00:60", PETSC_FALSE, 0));
  PetscCall(check_clock("six", PETSC_FALSE, 0));
  PetscCall(check_clock("06:00x", PETSC_FALSE, 0));
  PetscCall(check_real("1e3", PETSC_TRUE));
  PetscCall(check_real("-0.5 ", PETSC_TRUE));
  PetscCall(check_real(" 5", PETSC_FALSE));
  PetscCall(check_real("5x", PETSC_FALSE));
  PetscCall(check_real("nan", PETSC_FALSE));
  PetscCall(check_real("inf", PETSC_FALSE));
  PetscCall(check_real("1e999", PETSC_FALSE));
  PetscCall(check_real("", PETSC_FALSE));
  PetscCall(check_profile());
  PetscCall(check_en50163());
  PetscCall(PetscFinalize());
  return 0;
}
