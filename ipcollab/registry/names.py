"""Name normalisation for MATCHING parties (never for display: the name as registered is kept).

``normalize_name(text)`` turns the many ways a party's name is written into one key:

1. NFKC — full-width Latin letters, digits and brackets become half-width (ＡＢＣ → ABC, （ → ().
2. Traditional → simplified characters (OpenCC ``t2s``): 騰訊 → 腾讯.
3. Spaces, punctuation and symbols of both widths are removed (（）()·、,.&- …); only letters,
   digits and combining marks stay.
4. Latin letters are lower-cased.
5. A company-form suffix at the END of the name is replaced by its canonical spelling, from the
   table ``COMPANY_FORMS`` below. The table is deliberately conservative:

   - 有限责任公司 ≡ 有限公司 and 股份有限公司 ≡ 股份公司: the Company Law (art. 7 of the 2023
     revision) lets each form be written either way, so they are the same legal form.
   - 股份有限公司 and 有限公司 are NOT merged, and neither is reduced to bare 公司: they are
     different legal forms, and two companies that differ only in form are different parties.
   - Latin: "Co., Ltd." / "Co.,Ltd" / "Company Limited" / "Co. Limited" / "Company Ltd" → ``coltd``;
     "Limited" → ``ltd``; "Incorporated" / "Inc." → ``inc``; "Corporation" / "Corp." → ``corp``.
     A Latin form is not equated with a Chinese one.

Region prefixes (深圳市, 北京) are kept: 深圳市某公司 and 北京某公司 are different names.
The result is idempotent: ``normalize_name(normalize_name(x)) == normalize_name(x)``.
"""

import unicodedata

from ipcollab.search.tokenizer import to_simplified

# (variant, canonical); every variant is longer than its canonical form, so repeated application ends.
COMPANY_FORMS = (
    ("股份有限公司", "股份公司"),
    ("有限责任公司", "有限公司"),
    ("companylimited", "coltd"),
    ("colimited", "coltd"),
    ("companyltd", "coltd"),
    ("limited", "ltd"),
    ("incorporated", "inc"),
    ("corporation", "corp"),
)

_KEEP = ("L", "N", "M")


def _strip(text):
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in _KEEP)


def canonical_company_form(text):
    """The company-form suffix normalised (e.g. 有限责任公司 → 有限公司), repeatedly."""
    changed = True
    while changed:
        changed = False
        for variant, canonical in COMPANY_FORMS:
            if text.endswith(variant) and len(text) > len(variant):
                text = text[: -len(variant)] + canonical
                changed = True
                break
    return text


def _once(text):
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)  # skips OpenCC for text without traditional characters
    text = _strip(text).lower()
    text = unicodedata.normalize("NFKC", text)
    return canonical_company_form(text)


def normalize_name(text):
    """The matching key of a party's name (see the module docstring); "" for None or blank."""
    if not text:
        return ""
    result = _once(str(text))
    # A few code points change again under a second pass (lower-casing or conversion can produce
    # a character that NFKC or OpenCC maps further); iterate to the fixed point.
    for _ in range(4):
        again = _once(result)
        if again == result:
            break
        result = again
    return result
