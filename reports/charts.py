"""The report's charts as SVG made on the server: readable without JavaScript, printed
as they are in the PDF, drawn with presentation attributes only (no ``style``, which the
Content-Security-Policy forbids). Each carries a <title> and <desc> for screen readers,
and the page shows the same numbers as a table."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reports.selectors import MONTH_SHORT, OUTCOMES, Report, outcome_label

# One colour per outcome column (attend, represent, decline, file, undecided); dark enough
# for white text beside them to pass contrast, told apart by the legend's labels too.
COLOURS = ("#1b5e20", "#1565c0", "#b71c1c", "#6d4c41", "#757575")
FONT = "DejaVu Sans, Arial, sans-serif"


def _f(value: float) -> str:
    return f"{value:.1f}"


def _legend(x: int, y: int) -> SafeString:
    items = format_html_join(
        "",
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="{}" font-size="12" fill="#222">{}</text>',
        (
            (x, y + i * 18, colour, x + 18, y + i * 18 + 11, outcome_label(outcome))
            for i, (outcome, colour) in enumerate(zip(OUTCOMES, COLOURS, strict=True))
        ),
    )
    return items


def month_bars_svg(report: Report, *, chart_id: str = "grafik-bulanan") -> SafeString:
    """Letters received per month, each bar split by outcome."""
    width, height, left, top, bottom, legend_width = 720, 260, 44, 16, 36, 190
    plot_w, plot_h = width - left - legend_width, height - top - bottom
    peak = max((row.received for row in report.by_month), default=0) or 1
    slot = plot_w / max(len(report.by_month), 1)
    bar = max(slot * 0.64, 4)
    parts: list[SafeString] = []
    for i, row in enumerate(report.by_month):
        x = left + i * slot + (slot - bar) / 2
        y = top + plot_h
        for outcome, colour in zip(OUTCOMES, COLOURS, strict=True):
            n = row.outcomes[outcome]
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {} {}</title></rect>",
                    _f(x),
                    _f(y),
                    _f(bar),
                    _f(h),
                    colour,
                    row.label,
                    outcome_label(outcome),
                    n,
                )
            )
        label = MONTH_SHORT[row.key - 1] if isinstance(row.key, int) else row.label
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#222">{}'
                '</text><text x="{}" y="{}" font-size="10" text-anchor="middle" '
                'fill="#222">{}</text>',
                _f(x + bar / 2),
                height - bottom + 16,
                label,
                _f(x + bar / 2),
                _f(top + plot_h - plot_h * row.received / peak - 4),
                row.received or "",
            )
        )
    title = _("Surat diterima per bulan, menurut hasil disposisi")
    desc = "; ".join(f"{row.label}: {row.received}" for row in report.by_month)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
        'role="img" aria-labelledby="{id}-t {id}-d" class="rp-chart" font-family="{font}">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>'
        '<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="#444"/>'
        '<text x="{tick}" y="{top_text}" font-size="10" text-anchor="end" fill="#222">{peak}'
        '</text><text x="{tick}" y="{base}" font-size="10" text-anchor="end" fill="#222">0'
        "</text>{bars}{legend}</svg>",
        w=width,
        h=height,
        id=chart_id,
        font=FONT,
        title=title,
        desc=desc,
        left=left,
        right=left + plot_w,
        base=top + plot_h,
        tick=left - 6,
        top_text=top + 8,
        peak=peak,
        bars=mark_safe("".join(parts)),
        legend=_legend(width - legend_width + 16, top),
    )


def outcome_split_svg(report: Report, *, chart_id: str = "grafik-hasil") -> SafeString:
    """The period's letters as one bar split by outcome, each part with its share."""
    width, height, left, bar_w, bar_h, top = 720, 120, 8, 510, 36, 12
    total = report.total.received
    parts: list[SafeString] = []
    x = float(left)
    for outcome, colour in zip(OUTCOMES, COLOURS, strict=True):
        n = report.total.outcomes[outcome]
        if not n or not total:
            continue
        w = bar_w * n / total
        share = round(100 * n / total)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                "<title>{}: {} ({}%)</title></rect>",
                _f(x),
                top,
                _f(w),
                bar_h,
                colour,
                outcome_label(outcome),
                n,
                share,
            )
        )
        if w > 34:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" text-anchor="middle" '
                    'fill="#fff">{}%</text>',
                    _f(x + w / 2),
                    top + bar_h / 2 + 4,
                    share,
                )
            )
        x += w
    if not total:
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" fill="#222">{}</text>',
                left,
                top + bar_h / 2 + 4,
                _("Tidak ada surat pada periode ini."),
            )
        )
    title = _("Pembagian hasil disposisi")
    desc = "; ".join(f"{outcome_label(o)}: {report.total.outcomes[o]}" for o in OUTCOMES)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
        'role="img" aria-labelledby="{id}-t {id}-d" class="rp-chart" font-family="{font}">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>'
        "{bars}{legend}</svg>",
        w=width,
        h=height,
        id=chart_id,
        font=FONT,
        title=title,
        desc=desc,
        bars=mark_safe("".join(parts)),
        legend=_legend(left + bar_w + 16, 4),
    )
