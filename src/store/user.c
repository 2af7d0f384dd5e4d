/* user.c — to be written. */
