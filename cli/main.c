/* crossings: the program. Plugs the model into the engine's command line. */
#include "../models/mdl_model.h"
#include "cli_commands.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv, &mdl_crossings);
}
