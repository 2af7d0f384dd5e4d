/* measurements.c — to be written. */
