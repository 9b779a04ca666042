/* Micro-benchmark of the motion kernel (not a test): ns per vehicle-step for n vehicles (default
 * 10000) on a 6.8 km tram route with 10 stops, 11 speed limits, 10 gradients and 9 curves, dt = 1 s,
 * departures staggered so that all modes (dwell, motor, cruise, brake) are mixed; a vehicle that
 * finishes starts its trip again (outside the timed call).
 * Usage: bench_motion [vehicles] [steps]   (default 10000 3600) */
#include "motion.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void)
{
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const double stop_m[]  = {0.0, 650.0, 1400.0, 2100.0, 2600.0, 3500.0, 4300.0, 5000.0, 5900.0, 6800.0};
static const double dwell_s[] = {0.0, 20.0, 25.0, 20.0, 30.0, 20.0, 20.0, 25.0, 20.0, 0.0};
static const double lim_x[]   = {0.0, 300.0, 1000.0, 1250.0, 2300.0, 2450.0, 3000.0, 4500.0, 4800.0, 5500.0, 6300.0};
static const double lim_v[]   = {11.1, 16.7, 8.3, 19.4, 5.5, 13.9, 19.4, 11.1, 16.7, 22.0, 13.9};
static const double gr_x[]    = {0.0, 500.0, 1200.0, 1800.0, 2250.0, 3100.0, 3900.0, 4700.0, 5600.0, 6400.0};
static const double gr[]      = {0.0, 0.04, -0.02, 0.0, -0.05, 0.03, 0.0, 0.06, -0.04, 0.01};
static const double cu_x[]    = {0.0, 800.0, 950.0, 2000.0, 2150.0, 3300.0, 3600.0, 5200.0, 5350.0};
static const double cu_r[]    = {0.0, 250.0, 0.0, 50.0, 0.0, 600.0, 0.0, 120.0, 0.0};

int main(int argc, char **argv)
{
  const int           n = argc > 1 ? atoi(argv[1]) : 10000, steps = argc > 2 ? atoi(argv[2]) : 3600;
  const OcMotionRoute route = {10, gr_x, gr, 9, cu_x, cu_r, 11, lim_x, lim_v, 10, stop_m, dwell_s};
  OcMotionVehicle    *par   = malloc((size_t)n * sizeof(*par));
  OcMotionTrip       *trip  = malloc((size_t)n * sizeof(*trip));
  OcMotionState      *state = malloc((size_t)n * sizeof(*state));
  OcMotionStepOutput *out   = malloc((size_t)n * sizeof(*out));
  double             *lag = malloc((size_t)n * sizeof(*lag)), *dep = malloc((size_t)n * sizeof(*dep));
  double              busy = 0.0, checksum = 0.0;
  long                moving = 0;

  if (!par || !trip || !state || !out || !lag || !dep) return 1;
  for (int i = 0; i < n; i++) {
    par[i]  = (OcMotionVehicle){.mass_kg = 40000.0 + 10.0 * (i % 100), .rotating_mass_factor = 0.1, .davis_a_n = 800.0, .davis_b_n_per_mps = 15.0, .davis_c_n_per_mps2 = 5.0, .f_max_n = 55000.0, .p_max_w = 590000.0, .p_regen_max_w = 450000.0, .f_brake_max_n = 40000.0, .b_service_mps2 = 1.0, .eta_traction = 0.88, .eta_braking = 0.85, .p_aux_w = 30000.0, .v_max_mps = 70.0 / 3.6, .curve_model = OC_MOTION_CURVE_ROECKL};
    dep[i]  = (double)(i % 900); /* one departure per second over 15 minutes */
    trip[i] = (OcMotionTrip){&route, NULL, NULL};
    lag[i]  = i % 7 == 0 ? 0.8 : 1.0;
    OcKernelMotionStart(&trip[i], &state[i]);
    state[i].depart_s = dep[i];
  }
  for (int k = 0; k < steps; k++) {
    const double t0 = now_s();
    OcKernelMotionStep(n, par, trip, lag, (double)k, 1.0, state, out);
    busy += now_s() - t0;
    for (int i = 0; i < n; i++) {
      checksum += out[i].p_req_w * 1e-9;
      moving += state[i].mode != OC_MOTION_DWELL;
      if (state[i].mode == OC_MOTION_FINISHED) {
        OcKernelMotionStart(&trip[i], &state[i]);
        state[i].depart_s = (double)k + 60.0;
      }
    }
  }
  printf("bench_motion: %d vehicles x %d steps (dt = 1 s), %.1f %% of vehicle-steps not dwelling\n", n, steps, 100.0 * (double)moving / ((double)n * steps));
  printf("motion step: %8.1f ns per vehicle-step\n", busy / ((double)n * steps) * 1e9);
  printf("(checksum %.6g)\n", checksum);
  free(par), free(trip), free(state), free(out), free(lag), free(dep);
  return 0;
}
