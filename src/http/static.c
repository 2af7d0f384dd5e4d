/* static.c — to be written. */
