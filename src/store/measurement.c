/* measurement.c — to be written. */
