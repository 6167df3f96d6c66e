"""The rules the shared machinery of issue 3 and the modules after it need, as data (loaded by
migration 0002 through loader.sync_rules). Sources: /work/shared/domain/reference.md; `verified`
follows its tags — True only where reference.md marks the point [V]. Every other rule is [R]:
confirm it against the primary text before relying on it, and keep it configurable.

Dates of the law texts: 民事诉讼法 2012 text in force 2013-01-01, 2017 text 2017-07-01, 2021 text
2022-01-01, 2023 text 2024-01-01; 专利法 2008 text 2009-10-01, 2020 text 2021-06-01; 专利法实施细则
2010 text 2010-02-01, 2023 text 2024-01-20.
"""

from datetime import date

from .specs import RuleSpec, fixed, period

D = date

CPL = "中华人民共和国民事诉讼法"
PATENT_LAW = "中华人民共和国专利法"
PATENT_RULES = "中华人民共和国专利法实施细则"
TRADEMARK_LAW = "中华人民共和国商标法"
ALL = "中华人民共和国行政诉讼法"
COMPULSION = "中华人民共和国行政强制法"
IP_COURT_RULES = "最高人民法院关于知识产权法庭若干问题的规定"
SPECIAL_MEDIATION = "最高人民法院关于人民法院特邀调解的规定"

# CPL texts: (law_version, version label, in force from, in force to)
CPL_TEXTS = [
    ("2012", "2012年修正", D(2013, 1, 1), D(2017, 6, 30)),
    ("2017", "2017年修正", D(2017, 7, 1), D(2021, 12, 31)),
    ("2021", "2021年修正", D(2022, 1, 1), D(2023, 12, 31)),
    ("2023", "2023年修正", D(2024, 1, 1), None),
]


def _cpl_versions(code, module, category, title, title_en, articles, params, verified=(), note="", source_url=""):
    """One version per CPL text: `articles` maps law_version → article."""
    out = []
    for version, label, start, end in CPL_TEXTS:
        if version not in articles:
            continue
        out.append(
            RuleSpec(
                code=code,
                module=module,
                category=category,
                title=title,
                title_en=title_en,
                legal_basis=CPL,
                article=articles[version],
                law_version=version,
                version_label=label,
                effective_from=start,
                effective_to=end,
                params=params,
                verified=version in verified,
                note=note,
                source_url=source_url,
            )
        )
    return out


