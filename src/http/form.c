/* form.c — to be written. */
