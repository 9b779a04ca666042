/* AC stamps: the pi branch against a line-by-line transliteration of MATPOWER's makeYbus.m in
 * complex arithmetic (random r, x, b, tap incl. 0 = nominal, phase shift); all 16 partial
 * derivatives against central differences; the shunt and constant-power injection.
 *
 * With two arguments (a MATPOWER case file and MATPOWER's converged solution, one line per bus
 * "id Vm Va_deg"), it also sums the kernels' flows at every bus of that solution: the mismatch
 * must vanish (P at PV and PQ buses, Q at PQ buses), which checks the conventions (tap side,
 * charging, shunts, signs) against MATPOWER itself. Exits 77 (skip) if those files are absent. */
#include "ac_branch.h"
#include "kernel_test.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N_POINTS 5000

/* makeYbus.m, for one branch, then S = V conj(I) at both ends. */
static void makeybus_flows(const OcAcBranchParams *par, double va_f, double vm_f, double va_t, double vm_t, double s[4])
{
  const double complex ys  = 1.0 / (par->r_pu + I * par->x_pu);
  const double complex bc  = par->b_pu;
  const double complex tap = (par->tap != 0.0 ? par->tap : 1.0) * cexp(I * par->shift_rad);
  const double complex ytt = ys + I * bc / 2.0;
  const double complex yff = ytt / (tap * conj(tap));
  const double complex yft = -ys / conj(tap);
  const double complex ytf = -ys / tap;
  const double complex vf = vm_f * cexp(I * va_f), vt = vm_t * cexp(I * va_t);
  const double complex sf = vf * conj(yff * vf + yft * vt);
  const double complex st = vt * conj(ytf * vf + ytt * vt);
  s[0]                    = creal(sf);
  s[1]                    = cimag(sf);
  s[2]                    = creal(st);
  s[3]                    = cimag(st);
}

static void random_branch(Kt *kt, OcAcBranchParams *par)
{
  par->r_pu      = kt_uniform(kt, 0.0, 0.1);
  par->x_pu      = kt_uniform(kt, 0.005, 0.5);
  par->b_pu      = kt_uniform(kt, 0.0, 0.5);
  par->tap       = kt_uniform(kt, 0.0, 1.0) < 0.3 ? 0.0 : kt_uniform(kt, 0.85, 1.15);
  par->shift_rad = kt_uniform(kt, 0.0, 1.0) < 0.3 ? 0.0 : kt_uniform(kt, -0.5, 0.5);
}

static void check_branch(Kt *kt)
{
  static const char *const out_name[4] = {"P_f", "Q_f", "P_t", "Q_t"};
  static const char *const var_name[4] = {"Va_f", "Vm_f", "Va_t", "Vm_t"};
  const char              *jac_name[16];
  char                     names[16][24];
  for (int k = 0; k < 16; k++) {
    snprintf(names[k], sizeof(names[k]), "d%s/d%s", out_name[k / 4], var_name[k % 4]);
    jac_name[k] = names[k];
  }

  printf("-- pi branch: %d random branches (r, x, b, tap incl. 0, shift) and voltages\n", N_POINTS);
  kt_begin(kt, "P_f, Q_f, P_t, Q_t against makeYbus.m in complex arithmetic", 1e-12, 1e-12);
  for (int k = 0; k < N_POINTS; k++) {
    OcAcBranchParams     par;
    OcAcBranchAdmittance y;
    OcAcBranchFlow       fl;
    double               ref[4];
    random_branch(kt, &par);
    const double x[4] = {kt_uniform(kt, -1, 1), kt_uniform(kt, 0.85, 1.15), kt_uniform(kt, -1, 1), kt_uniform(kt, 0.85, 1.15)};
    OcKernelAcBranchAdmittance(&par, &y);
    OcKernelAcBranchFlow(&y, x[0], x[1], x[2], x[3], &fl);
    makeybus_flows(&par, x[0], x[1], x[2], x[3], ref);
    const double scale = fmax(fabs(ref[0]), fabs(ref[2]));
    for (int o = 0; o < 4; o++) kt_close(kt, fl.s[o] / scale, ref[o] / scale, out_name[o], k);
  }
  kt_end(kt);

  kt_begin(kt, "all 16 partial derivatives against central differences (h = 1e-6)", 1e-7, 1e-7);
  for (int k = 0; k < N_POINTS; k++) {
    OcAcBranchParams     par;
    OcAcBranchAdmittance y;
    OcAcBranchFlow       fl, fp, fm;
    random_branch(kt, &par);
    double x[4] = {kt_uniform(kt, -1, 1), kt_uniform(kt, 0.85, 1.15), kt_uniform(kt, -1, 1), kt_uniform(kt, 0.85, 1.15)};
    OcKernelAcBranchAdmittance(&par, &y);
    OcKernelAcBranchFlow(&y, x[0], x[1], x[2], x[3], &fl);
    const double h     = 1e-6;
    double       scale = 0.0;
    for (int o = 0; o < 4; o++)
      for (int l = 0; l < 4; l++) scale = fmax(scale, fabs(fl.jac[o][l]));
    for (int l = 0; l < 4; l++) {
      const double x0 = x[l];
      x[l]            = x0 + h;
      OcKernelAcBranchFlow(&y, x[0], x[1], x[2], x[3], &fp);
      x[l] = x0 - h;
      OcKernelAcBranchFlow(&y, x[0], x[1], x[2], x[3], &fm);
      x[l] = x0;
      for (int o = 0; o < 4; o++) kt_close(kt, fl.jac[o][l] / scale, (fp.s[o] - fm.s[o]) / (2.0 * h) / scale, jac_name[4 * o + l], k);
    }
  }
  kt_end(kt);
}