RULES = [
    # --- trial: appeal periods and time limits ------------------------------------------------
    *_cpl_versions(
        "trial.appeal_period.civil_judgment",
        "trial",
        "period",
        "不服第一审民事判决的上诉期间",
        "Appeal period against a first-instance civil judgment",
        {"2012": "第164条", "2017": "第164条", "2021": "第171条", "2023": "第171条"},
        period(15, "days"),
        note="自判决书送达之日起十五日内向上一级人民法院提起上诉；每一当事人的期间自其本人收到之日起算。在中国境内没有住所的当事人为三十日（本规则未收录）。条文序号待核对原文。",
    ),
    *_cpl_versions(
        "trial.appeal_period.civil_ruling",
        "trial",
        "period",
        "不服第一审民事裁定的上诉期间",
        "Appeal period against a first-instance civil ruling",
        {"2012": "第164条", "2017": "第164条", "2021": "第171条", "2023": "第171条"},
        period(10, "days"),
        note="自裁定书送达之日起十日内提起上诉。条文序号待核对原文。",
    ),
    *_cpl_versions(
        "trial.appeal.next_higher_court",
        "trial",
        "competent_court",
        "上诉由上一级人民法院审理",
        "Appeals go to the next higher court",
        {"2012": "第164条", "2017": "第164条", "2021": "第171条", "2023": "第171条"},
        fixed(target="next_higher_court"),
        note="上诉路径表中未指定上诉法院的行，即适用上一级人民法院（平台中为一审法院的上级机构）。",
    ),
    RuleSpec(
        code="trial.special_procedure.time_limit",
        module="trial",
        category="time_limit",
        title="特别程序案件审理期限",
        title_en="Time limit of special-procedure cases",
        legal_basis=CPL,
        article="第187条",
        law_version="2023",
        version_label="2023年修正",
        effective_from=D(2024, 1, 1),
        params=period(30, "days"),
        note="适用特别程序审理的案件，应当在立案之日起三十日内审结（参考资料第9节，[R]）。",
    ),
    # --- administrative litigation --------------------------------------------------------------
    RuleSpec(
        code="admin.suit_period.general",
        module="admin_litigation",
        category="period",
        title="直接提起行政诉讼的一般起诉期限",
        title_en="General time limit to bring an administrative suit",
        legal_basis=ALL,
        article="第46条",
        law_version="2017",
        version_label="2017年修正",
        effective_from=D(2017, 7, 1),
        params=period(6, "months"),
        note="自知道或者应当知道作出行政行为之日起六个月内提出；法律另有规定的除外（如专利法第65条的十五日）。参考资料未收录本条，待核对原文。",
    ),
    RuleSpec(
        code="patent.adjudication.suit_period",
        module="adjudication",
        category="period",
        title="不服专利侵权纠纷行政裁决的起诉期限",
        title_en="Time limit to sue against a patent-infringement adjudication decision",
        legal_basis=PATENT_LAW,
        article="第65条",
        law_version="2020",
        version_label="2020年修正",
        effective_from=D(2021, 6, 1),
        params=period(15, "days"),
        verified=True,
        note="当事人不服的，可以自收到处理通知之日起十五日内依照行政诉讼法向人民法院起诉（2008年文本为第60条）。",
        source_url="https://qiye.gongchang.com/grounze/news/itemid-5563790.html",
    ),
    RuleSpec(
        code="patent.adjudication.suit_period",
        module="adjudication",
        category="period",
        title="不服专利侵权纠纷行政裁决的起诉期限",
        title_en="Time limit to sue against a patent-infringement adjudication decision",
        legal_basis=PATENT_LAW,
        article="第60条",
        law_version="2008",
        version_label="2008年修正",
        effective_from=D(2009, 10, 1),
        effective_to=D(2021, 5, 31),
        params=period(15, "days"),
        verified=True,
        note="2020年修正后为第65条。",
        source_url="https://qiye.gongchang.com/grounze/news/itemid-5563790.html",
    ),
    # --- CNIPA ----------------------------------------------------------------------------------
    RuleSpec(
        code="cnipa.presumed_receipt",
        module="cnipa",
        category="period",
        title="国家知识产权局邮寄、电子送达文件的推定收到日",
        title_en="Presumed receipt of CNIPA documents (15 days after dispatch)",
        legal_basis=PATENT_RULES,
        article="第4条",
        law_version="2023",
        version_label="2023年修订",
        effective_from=D(2024, 1, 20),
        params=period(15, "days", roll_forward=False),
        note="自文件发出之日起满十五日，推定为当事人收到文件之日；当事人能证明实际收到日的，以实际收到日为准。推定日不顺延（其后起算的期间在最后一日顺延）。条款序号待核对原文。",
    ),
    RuleSpec(
        code="cnipa.presumed_receipt",
        module="cnipa",
        category="period",
        title="国家知识产权局邮寄、电子送达文件的推定收到日",
        title_en="Presumed receipt of CNIPA documents (15 days after dispatch)",
        legal_basis=PATENT_RULES,
        article="第4条",
        law_version="2010",
        version_label="2010年修订",
        effective_from=D(2010, 2, 1),
        effective_to=D(2024, 1, 19),
        params=period(15, "days", roll_forward=False),
        note="2010年文本第4条第3款（邮寄文件）；条款序号待核对原文。",
    ),
    RuleSpec(
        code="cnipa.patent_decision.suit_window",
        module="cnipa",
        category="period",
        title="不服国家知识产权局专利复审、无效宣告决定的起诉期限",
        title_en="Time limit to sue against a CNIPA patent reexamination or invalidation decision",
        legal_basis=PATENT_LAW,
        article="第41条、第46条",
        law_version="2020",
        version_label="2020年修正",
        effective_from=D(2021, 6, 1),
        params=period(3, "months"),
        note="自收到通知之日起三个月内向北京知识产权法院起诉（京73行初），上诉至最高人民法院知识产权法庭（最高法知行终）。条文序号待核对原文（参考资料第7节 [R on numbering]）。",
    ),
    RuleSpec(
        code="cnipa.trademark_decision.suit_window",
        module="cnipa",
        category="period",
        title="不服国家知识产权局商标评审决定、裁定的起诉期限",
        title_en="Time limit to sue against a CNIPA trademark review decision",
        legal_basis=TRADEMARK_LAW,
        article="第34条、第35条、第44条、第45条、第54条",
        law_version="2019",
        version_label="2019年修正",
        effective_from=D(2019, 11, 1),
        params=period(30, "days"),
        note="自收到通知之日起三十日内向北京知识产权法院起诉，上诉至北京市高级人民法院。",
    ),
    RuleSpec(
        code="cnipa.evaluation_report.issue",
        module="cnipa",
        category="time_limit",
        title="专利权评价报告的出具期限",
        title_en="Time limit for CNIPA to issue a patent evaluation report",
        legal_basis=PATENT_RULES,
        article="第62条",
        law_version="2023",
        version_label="2023年修订",
        effective_from=D(2024, 1, 20),
        params=period(2, "months"),
        note="自收到请求之日起两个月内；办理登记手续时请求的，自授权公告之日起两个月内（参考资料第7节，[R]）。",
    ),
    # --- judicial confirmation (司法确认) ----------------------------------------------------------
    *_cpl_versions(
        "mediation.judicial_confirmation.apply_within",
        "mediation",
        "period",
        "申请司法确认调解协议的期间",
        "Time limit to apply for judicial confirmation of a mediation agreement",
        {"2012": "第194条", "2017": "第194条", "2021": "第201条", "2023": "第205条"},
        period(30, "days"),
        verified=("2017", "2021", "2023"),
        note="双方当事人自调解协议生效之日起三十日内，共同向有管辖权的人民法院申请。",
        source_url="https://m.51dongshi.net/eedfrvadeegee.html",
    ),
    RuleSpec(
        code="mediation.judicial_confirmation.decide_acceptance",
        module="mediation",
        category="time_limit",
        title="司法确认申请的受理审查期限",
        title_en="Time for the court to decide whether to accept a confirmation application",
        legal_basis="最高人民法院关于人民调解协议司法确认程序的若干规定",
        article="",
        law_version="法释〔2011〕5号",
        version_label="法释〔2011〕5号",
        effective_from=D(2011, 3, 30),
        params=period(3, "days"),
        verified=True,
        note="人民法院收到申请后应当在三日内决定是否受理。条文序号未录入。",
        source_url="http://www.longnan.sys.jixi.ww38.viennacitytours.com/a/211.html",
    ),
    RuleSpec(
        code="mediation.judicial_confirmation.decide",
        module="mediation",
        category="time_limit",
        title="司法确认的审查期限",
        title_en="Time for the court to decide on confirmation",
        legal_basis="最高人民法院关于人民调解协议司法确认程序的若干规定",
        article="",
        law_version="法释〔2011〕5号",
        version_label="法释〔2011〕5号",
        effective_from=D(2011, 3, 30),
        params=period(15, "days", extension_days=10),
        note="受理后十五日内作出是否确认的决定；因特殊情况经本院院长批准可延长十日（参考资料第9节，[R]）。",
    ),
    # judicial confirmation: the competent court, the pilot for administrative mediation, and the
    # special authorisation a representative needs to settle (issue 7, agreements)
    *_cpl_versions(
        "mediation.judicial_confirmation.competent_court",
        "mediation",
        "competent_court",
        "司法确认申请的管辖法院",
        "Court competent for a judicial confirmation application",
        {"2012": "第194条", "2017": "第194条", "2021": "第201条", "2023": "第205条"},
        fixed(entrusted="entrusting_court", otherwise="basic_or_intermediate_court"),
        verified=("2023",),
        note="人民法院邀请调解组织开展先行调解的，向作出邀请的人民法院提出；调解组织自行开展调解的，向当事人住所地、标的物所在地、调解组织所在地的基层人民法院提出；调解协议所涉纠纷应当由中级人民法院管辖的，向相应的中级人民法院提出。",
        source_url="https://cnzshr.com/xwxq_1802619.html",
    ),
    RuleSpec(
        code="mediation.judicial_confirmation.administrative_pilot",
        module="mediation",
        category="guidance",
        title="行政调解协议司法确认试点",
        title_en="Pilot of judicial confirmation of administrative mediation agreements",
        legal_basis="中共中央办公厅、国务院办公厅关于强化知识产权保护的意见",
        article="三(六)",
        law_version="2019",
        version_label="2019年",
        effective_from=D(2019, 11, 24),
        params=fixed(requires_pilot=True),
        note="探索依法开展知识产权行政调解协议司法确认：仅在已开展试点的人民法院（平台“试点”登记在有效期内）受理行政调解协议的司法确认申请（[R]，试点范围以各地文件为准）。",
    ),
    *_cpl_versions(
        "mediation.settlement.special_authorisation",
        "mediation",
        "guidance",
        "代理人代为调解、和解须有特别授权",
        "A representative settles only with special authorisation",
        {"2012": "第59条", "2017": "第59条", "2021": "第62条", "2023": "第62条"},
        fixed(special_power="settle"),
        note="诉讼代理人代为承认、放弃、变更诉讼请求，进行和解，提起反诉或者上诉，必须有委托人的特别授权。平台据此要求代理人确认调解协议、申请司法确认时有含“代为进行和解、调解”的授权委托在有效期内（[R]）。",
    ),
    # --- mediation periods (调解期限; issue 7, mediation workflow) -----------------------------------
    # 法释〔2016〕14号《最高人民法院关于人民法院特邀调解的规定》: a court's pre-suit entrustment (委派)
    # is mediated within 30 days and an in-suit entrustment (委托) within 15 days (ordinary
    # procedure; 7 under the summary procedure), counted from the organisation's or mediator's
    # receipt of the materials, longer where both parties agree. Not in reference.md: [R]. The
    # platform counts from the mediator's acceptance; direct and administrative mediation have no
    # statutory period (organisation's practice): adjustable.
    RuleSpec(
        code="mediation.period.pre_suit",
        module="mediation",
        category="time_limit",
        title="诉前委派调解的期限",
        title_en="Period of a court's pre-suit entrusted mediation",
        legal_basis=SPECIAL_MEDIATION,
        article="",
        law_version="法释〔2016〕14号",
        version_label="法释〔2016〕14号",
        effective_from=D(2016, 7, 1),
        params=period(30, "days", bounds=(7, 90)),
        adjustable=True,
        note="委派调解期限为三十日，自调解员接受之日起算（规定为签收移交材料之日，条文序号待核对原文）；双方当事人同意的，可以延长。期满未达成协议的，终止调解并由法院登记立案。",
        source_url="https://m.110ask.com/wenda/18058112284074817770.html",
    ),
    RuleSpec(
        code="mediation.period.in_suit",
        module="mediation",
        category="time_limit",
        title="诉中委托调解的期限",
        title_en="Period of a court's in-suit entrusted mediation",
        legal_basis=SPECIAL_MEDIATION,
        article="",
        law_version="法释〔2016〕14号",
        version_label="法释〔2016〕14号",
        effective_from=D(2016, 7, 1),
        params=period(15, "days", bounds=(7, 60)),
        adjustable=True,
        note="委托调解适用普通程序的为十五日、适用简易程序的为七日；双方当事人同意延长的，延长的期间不计入审理期限（条文序号待核对原文）。期满未达成协议的，案件恢复审理。",
        source_url="https://ynqfy.gxcourt.gov.cn/article/detail/2023/04/id/7241108.shtml",
    ),
    RuleSpec(
        code="mediation.period.direct",
        module="mediation",
        category="time_limit",
        title="当事人申请调解的期限（调解组织规则）",
        title_en="Period of a mediation the parties applied for (organisation's rule)",
        legal_basis="中华人民共和国人民调解法",
        article="",
        law_version="2010",
        version_label="2010年",
        effective_from=D(2011, 1, 1),
        params=period(30, "days", bounds=(7, 90)),
        adjustable=True,
        note="人民调解法未规定调解期限；平台按各地人民调解委员会的通行做法设三十日，可调整。",
    ),
    RuleSpec(
        code="mediation.period.administrative",
        module="mediation",
        category="time_limit",
        title="行政调解的期限（知识产权管理部门）",
        title_en="Period of an IP office's administrative mediation",
        legal_basis=PATENT_LAW,
        article="第65条",
        law_version="2020",
        version_label="2020年修正",
        effective_from=D(2021, 6, 1),
        params=period(30, "days", bounds=(7, 90)),
        adjustable=True,
        note="专利法第65条：进行处理的管理专利工作的部门应当事人的请求，可以就侵犯专利权的赔偿数额进行调解；法律未规定调解期限，平台设三十日，可调整。",
    ),
    # --- preservation: the 6-month / 3-year conflict (reference.md §6) ----------------------------
    RuleSpec(
        code="preservation.freeze_max_period.patent",
        module="preservation",
        category="maximum",
        title="专利权财产保全每次冻结的最长期限（专利纠纷规定）",
        title_en="Maximum period of one patent freeze (SPC patent-dispute provisions)",
        legal_basis="最高人民法院关于审理专利纠纷案件适用法律问题的若干规定",
        article="",
        law_version="2015",
        version_label="2015年修正",
        effective_from=D(2015, 2, 1),
        params=period(6, "months", roll_forward=False, bounds=(1, 36)),
        adjustable=True,
        note="每次不超过六个月，自国家知识产权局收到协助执行通知书之日起计算；期满前未送达续行通知的，保全自动解除。与民诉法解释的“其他财产权三年”相冲突，且2020年修正（法释〔2020〕19号）是否保留尚未核实：以裁定载明的期间为准，本规则仅作提示和上限校验，可调整。",
        source_url="http://jxpisp.com/read/?id=93",
    ),
    RuleSpec(
        code="preservation.freeze_max_period.property_right",
        module="preservation",
        category="maximum",
        title="冻结其他财产权的最长期限（民诉法解释）",
        title_en="Maximum period of a freeze of other property rights (CPL interpretation)",
        legal_basis="最高人民法院关于适用《中华人民共和国民事诉讼法》的解释",
        article="第485条",
        law_version="2022",
        version_label="2022年修正",
        effective_from=D(2022, 4, 10),
        params=period(3, "years", roll_forward=False, bounds=(1, 3)),
        adjustable=True,
        note="银行存款不超过一年、动产不超过两年、不动产及其他财产权不超过三年；续行期限不得超过该最长期限。2015年文本为第487条。与专利纠纷规定的六个月相冲突：以裁定载明的期间为准，可调整。",
        source_url="https://falubang.com/falvguwen/falv/jk1ood.html",
    ),
    # --- administrative compulsory enforcement (行政强制法) ------------------------------------------
    RuleSpec(
        code="admin_enforcement.demand_period",
        module="admin_enforcement",
        category="period",
        title="申请法院强制执行前催告履行的期间",
        title_en="Demand-to-perform period before applying for court enforcement",
        legal_basis=COMPULSION,
        article="第54条、第69条",
        law_version="2011",
        version_label="2011年",
        effective_from=D(2012, 1, 1),
        params=period(10, "working_days"),
        note="催告书送达十日后当事人仍未履行的，方可申请强制执行；十日以内的期限按工作日计算，不含法定节假日（第69条）。",
    ),
    RuleSpec(
        code="admin_enforcement.apply_within",
        module="admin_enforcement",
        category="period",
        title="行政机关申请法院强制执行的期限",
        title_en="Time limit for the department to apply for court enforcement",
        legal_basis=COMPULSION,
        article="第53条",
        law_version="2011",
        version_label="2011年",
        effective_from=D(2012, 1, 1),
        params=period(3, "months"),
        note="自当事人起诉期限届满之日起三个月内申请（起算日为起诉期限的最后一日）；逾期申请的，除有正当理由外，不予受理（法释〔2018〕1号 第156条）。",
    ),
    RuleSpec(
        code="admin_enforcement.court_accept",
        module="admin_enforcement",
        category="time_limit",
        title="法院受理强制执行申请的期限",
        title_en="Time for the court to accept an enforcement application",
        legal_basis=COMPULSION,
        article="第56条、第69条",
        law_version="2011",
        version_label="2011年",
        effective_from=D(2012, 1, 1),
        params=period(5, "working_days"),
        note="人民法院接到申请后五日内受理；按第69条以工作日计算。",
    ),
    RuleSpec(
        code="admin_enforcement.court_rule",
        module="admin_enforcement",
        category="time_limit",
        title="法院对强制执行申请作出裁定的期限（书面审查）",
        title_en="Time for the court to rule on an enforcement application (written review)",
        legal_basis=COMPULSION,
        article="第57条、第69条",
        law_version="2011",
        version_label="2011年",
        effective_from=D(2012, 1, 1),
        params=period(7, "working_days"),
        note="自受理之日起七日内作出是否执行的裁定；案件类型代字 行审。",
    ),
    RuleSpec(
        code="admin_enforcement.court_rule_after_hearing",
        module="admin_enforcement",
        category="time_limit",
        title="法院听取意见后作出裁定的期限",
        title_en="Time for the court to rule after hearing the parties",
        legal_basis=COMPULSION,
        article="第58条",
        law_version="2011",
        version_label="2011年",
        effective_from=D(2012, 1, 1),
        params=period(30, "days"),
        note="人民法院认为有第58条所列情形、听取被执行人和行政机关意见的，自受理之日起三十日内作出裁定。",
    ),
    # --- administrative adjudication of patent infringement: the office's own periods (issue 7) -------
    # 《专利行政执法办法》(国家知识产权局令第71号, 2015年修订, in force 2015-07-01). Not in reference.md:
    # [R] — article numbers and periods to be checked against the text (and against the newer
    # 专利纠纷行政裁决和调解办法 where it has replaced them). The platform computes them as reminders.
    RuleSpec(
        code="adjudication.accept_period",
        module="adjudication",
        category="time_limit",
        title="专利侵权纠纷处理请求的立案审查期限",
        title_en="Time for the office to accept or refuse a patent-infringement request",
        legal_basis="专利行政执法办法",
        article="第11条",
        law_version="2015",
        version_label="2015年修订",
        effective_from=D(2015, 7, 1),
        params=period(5, "working_days"),
        note="请求符合条件的，自收到请求书之日起5个工作日内立案并通知请求人；不符合条件的，5个工作日内通知请求人不予受理并说明理由。条文序号待核对原文（参考资料未收录，[R]）。",
    ),
    RuleSpec(
        code="adjudication.decide_period",
        module="adjudication",
        category="time_limit",
        title="专利侵权纠纷行政裁决的结案期限",
        title_en="Time limit for deciding a patent-infringement dispute",
        legal_basis="专利行政执法办法",
        article="第21条",
        law_version="2015",
        version_label="2015年修订",
        effective_from=D(2015, 7, 1),
        params=period(3, "months", extension_months=1),
        note="自立案之日起3个月内结案；案件特别复杂的，经负责人批准可延长，最多不超过1个月；中止期间不计入（平台按中止天数顺延）。条文序号待核对原文（[R]）。",
    ),
    RuleSpec(
        code="admin_enforcement.competent_court",
        module="admin_enforcement",
        category="competent_court",
        title="行政机关申请强制执行的管辖法院",
        title_en="Court competent for an office's application for compulsory enforcement",
        legal_basis=COMPULSION,
        article="第54条",
        law_version="2011",
        version_label="2011年",
        effective_from=D(2012, 1, 1),
        params=fixed(court="basic_court_of_office_seat"),
        note="行政机关向所在地有管辖权的人民法院申请强制执行；执行对象是不动产的，向不动产所在地法院申请。法释〔2018〕1号 第157条：由申请人所在地的基层人民法院受理。机关所在地对应的基层法院见 adjudication 的“申请强制执行的管辖法院”表（参考资料第8节，[R]）。",
    ),
    # --- drug patent linkage ------------------------------------------------------------------------
    RuleSpec(
        code="drug_linkage.patentee_suit_window",
        module="drug_linkage",
        category="period",
        title="药品专利链接：专利权人起诉或请求行政裁决的期限",
        title_en="Drug linkage: patentee's window to sue or request an administrative ruling",
        legal_basis="药品专利纠纷早期解决机制实施办法（试行）",
        article="",
        law_version="2021年第89号公告",
        version_label="国家药监局 国家知识产权局2021年第89号公告",
        effective_from=D(2021, 7, 4),
        params=period(45, "days"),
        note="自国家药品审评机构公开药品上市许可申请之日起四十五日内。是否顺延节假日待核对（参考资料第11节，[R]）。",
    ),
    RuleSpec(
        code="drug_linkage.notice_to_cde",
        module="drug_linkage",
        category="period",
        title="药品专利链接：向药审中心提交立案或受理通知书副本的期限",
        title_en="Drug linkage: copy of the filing notice to CDE",
        legal_basis="药品专利纠纷早期解决机制实施办法（试行）",
        article="",
        law_version="2021年第89号公告",
        version_label="国家药监局 国家知识产权局2021年第89号公告",
        effective_from=D(2021, 7, 4),
        params=period(15, "working_days"),
        note="收到人民法院立案或国家知识产权局受理通知书之日起十五个工作日内。",
    ),
    RuleSpec(
        code="drug_linkage.waiting_period",
        module="drug_linkage",
        category="period",
        title="药品专利链接：化学仿制药等待期",
        title_en="Drug linkage: nine-month waiting period (chemical generics)",
        legal_basis="药品专利纠纷早期解决机制实施办法（试行）",
        article="",
        law_version="2021年第89号公告",
        version_label="国家药监局 国家知识产权局2021年第89号公告",
        effective_from=D(2021, 7, 4),
        params=period(9, "months", roll_forward=False),
        note="自人民法院立案或国家知识产权局受理之日起九个月，只设置一次；不顺延（参考资料第13节）。中药同名同方药、生物类似药不设等待期。",
    ),
    RuleSpec(
        code="drug_linkage.mah_registration",
        module="drug_linkage",
        category="period",
        title="药品专利链接：上市许可持有人登记专利信息的期限",
        title_en="Drug linkage: registration of patent information by the MAH",
        legal_basis="药品专利纠纷早期解决机制实施办法（试行）",
        article="",
        law_version="2021年第89号公告",
        version_label="国家药监局 国家知识产权局2021年第89号公告",
        effective_from=D(2021, 7, 4),
        params=period(30, "days"),
        verified=True,
        note="取得药品注册证书后三十日内登记；相关信息变更的，自变更之日起三十日内更新。",
        source_url="http://zscqpg.cn/news/companynews/461230123359.html",
    ),
    RuleSpec(
        code="drug_linkage.market_exclusivity",
        module="drug_linkage",
        category="maximum",
        title="药品专利链接：首个挑战成功的化学仿制药市场独占期",
        title_en="Drug linkage: market exclusivity of the first successful challenger",
        legal_basis="药品专利纠纷早期解决机制实施办法（试行）",
        article="",
        law_version="2021年第89号公告",
        version_label="国家药监局 国家知识产权局2021年第89号公告",
        effective_from=D(2021, 7, 4),
        params=period(12, "months", roll_forward=False),
        note="自批准上市之日起十二个月，不超过被挑战药品的原专利权期限。",
    ),
    # --- jurisdiction (cited by the jurisdiction tables) -------------------------------------------
    RuleSpec(
        code="jurisdiction.first_instance.technical",
        module="jurisdiction",
        category="competent_court",
        title="技术类知识产权第一审案件的管辖",
        title_en="First instance of technical IP cases",
        legal_basis="最高人民法院关于第一审知识产权民事、行政案件管辖的若干规定",
        article="第1条",
        law_version="法释〔2022〕13号",
        version_label="法释〔2022〕13号",
        effective_from=D(2022, 5, 1),
        params=fixed(courts="ip_courts_and_designated_intermediate"),
        note="发明专利、实用新型专利、植物新品种、集成电路布图设计、技术秘密、计算机软件的权属、侵权纠纷以及垄断纠纷，由知识产权法院、省会城市中级人民法院和最高人民法院确定的中级人民法院管辖（参考资料第9节 [R on details]）。",
    ),
    RuleSpec(
        code="jurisdiction.first_instance.design",
        module="jurisdiction",
        category="competent_court",
        title="外观设计专利第一审案件的管辖",
        title_en="First instance of design-patent cases",
        legal_basis="最高人民法院关于第一审知识产权民事、行政案件管辖的若干规定",
        article="第2条",
        law_version="法释〔2022〕13号",
        version_label="法释〔2022〕13号",
        effective_from=D(2022, 5, 1),
        params=fixed(courts="ip_courts_and_intermediate"),
        note="外观设计专利的权属、侵权纠纷由知识产权法院和中级人民法院管辖（经批准也可由基层法院管辖，本表未收录）。",
    ),
    RuleSpec(
        code="jurisdiction.first_instance.general",
        module="jurisdiction",
        category="competent_court",
        title="其他知识产权第一审案件的管辖",
        title_en="First instance of other IP cases",
        legal_basis="最高人民法院关于第一审知识产权民事、行政案件管辖的若干规定",
        article="第3条",
        law_version="法释〔2022〕13号",
        version_label="法释〔2022〕13号",
        effective_from=D(2022, 5, 1),
        params=fixed(courts="designated_basic_courts"),
        note="商标、著作权、不正当竞争等案件原则上由最高人民法院确定的基层人民法院管辖；标的额较大、涉驰名商标认定等由中级人民法院或知识产权法院管辖（本表按区划简化，见docs/rulebook.md）。",
    ),
    RuleSpec(
        code="jurisdiction.first_instance.cnipa_admin",
        module="jurisdiction",
        category="competent_court",
        title="不服国家知识产权局授权确权决定的行政案件由北京知识产权法院管辖",
        title_en="Admin cases against CNIPA grant and validity decisions: Beijing IP Court",
        legal_basis="最高人民法院关于北京、上海、广州知识产权法院案件管辖的规定",
        article="第5条",
        law_version="法释〔2014〕12号",
        version_label="法释〔2014〕12号",
        effective_from=D(2014, 11, 3),
        params=fixed(court="京73"),
        note="专利、商标等授权确权行政案件由北京知识产权法院专属管辖（参考资料第5、7节）。",
    ),
    RuleSpec(
        code="jurisdiction.first_instance.drug_linkage",
        module="jurisdiction",
        category="competent_court",
        title="药品专利链接民事案件由北京知识产权法院管辖",
        title_en="Drug-linkage civil cases: Beijing IP Court",
        legal_basis="最高人民法院关于审理申请注册的药品相关的专利权纠纷民事案件适用法律若干问题的规定",
        article="第1条",
        law_version="法释〔2021〕13号",
        version_label="法释〔2021〕13号",
        effective_from=D(2021, 7, 5),
        params=fixed(court="京73"),
        note="第一审由北京知识产权法院管辖（参考资料第11节，[R]）。",
    ),
    RuleSpec(
        code="jurisdiction.first_instance.ip_courts",
        module="jurisdiction",
        category="competent_court",
        title="知识产权法院所在市的非技术类案件",
        title_en="Non-technical cases in the IP courts' cities",
        legal_basis="最高人民法院关于北京、上海、广州知识产权法院案件管辖的规定",
        article="第1条、第2条",
        law_version="法释〔2014〕12号",
        version_label="法释〔2014〕12号",
        effective_from=D(2014, 11, 3),
        params=fixed(courts="ip_courts"),
        note="知识产权法院管辖所在市辖区内涉驰名商标认定等第一审案件，并审理对所在市基层人民法院知识产权判决、裁定的上诉案件。",
    ),
    RuleSpec(
        code="jurisdiction.appeal.spc_ip_tribunal",
        module="jurisdiction",
        category="competent_court",
        title="技术类知识产权上诉案件由最高人民法院审理",
        title_en="Appeals in technical IP cases: SPC (IP Tribunal)",
        legal_basis="全国人民代表大会常务委员会关于专利等知识产权案件诉讼程序若干问题的决定",
        article="第1条、第2条",
        law_version="2018",
        version_label="2018年10月26日",
        effective_from=D(2019, 1, 1),
        params=fixed(court="最高法"),
        verified=True,
        note="发明、实用新型专利、植物新品种、集成电路布图设计、技术秘密、计算机软件、垄断等专业技术性较强的民事上诉案件，以及专利等授权确权行政上诉案件，由最高人民法院审理。",
        source_url="http://m.vlaws.cn/html/201810/6617.htm",
    ),
    RuleSpec(
        code="jurisdiction.appeal.high_court_2023",
        module="jurisdiction",
        category="competent_court",
        title="一般实用新型、技术秘密、计算机软件上诉案件由上一级人民法院审理",
        title_en="Ordinary utility-model, technical-secret and software appeals: next higher court",
        legal_basis=IP_COURT_RULES,
        article="第2条",
        law_version="法释〔2023〕10号",
        version_label="法释〔2023〕10号修正",
        effective_from=D(2023, 11, 1),
        params=fixed(target="next_higher_court"),
        note="自2023年11月1日起，一般实用新型专利、技术秘密、计算机软件权属、侵权民事和行政上诉案件由上一级人民法院（高级人民法院）审理；重大、复杂案件仍由最高人民法院知识产权法庭审理（本表不区分，个案移送另行处理）。配套文件 法〔2023〕183号。",
    ),
    RuleSpec(
        code="jurisdiction.appeal.spc_ip_tribunal_2023",
        module="jurisdiction",
        category="competent_court",
        title="最高人民法院知识产权法庭审理的上诉案件（2023年调整后）",
        title_en="Appeals the SPC IP Tribunal keeps (after 2023-11-01)",
        legal_basis=IP_COURT_RULES,
        article="第2条",
        law_version="法释〔2023〕10号",
        version_label="法释〔2023〕10号修正",
        effective_from=D(2023, 11, 1),
        params=fixed(court="最高法"),
        note="发明专利、植物新品种、集成电路布图设计、垄断上诉案件，专利等授权确权行政上诉案件，以及高级人民法院第一审技术类案件的上诉，仍由最高人民法院知识产权法庭审理。",
    ),
    RuleSpec(
        code="jurisdiction.appeal.ip_courts",
        module="jurisdiction",
        category="competent_court",
        title="知识产权法院审理所在市基层法院知识产权上诉案件",
        title_en="IP courts hear appeals from their city's basic courts",
        legal_basis="最高人民法院关于北京、上海、广州知识产权法院案件管辖的规定",
        article="第7条",
        law_version="法释〔2014〕12号",
        version_label="法释〔2014〕12号",
        effective_from=D(2014, 11, 3),
        params=fixed(courts="ip_courts"),
    ),
    # --- administrative adjudication of patent infringement ------------------------------------------
    RuleSpec(
        code="adjudication.patent_dispute.local",
        module="adjudication",
        category="competent_office",
        title="专利侵权纠纷由管理专利工作的部门处理",
        title_en="Patent infringement disputes: the local patent administration department",
        legal_basis=PATENT_LAW,
        article="第65条",
        law_version="2020",
        version_label="2020年修正",
        effective_from=D(2021, 6, 1),
        params=fixed(office="local_patent_administration"),
        verified=True,
        note="专利权人或者利害关系人可以请求管理专利工作的部门处理；认定侵权的，可以责令停止侵权；赔偿数额只能调解。",
        source_url="https://qiye.gongchang.com/grounze/news/itemid-5563790.html",
    ),
    RuleSpec(
        code="adjudication.patent_dispute.local",
        module="adjudication",
        category="competent_office",
        title="专利侵权纠纷由管理专利工作的部门处理",
        title_en="Patent infringement disputes: the local patent administration department",
        legal_basis=PATENT_LAW,
        article="第60条",
        law_version="2008",
        version_label="2008年修正",
        effective_from=D(2009, 10, 1),
        effective_to=D(2021, 5, 31),
        params=fixed(office="local_patent_administration"),
        verified=True,
        source_url="https://qiye.gongchang.com/grounze/news/itemid-5563790.html",
    ),
    RuleSpec(
        code="adjudication.patent_dispute.cnipa_major",
        module="adjudication",
        category="competent_office",
        title="全国有重大影响的专利侵权纠纷由国务院专利行政部门处理",
        title_en="Patent disputes of major national significance: CNIPA",
        legal_basis=PATENT_LAW,
        article="第70条",
        law_version="2020",
        version_label="2020年修正",
        effective_from=D(2021, 6, 1),
        params=fixed(office="cnipa"),
        note="参考资料第8节，[R]。",
    ),
    # Presumed receipt of documents served by announcement or by the trademark office, and the
    # announcement period of civil procedure (read by ipcollab.deadlines.presumptions). All [R].
    RuleSpec(
        code="cnipa.presumed_receipt.announcement",
        module="cnipa",
        category="period",
        title="国家知识产权局公告送达文件的视为送达日",
        title_en="Deemed receipt of CNIPA documents served by announcement (one month)",
        legal_basis=PATENT_RULES,
        article="第4条",
        law_version="2010",
        version_label="2010年修订",
        effective_from=D(2010, 2, 1),
        params=period(1, "months", roll_forward=False),
        note="地址不清无法邮寄的，公告送达，自公告之日起满1个月视为送达。条款序号待核对原文。",
    ),
    RuleSpec(
        code="trademark.presumed_receipt",
        module="trademark",
        category="period",
        title="商标局邮寄、电子送达文件的视为送达日",
        title_en="Deemed receipt of trademark documents sent by post or electronically (15 days)",
        legal_basis="中华人民共和国商标法实施条例",
        article="第10条",
        law_version="2014",
        version_label="2014年修订",
        effective_from=D(2014, 5, 1),
        params=period(15, "days", roll_forward=False),
        note="自文件发出之日起满15日视为送达当事人，能证明实际收到日的除外。条款序号待核对原文。",
    ),
    RuleSpec(
        code="trademark.presumed_receipt.announcement",
        module="trademark",
        category="period",
        title="商标局公告送达文件的视为送达日",
        title_en="Deemed receipt of trademark documents served by announcement (30 days)",
        legal_basis="中华人民共和国商标法实施条例",
        article="第10条",
        law_version="2014",
        version_label="2014年修订",
        effective_from=D(2014, 5, 1),
        params=period(30, "days", roll_forward=False),
        note="自公告发布之日起满30日视为送达当事人。条款序号待核对原文。",
    ),
    RuleSpec(
        code="civil.announcement_service",
        module="civil",
        category="period",
        title="民事诉讼公告送达的视为送达期间",
        title_en="Civil procedure: service by announcement takes effect after the announcement period",
        legal_basis=CPL,
        article="第95条",
        law_version="2023",
        version_label="2023年修正",
        effective_from=D(2024, 1, 1),
        params=period(30, "days", roll_forward=False),
        note="自发出公告之日起经过30日即视为送达；涉外送达另有规定。[R]",
    ),
    RuleSpec(
        code="civil.announcement_service",
        module="civil",
        category="period",
        title="民事诉讼公告送达的视为送达期间",
        title_en="Civil procedure: service by announcement takes effect after the announcement period",
        legal_basis=CPL,
        article="第95条",
        law_version="2021",
        version_label="2021年修正",
        effective_from=D(2013, 1, 1),
        effective_to=D(2023, 12, 31),
        params=period(60, "days", roll_forward=False),
        note="2023年修正前为60日（2012年、2017年文本为第92条，2021年文本为第95条）。[R]",
    ),
]

