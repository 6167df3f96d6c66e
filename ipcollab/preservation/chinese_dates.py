"""Dates in the form of Chinese court documents (公文日期): 二〇二六年十一月二十五日. The year is
written digit by digit with 〇 for zero; month and day in counting numerals (十一, 二十五, 三十一).
Pure: no database, no locale."""

import datetime

DIGITS = "〇一二三四五六七八九"


def chinese_number(n):
    """1–99 as counting numerals: 1 一, 10 十, 11 十一, 20 二十, 25 二十五."""
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 99:
        raise ValueError(f"not a number from 1 to 99: {n!r}")
    tens, units = divmod(n, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else DIGITS[tens]) + "十"
    if units:
        text += DIGITS[units]
    return text


def chinese_year(year):
    """A year digit by digit: 2026 → 二〇二六."""
    if not isinstance(year, int) or isinstance(year, bool) or year < 1:
        raise ValueError(f"not a year: {year!r}")
    return "".join(DIGITS[int(c)] for c in str(year))


def chinese_date(value):
    """A date (or datetime: its date) as written on a ruling: 二〇二六年十一月二十五日."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        raise TypeError(f"not a date: {value!r}")
    return f"{chinese_year(value.year)}年{chinese_number(value.month)}月{chinese_number(value.day)}日"
