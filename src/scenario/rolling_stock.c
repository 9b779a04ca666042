#include <math.h>
#include <string.h>
#include "ocscenario.h"

/* The built-in rolling stock: typical vehicles of each kind, loaded to about two thirds of
   their capacity (70 kg a passenger). Sources and assumptions are in docs/rolling_stock.md;
   every value can be overridden per vehicle type in fleet.vehicle_types. Resistances follow
   Davis' form A + B v + C v^2 (v in m/s). Efficiencies are line-to-wheel (traction) and
   wheel-to-line (braking). HVAC (used only under simulation.outside_temperature; assumed values,
   docs/rolling_stock.md): heating below 18 degC and cooling above 24 degC outside, per kelvin and
   capped at the equipment's electrical rating, on top of aux_power_w. */
#define HVAC(k_heat, k_cool, heat_max, cool_max) 18, 24, k_heat, k_cool, heat_max, cool_max
static const OcVehicleType library[] = {
  /* 30 m low-floor tram on 600-750 V: 40 t tare + 150 passengers, 4 x 130 kW. */
  {"tram",       OC_VEHICLE_TRAM,       50500,  0.10, 1300, 25, 5.0,  65000,  520e3, 520e3, 60000,  1.2, 70,  0.88, 0.85, 40e3,  0, 0,   0,     OC_ETA_CURVE_CONSTANT, OC_ETA_CURVE_CONSTANT, HVAC(2.5e3, 2.0e3, 60e3,  30e3),  OC_ETA_MAP_NONE,
   OC_ETA_MAP_NONE, OC_SOC_CURVE_DEFAULT},
 /* 3-car metro on 750-1500 V: 70 t tare + 280 passengers, 1 MW. */
  {"metro",      OC_VEHICLE_METRO,      89600,  0.08, 1800, 30, 7.0,  110000, 1.0e6, 1.0e6, 100000, 1.1, 80,  0.88, 0.85, 60e3,  0, 0,   0,     OC_ETA_CURVE_CONSTANT, OC_ETA_CURVE_CONSTANT, HVAC(4.0e3, 4.0e3, 90e3,  60e3),  OC_ETA_MAP_NONE,
   OC_ETA_MAP_NONE, OC_SOC_CURVE_DEFAULT},
 /* Commuter EMU: 200 t tare + 600 passengers, 3 MW. */
  {"emu",        OC_VEHICLE_EMU,        242000, 0.07, 3500, 60, 12.0, 220000, 3.0e6, 3.0e6, 180000, 0.9, 160, 0.88, 0.85, 150e3, 0, 0,   0,     OC_ETA_CURVE_CONSTANT, OC_ETA_CURVE_CONSTANT, HVAC(10e3,  8.0e3, 240e3, 140e3), OC_ETA_MAP_NONE,
   OC_ETA_MAP_NONE, OC_SOC_CURVE_DEFAULT},
 /* 18 m articulated trolleybus on 600-750 V: 18 t tare + 110 passengers, 250 kW. */
  {"trolleybus", OC_VEHICLE_TROLLEYBUS, 25700,  0.05, 2500, 0,  3.1,  40000,  250e3, 200e3, 30000,  1.3, 65,  0.85, 0.80, 25e3,  0, 0,   0,     OC_ETA_CURVE_CONSTANT, OC_ETA_CURVE_CONSTANT, HVAC(1.5e3, 1.2e3, 40e3,  20e3),  OC_ETA_MAP_NONE,
   OC_ETA_MAP_NONE, OC_SOC_CURVE_DEFAULT},
 /* 12 m battery e-bus: 13 t tare + 85 passengers, 250 kW drive, 350 kWh pack. */
  {"ebus12",     OC_VEHICLE_EBUS,       19000,  0.05, 1490, 0,  2.9,  30000,  250e3, 200e3, 25000,  1.3, 70,  0.85, 0.80, 20e3,  0, 350, 300e3, OC_ETA_CURVE_CONSTANT, OC_ETA_CURVE_CONSTANT, HVAC(1.0e3, 0.8e3, 30e3,  15e3),  OC_ETA_MAP_NONE,
   OC_ETA_MAP_NONE, OC_SOC_CURVE_DEFAULT},
};

PetscBool OcRollingStockFind(const char *base, OcVehicleType *t)
{
  for (size_t i = 0; i < sizeof library / sizeof library[0]; i++) {
    if (strcmp(library[i].id, base)) continue;
    *t = library[i];
    return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

const char *OcRollingStockNames(void)
{
  return "tram, metro, emu, trolleybus, ebus12";
}
