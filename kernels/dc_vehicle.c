#include "dc_vehicle.h"

#include <math.h>

/* Motoring branch, valid for u_v > 0: min(p / U, i_cap(U)). */
static void motoring(const OcDcVehicleParams *par, double p_w, double u_v, OcDcVehicleEval *ev)
{
  const double i_cp  = p_w / u_v;
  double       i_cap = INFINITY, di_cap = 0.0;

  if (!isinf(par->i_max_a)) {
    if (u_v < par->u_lim_zero_v) {
      i_cap = 0.0;
    } else if (u_v < par->u_lim_full_v) {
      di_cap = par->i_max_a / (par->u_lim_full_v - par->u_lim_zero_v);
      i_cap  = di_cap * (u_v - par->u_lim_zero_v);
    } else {
      i_cap = par->i_max_a;
    }
  }
  if (i_cp <= i_cap) {
    ev->i_a     = i_cp;
    ev->di_du_s = -i_cp / u_v;
    ev->regime  = OC_DC_VEHICLE_CONSTANT_POWER;
  } else {
    ev->i_a     = i_cap;
    ev->di_du_s = di_cap;
    ev->regime  = OC_DC_VEHICLE_CURRENT_LIMITED;
  }
}

/* Braking branch, valid for u_v > 0: I = -P_fb(U) / U with the linear cut-back of P_fb. */
static void braking(const OcDcVehicleParams *par, double p_w, double u_v, OcDcVehicleEval *ev)
{
  if (u_v < par->u_regen_start_v) {
    ev->i_a     = p_w / u_v;
    ev->di_du_s = -ev->i_a / u_v;
    ev->regime  = OC_DC_VEHICLE_REGEN_FULL;
  } else if (u_v < par->u_regen_cut_v) {
    const double band = par->u_regen_cut_v - par->u_regen_start_v;
    const double frac = (par->u_regen_cut_v - u_v) / band;
    ev->i_a           = p_w * frac / u_v;
    ev->di_du_s       = -p_w * (u_v / band + frac) / (u_v * u_v);
    ev->regime        = OC_DC_VEHICLE_REGEN_CUT_BACK;
  } else {
    ev->i_a     = 0.0;
    ev->di_du_s = 0.0;
    ev->regime  = OC_DC_VEHICLE_REGEN_BLOCKED;
  }
}

void OcKernelDcVehicleEvaluate(const OcDcVehicleParams *par, double p_req_w, double u_v, OcDcVehicleEval *ev)
{
  const double u_floor = par->u_floor_v;
  const double u_eval  = u_v < u_floor ? u_floor : u_v;

  if (p_req_w > 0.0) {
    motoring(par, p_req_w, u_eval, ev);
  } else if (p_req_w < 0.0) {
    braking(par, p_req_w, u_eval, ev);
  } else {
    ev->i_a     = 0.0;
    ev->di_du_s = 0.0;
    ev->regime  = OC_DC_VEHICLE_IDLE;
  }
  if (u_v < u_floor && p_req_w != 0.0) {
    /* Continuation below the validity floor (see the header). */
    if (p_req_w > 0.0) {
      ev->di_du_s = ev->i_a / u_floor;
      ev->i_a     = ev->di_du_s * u_v;
    } else {
      ev->di_du_s = 0.0;
    }
    ev->regime = OC_DC_VEHICLE_BELOW_FLOOR;
  }
  ev->p_line_w     = u_v * ev->i_a;
  ev->p_rheostat_w = p_req_w < 0.0 ? ev->p_line_w - p_req_w : 0.0;
}

int OcKernelDcVehicleBreakpoints(const OcDcVehicleParams *par, double p_req_w, double bp_v[OC_DC_VEHICLE_MAX_BREAKPOINTS])
{
  int n = 0;

  if (p_req_w == 0.0) return 0;
  bp_v[n++] = par->u_floor_v;
  if (p_req_w > 0.0 && !isinf(par->i_max_a) && par->i_max_a > 0.0) {
    const double u_zero = par->u_lim_zero_v, u_full = par->u_lim_full_v;
    const double slope = par->i_max_a / (u_full - u_zero);
    bp_v[n++]          = u_zero;
    /* p / U = i_cap(U) on the flat part if p / i_max >= u_full (then the end of the ramp is a
     * kink too), else on the ramp (and the flat part is never active) */
    if (p_req_w / par->i_max_a >= u_full) {
      bp_v[n++] = u_full;
      bp_v[n++] = p_req_w / par->i_max_a;
    } else {
      bp_v[n++] = 0.5 * (u_zero + sqrt(u_zero * u_zero + 4.0 * p_req_w / slope));
    }
  } else if (p_req_w < 0.0) {
    if (!isinf(par->u_regen_start_v)) bp_v[n++] = par->u_regen_start_v;
    if (!isinf(par->u_regen_cut_v)) bp_v[n++] = par->u_regen_cut_v;
  }
  return n;
}

const char *OcKernelDcVehicleRegimeName(OcDcVehicleRegime regime)
{
  static const char *const names[OC_DC_VEHICLE_NUM_REGIMES] = {"idle", "constant_power", "current_limited", "regen_full", "regen_cut_back", "regen_blocked", "below_floor"};
  return (unsigned)regime < OC_DC_VEHICLE_NUM_REGIMES ? names[regime] : "unknown";
}
