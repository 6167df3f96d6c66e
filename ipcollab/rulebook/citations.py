"""Citation text of a rule version: 依据《民事诉讼法》（2023年修正）第一百七十一条.

Arabic numbers in the article (第171条第2款) are written in Chinese numerals, as statutes print
them; the law's name and version label are stored with each version (reference.md pitfall 7).
"""

import re

from django.utils.translation import gettext as _

_DIGITS = "零一二三四五六七八九"
_UNITS = ["", "十", "百", "千"]


def chinese_number(n):
    """171 → 一百七十一, 10 → 十, 15 → 十五, 105 → 一百零五, 1000 → 一千. 0 ≤ n < 10000."""
    n = int(n)
    if n == 0:
        return _DIGITS[0]
    if not 0 < n < 10000:
        return str(n)
    digits = [int(d) for d in str(n)]
    out = []
    zero = False
    for pos, d in enumerate(digits):
        unit = _UNITS[len(digits) - pos - 1]
        if d == 0:
            zero = True
            continue
        if zero and out:
            out.append(_DIGITS[0])
        zero = False
        out.append(_DIGITS[d] + unit)
    text = "".join(out)
    if text.startswith("一十"):
        text = text[1:]
    return text


def article_text(article):
    """第171条 → 第一百七十一条; 第4条第3款 → 第四条第三款; 第34条、第35条 → 第三十四条、第三十五条."""
    return re.sub(r"\d+", lambda m: chinese_number(m.group()), article or "")


def citation(legal_basis, version_label="", article=""):
    version = f"（{version_label}）" if version_label else ""
    return _("依据《%(law)s》%(version)s%(article)s") % {"law": legal_basis, "version": version, "article": article_text(article)}
