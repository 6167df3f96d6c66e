"""The HTML of one row of the parallel-proceedings timeline (``templates/proceedings/_parallel.html``
prints it). Built here rather than in the template: a right's dossier may list hundreds of rows,
and the template engine's nodes and variable lookups cost about 60 µs a row — a quarter of the
dossier's server time at 216 rows (docs/performance.md, the proceedings benchmark). Values are
escaped with the standard library's ``html.escape``, which Django's ``escape`` wraps (the same
output) behind a lazy-string check that cost more than the escaping."""

import html

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


def escape(value):
    return html.escape(str(value))


def row_html(row):
    p = row.proceeding
    office = p.track == "office"
    parts = [
        '<tr class="table-light"' if office else "<tr",
        f' data-kind="{escape(p.kind)}">\n<td class="text-nowrap">{escape(row.filed_text)}</td>\n',
        f'<td><a href="{escape(row.url)}">{escape(p.number)}</a> <span class="text-muted">{escape(row.kind_label)}',
    ]
    if not office:
        parts.append(f" · {escape(row.stage_label)}")
    parts.append("</span>")
    if row.relation == "chain":
        parts.append(f' <span class="badge text-bg-info">{escape(_("审级关联"))}</span>')
    elif row.relation == "review":
        parts.append(f' <span class="badge text-bg-info">{escape(_("行政诉讼所涉决定"))}</span>')
    if p.fast_track:
        parts.append(f' <span class="badge text-bg-warning">{escape(_("快速办理"))}</span>')
    if p.priority == "granted":
        parts.append(f' <span class="badge text-bg-warning">{escape(_("优先审查"))}</span>')
    parts.append(f"</td>\n<td>{escape(row.agency_label)}</td>\n<td>{escape(row.status_label)}")
    if row.stayed_text:
        parts.append(f'<br><span class="text-muted">{escape(_("中止自"))} {escape(row.stayed_text)}</span>')
    parts.append(f'</td>\n<td class="text-nowrap">{escape(row.closed_text)}</td>\n<td>{escape(row.result_label or "—")}')
    if p.result == "partly_invalid":
        claims = "、".join(str(c) for c in p.surviving_claims or [])
        parts.append(f'<br><span class="text-muted">{escape(_("维持有效的权利要求"))}：{escape(claims)}</span>')
    if p.decision_number and office:
        parts.append(f'<br><span class="text-muted">{escape(p.decision_number)}</span>')
    parts.append("</td>\n</tr>")
    return mark_safe("".join(parts))  # every value above is escaped
