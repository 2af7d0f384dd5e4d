/* instrument.c — to be written. */