# --- terms of rights and the windows around them (issue 4: expiry dates, renewal, restoration) ------
# Texts of the Patent Law: 1992 amendment in force 1993-01-01 (term in art 45), 2000 amendment
# 2001-07-01, 2008 amendment 2009-10-01, 2020 amendment 2021-06-01 (art 42 from 2000 on). The term of
# an application is the one of the text in force on its filing date (the 2020 text's 15 years for
# designs apply to applications filed from 2021-06-01). Trademark Law: 1993 text in force 1993-07-01
# (arts 23, 24), 2001 text 2001-12-01 (arts 37, 38), 2013 text 2014-05-01 and 2019 text 2019-11-01
# (arts 39, 40).
PATENT_LAW_TEXTS = [
    ("1992", "1992年修正", D(1993, 1, 1), D(2001, 6, 30), "第45条"),
    ("2000", "2000年修正", D(2001, 7, 1), D(2009, 9, 30), "第42条"),
    ("2008", "2008年修正", D(2009, 10, 1), D(2021, 5, 31), "第42条"),
    ("2020", "2020年修正", D(2021, 6, 1), None, "第42条"),
]
TRADEMARK_LAW_TEXTS = [
    ("1993", "1993年修正", D(1993, 7, 1), D(2001, 11, 30), "第23条", "第24条"),
    ("2001", "2001年修正", D(2001, 12, 1), D(2014, 4, 30), "第37条", "第38条"),
    ("2013", "2013年修正", D(2014, 5, 1), D(2019, 10, 31), "第39条", "第40条"),
    ("2019", "2019年修正", D(2019, 11, 1), None, "第39条", "第40条"),
]
PATENT_TERM_SOURCE = "https://laweer.com/question/4b517cefe6341.html"
TRADEMARK_TERM_SOURCE = "http://hunanlong.com/c/3348889.html"
RESTORATION_SOURCE = "https://ip.66law.cn/zs/128760.html"

