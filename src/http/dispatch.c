/* dispatch.c — to be written. */
