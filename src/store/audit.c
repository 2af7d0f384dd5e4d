/* audit.c — to be written. */
