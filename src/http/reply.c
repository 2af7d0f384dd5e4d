/* reply.c — to be written. */
