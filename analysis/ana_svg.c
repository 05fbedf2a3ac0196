#include "ana_svg.h"

#include <math.h>
#include <string.h>

/* Okabe and Ito (2008): blue, vermillion, bluish green, reddish purple, orange,
 * sky blue, black, yellow (faint on white: late), then grey for a ninth. */
const char *const ana_svg_colour[ANA_SVG_COLOURS] = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
    "#56B4E9", "#000000", "#F0E442", "#999999",
};

static const char *const dashes[] = {"", "6 3", "2 2", "8 3 2 3"};

#define W      760.0
#define LEFT   70.0
#define RIGHT  190.0
#define TOP    16.0
#define BOTTOM 46.0

void ana_html_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

/* ---- scales --------------------------------------------------------------------- */

typedef struct axis {
    double lo, hi, step;
} axis;

/* A range with round ticks covering [lo, hi] ([0, 1] when either is not a
 * number: a chart without data still has an axis). */
static axis nice(double lo, double hi, int want)
{
    if (!isfinite(lo) || !isfinite(hi) || hi < lo) {
        lo = 0;
        hi = 1;
    }
    if (hi - lo < 1e-12 * (fabs(hi) + 1)) {
        hi = lo + (lo == 0 ? 1 : fabs(lo) * 0.1);
        lo = lo - (lo == 0 ? 0 : fabs(lo) * 0.1);
    }
    double raw = (hi - lo) / want, mag = pow(10, floor(log10(raw))), r = raw / mag;
    double step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
    axis a = {floor(lo / step) * step, ceil(hi / step) * step, step};
    return a;
}

/* How many steps the axis has (bounded: a degenerate axis never loops long). */
static int n_steps(const axis *a)
{
    double n = (a->hi - a->lo) / a->step;
    return isfinite(n) && n >= 0 ? (int)fmin(floor(n + 1e-9), 200) : 0;
}

static double map(const axis *a, double v, double from, double to)
{
    return from + (v - a->lo) / (a->hi - a->lo) * (to - from);
}

static void tick_text(char *buf, size_t cap, double v, double step)
{
    if (fabs(v) < step * 1e-6)
        v = 0;
    double av = fabs(v);
    if (av >= 1e6)
        snprintf(buf, cap, "%.3gM", v / 1e6);
    else if (av >= 1e4)
        snprintf(buf, cap, "%.0fk", v / 1e3);
    else
        snprintf(buf, cap, "%.*f", step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3, v);
}

/* ---- the frame ---------------------------------------------------------------------- */

static void begin(FILE *out, const ana_chart *c, double h)
{
    fprintf(out, "<figure class=\"chart\" id=\"chart-%s\">\n<h3>", c->id);
    ana_html_text(out, c->title);
    fprintf(out,
            "</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
            "width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-labelledby=\"chart-%s-title "
            "chart-%s-desc\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n",
            W, h, W, h, c->id, c->id);
    fprintf(out, "<title id=\"chart-%s-title\">", c->id);
    ana_html_text(out, c->title);
    fprintf(out, "</title>\n<desc id=\"chart-%s-desc\">", c->id);
    ana_html_text(out, c->desc);
    fputs("</desc>\n", out);
}

static void end(FILE *out, const ana_chart *c)
{
    fputs("</svg>\n<figcaption>", out);
    ana_html_text(out, c->caption);
    fputs("</figcaption>\n</figure>\n", out);
}

static void text(FILE *out, double x, double y, const char *anchor, const char *s, int bold)
{
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor,
            bold ? " font-weight=\"bold\"" : "");
    ana_html_text(out, s);
    fputs("</text>\n", out);
}

/* Gridlines and labels of the y axis (left) over the plot [x0,x1]x[y0,y1]. */
static void y_axis(FILE *out, const axis *a, double x0, double x1, double y0, double y1,
                   const char *label)
{
    char buf[32];
    for (int i = 0; i <= n_steps(a); i++) {
        double v = a->lo + a->step * i;
        double y = map(a, v, y1, y0);
        fprintf(out,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\" "
                "stroke-width=\"1\"/>\n",
                x0, y, x1, y);
        tick_text(buf, sizeof buf, v, a->step);
        text(out, x0 - 6, y + 4, "end", buf, 0);
    }
    if (label) {
        fprintf(out, "<text transform=\"translate(14 %.1f) rotate(-90)\" text-anchor=\"middle\">",
                (y0 + y1) / 2);
        ana_html_text(out, label);
        fputs("</text>\n", out);
    }
}

