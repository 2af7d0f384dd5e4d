/* cmd_demo.c — to be written. */