_PATENT_TERMS = (
    ("invention", "发明专利权的期限", "Term of an invention patent", lambda version: 20),
    ("utility_model", "实用新型专利权的期限", "Term of a utility-model patent", lambda version: 10),
    ("design", "外观设计专利权的期限", "Term of a design patent", lambda version: 15 if version == "2020" else 10),
)


def _patent_term_rules():
    out = []
    for kind, title, title_en, years in _PATENT_TERMS:
        for version, label, start, end, article in PATENT_LAW_TEXTS:
            amount = years(version)
            verified = version == "2020"
            out.append(
                RuleSpec(
                    code=f"patent.term.{kind}",
                    module="patent",
                    category="period",
                    title=title,
                    title_en=title_en,
                    legal_basis=PATENT_LAW,
                    article=article,
                    law_version=version,
                    version_label=label,
                    effective_from=start,
                    effective_to=end,
                    params=period(amount, "years", roll_forward=False),
                    verified=verified,
                    note=(
                        f"{amount}年，自申请日起计算；适用申请日施行的文本。"
                        + (
                            "外观设计15年仅适用于2021年6月1日及以后提交的申请（此前申请仍为10年，过渡办法待核对原文）。"
                            if kind == "design" and version == "2020"
                            else ""
                        )
                        + ("专利权期限补偿（第42条第2、3款）不在本规则内。" if version == "2020" else "条文序号与内容待核对原文。")
                    ),
                    source_url=PATENT_TERM_SOURCE if verified else "",
                )
            )
    return out


