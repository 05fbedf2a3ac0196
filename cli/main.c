/* crossings: the program. Plugs the model into the engine's command line. */
#include "../models/mdl_model.h"
#include "cli_commands.h"
#include "sim_tmp.h"

int main(int argc, char **argv)
{
    sim_tmp_init_process();
    return cli_main(argc, argv, &mdl_crossings);
}