static void x_axis(FILE *out, const axis *a, double x0, double x1, double y1, const char *label)
{
    char buf[32];
    fprintf(out,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\" "
            "stroke-width=\"1\"/>\n",
            x0, y1, x1, y1);
    for (int i = 0; i <= n_steps(a); i++) {
        double v = a->lo + a->step * i;
        double x = map(a, v, x0, x1);
        fprintf(out,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\" "
                "stroke-width=\"1\"/>\n",
                x, y1, x, y1 + 4);
        tick_text(buf, sizeof buf, v, a->step);
        text(out, x, y1 + 17, "middle", buf, 0);
    }
    if (label)
        text(out, (x0 + x1) / 2, y1 + 36, "middle", label, 0);
}

static void legend_entry(FILE *out, double x, double y, const char *name, int colour, int dashed,
                         int box)
{
    const char *col = ana_svg_colour[colour % ANA_SVG_COLOURS];
    if (box)
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"10\" fill=\"%s\"/>\n", x,
                y - 9, col);
    else
        fprintf(out,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"2.5\" stroke-dasharray=\"%s\"/>\n",
                x, y - 4, x + 22, y - 4, col, dashes[dashed % 4]);
    text(out, x + 28, y, "start", name, 0);
}

/* ---- line charts ------------------------------------------------------------------------ */

static void extent(const ana_line *l, size_t n, double *xmin, double *xmax, double *ymin,
                   double *ymax)
{
    *xmin = *ymin = INFINITY;
    *xmax = *ymax = -INFINITY;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < l[i].n; j++) {
            double lo = l[i].lo ? l[i].lo[j] : l[i].y[j], hi = l[i].hi ? l[i].hi[j] : l[i].y[j];
            if (!isfinite(l[i].y[j]))
                continue;
            *xmin = fmin(*xmin, l[i].x[j]);
            *xmax = fmax(*xmax, l[i].x[j]);
            *ymin = fmin(*ymin, isfinite(lo) ? lo : l[i].y[j]);
            *ymax = fmax(*ymax, isfinite(hi) ? hi : l[i].y[j]);
        }
}

static void band(FILE *out, const ana_line *l, const axis *ax, const axis *ay, double x0, double x1,
                 double y0, double y1)
{
    if (!l->lo || !l->hi || l->n < 2)
        return;
    fprintf(out, "<path fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\" d=\"",
            ana_svg_colour[l->colour % ANA_SVG_COLOURS]);
    for (size_t j = 0; j < l->n; j++)
        fprintf(out, "%s%.1f %.1f", j ? " L" : "M", map(ax, l->x[j], x0, x1),
                map(ay, isfinite(l->hi[j]) ? l->hi[j] : l->y[j], y1, y0));
    for (size_t j = l->n; j-- > 0;)
        fprintf(out, " L%.1f %.1f", map(ax, l->x[j], x0, x1),
                map(ay, isfinite(l->lo[j]) ? l->lo[j] : l->y[j], y1, y0));
    fputs(" Z\"/>\n", out);
}

static void polyline(FILE *out, const ana_line *l, const axis *ax, const axis *ay, double x0,
                     double x1, double y0, double y1, int step)
{
    fprintf(out,
            "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\" stroke-dasharray=\"%s\" d=\"",
            ana_svg_colour[l->colour % ANA_SVG_COLOURS], dashes[l->dashed % 4]);
    int pen = 0;
    double py = 0;
    for (size_t j = 0; j < l->n; j++) {
        if (!isfinite(l->y[j])) {
            pen = 0;
            continue;
        }
        double x = map(ax, l->x[j], x0, x1), y = map(ay, l->y[j], y1, y0);
        if (pen && step)
            fprintf(out, " L%.1f %.1f", x, py);
        fprintf(out, "%s%.1f %.1f", pen ? " L" : (j ? " M" : "M"), x, y);
        pen = 1;
        py = y;
    }
    fputs("\"/>\n", out);
    if (l->n == 1 && isfinite(l->y[0]))
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                map(ax, l->x[0], x0, x1), map(ay, l->y[0], y1, y0),
                ana_svg_colour[l->colour % ANA_SVG_COLOURS]);
}

