/* chart_svg.c — to be written. */
