#include "ode_baselines.h"