void ana_svg_lines(FILE *out, const ana_chart *c, const ana_line *lines, size_t n_lines, int step)
{
    double h = 340, x0 = LEFT, x1 = W - RIGHT, y0 = TOP, y1 = h - BOTTOM;
    double xmin, xmax, ymin, ymax;
    extent(lines, n_lines, &xmin, &xmax, &ymin, &ymax);
    if (!isfinite(xmin) || !isfinite(xmax)) /* nothing to draw: an empty frame */
        xmin = 0, xmax = 1;
    if (!isfinite(ymin) || !isfinite(ymax))
        ymin = 0, ymax = 1;
    axis ax = nice(xmin, xmax, 8), ay = nice(step ? ymin : fmin(0, ymin), ymax, 5);
    int whole = 1; /* years and months: whole-number ticks */
    for (size_t i = 0; i < n_lines; i++)
        for (size_t j = 0; j < lines[i].n; j++)
            whole = whole && lines[i].x[j] == floor(lines[i].x[j]);
    if (whole && ax.step < 1)
        ax.step = 1, ax.lo = floor(xmin), ax.hi = fmax(ceil(xmax), floor(xmin) + 1);
    if (step) /* a survival curve spans its data exactly */
        ax.lo = xmin, ax.hi = fmax(xmax, xmin + 1);
    begin(out, c, h);
    y_axis(out, &ay, x0, x1, y0, y1, c->ylabel);
    x_axis(out, &ax, x0, x1, y1, c->xlabel);
    for (size_t i = 0; i < n_lines; i++)
        band(out, &lines[i], &ax, &ay, x0, x1, y0, y1);
    for (size_t i = 0; i < n_lines; i++)
        polyline(out, &lines[i], &ax, &ay, x0, x1, y0, y1, step);
    for (size_t i = 0; i < n_lines; i++)
        legend_entry(out, x1 + 14, y0 + 14 + 18 * (double)i, lines[i].name, lines[i].colour,
                     lines[i].dashed, 0);
    end(out, c);
}

/* ---- forest plots ------------------------------------------------------------------------- */

void ana_svg_forest(FILE *out, const ana_chart *c, const ana_forest_row *rows, size_t n_rows)
{
    double label_w = 250, row_h = 22, h = TOP + row_h * (double)n_rows + BOTTOM + 8;
    double x0 = label_w, x1 = W - 30, y0 = TOP, y1 = h - BOTTOM;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < n_rows; i++)
        if (isfinite(rows[i].lo) && isfinite(rows[i].hi))
            lo = fmin(lo, rows[i].lo), hi = fmax(hi, rows[i].hi);
        else if (isfinite(rows[i].est))
            lo = fmin(lo, rows[i].est), hi = fmax(hi, rows[i].est);
    axis ax = nice(lo, hi, 6);
    begin(out, c, h);
    for (int i = 0; i <= n_steps(&ax); i++) {
        double v = ax.lo + ax.step * i;
        double x = map(&ax, v, x0, x1);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>\n",
                x, y0, x, y1);
    }
    double zx = map(&ax, 0, x0, x1);
    fprintf(out,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\" "
            "stroke-dasharray=\"4 3\"/>\n",
            zx, y0, zx, y1);
    for (size_t i = 0; i < n_rows; i++) {
        const ana_forest_row *r = &rows[i];
        double y = y0 + row_h * ((double)i + 0.5);
        const char *col = ana_svg_colour[r->colour % ANA_SVG_COLOURS];
        text(out, x0 - 8, y + 4, "end", r->label, 0);
        if (!isfinite(r->est)) {
            text(out, zx + 6, y + 4, "start", "n/a", 0);
            continue;
        }
        if (isfinite(r->lo) && isfinite(r->hi))
            fprintf(out,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    "stroke-width=\"2\"/>\n",
                    map(&ax, r->lo, x0, x1), y, map(&ax, r->hi, x0, x1), y, col);
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\"/>\n",
                map(&ax, r->est, x0, x1) - 4, y - 4, col);
    }
    x_axis(out, &ax, x0, x1, y1, c->xlabel);
    end(out, c);
}

