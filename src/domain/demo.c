/* demo.c — to be written. */