static void check_bus_elements(Kt *kt)
{
  printf("-- shunt (gs + j bs) and constant-power injection\n");
  kt_begin(kt, "shunt: S = Vm^2 conj(gs + j bs), derivatives by central differences", 1e-9, 1e-12);
  for (int k = 0; k < 1000; k++) {
    const double gs = kt_uniform(kt, -0.5, 0.5), bs = kt_uniform(kt, -2, 2);
    const double vm = kt_uniform(kt, 0.8, 1.2), h = 1e-6;
    OcAcBusFlow  fl, fp, fm;
    OcKernelAcShuntFlow(gs, bs, vm, &fl);
    OcKernelAcShuntFlow(gs, bs, vm + h, &fp);
    OcKernelAcShuntFlow(gs, bs, vm - h, &fm);
    const double complex s = vm * conj((gs + I * bs) * vm);
    kt_close(kt, fl.p, creal(s), "P", k);
    kt_close(kt, fl.q, cimag(s), "Q", k);
    kt_close(kt, fl.dp_dvm, (fp.p - fm.p) / (2 * h), "dP/dVm", k);
    kt_close(kt, fl.dq_dvm, (fp.q - fm.q) / (2 * h), "dQ/dVm", k);
  }
  kt_end(kt);
  kt_begin(kt, "constant-power injection: S into the element = -S_inj, no derivatives", 0, 0);
  OcAcBusFlow fl;
  OcKernelAcInjectionFlow(0.7, -0.2, &fl);
  kt_close(kt, fl.p, -0.7, "P", 0);
  kt_close(kt, fl.q, 0.2, "Q", 0);
  kt_close(kt, fl.dp_dvm, 0.0, "dP/dVm", 0);
  kt_close(kt, fl.dq_dvm, 0.0, "dQ/dVm", 0);
  kt_end(kt);
}

/* ---- MATPOWER case check (optional) ---- */

typedef struct {
  int     n_rows, n_cols;
  double *v; /* n_rows x n_cols */
} Matrix;

/* Reads the rows of "mpc.<name> = [ ... ];" (comments after %). Returns 0 if not found. */
static int read_matrix(const char *text, const char *name, Matrix *m)
{
  char key[64];
  snprintf(key, sizeof(key), "mpc.%s = [", name);
  const char *p = strstr(text, key);
  if (!p) return 0;
  p               = strchr(p, '[') + 1;
  const char *end = strstr(p, "];");
  if (!end) return 0;
  m->n_rows = m->n_cols = 0;
  m->v                  = NULL;
  int cap = 0, col = 0;
  while (p < end) {
    if (*p == '%') {
      while (p < end && *p != '\n') p++;
    } else if (*p == ';' || *p == '\n') {
      if (col > 0) {
        if (m->n_cols == 0) m->n_cols = col;
        if (col != m->n_cols) return 0;
        m->n_rows++;
      }
      col = 0;
      p++;
    } else if (*p == ' ' || *p == '\t' || *p == '\r') {
      p++;
    } else {
      char  *q;
      double x = strtod(p, &q);
      if (q == p || col >= 64) return 0;
      p = q;
      if (m->n_rows * 64 + col + 1 > cap) {
        cap  = 2 * cap + 64 * 64;
        m->v = realloc(m->v, (size_t)cap * sizeof(double));
      }
      m->v[m->n_rows * 64 + col++] = x; /* at most 64 columns, compacted below */
    }
  }
  for (int r = 0; r < m->n_rows; r++)
    for (int c = 0; c < m->n_cols; c++) m->v[r * m->n_cols + c] = m->v[r * 64 + c];
  return m->n_rows > 0;
}

static char *slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (fread(buf, 1, (size_t)n, f) != (size_t)n) n = 0;
  buf[n] = '\0';
  fclose(f);
  return buf;
}

#define MAX_BUS_ID 100000

