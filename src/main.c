/* main.c — to be written. */
