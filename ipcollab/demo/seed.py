"""Demo data: named logins for every role, staff and liaisons across the reference agencies.

Writes in bulk, so the whole seed is one audit event (DESIGN §3: a bulk job is one event with
its counts and a digest), not thousands.
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcollab.access.models import GrantKind, RecordGrant
from ipcollab.accounts.models import AccountKind, ApiToken, Membership, Role, User, hash_token
from ipcollab.audit import services as audit
from ipcollab.core.models import Visibility
from ipcollab.orgs.models import Agency, AgencyKind, Division, LiaisonDesignation, LiaisonRole

from .accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from .adjudication import seed_adjudication
from .consultation import seed_consultation
from .freezes import seed_freezes
from .mediation import seed_mediation
from .mediation_agreements import seed_mediation_agreements
from .names import NameMaker
from .proceedings import seed_proceedings
from .rights import import_rights, seed_rights

SIZES = {
    "small": {
        "staff_per_agency": (2, 4),
        "agency_share": 0.35,
        "liaison_share": 0.6,
        "patents": 300,
        "trademarks": 150,
        "imported_patents": 3000,
        "imported_trademarks": 2000,
        "freeze_stories": 12,
        "proceeding_stories": 6,
    },
    "large": {
        "staff_per_agency": (8, 20),
        "agency_share": 1.0,
        "liaison_share": 0.85,
        "patents": 3000,
        "trademarks": 1500,
        "imported_patents": 30000,
        "imported_trademarks": 20000,
        "freeze_stories": 120,
        "proceeding_stories": 60,
    },
}
TOKEN_FILE = "demo_api_token.txt"

ROLE_BY_KIND = {
    AgencyKind.COURT: ["judge", "judge", "clerk", "clerk", "enforcement_officer", "viewer"],
    AgencyKind.IP_OFFICE: ["examiner", "case_handler", "case_handler", "preservation_handler", "analyst", "viewer"],
    AgencyKind.MEDIATION: ["mediator", "mediator", "mediator", "viewer"],
    AgencyKind.PROTECTION_CENTRE: ["case_handler", "mediator", "analyst", "viewer"],
    AgencyKind.RAPID_PROTECTION_CENTRE: ["case_handler", "mediator", "viewer"],
}
TITLE_BY_ROLE = {
    "judge": "审判员",
    "clerk": "书记员",
    "enforcement_officer": "执行员",
    "examiner": "审查员",
    "case_handler": "案件承办人",
    "preservation_handler": "协助执行专员",
    "analyst": "统计分析员",
    "mediator": "调解员",
    "viewer": "科员",
}


class SeedError(Exception):
    pass


def find_agency(ref):
    kind, _, value = ref.partition(":")
    qs = Agency.objects.filter(is_active=True)
    if kind == "c":
        agency = qs.filter(court_code=value).first()
    elif kind == "n":
        agency = qs.filter(name=value).first()
    else:
        agency = qs.filter(kind=value).order_by("id").first()
    if agency is None:
        raise SeedError(_("找不到参考机构 %(ref)s：请先运行 migrate（参考数据随 orgs 迁移加载）。") % {"ref": ref})
    return agency


def demo_token(seed):
    """A reproducible token for the demo system account (the demo is not a secret store)."""
    rng = random.Random(f"token-{seed}")
    prefix = "".join(rng.choice("0123456789abcdef") for _ in range(ApiToken.PREFIX_LEN))
    secret = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789") for _ in range(43))
    return prefix, f"ipc_{prefix}_{secret}"


# The demo's stories run through the services on "today" and compute periods forward from it (up to
# about a month with roll-forward: a mediation's period, the 30 days to apply for confirmation). A
# period ending in a year whose holiday calendar is not on record cannot be computed (reference
# §13), so the demo is generated as of a day far enough inside the calendar on record.
CALENDAR_MARGIN = timedelta(days=35)


def demo_day(today=None):
    """Today, or — when today is within CALENDAR_MARGIN of the end of the last published year of the
    holiday calendar — that many days before it."""
    from ipcollab.deadlines.models import CalendarYear

    today = today or timezone.localdate()
    last = CalendarYear.objects.filter(published=True).order_by("-year").values_list("year", flat=True).first()
    if last is None:
        return today
    return min(today, date(last, 12, 31) - CALENDAR_MARGIN)


def seed(size="small", seed=1, out=print, rights_scale=1.0):
    """Seed the demo as of demo_day(): on today's date, or on an earlier day when the holiday
    calendar on record does not reach far enough (the platform admin enters the next year's
    calendar at /deadlines/calendar/<year>/; seeding again on a new database then uses today)."""
    today, day = timezone.localdate(), demo_day()
    if day == today:
        return _seed(size=size, seed=seed, out=out, rights_scale=rights_scale)
    import time_machine  # installed with the project's tooling; used only for this

    out(_("节假日安排仅录入至%(year)s年：演示数据按%(day)s生成（其期限须落在已录入的年度内）。") % {"year": day.year, "day": day.isoformat()})
    when = timezone.make_aware(datetime.combine(day, time(10, 0)))
    with time_machine.travel(when, tick=True):
        return _seed(size=size, seed=seed, out=out, rights_scale=rights_scale)


@transaction.atomic
def _seed(size="small", seed=1, out=print, rights_scale=1.0):
    if size not in SIZES:
        raise SeedError(_("未知的规模 %(size)s：可选 small 或 large。") % {"size": size})
    if User.objects.filter(username="admin").exists():
        raise SeedError(_("演示数据已存在（用户 admin 已存在），请使用空数据库。"))
    cfg = SIZES[size]
    rng = random.Random(seed)
    names = NameMaker(seed)
    roles = {r.code: r for r in Role.objects.all()}
    password_hash = make_password(DEMO_PASSWORD)
    divisions = {(d.agency_id, d.name): d for d in Division.objects.all()}

    users, memberships = [], []

    def add_user(username, agency, role_codes, full_name, title="", division=None, kind=AccountKind.STAFF, is_staff=False):
        user = User(
            username=username,
            password=password_hash,
            kind=kind,
            agency=agency,
            division=division,
            full_name=full_name,
            title=title,
            email=f"{username}@{(agency.code if agency else 'party').replace('-', '')}.example.cn",
            phone=names.mobile(),
            is_staff=is_staff,
            is_superuser=False,
        )
        users.append((user, agency, role_codes))
        return user

    named_agencies = {}
    for username, ref, role_codes, full_name, title, division_name in DEMO_ACCOUNTS:
        agency = find_agency(ref)
        named_agencies[username] = agency
        division = divisions.get((agency.id, division_name)) if division_name else None
        add_user(username, agency, role_codes, full_name, title, division, is_staff="platform_admin" in role_codes)
        names._used.add(full_name)

    cnipa = named_agencies["cnipa_admin"]
    add_user("cnipa_system", cnipa, [], "国家知识产权局业务系统", kind=AccountKind.SYSTEM)
    add_user("party_demo", None, [], "深圳市云启智能科技有限公司", kind=AccountKind.EXTERNAL)

    # Staff across the reference agencies.
    agencies = list(Agency.objects.filter(is_active=True).order_by("id"))
    chosen = [a for a in agencies if rng.random() < cfg["agency_share"]] if cfg["agency_share"] < 1 else agencies
    for agency in chosen:
        pool = ROLE_BY_KIND.get(agency.kind, ["case_handler", "viewer"])
        for i in range(rng.randint(*cfg["staff_per_agency"])):
            role = pool[i % len(pool)]
            full_name = names.name()
            username = f"{agency.code.replace('-', '_')}_{i + 1:02d}"
            add_user(username, agency, [role], full_name, TITLE_BY_ROLE.get(role, ""))

    User.objects.bulk_create([u for u, _, _ in users], batch_size=1000)
    saved = {u.username: u for u in User.objects.filter(username__in=[u.username for u, _, _ in users])}
    for user, agency, role_codes in users:
        for code in role_codes:
            memberships.append(Membership(user=saved[user.username], agency=agency, role=roles[code]))
    Membership.objects.bulk_create(memberships, batch_size=1000)

    # Liaisons: the named liaisons, then a primary and a deputy for a share of the agencies.
    today = date.today()
    liaisons = []
    staff_by_agency = {}
    for u in saved.values():
        if u.kind == AccountKind.STAFF and u.agency_id:
            staff_by_agency.setdefault(u.agency_id, []).append(u)

    def designate(person, agency, role, counterpart=None, visibility=Visibility.NETWORK, title="", since=None):
        liaisons.append(
            LiaisonDesignation(
                agency=agency,
                division=person.division,
                person=person,
                role=role,
                counterpart=counterpart,
                title=title or person.title,
                phone=names.office_phone(agency.region_id),
                mobile=person.phone,
                email=person.email,
                valid_from=since or today - timedelta(days=rng.randint(30, 900)),
                visibility=visibility,
            )
        )

    spc, bj73 = named_agencies["spc_liaison"], named_agencies["bj73_liaison"]
    designate(saved["spc_liaison"], spc, LiaisonRole.PRIMARY, title="最高人民法院联络人（民三庭）")
    designate(saved["spc_judge"], spc, LiaisonRole.DEPUTY, title="副联络人（知识产权法庭）")
    designate(saved["cnipa_liaison"], cnipa, LiaisonRole.PRIMARY, title="国家知识产权局联络人（保护司）")
    designate(saved["cnipa_handler"], cnipa, LiaisonRole.DEPUTY)
    designate(saved["bj73_liaison"], bj73, LiaisonRole.PRIMARY)
    # A counterpart-specific pair, visible only to the two agencies (parties + a party grant).
    designate(saved["spc_admin"], spc, LiaisonRole.PRIMARY, counterpart=cnipa, visibility=Visibility.PARTIES, title="对国家知识产权局专线联络人")
    # An internal deputy that only the agency itself sees.
    designate(saved["bj73_clerk"], bj73, LiaisonRole.DEPUTY, visibility=Visibility.PRIVATE, title="内部值班联络人")
    skip = {spc.id, cnipa.id, bj73.id, named_agencies["gz73_admin"].id}  # 粤73 is left without one: its admin sees the reminder
    for agency_id, staff in staff_by_agency.items():
        if agency_id in skip or rng.random() > cfg["liaison_share"]:
            continue
        agency = next(a for a in agencies if a.id == agency_id)
        designate(staff[0], agency, LiaisonRole.PRIMARY)
        if len(staff) > 1:
            designate(staff[1], agency, LiaisonRole.DEPUTY)
    LiaisonDesignation.objects.bulk_create(liaisons, batch_size=1000)

    pair = LiaisonDesignation.objects.get(agency=spc, counterpart=cnipa, valid_to__isnull=True)
    RecordGrant.objects.create(
        content_type=ContentType.objects.get_for_model(LiaisonDesignation),
        object_id=str(pair.pk),
        kind=GrantKind.PARTY,
        grantee_agency=cnipa,
        reason="对口联络",
    )

    prefix, raw = demo_token(seed)
    ApiToken.objects.create(user=saved["cnipa_system"], name="演示令牌", prefix=prefix, key_hash=hash_token(raw), scopes=["*"], expires_at=_token_expiry())
    token_path = Path(settings.BASE_DIR) / "var" / TOKEN_FILE
    token_path.parent.mkdir(parents=True, exist_ok=True)
    token_path.write_text(raw + "\n", encoding="utf-8")

    rights = seed_rights(saved["cnipa_examiner"], seed=seed, patents=round(cfg["patents"] * rights_scale), trademarks=round(cfg["trademarks"] * rights_scale))
    rights.update(
        import_rights(
            saved["cnipa_examiner"],
            seed=seed,
            patents=round(cfg["imported_patents"] * rights_scale),
            trademarks=round(cfg["imported_trademarks"] * rights_scale),
        )
    )
    # Freeze orders on the seeded patents, through the preservation services.
    rights.update(seed_freezes(seed=seed, extra=cfg["freeze_stories"]))
    # Parallel proceedings on other demo rights (suits, invalidations, appeals), through the proceedings services.
    rights.update(seed_proceedings(seed=seed, extra=cfg["proceeding_stories"]))
    # Mediation (every source and state), agreements and judicial confirmation, then administrative
    # adjudication through to enforcement (its damages mediated as an administrative mediation).
    seed_mediation(seed=seed)
    seed_mediation_agreements(seed=seed)
    seed_adjudication(seed=seed)
    rights.update(_issue7_counts())
    # A year of consultation between the SPC and CNIPA and between provincial pairs (issue 8).
    seed_consultation(seed=seed)
    rights.update(_issue8_counts())
    counts = {"users": len(saved), "memberships": len(memberships), "liaisons": len(liaisons), "agencies_with_staff": len(staff_by_agency), **rights}
    digest = hashlib.sha256(",".join(sorted(saved)).encode()).hexdigest()
    audit.record(
        actor=None, agency=None, action="demo.seed", object_type="demo", object_id=f"{size}-{seed}", object_label="演示数据", after={**counts, "digest": digest}
    )
    out(f"seeded {size} demo data (seed {seed}): " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    return counts


def _issue8_counts():
    from ipcollab.consultation.models import ActionItem, CommentRound, ConsensusDocument, Meeting, StandardsFeedback

    return {
        "meetings": Meeting.objects.count(),
        "consensus_documents": ConsensusDocument.objects.count(),
        "action_items": ActionItem.objects.count(),
        "comment_rounds": CommentRound.objects.count(),
        "standards_feedback": StandardsFeedback.objects.count(),
    }


def _issue7_counts():
    from ipcollab.adjudication.models import Adjudication, EnforcementApplication
    from ipcollab.mediation.models import Agreement, ConfirmationApplication, Mediation

    return {
        "mediations": Mediation.objects.count(),
        "agreements": Agreement.objects.count(),
        "confirmation_applications": ConfirmationApplication.objects.count(),
        "adjudications": Adjudication.objects.count(),
        "enforcement_applications": EnforcementApplication.objects.count(),
    }


def _token_expiry():
    from django.utils import timezone

    return timezone.now() + timedelta(days=365)
