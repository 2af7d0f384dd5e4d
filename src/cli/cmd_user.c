/* cmd_user.c — to be written. */