def _trademark_rules():
    out = []
    for version, label, start, end, term_article, renewal_article in TRADEMARK_LAW_TEXTS:
        verified = version == "2019"
        before = 12 if version in ("2013", "2019") else 6
        common = dict(
            module="trademark",
            legal_basis=TRADEMARK_LAW,
            law_version=version,
            version_label=label,
            effective_from=start,
            effective_to=end,
            verified=verified,
            source_url=TRADEMARK_TERM_SOURCE if verified else "",
        )
        check = "" if verified else "条文序号与内容待核对原文。"
        out += [
            RuleSpec(
                code="trademark.term.registration",
                category="period",
                title="注册商标的有效期",
                title_en="Term of a trademark registration",
                article=term_article,
                params=period(10, "years", roll_forward=False),
                note="十年，自核准注册之日起计算。" + check,
                **common,
            ),
            RuleSpec(
                code="trademark.term.renewal",
                category="period",
                title="续展注册的有效期",
                title_en="Term of a renewal",
                article=renewal_article,
                params=period(10, "years", roll_forward=False),
                note="每次续展注册的有效期为十年，自该商标上一届有效期满次日起计算。" + check,
                **common,
            ),
            RuleSpec(
                code="trademark.renewal.before_expiry",
                category="period",
                title="注册商标续展的申请期",
                title_en="Renewal may be requested within this period before the term ends",
                article=renewal_article,
                params=period(before, "months", roll_forward=False),
                note=f"有效期满前{before}个月内办理续展手续。" + check,
                **common,
            ),
            RuleSpec(
                code="trademark.renewal.grace",
                category="period",
                title="注册商标续展的宽展期",
                title_en="Grace period for a renewal after the term ends",
                article=renewal_article,
                params=period(6, "months", roll_forward=False),
                note="期满前未能办理的，可以给予六个月的宽展期；宽展期满仍未办理的，注销其注册商标。" + check,
                **common,
            ),
        ]
    return out


