/* cmd_migrate.c — to be written. */
