/* pages.c — to be written. */
