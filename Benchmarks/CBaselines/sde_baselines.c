#include "sde_baselines.h"
