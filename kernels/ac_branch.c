#include "ac_branch.h"

#include <math.h>

void OcKernelAcBranchAdmittance(const OcAcBranchParams *par, OcAcBranchAdmittance *y)
{
  const double z2    = par->r_pu * par->r_pu + par->x_pu * par->x_pu;
  const double g_ser = par->r_pu / z2, b_ser = -par->x_pu / z2; /* ys = 1 / (r + jx) */
  const double tau = par->tap != 0.0 ? par->tap : 1.0;
  const double c = cos(par->shift_rad) / tau, s = sin(par->shift_rad) / tau;

  y->g_tt = g_ser;
  y->b_tt = b_ser + 0.5 * par->b_pu;
  y->g_ff = y->g_tt / (tau * tau);
  y->b_ff = y->b_tt / (tau * tau);
  /* Yft = -ys / conj(t) = -ys (c + js);  Ytf = -ys / t = -ys (c - js) */
  y->g_ft = -(g_ser * c - b_ser * s);
  y->b_ft = -(g_ser * s + b_ser * c);
  y->g_tf = -(g_ser * c + b_ser * s);
  y->b_tf = -(b_ser * c - g_ser * s);
}

/* Power into one end of the branch: v_own, v_oth are the magnitudes at this end and the other,
 * theta = Va_own - Va_oth; (g_s, b_s) the self and (g_m, b_m) the mutual admittance.
 * Writes P, Q and their derivatives: d/dVa_own, d/dVm_own, d/dVa_oth, d/dVm_oth. */
static void end_flow(double g_s, double b_s, double g_m, double b_m, double v_own, double v_oth, double cos_t, double sin_t, double *pq, double jp[4], double jq[4])
{
  const double a  = g_m * cos_t + b_m * sin_t; /* d/dtheta: -bb */
  const double bb = g_m * sin_t - b_m * cos_t; /* d/dtheta:  a  */
  const double vv = v_own * v_oth;

  pq[0] = v_own * v_own * g_s + vv * a;
  pq[1] = -v_own * v_own * b_s + vv * bb;
  jp[0] = -vv * bb;
  jp[1] = 2.0 * v_own * g_s + v_oth * a;
  jp[2] = vv * bb;
  jp[3] = v_own * a;
  jq[0] = vv * a;
  jq[1] = -2.0 * v_own * b_s + v_oth * bb;
  jq[2] = -vv * a;
  jq[3] = v_own * bb;
}

void OcKernelAcBranchFlow(const OcAcBranchAdmittance *y, double va_f, double vm_f, double va_t, double vm_t, OcAcBranchFlow *fl)
{
  const double theta = va_f - va_t, c = cos(theta), s = sin(theta);
  double       jp[4], jq[4];

  end_flow(y->g_ff, y->b_ff, y->g_ft, y->b_ft, vm_f, vm_t, c, s, &fl->s[OC_AC_P_F], jp, jq);
  for (int l = 0; l < 4; l++) {
    fl->jac[OC_AC_P_F][l] = jp[l];
    fl->jac[OC_AC_Q_F][l] = jq[l];
  }
  /* The to end sees theta' = -theta and its own variables in columns 2, 3. */
  end_flow(y->g_tt, y->b_tt, y->g_tf, y->b_tf, vm_t, vm_f, c, -s, &fl->s[OC_AC_P_T], jp, jq);
  for (int l = 0; l < 4; l++) {
    fl->jac[OC_AC_P_T][l] = jp[(l + 2) % 4];
    fl->jac[OC_AC_Q_T][l] = jq[(l + 2) % 4];
  }
}

void OcKernelAcShuntFlow(double gs_pu, double bs_pu, double vm, OcAcBusFlow *fl)
{
  fl->p      = gs_pu * vm * vm;
  fl->q      = -bs_pu * vm * vm;
  fl->dp_dvm = 2.0 * gs_pu * vm;
  fl->dq_dvm = -2.0 * bs_pu * vm;
}

void OcKernelAcInjectionFlow(double p_inj_pu, double q_inj_pu, OcAcBusFlow *fl)
{
  fl->p      = -p_inj_pu;
  fl->q      = -q_inj_pu;
  fl->dp_dvm = 0.0;
  fl->dq_dvm = 0.0;
}
