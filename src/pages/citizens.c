/* citizens.c — to be written. */
