/* home.c — to be written. */
