"""Plausible Chinese personal names and contact data, reproducible from a seed. Pure module."""

import random

from pypinyin import lazy_pinyin

# The most common surnames in mainland China, roughly by frequency (two compound ones for realism).
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官")
GIVEN_NAMES = (
    "伟 芳 敏 静 磊 军 洋 勇 艳 杰 涛 超 霞 刚 斌 婷 颖 琳 倩 鑫 "
    "秀英 建国 志强 丽娟 海涛 晓东 海燕 春梅 雪梅 丹阳 博文 俊杰 欣怡 佳琪 子涵 雨轩 梓萱 一鸣 思远 嘉怡 "
    "浩然 晨曦 宏伟 建华 国强 晓明 文静 玉兰 桂芳 立新 振华 永强 红霞 丽萍 晓燕 伟东 志刚 建军 海峰 亚楠 "
    "明辉 德华 翠萍 佳怡 子豪 宇航 梦瑶 诗涵 若曦 天佑 家豪 文博 雅婷 思雨 慧敏 立军 卫东 春华 秋菊 晓峰"
).split()

# Area codes of the cities where the demo agencies sit (by GB/T 2260 prefix).
AREA_CODES = {
    "11": "010",
    "12": "022",
    "31": "021",
    "50": "023",
    "4401": "020",
    "4403": "0755",
    "4406": "0757",
    "3201": "025",
    "3205": "0512",
    "3301": "0571",
    "3302": "0574",
    "4201": "027",
    "5101": "028",
    "6101": "029",
    "4301": "0731",
    "4101": "0371",
    "3701": "0531",
    "3702": "0532",
    "3501": "0591",
    "3502": "0592",
    "46": "0898",
    "65": "0991",
    "13": "0311",
    "14": "0351",
    "15": "0471",
    "21": "024",
    "22": "0431",
    "23": "0451",
    "34": "0551",
    "36": "0791",
    "45": "0771",
    "52": "0851",
    "53": "0871",
    "54": "0891",
    "62": "0931",
    "63": "0971",
    "64": "0951",
}
MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "158",
    "159",
    "166",
    "177",
    "180",
    "186",
    "187",
    "188",
    "189",
    "199",
)


class NameMaker:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self._used = set()

    def name(self):
        for _ in range(1000):
            surname = self.rng.choice(COMPOUND_SURNAMES) if self.rng.random() < 0.01 else self.rng.choice(SURNAMES)
            given = self.rng.choice(GIVEN_NAMES)
            full = surname + given
            if full not in self._used:
                self._used.add(full)
                return full
        return full

    @staticmethod
    def romanize(name):
        return "".join(lazy_pinyin(name))

    def area_code(self, region_code):
        return AREA_CODES.get(region_code[:4]) or AREA_CODES.get(region_code[:2]) or "010"

    def office_phone(self, region_code):
        area = self.area_code(region_code)
        digits = 8 if len(area) == 3 else 7 if area not in ("0755", "0512", "0571", "0574", "0531", "0532", "0591", "0592") else 8
        return f"{area}-{self.rng.randint(2, 8)}{''.join(str(self.rng.randint(0, 9)) for _ in range(digits - 1))}"

    def mobile(self):
        return self.rng.choice(MOBILE_PREFIXES) + "".join(str(self.rng.randint(0, 9)) for _ in range(8))
