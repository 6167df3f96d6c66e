"""The named demo logins: one or more for every role, in the agencies a visitor would expect."""

DEMO_PASSWORD = "Demo-2026-ipcollab"

# username, agency (court code "c:…", agency name "n:…"), roles, full name, title, division
DEMO_ACCOUNTS = [
    ("admin", "n:国家知识产权局", ["platform_admin"], "林志远", "平台运维负责人", ""),
    ("spc_admin", "c:最高法", ["agency_admin"], "郑海峰", "信息中心副主任", ""),
    ("spc_liaison", "c:最高法", ["liaison", "signer"], "王晓东", "民三庭副庭长", "民事审判第三庭"),
    ("spc_judge", "c:最高法", ["judge"], "周佳怡", "知识产权法庭审判员", "知识产权法庭"),
    ("bj73_admin", "c:京73", ["agency_admin"], "孙建华", "司法行政处处长", ""),
    ("bj73_judge", "c:京73", ["judge"], "刘思远", "审判员", ""),
    ("bj73_clerk", "c:京73", ["clerk"], "何雨轩", "书记员", ""),
    ("bj73_liaison", "c:京73", ["liaison"], "陈丽娟", "研究室主任", ""),
    ("hd_enforce", "c:京0108", ["enforcement_officer"], "赵立军", "执行员", ""),
    ("hd_judge", "c:京0108", ["judge"], "苏晓峰", "执行局审判员", ""),
    ("sh73_judge", "c:沪73", ["judge"], "程立新", "审判员", ""),
    ("gz73_admin", "c:粤73", ["agency_admin"], "黄海燕", "司法行政处副处长", ""),
    ("sz_judge", "c:粤03", ["judge"], "邓文博", "知识产权庭审判员", ""),
    ("gz73_judge", "c:粤73", ["judge"], "梁志强", "审判员", ""),
    ("bjhc_judge", "c:京", ["judge"], "韩冬梅", "知识产权审判庭审判员", ""),
    ("shhc_judge", "c:沪", ["judge"], "钱文涛", "知识产权审判庭审判员", ""),
    ("gdhc_judge", "c:粤", ["judge"], "邱少华", "知识产权审判庭审判员", ""),
    ("cnipa_admin", "n:国家知识产权局", ["agency_admin"], "许国强", "保护司综合处处长", "知识产权保护司"),
    ("cnipa_liaison", "n:国家知识产权局", ["liaison", "signer"], "杨春梅", "保护司协调处处长", "知识产权保护司"),
    ("cnipa_handler", "n:国家知识产权局", ["preservation_handler"], "吴晨曦", "协助执行专员", "知识产权保护司"),
    ("cnipa_examiner", "n:国家知识产权局", ["examiner"], "马宇航", "审查员", ""),
    ("cnipa_analyst", "n:国家知识产权局", ["analyst"], "唐慧敏", "统计分析员", "战略规划司"),
    ("bjipo_handler", "n:北京市知识产权局", ["case_handler"], "高振华", "执法处干部", ""),
    ("bjipo_viewer", "n:北京市知识产权局", ["viewer"], "罗雅婷", "科员", ""),
    ("mediator", "n:北京市知识产权纠纷人民调解委员会", ["mediator"], "冯德华", "调解员", ""),
]