def _restoration_rules():
    texts = [
        ("2010", "2010年修订", D(2010, 2, 1), D(2024, 1, 19), True),
        ("2023", "2023年修订", D(2024, 1, 20), None, False),
    ]
    out = []
    for version, label, start, end, verified in texts:
        check = "" if verified else "2023年文本的条文序号与内容待核对原文。"
        common = dict(
            module="patent",
            category="period",
            legal_basis=PATENT_RULES,
            article="第6条",
            law_version=version,
            version_label=label,
            effective_from=start,
            effective_to=end,
            verified=verified,
            source_url=RESTORATION_SOURCE if verified else "",
        )
        out += [
            RuleSpec(
                code="patent.restoration.request_within",
                title="因正当理由延误期限请求恢复权利的期限",
                title_en="Restoration of rights (justified reason): request within two months of the notice",
                params=period(2, "months"),
                note="因其他正当理由延误期限导致权利丧失的，自收到国务院专利行政部门的通知之日起2个月内请求恢复权利（第2款）；"
                "因不可抗拒的事由延误的，自障碍消除之日起2个月内请求（第1款）。" + check,
                **common,
            ),
            RuleSpec(
                code="patent.restoration.outer_limit",
                title="请求恢复权利的最长期限",
                title_en="Restoration of rights: outer limit of two years after the missed time limit",
                params=period(2, "years", roll_forward=False),
                note="因不可抗拒的事由延误的，最迟自期限届满之日起2年内请求恢复权利（第1款）。登记簿以此作为权利丧失后登记恢复权利的最长期限；"
                "收到通知之日不在登记簿中，2个月期限由审查员按通知书核对。" + check,
                **common,
            ),
        ]
    return out


