/* The crossings model as the engine sees it: one ops table. */
#ifndef MDL_MODEL_H
#define MDL_MODEL_H

#include "../sim/sim_model.h"

extern const sim_model_ops mdl_crossings;

#endif
