/* clock.c — time and date helpers on top of GDateTime/GDate. */
#include "core/clock.h"

#include <stdio.h>
#include <string.h>

static gint64 clock_offset_seconds; /* set by tests before threads start */

GDateTime *
spor_clock_now(void)
{
  GDateTime *now = g_date_time_new_now_utc();
  if (clock_offset_seconds == 0)
    return now;
  GDateTime *shifted = g_date_time_add_seconds(now, (gdouble)clock_offset_seconds);
  g_date_time_unref(now);
  return shifted;
}

void
spor_clock_set_offset(gint64 seconds)
{
  clock_offset_seconds = seconds;
}

char *
spor_timestamp_now(gint64 delta_seconds)
{
  g_autoptr(GDateTime) now = spor_clock_now();
  g_autoptr(GDateTime) then = g_date_time_add_seconds(now, (gdouble)delta_seconds);
  return g_date_time_format(then, "%Y-%m-%dT%H:%M:%SZ");
}

char *
spor_date_today(void)
{
  g_autoptr(GDateTime) now = spor_clock_now();
  return g_date_time_format(now, "%Y-%m-%d");
}

/* Reads exactly n digits; -1 on anything else. */
static int
read_digits(const char *p, int n)
{
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9')
      return -1;
    v = v * 10 + (p[i] - '0');
  }
  return v;
}

static gboolean
ymd_valid(int y, int m, int d)
{
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
         g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

gboolean
spor_date_valid_iso(const char *text)
{
  if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  return ymd_valid(read_digits(text, 4), read_digits(text + 5, 2), read_digits(text + 8, 2));
}

char *
spor_date_parse_to_iso(const char *text)
{
  if (text == NULL)
    return NULL;
  g_autofree char *t = g_strstrip(g_strdup(text));
  int y, m, d;
  if (strlen(t) != 10)
    return NULL;
  if (t[4] == '-' && t[7] == '-') {
    y = read_digits(t, 4), m = read_digits(t + 5, 2), d = read_digits(t + 8, 2);
  } else if (strchr("-./", t[2]) && t[2] != '\0' && t[5] == t[2]) {
    d = read_digits(t, 2), m = read_digits(t + 3, 2), y = read_digits(t + 6, 4);
  } else {
    return NULL;
  }
  if (!ymd_valid(y, m, d))
    return NULL;
  return g_strdup_printf("%04d-%02d-%02d", y, m, d);
}

char *
spor_date_iso_to_danish(const char *iso)
{
  if (iso == NULL || strlen(iso) < 10)
    return NULL;
  g_autofree char *date = g_strndup(iso, 10);
  if (!spor_date_valid_iso(date))
    return NULL;
  return g_strdup_printf("%.2s-%.2s-%.4s", date + 8, date + 5, date);
}

int
spor_age_years(const char *birth_iso, const char *on_iso)
{
  if (!spor_date_valid_iso(birth_iso) || !spor_date_valid_iso(on_iso))
    return -1;
  int by = read_digits(birth_iso, 4), bm = read_digits(birth_iso + 5, 2), bd = read_digits(birth_iso + 8, 2);
  int oy = read_digits(on_iso, 4), om = read_digits(on_iso + 5, 2), od = read_digits(on_iso + 8, 2);
  int age = oy - by;
  if (om < bm || (om == bm && od < bd))
    age--;
  return age < 0 ? -1 : age;
}