RULES += _patent_term_rules() + _trademark_rules() + _restoration_rules()


# --- coordination of infringement suits with invalidation (issue 6; reference §7) -------------------
PATENT_DISPUTES = "最高人民法院关于审理专利纠纷案件适用法律问题的若干规定"
INFRINGEMENT_II = "最高人民法院关于审理侵犯专利权纠纷案件应用法律若干问题的解释（二）"
# (law_version, label, from, to, {rule: article})
_STAY_TEXTS = [
    ("2015", "2015年修正（法释〔2015〕4号）", D(2015, 2, 1), D(2020, 12, 31), {"timely": "第9条", "late": "第10条", "invention": "第11条"}),
    ("2020", "2020年修正（法释〔2020〕19号）", D(2021, 1, 1), None, {"timely": "第5条", "late": "第6条", "invention": "第7条"}),
]
_STAY_RULES = [
    (
        "stay.um_design.within_defence_period",
        "timely",
        "实用新型、外观设计专利侵权诉讼：被告在答辩期内请求宣告无效的，应当中止诉讼",
        "Utility model / design suit: invalidation requested within the defence period — the court shall stay",
        fixed(outcome="shall_stay", may_decline_when=["evaluation_report_no_ground", "publicly_known", "evidence_insufficient", "other"]),
        "可以不中止的情形：(1)原告出具的检索报告或者专利权评价报告未发现导致实用新型专利丧失新颖性、创造性的技术文献；(2)被告提供的证据足以证明其使用的技术已经公知；(3)被告请求宣告该项专利权无效所提供的证据或者依据的理由明显不充分；(4)人民法院认为不应当中止诉讼的其他情形。2020年修正的条文序号未核实（参考资料第7节，[R]）。",
    ),
    (
        "stay.um_design.after_defence_period",
        "late",
        "实用新型、外观设计专利侵权诉讼：被告在答辩期间届满后请求宣告无效的，不应当中止诉讼",
        "Utility model / design suit: invalidation requested after the defence period — the court shall not stay unless necessary",
        fixed(outcome="shall_not_stay", unless="court_finds_necessary"),
        "人民法院不应当中止诉讼，但经审查认为有必要中止诉讼的除外。2020年修正的条文序号未核实（参考资料第7节，[R]）。",
    ),
    (
        "stay.invention_or_upheld",
        "invention",
        "发明专利，或经国家知识产权局审查维持有效的实用新型、外观设计专利：被告请求宣告无效的，可以不中止诉讼",
        "Invention patent, or a utility model / design upheld by CNIPA: the court may decline to stay",
        fixed(outcome="may_decline"),
        "侵犯发明专利权纠纷案件或者经国家知识产权局专利复审委员会审查维持专利权的侵犯实用新型、外观设计专利权纠纷案件，被告在答辩期间内请求宣告该项专利权无效的，人民法院可以不中止诉讼。2020年修正的条文序号未核实（参考资料第7节，[R]）。",
    ),
]
for _version, _label, _from, _to, _articles in _STAY_TEXTS:
    for _code, _key, _title, _title_en, _params, _note in _STAY_RULES:
        RULES.append(
            RuleSpec(
                code=_code,
                module="proceedings",
                category="guidance",
                title=_title,
                title_en=_title_en,
                legal_basis=PATENT_DISPUTES,
                article=_articles[_key],
                law_version=_version,
                version_label=_label,
                effective_from=_from,
                effective_to=_to,
                params=_params,
                verified=False,
                note=_note,
                source_url="https://www.liketm.com/blog/post/201.html",
            )
        )
RULES.append(
    RuleSpec(
        code="stay.dismiss_after_invalidation",
        module="proceedings",
        category="guidance",
        title="权利要求被宣告无效后，审理侵权纠纷的法院可以裁定驳回起诉",
        title_en="Once the asserted claims are declared invalid, the court may dismiss the infringement suit",
        legal_basis=INFRINGEMENT_II,
        article="第2条",
        law_version="2016",
        version_label="法释〔2016〕1号",
        effective_from=D(2016, 4, 1),
        params=fixed(outcome="may_dismiss"),
        note="无须等待行政诉讼结果；宣告无效的决定被生效行政判决撤销的，权利人可以另行起诉（参考资料第7节，[R]）。",
    )
)
RULES += _cpl_versions(
    "civil.defence_period",
    "civil",
    "period",
    "被告提出答辩状的期间（答辩期）",
    "Defendant's defence period",
    {"2012": "第125条", "2017": "第125条", "2021": "第128条", "2023": "第128条"},
    period(15, "days"),
    note="被告自收到起诉状副本之日起十五日内提出答辩状；在中华人民共和国领域内没有住所的被告为三十日（见 civil.defence_period.foreign）。条文序号未核实（[R]）。",
)
RULES += _cpl_versions(
    "civil.defence_period.foreign",
    "civil",
    "period",
    "在中华人民共和国领域内没有住所的被告的答辩期",
    "Defence period of a defendant without domicile in China",
    {"2012": "第268条", "2017": "第268条", "2021": "第271条", "2023": "第285条"},
    period(30, "days"),
    note="自收到起诉状副本之日起三十日内提出答辩状；被告申请延期的，是否准许由人民法院决定。条文序号未核实（[R]）。",
)


