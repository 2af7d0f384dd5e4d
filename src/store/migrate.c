/* migrate.c — to be written. */
