/* sqlite.c — to be written. */
