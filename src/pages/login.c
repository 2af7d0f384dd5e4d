/* login.c — to be written. */
