/* auth.c — to be written. */
