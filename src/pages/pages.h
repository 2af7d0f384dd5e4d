/* pages.h — the web UI: every page file's route table, collected. */
#pragma once

#include "http/app.h"

/* The route tables of every page file, in the order they are listed in
 * pages.c; the map of the web UI. */
extern const RouteTable pages_route_tables[];
extern const gsize pages_n_route_tables;
