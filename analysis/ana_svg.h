/* Charts as inline SVG for the HTML report (crossings report): line charts
 * with uncertainty bands, forest plots, horizontal bar charts, step curves.
 *
 * Every chart is a <figure class="chart" id="chart-ID"> holding one
 * <svg role="img"> whose <title> and <desc> are its text alternative, and a
 * <figcaption>; the numbers behind it go in a table the caller writes. Colours
 * are the Okabe-Ito palette, distinguishable with every common form of colour
 * blindness; lines also differ by dash, so charts read in grey print. */
#ifndef ANA_SVG_H
#define ANA_SVG_H

#include <stddef.h>
#include <stdio.h>

#define ANA_SVG_COLOURS 9
extern const char *const ana_svg_colour[ANA_SVG_COLOURS];

/* Text escaped for HTML and XML (&, <, >, ", '). */
void ana_html_text(FILE *out, const char *s);

/* One line of a line chart: y (and optional band lo..hi) at x[0..n-1]. */
typedef struct ana_line {
    const char *name;
    size_t n;
    const double *x, *y, *lo, *hi; /* lo, hi: NULL for no band; NAN: a gap */
    int colour;                    /* index into ana_svg_colour */
    int dashed;
} ana_line;

typedef struct ana_chart {
    const char *id;      /* chart-ID, also the table's id */
    const char *title;   /* short, shown above */
    const char *desc;    /* the text alternative: what the chart shows */
    const char *caption; /* under the chart */
    const char *xlabel, *ylabel;
} ana_chart;

void ana_svg_lines(FILE *out, const ana_chart *c, const ana_line *lines, size_t n_lines, int step);

/* One row of a forest plot: an estimate and its interval. */
typedef struct ana_forest_row {
    const char *label;
    double est, lo, hi; /* NAN: not drawn ("n/a") */
    int colour;
} ana_forest_row;

void ana_svg_forest(FILE *out, const ana_chart *c, const ana_forest_row *rows, size_t n_rows);

/* Horizontal bars: rows x series values; stacked (shares of a whole) or
 * grouped side by side. */
typedef struct ana_bars {
    size_t n_rows, n_series;
    const char *const *row_label;
    const char *const *series_label;
    const double *v; /* [row][series] */
    int stacked;
} ana_bars;

void ana_svg_bars(FILE *out, const ana_chart *c, const ana_bars *b);

/* Points with an optional line through means (x numeric). */
void ana_svg_scatter(FILE *out, const ana_chart *c, const double *x, const double *y, size_t n,
                     const double *lx, const double *ly, size_t ln);

#endif
