/* pool.c — to be written. */
