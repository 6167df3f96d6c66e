"""Stable error codes and the one exception services raise.

Codes are part of the public contract (API clients switch on them): never rename one;
add new ones. Messages are translated; codes are not.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    INVALID = "invalid"
    REQUIRED = "required"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"
    AUTHENTICATION_FAILED = "authentication_failed"
    TOKEN_EXPIRED = "token_expired"
    TOKEN_SCOPE = "token_scope"
    THROTTLED = "throttled"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    PARSE_ERROR = "parse_error"
    NOT_ACCEPTABLE = "not_acceptable"
    CONFLICT = "conflict"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    IDEMPOTENCY_KEY_INVALID = "idempotency_key_invalid"
    IDEMPOTENCY_IN_PROGRESS = "idempotency_in_progress"
    INVALID_CURSOR = "invalid_cursor"
    SERVER_ERROR = "server_error"
    # domain codes of the skeleton
    AGENCY_CODE_TAKEN = "agency_code_taken"
    COURT_CODE_TAKEN = "court_code_taken"
    COURT_CODE_REQUIRED = "court_code_required"
    REGION_UNKNOWN = "region_unknown"
    PARENT_CYCLE = "parent_cycle"
    ROLE_UNKNOWN = "role_unknown"
    ROLE_NOT_ASSIGNABLE = "role_not_assignable"
    USERNAME_TAKEN = "username_taken"
    WEAK_PASSWORD = "weak_password"
    LIAISON_NOT_STAFF = "liaison_not_staff"
    LIAISON_DATES = "liaison_dates"
    LIAISON_DUPLICATE_PRIMARY = "liaison_duplicate_primary"
    LIAISON_ALREADY_ENDED = "liaison_already_ended"
    GRANT_DUPLICATE = "grant_duplicate"
    OTP_INVALID = "otp_invalid"
    LAST_ADMIN = "last_admin"
    # accounts
    SELF_ACTION = "self_action"
    ACCOUNT_KIND_INVALID = "account_kind_invalid"
    DIVISION_MISMATCH = "division_mismatch"
    ROLE_NOT_HELD = "role_not_held"
    SCOPE_UNKNOWN = "scope_unknown"
    TOKEN_EXPIRY_INVALID = "token_expiry_invalid"
    # orgs
    DIVISION_NAME_TAKEN = "division_name_taken"
    # events
    EVENT_TYPE_UNKNOWN = "event_type_unknown"
    WEBHOOK_URL_NOT_HTTPS = "webhook_url_not_https"
    CHANNEL_NOT_ALLOWED = "channel_not_allowed"
    # deadlines and service (送达)
    CALENDAR_UNPUBLISHED = "calendar_unpublished"
    BAD_UNIT = "bad_unit"
    BAD_AMOUNT = "bad_amount"
    BAD_START = "bad_start"
    CALENDAR_DAY_TAKEN = "calendar_day_taken"
    CALENDAR_DAY_REDUNDANT = "calendar_day_redundant"
    CALENDAR_YEAR_EMPTY = "calendar_year_empty"
    RECEIPT_BEFORE_DISPATCH = "receipt_before_dispatch"
    SERVICE_IN_FUTURE = "service_in_future"
    SERVICE_NOT_RECEIVED = "service_not_received"
    # rulebook (rules as data, jurisdiction)
    RULE_UNKNOWN = "rule_unknown"
    RULE_NOT_IN_EFFECT = "rule_not_in_effect"
    RULE_NOT_ADJUSTABLE = "rule_not_adjustable"
    RULE_OUT_OF_BOUNDS = "rule_out_of_bounds"
    RULE_DATES_OVERLAP = "rule_dates_overlap"
    RULE_PARAMETERS_INVALID = "rule_parameters_invalid"
    RULE_BACKDATED = "rule_backdated"
    RULE_NOT_A_PERIOD = "rule_not_a_period"
    CATEGORY_UNKNOWN = "category_unknown"
    COURT_UNKNOWN = "court_unknown"
    NO_COMPETENT_COURT = "no_competent_court"
    NO_APPELLATE_COURT = "no_appellate_court"
    NO_ADJUDICATION_OFFICE = "no_adjudication_office"
    # registry: parties and representatives
    PARTY_DUPLICATE = "party_duplicate"
    PARTY_MERGED = "party_merged"
    PARTY_MERGE_SELF = "party_merge_self"
    PARTY_MERGE_CYCLE = "party_merge_cycle"
    PARTY_MERGE_KIND = "party_merge_kind"
    REPRESENTATIVE_DUPLICATE = "representative_duplicate"
    REPRESENTATIVE_FIRM_INVALID = "representative_firm_invalid"
    POA_REVOKED = "poa_revoked"
    # registry: rights and legal events
    RIGHT_DUPLICATE = "right_duplicate"
    EVENT_REFUSED = "event_refused"
    EVENT_IN_FUTURE = "event_in_future"
    RECONCILIATION_CLOSED = "reconciliation_closed"
    # registry: bulk exchange
    IMPORT_FORMAT_UNKNOWN = "import_format_unknown"
    IMPORT_FILE_EMPTY = "import_file_empty"
    IMPORT_FILE_TOO_LARGE = "import_file_too_large"
    IMPORT_HEADER_MISSING = "import_header_missing"
    IMPORT_UNREADABLE = "import_unreadable"
    EXPORT_TOO_LARGE = "export_too_large"
    # preservation (freezes)
    FREEZE_RIGHT_NOT_LIVE = "freeze_right_not_live"
    FREEZE_ORDER_CLOSED = "freeze_order_closed"
    FREEZE_ALREADY_REGISTERED = "freeze_already_registered"
    FREEZE_ORDER_NOT_EFFECTIVE = "freeze_order_not_effective"
    FREEZE_RENEWAL_AFTER_EXPIRY = "freeze_renewal_after_expiry"
    # preservation: documents (PDF)
    DOCUMENT_KIND_UNKNOWN = "document_kind_unknown"
    DOCUMENT_CODE_INVALID = "document_code_invalid"
    DOCUMENT_FILE_INVALID = "document_file_invalid"
    # proceedings (issue 6)
    CASE_NUMBER_INVALID = "case_number_invalid"
    CASE_TYPE_UNSUPPORTED = "case_type_unsupported"
    PROCEEDING_DUPLICATE = "proceeding_duplicate"
    CAUSE_MISMATCH = "cause_mismatch"
    PREVIOUS_INSTANCE_PENDING = "previous_instance_pending"
    CLAIMS_NOT_IN_RIGHT = "claims_not_in_right"
    PROCEEDING_CLOSED = "proceeding_closed"
    STAY_ALREADY_OPEN = "stay_already_open"
    STAY_NOT_OPEN = "stay_not_open"
    RESULT_NOT_ALLOWED = "result_not_allowed"
    DECISION_NOT_REVIEWABLE = "decision_not_reviewable"
    DRUG_LINKAGE_LATE = "drug_linkage_late"
    EVALUATION_REPORT_NOT_AVAILABLE = "evaluation_report_not_available"
    PRIORITY_ALREADY_REQUESTED = "priority_already_requested"
    PRIORITY_ALREADY_DECIDED = "priority_already_decided"
    LINK_INVALID = "link_invalid"
    PROCEDURE_NOT_AVAILABLE = "procedure_not_available"
    # alerts (follows and saved searches)
    FOLLOW_TARGET_INVALID = "follow_target_invalid"
    FOLLOW_DUPLICATE = "follow_duplicate"
    WATCH_EMPTY = "watch_empty"
    WATCH_FILTER_INVALID = "watch_filter_invalid"
    # proceedings exchange (push)
    SOURCE_VERSION_STALE = "source_version_stale"
    # mediation (issue 7: organisations, mediators, the mediation workflow)
    MEDIATION_ORGANISATION_TAKEN = "mediation_organisation_taken"
    MEDIATION_ORGANISATION_KIND = "mediation_organisation_kind"
    MEDIATOR_NOT_ELIGIBLE = "mediator_not_eligible"
    MEDIATOR_DUPLICATE = "mediator_duplicate"
    MEDIATION_NOT_ACCEPTING = "mediation_not_accepting"
    MEDIATION_NUMBER_INVALID = "mediation_number_invalid"
    MEDIATION_NUMBER_TAKEN = "mediation_number_taken"
    MEDIATION_CASE_NOT_PENDING = "mediation_case_not_pending"
    MEDIATION_PARTIES_INVALID = "mediation_parties_invalid"
    MEDIATOR_OTHER_ORGANISATION = "mediator_other_organisation"
    MEDIATOR_UNAVAILABLE = "mediator_unavailable"
    MEDIATION_STATE = "mediation_state"
    MEDIATION_AGREEMENT_MISSING = "mediation_agreement_missing"
    MEDIATION_HANDOFF_INVALID = "mediation_handoff_invalid"
    MEDIATION_DOCUMENT_INVALID = "mediation_document_invalid"
    # mediation agreements, parties online and judicial confirmation (issue 7)
    AGREEMENT_STATE = "agreement_state"
    AGREEMENT_TERMS_INVALID = "agreement_terms_invalid"
    AGREEMENT_TEXT_CHANGED = "agreement_text_changed"
    SETTLEMENT_NOT_AUTHORISED = "settlement_not_authorised"
    INVITATION_INVALID = "invitation_invalid"
    INVITATION_CODE_WRONG = "invitation_code_wrong"
    CONFIRMATION_NOT_AVAILABLE = "confirmation_not_available"
    CONFIRMATION_LATE = "confirmation_late"
    CONFIRMATION_NOT_JOINT = "confirmation_not_joint"
    CONFIRMATION_NO_PILOT = "confirmation_no_pilot"
    CONFIRMATION_COURT_NOT_COMPETENT = "confirmation_court_not_competent"
    CONFIRMATION_STATE = "confirmation_state"
    # administrative adjudication and compulsory enforcement; hearing rooms (issue 7)
    ADJUDICATION_OFFICE_NOT_COMPETENT = "adjudication_office_not_competent"
    ADJUDICATION_RIGHT_NOT_IN_FORCE = "adjudication_right_not_in_force"
    ADJUDICATION_STATE = "adjudication_state"
    ADJUDICATION_NOT_SUSPENDABLE = "adjudication_not_suspendable"
    ENFORCEMENT_TOO_EARLY = "enforcement_too_early"
    ENFORCEMENT_TOO_LATE = "enforcement_too_late"
    ENFORCEMENT_NOT_AVAILABLE = "enforcement_not_available"
    NO_ENFORCEMENT_COURT = "no_enforcement_court"
    ROOM_CLASH = "room_clash"
    ROOM_NOT_BOOKABLE = "room_not_bookable"
    # consultation: meetings
    AGENDA_CLOSED = "agenda_closed"
    MEETING_STATE = "meeting_state"
    MEETING_PLACE_REQUIRED = "meeting_place_required"
    MEETING_PARTICIPANTS_INVALID = "meeting_participants_invalid"
    MEETING_TREND_INVALID = "meeting_trend_invalid"
    MEETING_LINK_INVALID = "meeting_link_invalid"
    MEETING_MATERIAL_INVALID = "meeting_material_invalid"
    # consultation: comment rounds and standards feedback
    COMMENT_ROUND_CLOSED = "comment_round_closed"
    COMMENT_ROUND_STATE = "comment_round_state"
    COMMENT_ROUND_DEADLINE_INVALID = "comment_round_deadline_invalid"
    COMMENT_ROUND_NO_ARTICLES = "comment_round_no_articles"
    COMMENT_ROUND_NO_INVITEES = "comment_round_no_invitees"
    COMMENT_ROUND_UNANSWERED = "comment_round_unanswered"
    FEEDBACK_STATE = "feedback_state"
    FEEDBACK_COUNTERPART_INVALID = "feedback_counterpart_invalid"
    FEEDBACK_DOCUMENT_UNSIGNED = "feedback_document_unsigned"
    FEEDBACK_MEETING_INVALID = "feedback_meeting_invalid"
    # consultation: action items and liaison threads
    ACTION_OWNER_REQUIRED = "action_owner_required"
    ACTION_OWNER_NOT_IN_AGENCY = "action_owner_not_in_agency"
    ACTION_DUE_BEFORE_MEETING = "action_due_before_meeting"
    ACTION_DOCUMENT_NOT_SIGNED = "action_document_not_signed"
    ACTION_CLOSED = "action_closed"
    ACTION_PROGRESS_INVALID = "action_progress_invalid"
    ACTION_EVIDENCE_INVALID = "action_evidence_invalid"
    THREAD_CLOSED = "thread_closed"
    THREAD_AGENCIES_REQUIRED = "thread_agencies_required"
    # consultation: consensus documents
    DOCUMENT_LOCKED = "document_locked"
    DOCUMENT_TEXT_CHANGED = "document_text_changed"
    DOCUMENT_STATE = "document_state"
    DOCUMENT_NUMBER_INVALID = "document_number_invalid"
    DOCUMENT_NUMBER_TAKEN = "document_number_taken"
    DOCUMENT_SIGNATORIES_INVALID = "document_signatories_invalid"
    DOCUMENT_ALREADY_SIGNED = "document_already_signed"
    DOCUMENT_MEETING_NOT_HELD = "document_meeting_not_held"
    DOCUMENT_COMMENTS_OPEN = "document_comments_open"


DEFAULT_MESSAGES = {
    ErrorCode.INVALID: _("提交的内容有误，请检查后重试。"),
    ErrorCode.REQUIRED: _("此项为必填项。"),
    ErrorCode.NOT_FOUND: _("未找到该记录，或您无权查看。"),
    ErrorCode.PERMISSION_DENIED: _("您没有执行此操作的权限。"),
    ErrorCode.NOT_AUTHENTICATED: _("请先登录或提供有效的访问令牌。"),
    ErrorCode.AUTHENTICATION_FAILED: _("身份验证失败。"),
    ErrorCode.TOKEN_EXPIRED: _("访问令牌已过期。"),
    ErrorCode.TOKEN_SCOPE: _("访问令牌的权限范围不包括此操作。"),
    ErrorCode.THROTTLED: _("请求过于频繁，请稍后再试。"),
    ErrorCode.METHOD_NOT_ALLOWED: _("不支持该请求方法。"),
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: _("不支持该内容类型。"),
    ErrorCode.PARSE_ERROR: _("请求内容无法解析。"),
    ErrorCode.NOT_ACCEPTABLE: _("无法按所要求的格式返回。"),
    ErrorCode.CONFLICT: _("记录已被修改，请刷新后重试。"),
    ErrorCode.IDEMPOTENCY_KEY_REUSED: _("该幂等键已用于内容不同的请求。"),
    ErrorCode.IDEMPOTENCY_KEY_INVALID: _("幂等键格式无效（1至255个可见ASCII字符）。"),
    ErrorCode.IDEMPOTENCY_IN_PROGRESS: _("使用该幂等键的请求正在处理中。"),
    ErrorCode.INVALID_CURSOR: _("分页游标无效。"),
    ErrorCode.SERVER_ERROR: _("服务器内部错误，已记录，请稍后再试。"),
    ErrorCode.ROLE_UNKNOWN: _("角色不存在。"),
    ErrorCode.ROLE_NOT_ASSIGNABLE: _("该角色不适用于此机构或此账户。"),
    ErrorCode.USERNAME_TAKEN: _("该用户名已被使用。"),
    ErrorCode.WEAK_PASSWORD: _("密码强度不足。"),
    ErrorCode.LAST_ADMIN: _("不能移除本机构最后一名有效的管理员。"),
    ErrorCode.SELF_ACTION: _("不能对自己的账户执行此操作。"),
    ErrorCode.ACCOUNT_KIND_INVALID: _("该类别的账户不能执行此操作。"),
    ErrorCode.DIVISION_MISMATCH: _("内设机构不属于该人员所在机构。"),
    ErrorCode.ROLE_NOT_HELD: _("该人员没有此角色。"),
    ErrorCode.SCOPE_UNKNOWN: _("未知的权限范围。"),
    ErrorCode.TOKEN_EXPIRY_INVALID: _("令牌到期时间须晚于当前时间，且不超过一年。"),
    ErrorCode.EVENT_TYPE_UNKNOWN: _("未知的事件类型。"),
    ErrorCode.WEBHOOK_URL_NOT_HTTPS: _("回调地址必须使用 https。"),
    ErrorCode.CHANNEL_NOT_ALLOWED: _("您不能使用该通知渠道。"),
    ErrorCode.CALENDAR_UNPUBLISHED: _("该年度的节假日安排尚未发布，无法确定该期限。"),
    ErrorCode.BAD_UNIT: _("期限单位须为 days、working_days、months 或 years。"),
    ErrorCode.BAD_AMOUNT: _("期限长度须为正整数，且不超过上限。"),
    ErrorCode.BAD_START: _("起算日无效。"),
    ErrorCode.RECEIPT_BEFORE_DISPATCH: _("送达日不能早于发出日。"),
    ErrorCode.SERVICE_NOT_RECEIVED: _("该送达尚无实际或推定送达日，期限无法起算。"),
    ErrorCode.RULE_UNKNOWN: _("法律规则库中没有该规则。"),
    ErrorCode.RULE_NOT_IN_EFFECT: _("该规则在所选日期没有生效的版本。"),
    ErrorCode.RULE_NOT_ADJUSTABLE: _("该规则由法律直接规定，不可调整。"),
    ErrorCode.RULE_OUT_OF_BOUNDS: _("参数超出该规则允许的调整范围。"),
    ErrorCode.RULE_DATES_OVERLAP: _("与该规则的其他版本在生效期间上重叠。"),
    ErrorCode.RULE_PARAMETERS_INVALID: _("规则参数不符合该规则的格式。"),
    ErrorCode.RULE_BACKDATED: _("调整只能自今日或以后生效，不能改写过去。"),
    ErrorCode.RULE_NOT_A_PERIOD: _("该规则不是期间规则，不能据以计算期限。"),
    ErrorCode.CATEGORY_UNKNOWN: _("未知的案件类别。"),
    ErrorCode.COURT_UNKNOWN: _("平台中没有该法院。"),
    ErrorCode.NO_COMPETENT_COURT: _("管辖表中没有适用于该类别、地域和日期的法院。"),
    ErrorCode.NO_APPELLATE_COURT: _("上诉路径表中没有适用于该法院、类别和日期的上诉法院。"),
    ErrorCode.NO_ADJUDICATION_OFFICE: _("行政裁决管辖表中没有适用于该地域和日期的部门。"),
    ErrorCode.PARTY_DUPLICATE: _("已有使用该统一社会信用代码的当事人。"),
    ErrorCode.PARTY_MERGED: _("该当事人已合并至其他当事人，不能再修改。"),
    ErrorCode.PARTY_MERGE_SELF: _("不能将当事人合并到其自身。"),
    ErrorCode.PARTY_MERGE_CYCLE: _("合并会形成循环：目标当事人已合并到被合并的当事人。"),
    ErrorCode.PARTY_MERGE_KIND: _("自然人与组织不能相互合并。"),
    ErrorCode.REPRESENTATIVE_DUPLICATE: _("已有使用该统一社会信用代码的代理机构。"),
    ErrorCode.REPRESENTATIVE_FIRM_INVALID: _("所属机构必须是律师事务所或专利、商标代理机构，且执业人员才能有所属机构。"),
    ErrorCode.POA_REVOKED: _("该授权委托已撤销。"),
    ErrorCode.RIGHT_DUPLICATE: _("已有该申请号（注册号）的权利记录。"),
    ErrorCode.EVENT_REFUSED: _("该法律事件不能登记在当前法律状态上。"),
    ErrorCode.EVENT_IN_FUTURE: _("事件日期不能晚于今天。"),
    ErrorCode.RECONCILIATION_CLOSED: _("该待核对事件已处理。"),
    ErrorCode.DOCUMENT_KIND_UNKNOWN: _("没有这种文书：可选民事裁定书（ruling）、协助执行通知书（notice）、回执（receipt）。"),
    ErrorCode.DOCUMENT_CODE_INVALID: _("验证码应为文书页脚所印的 20 位（或 64 位）十六进制字符。"),
    ErrorCode.DOCUMENT_FILE_INVALID: _("上传的文件不是 PDF 文件，或超过大小上限。"),
    ErrorCode.FOLLOW_TARGET_INVALID: _("请指定要关注的一项权利或一个案件（程序），二者选其一。"),
    ErrorCode.FOLLOW_DUPLICATE: _("您已关注该项。"),
    ErrorCode.WATCH_EMPTY: _("订阅检索至少需要一个检索条件。"),
    ErrorCode.WATCH_FILTER_INVALID: _("检索条件相互矛盾或不适用于您的账户。"),
    ErrorCode.SOURCE_VERSION_STALE: _("推送的来源版本早于平台已有的版本，未写入。"),
    ErrorCode.MEDIATION_ORGANISATION_TAKEN: _("该机构已入驻为调解组织。"),
    ErrorCode.MEDIATION_ORGANISATION_KIND: _("只有调解组织、知识产权保护中心、知识产权局和法院可以入驻为调解组织。"),
    ErrorCode.MEDIATOR_NOT_ELIGIBLE: _("调解员须为该调解组织所在机构的在职人员，并具有调解员角色。"),
    ErrorCode.MEDIATOR_DUPLICATE: _("该人员已是本组织的调解员。"),
    ErrorCode.MEDIATION_NOT_ACCEPTING: _("该调解组织目前不接受委派或已不在册。"),
    ErrorCode.MEDIATION_NUMBER_INVALID: _("诉前调解案号无效：须为本院的“民诉前调”案号。"),
    ErrorCode.MEDIATION_NUMBER_TAKEN: _("该诉前调解案号已登记。"),
    ErrorCode.MEDIATION_CASE_NOT_PENDING: _("只能委托调解本院审理中的民事案件。"),
    ErrorCode.MEDIATION_PARTIES_INVALID: _("调解须有申请人和被申请人，同一当事人只能出现一次。"),
    ErrorCode.MEDIATOR_OTHER_ORGANISATION: _("调解员只能承办本调解组织的案件。"),
    ErrorCode.MEDIATOR_UNAVAILABLE: _("该调解员暂停接案或已达同时承办上限。"),
    ErrorCode.MEDIATION_STATE: _("调解案件当前的状态不允许此操作。"),
    ErrorCode.MEDIATION_AGREEMENT_MISSING: _("调解案件没有已生效的调解协议，不能以达成协议结束。"),
    ErrorCode.MEDIATION_HANDOFF_INVALID: _("该调解结果不能这样移交法院处理。"),
    ErrorCode.MEDIATION_DOCUMENT_INVALID: _("文件类型或大小不符合要求。"),
    ErrorCode.AGREEMENT_STATE: _("该调解协议当前的状态不允许此操作。"),
    ErrorCode.AGREEMENT_TERMS_INVALID: _("调解协议条款不完整或相互矛盾。"),
    ErrorCode.AGREEMENT_TEXT_CHANGED: _("调解协议文本在发送确认后已变更，不能确认该文本。"),
    ErrorCode.SETTLEMENT_NOT_AUTHORISED: _("代理人没有代为调解、和解的特别授权（民事诉讼法第62条），不能确认协议或申请司法确认。"),
    ErrorCode.INVITATION_INVALID: _("邀请链接无效、已过期、已撤销或已使用。"),
    ErrorCode.INVITATION_CODE_WRONG: _("验证码错误。"),
    ErrorCode.CONFIRMATION_NOT_AVAILABLE: _("该调解协议不能申请司法确认。"),
    ErrorCode.CONFIRMATION_LATE: _("已超过申请司法确认的期间（调解协议生效之日起三十日）。"),
    ErrorCode.CONFIRMATION_NOT_JOINT: _("司法确认须由双方当事人共同申请：尚有当事人未在线确认，且未附其书面同意。"),
    ErrorCode.CONFIRMATION_NO_PILOT: _("该法院未开展行政调解协议司法确认试点，不能受理行政调解协议的司法确认申请。"),
    ErrorCode.CONFIRMATION_COURT_NOT_COMPETENT: _("所选法院对该司法确认申请没有管辖权。"),
    ErrorCode.CONFIRMATION_STATE: _("该司法确认申请当前的状态不允许此操作。"),
    ErrorCode.ADJUDICATION_OFFICE_NOT_COMPETENT: _("该部门不是该侵权行为地处理专利侵权纠纷的管辖部门。"),
    ErrorCode.ADJUDICATION_RIGHT_NOT_IN_FORCE: _("请求处理的须是有效的授权专利。"),
    ErrorCode.ADJUDICATION_STATE: _("该行政裁决案件当前的阶段不允许此操作。"),
    ErrorCode.ADJUDICATION_NOT_SUSPENDABLE: _("没有可据以中止（或恢复）的无效宣告程序。"),
    ErrorCode.ENFORCEMENT_TOO_EARLY: _("尚不能申请强制执行：起诉期限或催告期间尚未届满。"),
    ErrorCode.ENFORCEMENT_TOO_LATE: _("已超过申请强制执行的期限（起诉期限届满之日起三个月）。"),
    ErrorCode.ENFORCEMENT_NOT_AVAILABLE: _("该裁决不能申请强制执行。"),
    ErrorCode.NO_ENFORCEMENT_COURT: _("管辖表中没有该行政机关所在地的基层人民法院。"),
    ErrorCode.ROOM_CLASH: _("该审理室在所选时间已被预约。"),
    ErrorCode.ROOM_NOT_BOOKABLE: _("您不能预约该审理室。"),
    ErrorCode.AGENDA_CLOSED: _("该会商会议已不接受议题：已过议题提交截止日，或会议已召开、已取消。"),
    ErrorCode.MEETING_STATE: _("该会商会议当前的状态不允许此操作。"),
    ErrorCode.MEETING_PLACE_REQUIRED: _("会商会议须有地点或视频会议链接。"),
    ErrorCode.MEETING_PARTICIPANTS_INVALID: _("参会单位有误：同一单位只能出现一次，且须为平台中的机构。"),
    ErrorCode.MEETING_TREND_INVALID: _("趋势数据格式有误：须有标题、等长的标签和数值序列。"),
    ErrorCode.MEETING_LINK_INVALID: _("关联记录有误：案号无法识别，或在您可见的范围内没有该案件、权利或标准反馈。"),
    ErrorCode.MEETING_MATERIAL_INVALID: _("会议材料的类型或大小不符合要求。"),
    ErrorCode.COMMENT_ROUND_CLOSED: _("征求意见已截止：已过反馈截止日或已提前截止，不再接受意见。"),
    ErrorCode.COMMENT_ROUND_STATE: _("该征求意见当前的状态不允许此操作。"),
    ErrorCode.COMMENT_ROUND_DEADLINE_INVALID: _("反馈截止日不能早于发出日期。"),
    ErrorCode.COMMENT_ROUND_NO_ARTICLES: _("草案至少须有一条条文。"),
    ErrorCode.COMMENT_ROUND_NO_INVITEES: _("至少须向一个其他单位征求意见。"),
    ErrorCode.COMMENT_ROUND_UNANSWERED: _("尚有反馈意见未作处理，不能办结。"),
    ErrorCode.FEEDBACK_STATE: _("该标准反馈当前的状态不允许此操作。"),
    ErrorCode.FEEDBACK_COUNTERPART_INVALID: _("对口单位须为本单位以外的平台机构。"),
    ErrorCode.FEEDBACK_DOCUMENT_UNSIGNED: _("据以解决的文件须为已会签的共识文件。"),
    ErrorCode.FEEDBACK_MEETING_INVALID: _("只能提交给提出单位和对口单位都参加、尚在筹备中的会商会议。"),
    ErrorCode.ACTION_OWNER_REQUIRED: _("落实事项须指定责任人。"),
    ErrorCode.ACTION_OWNER_NOT_IN_AGENCY: _("责任人须为责任单位的在职工作人员。"),
    ErrorCode.ACTION_DUE_BEFORE_MEETING: _("完成时限不能早于作出决定的会议日期。"),
    ErrorCode.ACTION_DOCUMENT_NOT_SIGNED: _("共识文件尚未完成会签，不能据以建立落实事项。"),
    ErrorCode.ACTION_CLOSED: _("该落实事项已完成或已撤销，不能再变更。"),
    ErrorCode.ACTION_PROGRESS_INVALID: _("进度须为0至100之间的整数。"),
    ErrorCode.ACTION_EVIDENCE_INVALID: _("完成佐证须为PDF、OFD、DOCX、JPEG或PNG文件，且不超过大小上限。"),
    ErrorCode.THREAD_CLOSED: _("该沟通已结束，不能再回复。"),
    ErrorCode.THREAD_AGENCIES_REQUIRED: _("联络沟通须至少有一家其他单位参加。"),
    ErrorCode.DOCUMENT_LOCKED: _("该文件已由各方会签并锁定，不能再修改、审阅、签署或退回。"),
    ErrorCode.DOCUMENT_TEXT_CHANGED: _("文件文本在您查看后已变更：所签文本的哈希与当前版本不符，未签署。请重新查看后签署。"),
    ErrorCode.DOCUMENT_STATE: _("该文件当前的状态不允许此操作。"),
    ErrorCode.DOCUMENT_NUMBER_INVALID: _("文号格式有误：应为“机关代字〔年份〕序号号”（如 法知会〔2026〕3号）或“〔年份〕第N期”。"),
    ErrorCode.DOCUMENT_NUMBER_TAKEN: _("该文号已被其他文件使用。"),
    ErrorCode.DOCUMENT_SIGNATORIES_INVALID: _("会签单位有误：至少须有两个不同的单位，且包括起草单位。"),
    ErrorCode.DOCUMENT_ALREADY_SIGNED: _("本单位已签署该文件。"),
    ErrorCode.DOCUMENT_MEETING_NOT_HELD: _("会议纪要须在会议召开后起草。"),
    ErrorCode.DOCUMENT_COMMENTS_OPEN: _("尚有审阅意见未答复，不能提交会签。"),
}


class ServiceError(Exception):
    """A rule refused an action. Carries a stable code, a translated message and field errors."""

    status = 400

    def __init__(self, code, message=None, fields=None, status=None):
        self.code = ErrorCode(code)
        self.message = message if message is not None else DEFAULT_MESSAGES.get(self.code, DEFAULT_MESSAGES[ErrorCode.INVALID])
        self.fields = fields or {}
        if status is not None:
            self.status = status
        super().__init__(str(self.message))


class NotFound(ServiceError):
    status = 404

    def __init__(self, message=None):
        super().__init__(ErrorCode.NOT_FOUND, message)


class PermissionDenied(ServiceError):
    status = 403

    def __init__(self, message=None):
        super().__init__(ErrorCode.PERMISSION_DENIED, message)
