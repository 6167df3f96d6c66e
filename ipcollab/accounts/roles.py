"""The starting set of roles. Roles are rows: this list seeds them (migration 0002) and later
modules add their own rows in their own migrations."""

COURT = "court"
IP_OFFICE = "ip_office"
MEDIATION = "mediation"

ROLES = [
    # code, 中文, English, scope, applicable agency kinds ([] = all), description
    ("platform_admin", "平台管理员", "Platform administrator", "platform", [], "管理机构、参考数据和全平台设置"),
    ("agency_admin", "机构管理员", "Agency administrator", "agency", [], "管理本机构人员、角色、联络人，查阅本机构审计日志"),
    ("liaison", "联络人", "Liaison officer", "agency", [], "维护联络信息，组织会商，跟进事项"),
    ("judge", "法官", "Judge", "agency", [COURT], "审理案件，签发裁定"),
    ("clerk", "书记员", "Clerk", "agency", [COURT], "案件程序事务、送达"),
    ("enforcement_officer", "执行员", "Enforcement officer", "agency", [COURT], "执行案件，财产查控"),
    ("preservation_handler", "财产保全协助执行人员", "Preservation handler", "agency", [IP_OFFICE], "办理法院协助执行（冻结、解冻）"),
    ("examiner", "审查员", "Examiner", "agency", [IP_OFFICE], "专利、商标审查与确权"),
    ("case_handler", "案件承办人", "Case handler", "agency", [], "办理行政裁决、行政执法等案件"),
    ("mediator", "调解员", "Mediator", "agency", [MEDIATION, IP_OFFICE, "protection_centre", "rapid_protection_centre", COURT], "承接委派、委托调解"),
    ("signer", "签发人", "Authorised signer", "agency", [], "代表本机构会签纪要和文件"),
    ("analyst", "统计分析人员", "Analyst", "agency", [], "查看指标与统计报表"),
    ("viewer", "查阅人员", "Viewer", "agency", [], "只读查阅本机构可见的记录"),
]
