"""The fixed list of scopes an API token may carry. A module that adds API endpoints adds its
scopes here; "*" grants every scope."""

from django.utils.translation import gettext_lazy as _

ALL = "*"

KNOWN_SCOPES = {
    "orgs:read": _("读取机构、内设机构和联络人"),
    "orgs:write": _("维护机构、内设机构和联络人"),
    "accounts:read": _("读取人员和角色"),
    "accounts:write": _("维护人员和角色"),
    "audit:read": _("读取审计日志"),
    "events:read": _("读取事件订阅、投递记录和通知"),
    "events:write": _("登记和维护事件订阅（Webhook）、标记通知已读"),
    "deadlines:read": _("计算期限，读取节假日日历和送达记录"),
    "deadlines:write": _("登记送达（发出与实际送达）"),
    "rules:read": _("读取法律规则、按规则计算期限和管辖表"),
    "registry:read": _("读取当事人、代理人和授权委托（个人信息脱敏）"),
    "registry:write": _("维护当事人（更名、合并）、代理人和授权委托"),
    "preservation:read": _("读取本院或分配给本人的冻结裁定及其送达记录"),
    "preservation:order": _("提交、续行、解除、移交冻结裁定，查询权利（法院）"),
    "preservation:handle": _("登记或退回冻结裁定（国家知识产权局保全登记承办人）"),
    "preservation:acknowledge": _("签收冻结裁定的送达（电子回执）"),
    "registry:import": _("批量导入专利和商标（来源数据），读取导入任务和错误报告"),
    "alerts:read": _("读取本人的关注和订阅检索及其命中记录"),
    "alerts:write": _("关注或取消关注权利和案件，维护备注、事件类型和订阅检索"),
    "proceedings:read": _("读取案件与国家知识产权局程序（当事人、权利、中止、审限、文书送达、平行程序）"),
    "proceedings:write": _("登记案件与程序，办理决定、结案、中止、恢复、送达、指派和关联"),
    "proceedings:exchange": _("批量推送本机构的案件、程序和决定，拉取变更（法院和国家知识产权局业务系统）"),
    "mediation:read": _("读取可见的调解案件、调解组织和调解员名录及调解统计，拉取变更"),
    "mediation:write": _("委派、委托或登记调解案件，分配、接受、退回、延长、记录日志和会议、记录调解结果"),
    "adjudication:read": _("读取本机关的专利侵权纠纷行政裁决，或向本院申请强制执行的行政裁决（行审）"),
    "adjudication:write": _("登记处理请求，办理立案、中止、裁决、送达、催告、申请强制执行；法院办理行审受理和裁定"),
    "consultation:read": _("读取本机构参加的会商会议、共识文件、落实事项、征求意见、标准反馈和联络沟通"),
    "consultation:write": _("提交议题、报告落实事项进展、提交征求意见反馈和标准反馈"),
}


def choices():
    return [(ALL, _("全部权限（*）")), *KNOWN_SCOPES.items()]


def is_known(scope):
    return scope == ALL or scope in KNOWN_SCOPES
