/* cmd_serve.c — to be written. */
