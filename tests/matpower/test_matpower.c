/* Reads a MATPOWER case on rank 0 and prints a summary that the expected output compares
   with counts and sums taken from the file by other tools (see CMakeLists.txt). Every case
   is written with OcMpCaseWrite and read back: the two must agree bit for bit. Options:
   -check_case9 checks values of case9 against the text of the file, -same_as FILE checks
   that another spelling of a case reads to the same values, -dump prints every value.
   Problems in the file fail on every rank through OcDiagRaise. */
#include <string.h>
#include <matpower.h>

static const char help[] = "Reads, checks and round-trips a MATPOWER case.\n"
                           "  -case <file.m>   the case to read\n"
                           "  -check_case9     check values of case9.m\n"
                           "  -same_as <file.m> check that this case has the same values\n"
                           "  -dump            print every value read\n";

static PetscBool same_real(PetscReal a, PetscReal b)
{
  /* Bit for bit: == would take -0 for 0. */
  return memcmp(&a, &b, sizeof a) ? PETSC_FALSE : PETSC_TRUE;
}

static PetscErrorCode compare_bus(const OcMpBus *a, const OcMpBus *b, PetscInt i)
{
  PetscFunctionBegin;
  PetscCheck(a->id == b->id && a->type == b->type && a->area == b->area && a->zone == b->zone && same_real(a->pd_mw, b->pd_mw) && same_real(a->qd_mvar, b->qd_mvar) && same_real(a->gs_mw, b->gs_mw) && same_real(a->bs_mvar, b->bs_mvar) && same_real(a->vm_pu, b->vm_pu) && same_real(a->va_deg, b->va_deg) && same_real(a->base_kv, b->base_kv) && same_real(a->vmax_pu, b->vmax_pu) && same_real(a->vmin_pu, b->vmin_pu), PETSC_COMM_SELF, PETSC_ERR_PLIB, "bus %" PetscInt_FMT " differs after the round trip", i + 1);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode compare_gen(const OcMpGen *a, const OcMpGen *b, PetscInt i)
{
  PetscFunctionBegin;
  PetscCheck(a->bus == b->bus && a->status == b->status && same_real(a->pg_mw, b->pg_mw) && same_real(a->qg_mvar, b->qg_mvar) && same_real(a->qmax_mvar, b->qmax_mvar) && same_real(a->qmin_mvar, b->qmin_mvar) && same_real(a->vg_pu, b->vg_pu) && same_real(a->mbase_mva, b->mbase_mva) && same_real(a->pmax_mw, b->pmax_mw) && same_real(a->pmin_mw, b->pmin_mw), PETSC_COMM_SELF, PETSC_ERR_PLIB, "gen %" PetscInt_FMT " differs after the round trip", i + 1);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode compare_branch(const OcMpBranch *a, const OcMpBranch *b, PetscInt i)
{
  PetscFunctionBegin;
  PetscCheck(a->f_bus == b->f_bus && a->t_bus == b->t_bus && a->status == b->status && same_real(a->r_pu, b->r_pu) && same_real(a->x_pu, b->x_pu) && same_real(a->b_pu, b->b_pu) && same_real(a->rate_a_mva, b->rate_a_mva) && same_real(a->rate_b_mva, b->rate_b_mva) && same_real(a->rate_c_mva, b->rate_c_mva) && same_real(a->ratio, b->ratio) && same_real(a->angle_deg, b->angle_deg) && same_real(a->angmin_deg, b->angmin_deg) && same_real(a->angmax_deg, b->angmax_deg), PETSC_COMM_SELF, PETSC_ERR_PLIB, "branch %" PetscInt_FMT " differs after the round trip", i + 1);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode compare_cases(const OcMpCase *a, const OcMpCase *b)
{
  PetscFunctionBegin;
  PetscCheck(!strcmp(a->name, b->name) && same_real(a->base_mva, b->base_mva) && a->nbus == b->nbus && a->ngen == b->ngen && a->nbranch == b->nbranch, PETSC_COMM_SELF, PETSC_ERR_PLIB, "name, baseMVA or sizes differ after the round trip");
  for (PetscInt i = 0; i < a->nbus; i++) PetscCall(compare_bus(&a->bus[i], &b->bus[i], i));
  for (PetscInt i = 0; i < a->ngen; i++) PetscCall(compare_gen(&a->gen[i], &b->gen[i], i));
  for (PetscInt i = 0; i < a->nbranch; i++) PetscCall(compare_branch(&a->branch[i], &b->branch[i], i));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Writes the case into a fresh directory, reads it back and compares. */
static PetscErrorCode check_round_trip(const OcMpCase *mpc, PetscLogEvent write_event)
{
  char     dir[PETSC_MAX_PATH_LEN] = "/tmp/oc_matpower_XXXXXX", path[PETSC_MAX_PATH_LEN];
  OcDiag   diag;
  OcMpCase back;
  PetscInt errors;

  PetscFunctionBegin;
  PetscCall(PetscMkdtemp(dir));
  PetscCall(PetscSNPrintf(path, sizeof path, "%s/%s.m", dir, mpc->name));
  PetscCall(PetscLogEventBegin(write_event, 0, 0, 0, 0));
  PetscCall(OcMpCaseWrite(mpc, path));
  PetscCall(PetscLogEventEnd(write_event, 0, 0, 0, 0));
  PetscCall(OcDiagCreate(&diag));
  PetscCall(OcMpCaseRead(path, diag, &back));
  PetscCall(OcDiagCount(diag, &errors));
  PetscCall(OcDiagDestroy(&diag));
  PetscCheck(!errors, PETSC_COMM_SELF, PETSC_ERR_PLIB, "the written case %s does not read back", path);
  PetscCall(compare_cases(mpc, &back));
  PetscCall(OcMpCaseFree(&back));
  PetscCall(PetscRMTree(dir));
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "round trip through OcMpCaseWrite: identical\n"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Reads another file of the same case and compares. */
static PetscErrorCode check_same_as(const OcMpCase *mpc, const char *path)
{
  OcDiag   diag;
  OcMpCase other;

  PetscFunctionBegin;
  PetscCall(OcDiagCreate(&diag));
  PetscCall(OcMpCaseRead(path, diag, &other));
  PetscCall(OcDiagRaise(diag, PETSC_COMM_SELF, "the -same_as case"));
  PetscCall(OcDiagDestroy(&diag));
  PetscCall(compare_cases(mpc, &other));
  PetscCall(OcMpCaseFree(&other));
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "same values as the -same_as case\n"));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every value, with snprintf: PetscPrintf rewrites %g (100 becomes "100."). */
static PetscErrorCode print_values(const char *what, PetscInt i, PetscInt line, PetscInt nint, const PetscInt *iv, PetscInt nreal, const PetscReal *rv)
{
  char   text[1024];
  size_t used = (size_t)snprintf(text, sizeof text, "%s %" PetscInt_FMT " (line %" PetscInt_FMT "):", what, i + 1, line);

  PetscFunctionBegin;
  for (PetscInt k = 0; k < nint; k++) used += (size_t)snprintf(text + used, sizeof text - used, " %" PetscInt_FMT, iv[k]);
  for (PetscInt k = 0; k < nreal; k++) used += (size_t)snprintf(text + used, sizeof text - used, " %.15g", (double)rv[k]);
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "%s\n", text));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode dump(const OcMpCase *mpc)
{
  PetscFunctionBegin;
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "bus: id type area zone pd qd gs bs vm va base_kv vmax vmin\n"));
  for (PetscInt i = 0; i < mpc->nbus; i++) {
    const OcMpBus *b     = &mpc->bus[i];
    PetscInt       iv[4] = {b->id, b->type, b->area, b->zone};
    PetscReal      rv[9] = {b->pd_mw, b->qd_mvar, b->gs_mw, b->bs_mvar, b->vm_pu, b->va_deg, b->base_kv, b->vmax_pu, b->vmin_pu};

    PetscCall(print_values("bus", i, b->line, 4, iv, 9, rv));
  }
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "gen: bus status pg qg qmax qmin vg mbase pmax pmin\n"));
  for (PetscInt i = 0; i < mpc->ngen; i++) {
    const OcMpGen *g     = &mpc->gen[i];
    PetscInt       iv[2] = {g->bus, g->status};
    PetscReal      rv[8] = {g->pg_mw, g->qg_mvar, g->qmax_mvar, g->qmin_mvar, g->vg_pu, g->mbase_mva, g->pmax_mw, g->pmin_mw};

    PetscCall(print_values("gen", i, g->line, 2, iv, 8, rv));
  }
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "branch: f t status r x b rate_a rate_b rate_c ratio angle angmin angmax\n"));
  for (PetscInt i = 0; i < mpc->nbranch; i++) {
    const OcMpBranch *br     = &mpc->branch[i];
    PetscInt          iv[3]  = {br->f_bus, br->t_bus, br->status};
    PetscReal         rv[10] = {br->r_pu, br->x_pu, br->b_pu, br->rate_a_mva, br->rate_b_mva, br->rate_c_mva, br->ratio, br->angle_deg, br->angmin_deg, br->angmax_deg};

    PetscCall(print_values("branch", i, br->line, 3, iv, 10, rv));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode print_summary(const OcMpCase *mpc)
{
  PetscInt  type[5] = {0}, gen_on = 0, branch_on = 0, transformers = 0;
  PetscReal pd = 0, qd = 0, pg = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < mpc->nbus; i++) {
    type[mpc->bus[i].type]++;
    pd += mpc->bus[i].pd_mw;
    qd += mpc->bus[i].qd_mvar;
  }
  for (PetscInt i = 0; i < mpc->ngen; i++) {
    gen_on += mpc->gen[i].status > 0;
    pg += mpc->gen[i].status > 0 ? mpc->gen[i].pg_mw : 0;
  }
  for (PetscInt i = 0; i < mpc->nbranch; i++) {
    branch_on += mpc->branch[i].status;
    transformers += mpc->branch[i].ratio != 0 || mpc->branch[i].angle_deg != 0;
  }
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "case %s baseMVA %g\n", mpc->name, (double)mpc->base_mva));
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "buses %" PetscInt_FMT ": PQ %" PetscInt_FMT " PV %" PetscInt_FMT " reference %" PetscInt_FMT " isolated %" PetscInt_FMT "\n", mpc->nbus, type[1], type[2], type[3], type[4]));
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "generators %" PetscInt_FMT ": in service %" PetscInt_FMT "\n", mpc->ngen, gen_on));
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "branches %" PetscInt_FMT ": in service %" PetscInt_FMT " transformers %" PetscInt_FMT "\n", mpc->nbranch, branch_on, transformers));
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "load %.10g MW %.10g MVAr, generation in service %.10g MW\n", (double)pd, (double)qd, (double)pg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Values of case9.m, each compared exactly with the number written in the file. */
static PetscErrorCode check_case9(const OcMpCase *mpc)
{
  const OcMpBranch *b2 = &mpc->branch[1], *b4 = &mpc->branch[3];
  const OcMpGen    *g2 = &mpc->gen[1];
  PetscInt          i9, i5, absent;

  PetscFunctionBegin;
  PetscCheck(mpc->nbus == 9 && mpc->ngen == 3 && mpc->nbranch == 9 && mpc->base_mva == 100 && !strcmp(mpc->name, "case9"), PETSC_COMM_SELF, PETSC_ERR_PLIB, "case9: sizes, baseMVA or name");
  /* line 54: 3 6 0 0.0586 0 300 300 300 0 0 1 -360 360 */
  PetscCheck(b4->line == 54 && b4->f_bus == 3 && b4->t_bus == 6 && b4->r_pu == 0 && b4->x_pu == 0.0586 && b4->b_pu == 0 && b4->rate_a_mva == 300 && b4->ratio == 0 && b4->status == 1 && b4->angmin_deg == -360 && b4->angmax_deg == 360, PETSC_COMM_SELF, PETSC_ERR_PLIB, "case9: branch 4");
  /* line 52: 4 5 0.017 0.092 0.158 250 250 250 0 0 1 -360 360 */
  PetscCheck(b2->line == 52 && b2->r_pu == 0.017 && b2->x_pu == 0.092 && b2->b_pu == 0.158 && b2->rate_c_mva == 250, PETSC_COMM_SELF, PETSC_ERR_PLIB, "case9: branch 2");
  /* line 44: 2 163 6.54 300 -300 1.025 100 1 300 10 0 ... */
  PetscCheck(g2->line == 44 && g2->bus == 2 && g2->pg_mw == 163 && g2->qg_mvar == 6.54 && g2->qmax_mvar == 300 && g2->qmin_mvar == -300 && g2->vg_pu == 1.025 && g2->mbase_mva == 100 && g2->status == 1 && g2->pmax_mw == 300 && g2->pmin_mw == 10, PETSC_COMM_SELF, PETSC_ERR_PLIB, "case9: gen 2");
  /* line 33: 5 1 90 30 0 0 1 1 0 345 1 1.1 0.9 */
  PetscCall(OcMpCaseFindBus(mpc, 5, &i5));
  PetscCall(OcMpCaseFindBus(mpc, 9, &i9));
  PetscCall(OcMpCaseFindBus(mpc, 10, &absent));
  PetscCheck(i5 == 4 && i9 == 8 && absent == -1, PETSC_COMM_SELF, PETSC_ERR_PLIB, "case9: OcMpCaseFindBus");
  PetscCheck(mpc->bus[i5].line == 33 && mpc->bus[i5].type == 1 && mpc->bus[i5].pd_mw == 90 && mpc->bus[i5].qd_mvar == 30 && mpc->bus[i5].base_kv == 345 && mpc->bus[i5].vmax_pu == 1.1 && mpc->bus[i5].vmin_pu == 0.9, PETSC_COMM_SELF, PETSC_ERR_PLIB, "case9: bus 5");
  PetscCheck(mpc->bus[0].type == 3, PETSC_COMM_SELF, PETSC_ERR_PLIB, "case9: bus 1 is the reference");
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "case9 values checked: branch 4 r %g x %g b %g, branch 2 r %g x %g b %g, gen 2 Pg %g MW, bus 5 Pd %g MW\n", (double)b4->r_pu, (double)b4->x_pu, (double)b4->b_pu, (double)b2->r_pu, (double)b2->x_pu, (double)b2->b_pu,
                        (double)g2->pg_mw, (double)mpc->bus[i5].pd_mw));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  char           path[PETSC_MAX_PATH_LEN], same_as[PETSC_MAX_PATH_LEN];
  PetscBool      set, case9 = PETSC_FALSE, same = PETSC_FALSE, values = PETSC_FALSE;
  PetscMPIInt    rank;
  OcDiag         diag;
  OcMpCase       mpc = {0};
  PetscClassId   classid;
  PetscLogEvent  read_event, write_event;
  PetscErrorCode raised;
  char          *message;

  PetscCall(PetscInitialize(&argc, &argv, NULL, help));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-case", path, sizeof path, &set));
  PetscCheck(set, PETSC_COMM_WORLD, PETSC_ERR_USER, "give the case file with -case");
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-check_case9", &case9, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-same_as", same_as, sizeof same_as, &same));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-dump", &values, NULL));
  PetscCall(PetscClassIdRegister("MATPOWER", &classid));
  PetscCall(PetscLogEventRegister("OcMpCaseRead", classid, &read_event));
  PetscCall(PetscLogEventRegister("OcMpCaseWrite", classid, &write_event));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));

  PetscCall(OcDiagCreate(&diag));
  if (rank == 0) {
    PetscCall(PetscLogEventBegin(read_event, 0, 0, 0, 0));
    PetscCall(OcMpCaseRead(path, diag, &mpc));
    PetscCall(PetscLogEventEnd(read_event, 0, 0, 0, 0));
  }
  /* A bad case is this program's expected outcome in the bad-input tests. PETSc's default
     handler would print the error on rank 0 only after making every other rank sleep 10 s
     and exit uncleaned; instead the error comes back quietly, is printed once, everything
     is freed (-malloc_dump checks every rank) and the exit status reports it. */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  raised = OcDiagRaise(diag, PETSC_COMM_WORLD, "MATPOWER case");
  PetscCall(PetscPopErrorHandler());
  if (raised) {
    PetscCall(PetscErrorMessage(raised, NULL, &message));
    PetscCall(PetscFPrintf(PETSC_COMM_WORLD, PETSC_STDERR, "%s\n", message));
  }
  if (!raised && rank == 0) {
    PetscCall(print_summary(&mpc));
    if (values) PetscCall(dump(&mpc));
    if (case9) PetscCall(check_case9(&mpc));
    if (same) PetscCall(check_same_as(&mpc, same_as));
    PetscCall(check_round_trip(&mpc, write_event));
  }
  PetscCall(OcMpCaseFree(&mpc));
  PetscCall(OcDiagDestroy(&diag));
  PetscCall(PetscFinalize());
  return raised ? 1 : 0; /* not the error code itself: 77 would read as "skipped" to ctest */
}