# --- trial time limits (审限, issue 6): stays do not count ----------------------------------------------
_TIME_LIMIT_NOTE = "期间自立案次日起算；中止诉讼期间不计入（最高人民法院关于严格执行案件审理期限制度的若干规定，[R]）。条文序号待核对原文（[R]）。"
RULES += _cpl_versions(
    "trial.time_limit.civil_first_instance",
    "trial",
    "time_limit",
    "第一审民事案件（普通程序）审理期限",
    "Time limit of a first-instance civil case (ordinary procedure)",
    {"2012": "第149条", "2017": "第149条", "2021": "第152条", "2023": "第152条"},
    period(6, "months", roll_forward=False, extension="6 months, by the president; further by the court above"),
    note="应当在立案之日起六个月内审结；有特殊情况需要延长的，经本院院长批准，可以延长六个月；还需要延长的，报请上级人民法院批准。" + _TIME_LIMIT_NOTE,
)
RULES += _cpl_versions(
    "trial.time_limit.civil_simplified",
    "trial",
    "time_limit",
    "简易程序民事案件审理期限",
    "Time limit of a civil case under the simplified procedure",
    {"2012": "第161条", "2017": "第161条", "2021": "第164条", "2023": "第164条"},
    period(3, "months", roll_forward=False),
    note="应当在立案之日起三个月内审结；2021年修正起，有特殊情况需要延长的，经本院院长批准，可以延长一个月。" + _TIME_LIMIT_NOTE,
)
RULES += _cpl_versions(
    "trial.time_limit.civil_appeal_judgment",
    "trial",
    "time_limit",
    "第二审民事案件（对判决的上诉）审理期限",
    "Time limit of a civil appeal against a judgment",
    {"2012": "第176条", "2017": "第176条", "2021": "第183条", "2023": "第183条"},
    period(3, "months", roll_forward=False),
    note="应当在第二审立案之日起三个月内审结；有特殊情况需要延长的，由本院院长批准。" + _TIME_LIMIT_NOTE,
)
RULES += _cpl_versions(
    "trial.time_limit.civil_appeal_ruling",
    "trial",
    "time_limit",
    "第二审民事案件（对裁定的上诉）审理期限",
    "Time limit of a civil appeal against a ruling",
    {"2012": "第176条", "2017": "第176条", "2021": "第183条", "2023": "第183条"},
    period(30, "days", roll_forward=False),
    note="应当在第二审立案之日起三十日内作出终审裁定。" + _TIME_LIMIT_NOTE,
)
RULES += [
    RuleSpec(
        code="trial.time_limit.admin_first_instance",
        module="trial",
        category="time_limit",
        title="第一审行政案件审理期限",
        title_en="Time limit of a first-instance administrative case",
        legal_basis=ALL,
        article="第81条",
        law_version="2017",
        version_label="2017年修正",
        effective_from=D(2017, 7, 1),
        params=period(6, "months", roll_forward=False),
        note="应当在立案之日起六个月内作出第一审判决；有特殊情况需要延长的，由高级人民法院批准，高级人民法院审理第一审案件需要延长的，由最高人民法院批准。" + _TIME_LIMIT_NOTE,
    ),
    RuleSpec(
        code="trial.time_limit.admin_appeal",
        module="trial",
        category="time_limit",
        title="第二审行政案件审理期限",
        title_en="Time limit of an administrative appeal",
        legal_basis=ALL,
        article="第88条",
        law_version="2017",
        version_label="2017年修正",
        effective_from=D(2017, 7, 1),
        params=period(3, "months", roll_forward=False),
        note="应当在收到上诉状之日起三个月内作出终审判决。" + _TIME_LIMIT_NOTE,
    ),
]


# Criminal IP cases (侵犯知识产权罪) and civil retrial reviews (再审审查): issue 6's last 审限 rules.
CRIMINAL_PROCEDURE = "中华人民共和国刑事诉讼法"
_CRIMINAL_TEXTS = [
    ("2012", "2012年修正", D(2013, 1, 1), D(2018, 10, 25), {"first": "第202条", "appeal": "第232条"}),
    ("2018", "2018年修正", D(2018, 10, 26), None, {"first": "第208条", "appeal": "第243条"}),
]
for _version, _label, _start, _end, _articles in _CRIMINAL_TEXTS:
    RULES += [
        RuleSpec(
            code="trial.time_limit.criminal_first_instance",
            module="trial",
            category="time_limit",
            title="第一审刑事公诉案件审理期限",
            title_en="Time limit of a first-instance criminal case (public prosecution)",
            legal_basis=CRIMINAL_PROCEDURE,
            article=_articles["first"],
            law_version=_version,
            version_label=_label,
            effective_from=_start,
            effective_to=_end,
            params=period(2, "months", roll_forward=False, extension="up to 3 months in all; 3 more months with the approval of the court above"),
            note="应当在受理后二个月以内宣判，至迟不得超过三个月；可能判处死刑、附带民事诉讼或者有法定情形的，经上一级人民法院批准，可以延长三个月；因特殊情况还需要延长的，报请最高人民法院批准。"
            + _TIME_LIMIT_NOTE,
        ),
        RuleSpec(
            code="trial.time_limit.criminal_appeal",
            module="trial",
            category="time_limit",
            title="第二审刑事案件审理期限",
            title_en="Time limit of a criminal appeal or protest",
            legal_basis=CRIMINAL_PROCEDURE,
            article=_articles["appeal"],
            law_version=_version,
            version_label=_label,
            effective_from=_start,
            effective_to=_end,
            params=period(2, "months", roll_forward=False, extension="2 months, with the approval of the high court"),
            note="第二审人民法院受理上诉、抗诉案件，应当在二个月以内审结；有法定情形的，经省、自治区、直辖市高级人民法院批准或者决定，可以延长二个月。"
            + _TIME_LIMIT_NOTE,
        ),
    ]
RULES += _cpl_versions(
    "trial.time_limit.civil_retrial_review",
    "trial",
    "time_limit",
    "民事再审申请的审查期限",
    "Time limit of the review of a civil retrial application",
    {"2012": "第204条", "2017": "第204条", "2021": "第211条", "2023": "第215条"},
    period(3, "months", roll_forward=False),
    note="人民法院应当自收到再审申请书之日起三个月内审查；有特殊情况需要延长的，由本院院长批准。平台自再审审查立案次日起算。" + _TIME_LIMIT_NOTE,
)

# Retrials (再审) and administrative retrial reviews (行申). A civil or administrative retrial is tried
# under the procedure of the instance whose judgment it reopens (CPL 2012/2017 art 207, 2021 art 214,
# 2023 art 218; ALL art 92 with its interpretation), so it takes the first-instance or the appeal rule
# above (proceedings.services.time_limit_rule); a criminal retrial and an administrative retrial
# review have rules of their own.
ALL_INTERPRETATION = "最高人民法院关于适用《中华人民共和国行政诉讼法》的解释"
RULES += [
    RuleSpec(
        code="trial.time_limit.admin_retrial_review",
        module="trial",
        category="time_limit",
        title="行政再审申请的审查期限",
        title_en="Time limit of the review of an administrative retrial application",
        legal_basis=ALL_INTERPRETATION,
        article="第117条",
        law_version="2018",
        version_label="法释〔2018〕1号",
        effective_from=D(2018, 2, 8),
        params=period(6, "months", roll_forward=False, extension="by the president"),
        note="人民法院应当自再审申请案件立案之日起六个月内审查；有特殊情况需要延长的，由本院院长批准。条文序号未核实（[R]）。" + _TIME_LIMIT_NOTE,
    ),
]
for _version, _label, _start, _end, _article in (
    ("2012", "2012年修正", D(2013, 1, 1), D(2018, 10, 25), "第247条"),
    ("2018", "2018年修正", D(2018, 10, 26), None, "第258条"),
):
    RULES.append(
        RuleSpec(
            code="trial.time_limit.criminal_retrial",
            module="trial",
            category="time_limit",
            title="按照审判监督程序重新审判的刑事案件审理期限",
            title_en="Time limit of a criminal retrial",
            legal_basis=CRIMINAL_PROCEDURE,
            article=_article,
            law_version=_version,
            version_label=_label,
            effective_from=_start,
            effective_to=_end,
            params=period(3, "months", roll_forward=False, extension="up to 6 months in all"),
            note="应当在作出提审、再审决定之日起三个月以内审结，需要延长期限的，不得超过六个月。平台自再审立案次日起算。条文序号未核实（[R]）。" + _TIME_LIMIT_NOTE,
        )
    )