/* ---- bars ------------------------------------------------------------------------------------ */

void ana_svg_bars(FILE *out, const ana_chart *c, const ana_bars *b)
{
    double label_w = 250, group_h = b->stacked ? 22 : 8 + 12 * (double)b->n_series;
    double h = TOP + group_h * (double)b->n_rows + BOTTOM + 8;
    h = fmax(h, TOP + 18 * (double)b->n_series + BOTTOM + 8); /* room for the legend */
    double x0 = label_w, x1 = W - RIGHT, y0 = TOP, y1 = h - BOTTOM;
    double hi = 0;
    for (size_t r = 0; r < b->n_rows; r++) {
        double sum = 0;
        for (size_t s = 0; s < b->n_series; s++) {
            double v = b->v[r * b->n_series + s];
            v = isfinite(v) && v > 0 ? v : 0;
            sum += v;
            hi = b->stacked ? hi : fmax(hi, v);
        }
        hi = b->stacked ? fmax(hi, sum) : hi;
    }
    axis ax = nice(0, hi > 0 ? hi : 1, 6);
    begin(out, c, h);
    for (int i = 0; i <= n_steps(&ax); i++) {
        double v = ax.lo + ax.step * i;
        double x = map(&ax, v, x0, x1);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>\n",
                x, y0, x, y1);
    }
    for (size_t r = 0; r < b->n_rows; r++) {
        double y = y0 + group_h * (double)r, acc = 0;
        text(out, x0 - 8, y + group_h / 2 + 4, "end", b->row_label[r], 0);
        for (size_t s = 0; s < b->n_series; s++) {
            double v = b->v[r * b->n_series + s];
            v = isfinite(v) && v > 0 ? v : 0;
            double xa = map(&ax, b->stacked ? acc : 0, x0, x1);
            double xb = map(&ax, b->stacked ? acc + v : v, x0, x1);
            double top = b->stacked ? y + 3 : y + 4 + 12 * (double)s;
            double bh = b->stacked ? group_h - 6 : 10;
            fprintf(out,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
                    xa, top, xb - xa, bh, ana_svg_colour[s % ANA_SVG_COLOURS]);
            if (!b->stacked) { /* the value at the bar's end: small bars stay readable */
                char num[32];
                tick_text(num, sizeof num, v, v >= 10 || v == floor(v) ? 1 : 0.01);
                fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\">%s</text>\n", xb + 3,
                        top + 8.5, num);
            }
            acc += v;
        }
    }
    x_axis(out, &ax, x0, x1, y1, c->xlabel);
    for (size_t s = 0; s < b->n_series; s++)
        legend_entry(out, x1 + 14, y0 + 14 + 18 * (double)s, b->series_label[s], (int)s, 0, 1);
    end(out, c);
}

/* ---- scatter ----------------------------------------------------------------------------------
 */

void ana_svg_scatter(FILE *out, const ana_chart *c, const double *x, const double *y, size_t n,
                     const double *lx, const double *ly, size_t ln)
{
    double h = 300, x0 = LEFT, x1 = W - RIGHT, y0 = TOP, y1 = h - BOTTOM;
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]) && isfinite(y[i])) {
            xmin = fmin(xmin, x[i]), xmax = fmax(xmax, x[i]);
            ymin = fmin(ymin, y[i]), ymax = fmax(ymax, y[i]);
        }
    axis ax = nice(xmin, xmax, 6), ay = nice(ymin, ymax, 5);
    begin(out, c, h);
    y_axis(out, &ay, x0, x1, y0, y1, c->ylabel);
    x_axis(out, &ax, x0, x1, y1, c->xlabel);
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]) && isfinite(y[i]))
            fprintf(out,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" fill-opacity=\"0.6\"/>\n",
                    map(&ax, x[i], x0, x1), map(&ay, y[i], y1, y0), ana_svg_colour[0]);
    if (ln) {
        ana_line l = {"binned mean", ln, lx, ly, NULL, NULL, 1, 0};
        polyline(out, &l, &ax, &ay, x0, x1, y0, y1, 0);
        legend_entry(out, x1 + 14, y0 + 14, "point mean", 0, 0, 1);
        legend_entry(out, x1 + 14, y0 + 32, "binned mean", 1, 0, 0);
    }
    end(out, c);
}
