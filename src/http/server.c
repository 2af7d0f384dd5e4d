/* server.c — to be written. */
