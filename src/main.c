/* main.c — the `spor` program; everything happens in cli/. */
#include "cli/cli.h"

int
main(int argc, char **argv)
{
  return cli_main(argc, argv);
}
