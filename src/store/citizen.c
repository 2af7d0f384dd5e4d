/* citizen.c — to be written. */
