/* org.c — to be written. */
