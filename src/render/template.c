/* template.c — to be written. */