static int check_matpower(Kt *kt, const char *case_path, const char *sol_path)
{
  char *text = slurp(case_path);
  FILE *sol  = fopen(sol_path, "r");
  if (!text || !sol) {
    printf("SKIP: %s or %s is absent\n", case_path, sol_path);
    free(text);
    if (sol) fclose(sol);
    return 77;
  }
  printf("-- MATPOWER: bus mismatch of %s at the solution %s\n", case_path, sol_path);
  Matrix       bus, gen, br;
  const char  *base_at = strstr(text, "mpc.baseMVA =");
  const double base    = base_at ? strtod(base_at + strlen("mpc.baseMVA ="), NULL) : 0.0;
  kt_begin(kt, "case file read", 0, 0);
  const int ok = kt_true(kt, base > 0.0 && read_matrix(text, "bus", &bus) && read_matrix(text, "gen", &gen) && read_matrix(text, "branch", &br) && bus.n_cols >= 13 && gen.n_cols >= 8 && br.n_cols >= 11, "baseMVA, bus, gen, branch", 0);
  kt_end(kt);
  if (!ok) return 1;

  int    *index = malloc(MAX_BUS_ID * sizeof(int));
  double *vm = calloc((size_t)bus.n_rows, sizeof(double)), *va = calloc((size_t)bus.n_rows, sizeof(double));
  double *mis_p = calloc((size_t)bus.n_rows, sizeof(double)), *mis_q = calloc((size_t)bus.n_rows, sizeof(double));
  int    *n_gen_on = calloc((size_t)bus.n_rows, sizeof(int));
  for (int i = 0; i < MAX_BUS_ID; i++) index[i] = -1;
  for (int b = 0; b < bus.n_rows; b++) index[(int)bus.v[b * bus.n_cols]] = b;
  int    id, n_sol = 0;
  double vm_i, va_deg;
  while (fscanf(sol, "%d %lf %lf", &id, &vm_i, &va_deg) == 3) {
    vm[index[id]] = vm_i;
    va[index[id]] = va_deg * KT_PI / 180.0;
    n_sol++;
  }
  fclose(sol);

  for (int b = 0; b < bus.n_rows; b++) { /* loads and shunts */
    const double *row = &bus.v[b * bus.n_cols];
    OcAcBusFlow   fl;
    OcKernelAcShuntFlow(row[4] / base, row[5] / base, vm[b], &fl);
    mis_p[b] += fl.p + row[2] / base;
    mis_q[b] += fl.q + row[3] / base;
  }
  for (int g = 0; g < gen.n_rows; g++) { /* in-service generators */
    const double *row = &gen.v[g * gen.n_cols];
    if (row[7] <= 0) continue;
    const int   b = index[(int)row[0]];
    OcAcBusFlow fl;
    OcKernelAcInjectionFlow(row[1] / base, row[2] / base, &fl);
    mis_p[b] += fl.p;
    mis_q[b] += fl.q;
    n_gen_on[b]++;
  }
  int n_tap = 0;
  for (int k = 0; k < br.n_rows; k++) { /* in-service branches */
    const double *row = &br.v[k * br.n_cols];
    if (row[10] <= 0) continue;
    const int            f = index[(int)row[0]], t = index[(int)row[1]];
    OcAcBranchParams     par = {row[2], row[3], row[4], row[8], row[9] * KT_PI / 180.0};
    OcAcBranchAdmittance y;
    OcAcBranchFlow       fl;
    n_tap += row[8] != 0.0 && row[8] != 1.0;
    OcKernelAcBranchAdmittance(&par, &y);
    OcKernelAcBranchFlow(&y, va[f], vm[f], va[t], vm[t], &fl);
    mis_p[f] += fl.s[OC_AC_P_F];
    mis_q[f] += fl.s[OC_AC_Q_F];
    mis_p[t] += fl.s[OC_AC_P_T];
    mis_q[t] += fl.s[OC_AC_Q_T];
  }
  printf("     %d buses (%d in the solution), %d generators, %d branches (%d off-nominal taps)\n", bus.n_rows, n_sol, gen.n_rows, br.n_rows, n_tap);
  kt_begin(kt, "mismatch, pu on baseMVA: P at PQ and PV buses, Q at PQ buses", 0, 1e-6);
  kt_true(kt, n_sol == bus.n_rows, "every bus has a solution", n_sol);
  double worst = 0.0;
  for (int b = 0; b < bus.n_rows; b++) {
    const int type = (int)bus.v[b * bus.n_cols + 1];
    const int pq   = type == 1 || (type == 2 && n_gen_on[b] == 0); /* MATPOWER: PV without gens is PQ */
    if (type == 3 || type == 4) continue;
    kt_close(kt, mis_p[b], 0.0, "P mismatch at bus", (int)bus.v[b * bus.n_cols]);
    worst = fmax(worst, fabs(mis_p[b]));
    if (pq) {
      kt_close(kt, mis_q[b], 0.0, "Q mismatch at bus", (int)bus.v[b * bus.n_cols]);
      worst = fmax(worst, fabs(mis_q[b]));
    }
  }
  kt_end(kt);
  printf("     largest mismatch %.3g pu (%.3g kW or kvar)\n", worst, worst * base * 1e3);
  free(index);
  free(vm);
  free(va);
  free(mis_p);
  free(mis_q);
  free(n_gen_on);
  free(bus.v);
  free(gen.v);
  free(br.v);
  free(text);
  return 0;
}

int main(int argc, char **argv)
{
  Kt kt;
  kt_init(&kt, 4242);
  check_branch(&kt);
  check_bus_elements(&kt);
  if (argc == 3 && check_matpower(&kt, argv[1], argv[2]) == 77) return 77;
  return kt_finish(&kt, "test_ac_branch");
}
