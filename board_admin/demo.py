"""The demo database: the real partnership of the seeds, with invented people and two years of its life.

`board-admin --demo` opens a database built here on first use, so that a newcomer sees a living system:
the governance structure and agencies of Cambridgeshire and Peterborough (seeds 000-003), the 2015-16
financial statement of seed 004 to the penny, and two financial years of meetings, registers, minutes,
actions, challenges and money ending with the current year.

Everything is built in one transaction and is deterministic: a fixed random seed, and the calendar only
through `today`, so two builds with the same `today` give the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from board_admin.db.engine import Database
from board_admin.db.models import (
    Action,
    Agency,
    AgendaItem,
    Attendance,
    BudgetLine,
    Challenge,
    ChallengeStatusChange,
    ChallengeTheme,
    Contribution,
    Expenditure,
    FinancialYearRecord,
    Group,
    IncomeLine,
    Meeting,
    Membership,
    Person,
    User,
)
from board_admin.demo_case_reviews import build_case_reviews
from board_admin.domain.dates import format_date
from board_admin.domain.enums import (
    ActionStatus,
    AttendanceStatus,
    ChallengeStatus,
    Frequency,
    GroupKind,
    MeetingStatus,
    MemberRole,
    Rag,
    Remit,
    Sector,
    UserRole,
)
from board_admin.domain.financial_year import FinancialYear
from board_admin.domain.permissions import SYSTEM, Permission
from board_admin.services.uow import UnitOfWork

SEED = 20151231
Record = TypeVar("Record")
TEAMS = "Microsoft Teams"

# --- agencies (seed 000 statutory partners; seed 001 appendices 1 and 2; seed 002 appendix 1; seed 004 5.20) ---

# key, name, short name, sector, statutory partner, active
AGENCIES: list[tuple[str, str, str, Sector, bool, bool]] = [
    ("ccc", "Cambridgeshire County Council", "CCC", Sector.LOCAL_AUTHORITY, True, True),
    ("pcc", "Peterborough City Council", "PCC", Sector.LOCAL_AUTHORITY, True, True),
    ("police", "Cambridgeshire Constabulary", "Constabulary", Sector.POLICE, True, True),
    ("ccg", "Cambridgeshire and Peterborough Clinical Commissioning Group", "CCG", Sector.HEALTH, True, True),
    ("isps", "Independent Safeguarding Partnership Service", "ISPS", Sector.OTHER, False, True),
    ("cambcity", "Cambridge City Council", "Cambridge City", Sector.LOCAL_AUTHORITY, False, True),
    ("scdc", "South Cambridgeshire District Council", "SCDC", Sector.LOCAL_AUTHORITY, False, True),
    ("ecdc", "East Cambridgeshire District Council", "ECDC", Sector.LOCAL_AUTHORITY, False, True),
    ("hdc", "Huntingdonshire District Council", "HDC", Sector.LOCAL_AUTHORITY, False, True),
    ("fdc", "Fenland District Council", "FDC", Sector.LOCAL_AUTHORITY, False, True),
    ("nhse", "NHS England Midlands and East", "NHS England", Sector.HEALTH, False, True),
    ("ccs", "Cambridgeshire Community Services NHS Trust", "CCS", Sector.HEALTH, False, True),
    ("eeast", "East of England Ambulance Service NHS Trust", "EEAST", Sector.HEALTH, False, True),
    ("lchs", "Lincolnshire Community Health Services NHS Trust", "LCHS", Sector.HEALTH, False, True),
    ("cuh", "Cambridge University Hospitals NHS Foundation Trust", "CUH", Sector.HEALTH, False, True),
    ("cpft", "Cambridgeshire and Peterborough NHS Foundation Trust", "CPFT", Sector.HEALTH, False, True),
    ("nwaft", "North West Anglia NHS Foundation Trust", "NWAFT", Sector.HEALTH, False, True),
    ("rph", "Royal Papworth Hospital NHS Foundation Trust", "Royal Papworth", Sector.HEALTH, False, True),
    ("huc", "Hertfordshire Urgent Care Community Interest Company", "HUC", Sector.HEALTH, False, True),
    # Contributors of 2015-16 (seed 004, 5.20) that have since merged or been renamed: kept for the history.
    ("hinchingbrooke", "Hinchingbrooke Hospitals NHS Trust", "Hinchingbrooke", Sector.HEALTH, False, False),
    ("papworth", "Papworth Hospital NHS Foundation Trust", "Papworth", Sector.HEALTH, False, False),
    ("cafcass", "CAFCASS Leicestershire, Lincolnshire and Cambridgeshire", "CAFCASS", Sector.OTHER, False, True),
    ("nps", "National Probation Service (South East Division)", "NPS", Sector.PROBATION, False, True),
    (
        "crc",
        "Bedfordshire, Northamptonshire, Cambridgeshire and Hertfordshire Community Rehabilitation Company",
        "BeNCH CRC",
        Sector.PROBATION,
        False,
        True,
    ),
    ("yos", "Cambridgeshire and Peterborough Youth Offending Service", "YOS", Sector.LOCAL_AUTHORITY, False, True),
    ("hmp", "HMP Peterborough", "HMP Peterborough", Sector.OTHER, False, True),
    ("btp", "British Transport Police (Midlands and East Areas)", "BTP", Sector.POLICE, False, True),
    ("fire", "Cambridgeshire Fire and Rescue Service", "CFRS", Sector.FIRE_AND_RESCUE, False, True),
    ("healthwatch", "Healthwatch Cambridgeshire and Peterborough", "Healthwatch", Sector.OTHER, False, True),
    ("opcc", "Office of the Police and Crime Commissioner", "OPCC", Sector.OTHER, False, True),
    ("ely", "Ely Diocese", "Ely Diocese", Sector.FAITH, False, True),
    ("crosskeys", "Cross Keys Homes", "Cross Keys", Sector.HOUSING, False, True),
    ("dwp", "Department for Work and Pensions", "DWP", Sector.OTHER, False, True),
    ("primary", "Primary schools", "Primary schools", Sector.EDUCATION, False, True),
    ("secondary", "Secondary schools and academies", "Secondary schools", Sector.EDUCATION, False, True),
    ("fe", "Further education colleges", "FE colleges", Sector.EDUCATION, False, True),
    ("nspcc", "NSPCC", "NSPCC", Sector.VOLUNTARY, False, True),
    ("voluntary", "Voluntary sector representatives", "Voluntary sector", Sector.VOLUNTARY, False, True),
    ("care_providers", "Independent care providers", "Care providers", Sector.OTHER, False, True),
    ("lay", "Lay members", "Lay members", Sector.LAY_MEMBER, False, True),
]

DOMAINS = {
    "ccc": "cambridgeshire.example.org.uk",
    "pcc": "peterborough.example.org.uk",
    "police": "cambs-police.example.org.uk",
    "ccg": "cpccg.example.org.uk",
    "isps": "safeguarding-partnership.example.org.uk",
    "lay": "lay-members.example.org.uk",
}

# --- people (invented) ----------------------------------------------------------------------------

# key, name, agency now, job title, active
PEOPLE: list[tuple[str, str, str, str, bool]] = [
    ("scrutineer", "Dr Alan Whitfield", "isps", "Independent Scrutineer and Chair", True),
    ("head_of_service", "Joanne Pickering", "isps", "Head of Service, Safeguarding Partnership Boards", True),
    ("business_manager", "Marcus Ogunleye", "isps", "Business Manager", True),
    ("qa_officer", "Helen Tranter", "isps", "Quality Assurance Officer", True),
    ("training_manager", "Sarah Kowalczyk", "isps", "Multi-agency Training Manager", True),
    ("review_officer", "Gareth Pryce", "isps", "Safeguarding Reviews Officer", True),
    ("cdop_manager", "Nadia Hussain", "isps", "Child Death Review Manager", True),
    ("minutes_1", "Kerry Blackwell", "isps", "Business Support Officer", True),
    ("minutes_2", "Tom Ashworth", "isps", "Business Support Officer", True),
    ("ccc_exec", "Wendy Fairbrother", "ccc", "Executive Director, People and Communities", True),
    ("ccc_children", "Richard Okafor", "ccc", "Service Director, Children's Services", True),
    ("ccc_adults", "Gillian Meadows", "ccc", "Service Director, Adults and Safeguarding", True),
    ("ccc_children_safeguarding", "Fiona Calder", "ccc", "Head of Children's Safeguarding and Quality Assurance", True),
    ("ccc_adults_safeguarding", "Stephen Harrow", "ccc", "Head of Adult Safeguarding", True),
    ("ccc_education", "Claire Dunmore", "ccc", "Education Safeguarding Lead", True),
    ("ccc_lado", "Peter Lindsay", "ccc", "Local Authority Designated Officer", True),
    ("ccc_public_health", "Dr Amira Rahman", "ccc", "Consultant in Public Health", True),
    ("ccc_councillor", "Cllr Margaret Ellison", "ccc", "Chair, Children and Young People Committee", True),
    ("ccc_participation", "Jade Turnbull", "ccc", "Participation Manager", True),
    ("ccc_children_in_care", "Martin Crossley", "ccc", "Head of Service, Children in Care", True),
    ("ccc_adults_manager", "Eleanor Rudd", "ccc", "Service Manager, Adult Safeguarding", True),
    ("pcc_children", "Daniel Shortt", "pcc", "Director of Children's Services", True),
    ("pcc_adults", "Anita Sandhu", "pcc", "Director of Adult Social Services", True),
    ("pcc_safeguarding", "Lorraine Webb", "pcc", "Head of Service, Quality Assurance and Safeguarding", True),
    ("pcc_education", "Imran Qureshi", "pcc", "Education Safeguarding Officer", True),
    ("pcc_councillor_children", "Cllr John Fitzgerald", "pcc", "Cabinet Member for Children's Services", True),
    ("pcc_councillor_adults", "Cllr Patricia Moore", "pcc", "Cabinet Member for Adult Social Care", True),
    ("pcc_early_help", "Naomi Stewart", "pcc", "Head of Early Help", True),
    ("pcc_safeguarding_manager", "Graham Tait", "pcc", "Service Manager, Safeguarding", True),
    ("police_acc_former", "Graham Lockwood", "police", "Assistant Chief Constable (retired)", False),
    ("police_acc", "Rebecca Thorne", "police", "Assistant Chief Constable", True),
    ("police_supt", "Mark Delaney", "police", "Detective Superintendent, Public Protection", True),
    ("police_exploitation", "Jason Reilly", "police", "Detective Chief Inspector, Exploitation", True),
    ("police_reviews", "Emma Castle", "police", "Detective Inspector, Safeguarding Review Unit", True),
    ("police_adults", "Owen Parry", "police", "Detective Inspector, Adult Abuse Investigation Unit", True),
    ("police_missing", "Liam O'Connor", "police", "Missing Persons Coordinator", True),
    ("ccg_chief_nurse", "Caroline Ashby", "ccg", "Chief Nurse", True),
    ("ccg_head", "Louise Brennan", "ccg", "Head of Safeguarding", True),
    ("ccg_nurse_children", "Michelle Okoro", "ccg", "Designated Nurse, Safeguarding Children", True),
    ("ccg_nurse_adults", "Janet Kershaw", "ccg", "Designated Nurse, Safeguarding Adults", True),
    ("ccg_doctor", "Dr Simon Achebe", "ccg", "Designated Doctor, Safeguarding Children", True),
    ("ccg_doctor_deaths", "Dr Katherine Lowe", "ccg", "Designated Doctor for Child Deaths", True),
    ("ccg_leder", "Ruth Gallagher", "ccg", "LeDeR Local Area Contact", True),
    ("ccg_analyst", "Hugh Kendall", "ccg", "Performance and Quality Analyst", True),
    ("cambcity", "Alison Redfern", "cambcity", "Safeguarding Lead and Housing Advice Manager", True),
    ("scdc", "Neil Hanson", "scdc", "Head of Housing", True),
    ("ecdc", "Bethany Croft", "ecdc", "Community Safety Manager", True),
    ("hdc", "Vikram Patel", "hdc", "Community Protection Manager", True),
    ("fdc", "Donna Whitmore", "fdc", "Safeguarding and Community Safety Manager", True),
    ("nhse", "Philip Sargeant", "nhse", "Head of Safeguarding, Midlands and East", True),
    ("ccs", "Deborah Marsh", "ccs", "Head of Safeguarding", True),
    # Moved from CCS to CPFT during the first demo year (see MOVES): keeps her CCS memberships as history.
    ("named_nurse", "Hannah Greenwood", "cpft", "Named Nurse, Safeguarding Children", True),
    ("eeast", "Craig Hollis", "eeast", "Safeguarding Lead", True),
    ("lchs", "Yvonne Barker", "lchs", "Named Nurse, Safeguarding", True),
    ("cuh", "Elizabeth Cornwell", "cuh", "Lead Nurse, Safeguarding", True),
    ("cuh_adults", "Rosa Mendes", "cuh", "Safeguarding Adults Nurse Specialist", True),
    ("cpft", "Karen Liddell", "cpft", "Deputy Director of Nursing and Safeguarding", True),
    ("cpft_adults", "Sunita Chauhan", "cpft", "Named Nurse, Safeguarding Adults", True),
    ("cpft_practitioner", "Aisha Bello", "cpft", "Safeguarding Practitioner", True),
    ("nwaft", "Paula Redmond", "nwaft", "Head of Safeguarding", True),
    ("nwaft_midwife", "Gemma Hollingsworth", "nwaft", "Named Midwife, Safeguarding", True),
    ("nwaft_children", "Jack Harding", "nwaft", "Named Nurse, Safeguarding Children", True),
    ("rph", "Trevor Ainsworth", "rph", "Safeguarding Lead", True),
    ("huc", "Lisa Chadwick", "huc", "Head of Quality and Safeguarding", True),
    ("cafcass", "Angela Burrows", "cafcass", "Service Manager", True),
    ("nps_former", "Keith Robson", "nps", "Senior Probation Officer", False),
    ("nps", "Samantha Ojo", "nps", "Head of Probation Delivery Unit", True),
    ("crc", "Ian McAllister", "crc", "Senior Operational Manager", True),
    ("yos", "Tracey Holden", "yos", "Head of Youth Offending Service", True),
    ("hmp", "Christopher Nash", "hmp", "Head of Safer Custody", True),
    ("btp", "Lee Brannigan", "btp", "Detective Inspector, Safeguarding", True),
    ("fire", "Andrew Kettle", "fire", "Group Commander, Prevention", True),
    ("healthwatch", "Moira Stanton", "healthwatch", "Chief Executive", True),
    ("opcc", "Jonathan Bale", "opcc", "Director of Policy and Commissioning", True),
    ("ely", "Revd Catherine Hale", "ely", "Diocesan Safeguarding Adviser", True),
    ("crosskeys", "Darren Pollard", "crosskeys", "Head of Tenancy Services", True),
    ("dwp", "Shirley Abbott", "dwp", "Customer Service Leader, Advanced Customer Support", True),
    ("primary", "Rachel Moffat", "primary", "Headteacher", True),
    ("secondary", "David Ormerod", "secondary", "Designated Safeguarding Lead", True),
    ("fe", "Joanna Whitlock", "fe", "Head of Student Services", True),
    ("nspcc", "Farah Siddiqui", "nspcc", "Local Campaigns Manager, East of England", True),
    ("voluntary", "Colin Marsden", "voluntary", "Safeguarding Manager", True),
    ("care_providers", "Beverley Tomlinson", "care_providers", "Chair, Care Providers Association", True),
    ("lay_1", "Margaret Fenn", "lay", "Lay Member", True),
    ("lay_2", "Rajesh Mistry", "lay", "Lay Member", True),
    ("lay_3", "Dorothy Cartwright", "lay", "Lay Member", True),
]

TITLES = {"Dr", "Cllr", "Revd"}
# Without a phone number in the directory: lay members and councillors are reached by email.
NO_PHONE = {"lay_1", "lay_2", "lay_3", "ccc_councillor", "pcc_councillor_children", "pcc_councillor_adults"}

# Days after the first demo year starts (1 April) on which the story's changes happen.
ACC_HANDOVER = 150
PROBATION_HANDOVER = 250
ROLE_SWAP = 200
MOVE = 300  # Hannah Greenwood leaves CCS for CPFT


# --- groups (seed 000 governance structure; seed 001 dotted-line forums; seed 004 Fig. 3) ----------


class GroupSpec(NamedTuple):
    key: str
    name: str
    short_name: str
    kind: GroupKind
    remit: Remit
    parent: str | None
    frequency: Frequency
    quorum: int
    statutory_partners_required: bool
    weekday: int  # Monday 0
    week: int  # the nth such weekday of the month
    start: str  # "10:00"
    end: str
    month_offset: int  # which months of the cycle: 0 = April, 1 = May, ...
    venue: str
    # Task and finish groups only: days after the first demo year starts.
    runs_from: int | None = None
    runs_to: int | None = None


SANDMARTIN = "Sandmartin House, Peterborough"
SHIRE_HALL = "New Shire Hall, Alconbury Weald"
POLICE_HQ = "Police Headquarters, Hinchingbrooke Park, Huntingdon"
LOCKTON = "Lockton House, Cambridge"

GROUPS: list[GroupSpec] = [
    GroupSpec("espb", "Executive Safeguarding Partnership Board", "ESPB", GroupKind.BOARD, Remit.JOINT, None,
              Frequency.QUARTERLY, 3, True, 3, 2, "14:00", "16:00", 0, SHIRE_HALL),
    GroupSpec("scpb", "Safeguarding Children Partnership Board", "SCPB", GroupKind.BOARD, Remit.CHILDREN, "espb",
              Frequency.BI_MONTHLY, 8, True, 1, 3, "10:00", "12:30", 0, SANDMARTIN),
    GroupSpec("sapb", "Safeguarding Adults Partnership Board", "SAPB", GroupKind.BOARD, Remit.ADULTS, "espb",
              Frequency.QUARTERLY, 8, True, 2, 3, "10:00", "12:30", 1, SHIRE_HALL),
    GroupSpec("qeg_children", "Quality and Effectiveness Group (Children)", "QEG Children", GroupKind.SUBGROUP,
              Remit.CHILDREN, "scpb", Frequency.BI_MONTHLY, 4, False, 2, 1, "10:00", "12:00", 1, SANDMARTIN),
    GroupSpec("qeg_adults", "Quality and Effectiveness Group (Adults)", "QEG Adults", GroupKind.SUBGROUP,
              Remit.ADULTS, "sapb", Frequency.BI_MONTHLY, 4, False, 3, 1, "13:30", "15:30", 1, SHIRE_HALL),
    GroupSpec("cspr", "Child Safeguarding Practice Review Group", "CSPR Group", GroupKind.SUBGROUP,
              Remit.CHILDREN, "scpb", Frequency.MONTHLY, 4, False, 0, 2, "14:00", "16:00", 0, POLICE_HQ),
    GroupSpec("sar", "Safeguarding Adults Review Group", "SAR Group", GroupKind.SUBGROUP, Remit.ADULTS, "sapb",
              Frequency.MONTHLY, 4, False, 4, 2, "10:00", "12:00", 0, "Scott House, Huntingdon"),
    GroupSpec("cdop", "Child Death Overview Panel", "CDOP", GroupKind.PANEL, Remit.CHILDREN, "scpb",
              Frequency.QUARTERLY, 5, False, 1, 4, "09:30", "12:30", 2, LOCKTON),
    GroupSpec("training", "Training and Development Subgroup", "Training", GroupKind.SUBGROUP, Remit.JOINT, "espb",
              Frequency.BI_MONTHLY, 4, False, 3, 4, "10:00", "12:00", 0, TEAMS),
    GroupSpec("exploitation", "Exploitation Strategic Group", "Exploitation", GroupKind.SUBGROUP, Remit.JOINT,
              "espb", Frequency.BI_MONTHLY, 5, False, 1, 1, "14:00", "16:00", 1, POLICE_HQ),
    GroupSpec("education", "Education Safeguarding Group", "ESG", GroupKind.SUBGROUP, Remit.CHILDREN, "scpb",
              Frequency.QUARTERLY, 3, False, 2, 2, "15:30", "17:00", 0, TEAMS),
    GroupSpec("cdf_children", "Children's Consultation and Development Forum", "CDF Children", GroupKind.FORUM,
              Remit.CHILDREN, "scpb", Frequency.QUARTERLY, 4, False, 3, 3, "09:30", "11:30", 1,
              "Town Hall, Peterborough"),
    GroupSpec("cdf_adults", "Adults' Consultation and Development Forum", "CDF Adults", GroupKind.FORUM,
              Remit.ADULTS, "sapb", Frequency.QUARTERLY, 4, False, 3, 3, "13:30", "15:30", 2, TEAMS),
    GroupSpec("leder", "LeDeR Steering Group", "LeDeR", GroupKind.SUBGROUP, Remit.ADULTS, "sapb",
              Frequency.BI_MONTHLY, 3, False, 0, 3, "10:00", "12:00", 0, TEAMS),
    GroupSpec("neglect", "Neglect Task and Finish Group", "Neglect T&F", GroupKind.TASK_AND_FINISH,
              Remit.CHILDREN, "scpb", Frequency.MONTHLY, 3, False, 2, 4, "10:00", "11:30", 0, TEAMS,
              runs_from=45, runs_to=320),
    GroupSpec("csa", "Child Sexual Abuse Task and Finish Group", "CSA T&F", GroupKind.TASK_AND_FINISH,
              Remit.CHILDREN, "scpb", Frequency.MONTHLY, 3, False, 4, 3, "10:00", "11:30", 0, TEAMS,
              runs_from=240, runs_to=610),
    GroupSpec("hesg", "Health Executive Safeguarding Group", "HESG", GroupKind.DOTTED_LINE_FORUM, Remit.JOINT,
              "espb", Frequency.BI_MONTHLY, 4, False, 4, 1, "09:30", "11:30", 0, LOCKTON),
    GroupSpec("cpin", "Child Protection Information Network", "CPIN", GroupKind.DOTTED_LINE_FORUM, Remit.CHILDREN,
              "scpb", Frequency.QUARTERLY, 3, False, 2, 3, "16:00", "17:30", 0, TEAMS),
]  # fmt: skip


class Seat(NamedTuple):
    """A membership to create. Dates are days after the first demo year starts; None = before it / open."""

    person: str
    role: MemberRole = MemberRole.MEMBER
    start: int | None = None
    end: int | None = None
    deputy_for: str | None = None  # the principal's person key (their seat on the same group at `start`)
    agency: str | None = None  # the agency represented, when not the person's agency today


CHAIR, VICE, MEMBER, DEPUTY, ADVISER, OBSERVER, LAY, MINUTES = (
    MemberRole.CHAIR,
    MemberRole.VICE_CHAIR,
    MemberRole.MEMBER,
    MemberRole.DEPUTY,
    MemberRole.ADVISER,
    MemberRole.OBSERVER,
    MemberRole.LAY_MEMBER,
    MemberRole.MINUTE_TAKER,
)

SEATS: dict[str, list[Seat]] = {
    "espb": [
        Seat("scrutineer", CHAIR),
        Seat("ccc_exec", VICE),
        Seat("pcc_children"),
        Seat("pcc_adults"),
        Seat("police_acc_former", end=ACC_HANDOVER),
        Seat("police_acc", start=ACC_HANDOVER + 1),
        Seat("ccg_chief_nurse"),
        Seat("police_supt", DEPUTY, end=ACC_HANDOVER, deputy_for="police_acc_former"),
        Seat("police_supt", DEPUTY, start=ACC_HANDOVER + 1, deputy_for="police_acc"),
        Seat("ccg_head", DEPUTY, deputy_for="ccg_chief_nurse"),
        Seat("opcc", OBSERVER),
        Seat("head_of_service", ADVISER),
        Seat("business_manager", ADVISER),
        Seat("minutes_1", MINUTES),
    ],
    "scpb": [
        Seat("scrutineer", CHAIR),
        Seat("pcc_children", VICE, end=ROLE_SWAP - 1),
        Seat("pcc_children", MEMBER, start=ROLE_SWAP),
        Seat("ccc_children", MEMBER, end=ROLE_SWAP - 1),
        Seat("ccc_children", VICE, start=ROLE_SWAP),
        Seat("police_supt"),
        Seat("ccg_nurse_children"),
        Seat("ccg_doctor"),
        Seat("nhse"),
        Seat("ccs"),
        Seat("cpft"),
        Seat("nwaft"),
        Seat("cuh"),
        Seat("rph"),
        Seat("eeast"),
        Seat("cafcass"),
        Seat("nps_former", end=PROBATION_HANDOVER),
        Seat("nps", start=PROBATION_HANDOVER + 1),
        Seat("yos"),
        Seat("fire"),
        Seat("healthwatch"),
        Seat("opcc"),
        Seat("ely"),
        Seat("crosskeys"),
        Seat("dwp"),
        Seat("primary"),
        Seat("secondary"),
        Seat("fe"),
        Seat("nspcc"),
        Seat("cambcity"),
        Seat("ccc_public_health"),
        Seat("ccc_councillor", OBSERVER),
        Seat("pcc_councillor_children", OBSERVER),
        Seat("lay_1", LAY),
        Seat("lay_2", LAY, start=ROLE_SWAP + 10),
        Seat("police_reviews", DEPUTY, deputy_for="police_supt"),
        Seat("named_nurse", DEPUTY, end=MOVE - 1, deputy_for="ccs", agency="ccs"),
        Seat("nwaft_children", DEPUTY, deputy_for="nwaft"),
        Seat("head_of_service", ADVISER),
        Seat("minutes_1", MINUTES),
    ],
    "sapb": [
        Seat("scrutineer", CHAIR),
        Seat("ccc_adults", VICE),
        Seat("pcc_adults"),
        Seat("police_adults"),
        Seat("ccg_nurse_adults"),
        Seat("nhse"),
        Seat("cpft"),
        Seat("cuh_adults"),
        Seat("nwaft"),
        Seat("eeast"),
        Seat("rph"),
        Seat("huc"),
        Seat("lchs"),
        Seat("nps_former", end=PROBATION_HANDOVER),
        Seat("nps", start=PROBATION_HANDOVER + 1),
        Seat("crc"),
        Seat("hmp"),
        Seat("fire"),
        Seat("healthwatch"),
        Seat("opcc"),
        Seat("crosskeys"),
        Seat("scdc"),
        Seat("ecdc"),
        Seat("hdc"),
        Seat("fdc"),
        Seat("dwp"),
        Seat("ely"),
        Seat("voluntary"),
        Seat("care_providers"),
        Seat("pcc_councillor_adults", OBSERVER),
        Seat("lay_3", LAY),
        Seat("ccc_adults_manager", DEPUTY, deputy_for="ccc_adults"),
        Seat("cpft_adults", DEPUTY, deputy_for="cpft"),
        Seat("head_of_service", ADVISER),
        Seat("minutes_2", MINUTES),
    ],
    "qeg_children": [
        Seat("head_of_service", CHAIR),
        Seat("ccc_children_safeguarding", VICE),
        Seat("pcc_safeguarding"),
        Seat("police_exploitation"),
        Seat("ccg_nurse_children"),
        Seat("named_nurse", end=MOVE - 1, agency="ccs"),
        Seat("named_nurse", start=MOVE),
        Seat("nwaft_children"),
        Seat("ccc_education"),
        Seat("cafcass", start=400),
        Seat("pcc_safeguarding_manager", DEPUTY, deputy_for="pcc_safeguarding"),
        Seat("qa_officer", ADVISER),
        Seat("ccg_analyst", ADVISER, end=430),
        Seat("minutes_1", MINUTES),
    ],
    "qeg_adults": [
        Seat("head_of_service", CHAIR),
        Seat("ccc_adults_safeguarding", VICE),
        Seat("pcc_safeguarding_manager"),
        Seat("police_adults"),
        Seat("ccg_nurse_adults"),
        Seat("cpft_adults"),
        Seat("cuh_adults"),
        Seat("eeast"),
        Seat("crosskeys"),
        Seat("care_providers", start=120),
        Seat("ccc_adults_manager", DEPUTY, deputy_for="ccc_adults_safeguarding"),
        Seat("qa_officer", ADVISER),
        Seat("minutes_2", MINUTES),
    ],
    "cspr": [
        Seat("ccc_children_safeguarding", CHAIR),
        Seat("police_reviews", VICE),
        Seat("ccg_doctor"),
        Seat("ccg_nurse_children"),
        Seat("pcc_safeguarding"),
        Seat("nwaft_children"),
        Seat("cafcass"),
        Seat("review_officer", ADVISER),
        Seat("minutes_1", MINUTES),
    ],
    "sar": [
        Seat("ccg_nurse_adults", CHAIR),
        Seat("ccc_adults_safeguarding", VICE),
        Seat("police_adults"),
        Seat("cpft_adults"),
        Seat("nwaft"),
        Seat("crosskeys"),
        Seat("pcc_safeguarding_manager"),
        Seat("review_officer", ADVISER),
        Seat("minutes_2", MINUTES),
    ],
    "cdop": [
        Seat("ccc_public_health", CHAIR),
        Seat("ccg_doctor_deaths", VICE),
        Seat("police_reviews"),
        Seat("nwaft_midwife"),
        Seat("eeast"),
        Seat("ccs"),
        Seat("pcc_early_help"),
        Seat("cdop_manager", ADVISER),
        Seat("minutes_2", MINUTES),
    ],
    "training": [
        Seat("cpft", CHAIR),
        Seat("training_manager", ADVISER),
        Seat("ccc_lado", VICE),
        Seat("police_missing"),
        Seat("cuh"),
        Seat("fe"),
        Seat("nspcc"),
        Seat("voluntary"),
        Seat("fire"),
        Seat("cpft_practitioner", DEPUTY, deputy_for="cpft"),
        Seat("minutes_1", MINUTES),
    ],
    "exploitation": [
        Seat("police_exploitation", CHAIR),
        Seat("ccc_children_safeguarding", VICE),
        Seat("yos"),
        Seat("btp"),
        Seat("pcc_early_help"),
        Seat("police_missing"),
        Seat("cambcity"),
        Seat("fdc"),
        Seat("nspcc"),
        Seat("secondary"),
        Seat("opcc"),
        Seat("fire", end=390),
        Seat("crosskeys"),
        Seat("minutes_2", MINUTES),
    ],
    "education": [
        Seat("ccc_education", CHAIR),
        Seat("pcc_education", VICE),
        Seat("primary"),
        Seat("secondary"),
        Seat("fe"),
        Seat("ccc_lado"),
        Seat("ccg_nurse_children", ADVISER),
        Seat("minutes_1", MINUTES),
    ],
    "cdf_children": [
        Seat("qa_officer", CHAIR),
        Seat("named_nurse", end=MOVE - 1, agency="ccs"),
        Seat("nwaft_midwife"),
        Seat("primary"),
        Seat("yos"),
        Seat("nspcc"),
        Seat("ely"),
        Seat("crosskeys"),
        Seat("cafcass"),
        Seat("pcc_early_help", start=95),
        Seat("ccc_participation", ADVISER),
    ],
    "cdf_adults": [
        Seat("review_officer", CHAIR),
        Seat("cpft_practitioner"),
        Seat("eeast"),
        Seat("hdc"),
        Seat("voluntary"),
        Seat("ely"),
        Seat("huc"),
        Seat("dwp"),
        Seat("crc"),
        Seat("care_providers"),
    ],
    "leder": [
        Seat("ccg_leder", CHAIR),
        Seat("ccg_nurse_adults", VICE),
        Seat("cpft_adults"),
        Seat("nwaft"),
        Seat("cuh_adults"),
        Seat("ccc_adults_manager"),
        Seat("healthwatch"),
        Seat("minutes_2", MINUTES),
    ],
    "neglect": [
        Seat("pcc_safeguarding", CHAIR),
        Seat("ccs"),
        Seat("primary"),
        Seat("ccg_nurse_children"),
        Seat("police_reviews"),
        Seat("nspcc"),
        Seat("pcc_early_help"),
        Seat("training_manager", ADVISER),
        Seat("minutes_1", MINUTES),
    ],
    "csa": [
        Seat("ccg_doctor", CHAIR),
        Seat("police_exploitation", VICE),
        Seat("ccc_children_safeguarding"),
        Seat("cafcass"),
        Seat("nspcc"),
        Seat("secondary"),
        Seat("nwaft_children"),
        Seat("minutes_1", MINUTES),
    ],
    "hesg": [
        Seat("ccg_chief_nurse", CHAIR),
        Seat("ccg_head", VICE),
        Seat("nhse"),
        Seat("ccs"),
        Seat("cpft"),
        Seat("cuh"),
        Seat("nwaft"),
        Seat("rph"),
        Seat("eeast"),
        Seat("huc"),
        Seat("lchs"),
        Seat("ccg_nurse_children"),
        Seat("ccg_nurse_adults"),
    ],
    "cpin": [
        Seat("pcc_education", CHAIR),
        Seat("ccc_education", VICE),
        Seat("primary"),
        Seat("secondary"),
        Seat("fe"),
        Seat("ccc_lado", ADVISER),
    ],
}

# --- agendas and minutes --------------------------------------------------------------------------


class Item(NamedTuple):
    title: str
    presenter: str  # person key
    minutes: str  # {presenter} and {noun} are filled in
    decisions: str
    action: str | None


def _item(title: str, presenter: str, minutes: str, decisions: str, action: str | None = None) -> Item:
    return Item(title, presenter, minutes, decisions, action)


COMMON_ITEMS = [
    _item(
        "Partnership performance dataset",
        "qa_officer",
        "{presenter} presented the quarterly dataset. Members discussed the rise in contacts to the front door "
        "and the timeliness of initial child protection conferences.",
        "{Noun} noted the dataset and asked for exceptions to be explained in more depth next time.",
        "Provide a breakdown of conference timeliness by locality for the next meeting",
    ),
    _item(
        "Multi-agency audit findings",
        "qa_officer",
        "{presenter} summarised the multi-agency audit of 12 cases. Strengths were found in information sharing; "
        "the voice of the child was not consistently recorded.",
        "{Noun} accepted the recommendations of the audit.",
        "Circulate the audit learning briefing to all partner agencies",
    ),
    _item(
        "Risk register",
        "business_manager",
        "{presenter} took members through the risk register. The risk around partner capacity to attend "
        "meetings remains amber.",
        "{Noun} agreed the risk register with no new risks added.",
        None,
    ),
    _item(
        "Multi-agency training programme",
        "training_manager",
        "{presenter} reported on take-up of the multi-agency training programme and the evaluation of recent "
        "courses. Non-attendance without notice remains a cost to the partnership.",
        "{Noun} noted the report and supported the charge for non-attendance.",
        "Promote the next quarter's courses through each agency's internal communications",
    ),
    _item(
        "Learning from reviews: seven-minute briefings",
        "review_officer",
        "{presenter} presented the latest seven-minute briefings drawn from local and national reviews.",
        "{Noun} approved the briefings for publication on the partnership website.",
        "Cascade the seven-minute briefings to front-line teams",
    ),
]

BOARD_ITEMS = {
    "espb": [
        _item(
            "Partnership budget and contributions",
            "business_manager",
            "{presenter} presented the budget position. Contributions have been invoiced; one partner's "
            "contribution is still outstanding.",
            "{Noun} agreed the budget and asked that outstanding contributions are chased.",
            "Write to partners with outstanding contributions",
        ),
        _item(
            "Business plan priorities",
            "head_of_service",
            "{presenter} presented progress against the business plan priorities: neglect, exploitation and "
            "transitions to adulthood.",
            "{Noun} endorsed the progress report.",
            None,
        ),
        _item(
            "Independent Scrutineer's report",
            "scrutineer",
            "{presenter} reported on scrutiny activity, including visits to the front door and a review of "
            "the challenge log.",
            "{Noun} thanked the Scrutineer and accepted the recommendations.",
            "Respond to the Scrutineer's recommendations at the next meeting",
        ),
        _item(
            "Annual reports of the partnership boards",
            "head_of_service",
            "{presenter} presented the draft annual reports of the children's and adults' partnership boards.",
            "{Noun} endorsed the annual reports for publication.",
            "Publish the annual reports and send them to the statutory recipients",
        ),
        _item(
            "Challenge log review",
            "business_manager",
            "{presenter} summarised open challenges, including those awaiting a response past their due date.",
            "{Noun} agreed to escalate challenges overdue by more than a month.",
            None,
        ),
    ],
    "scpb": [
        _item(
            "Neglect strategy update",
            "pcc_safeguarding",
            "{presenter} reported on implementation of the neglect strategy and the use of the Graded Care "
            "Profile 2 tool across early help and social care.",
            "{Noun} noted progress and asked for evidence of impact on children.",
            "Report Graded Care Profile 2 usage by agency",
        ),
        _item(
            "Exploitation strategic update",
            "police_exploitation",
            "{presenter} presented the exploitation profile: county lines activity and the number of children "
            "discussed at the exploitation panel.",
            "{Noun} noted the update.",
            "Share the exploitation problem profile with district community safety partnerships",
        ),
        _item(
            "Voice of the child: participation report",
            "ccc_participation",
            "{presenter} presented what children and young people told the partnership through the annual "
            "survey and the young people's reference group.",
            "{Noun} agreed that each agency will respond to the young people's messages.",
            "Each agency to send a written response to the young people's messages",
        ),
        _item(
            "Children placed out of county",
            "ccc_children_in_care",
            "{presenter} reported on the safeguarding of children placed outside Cambridgeshire and "
            "Peterborough, including notifications to host authorities.",
            "{Noun} required a further report on progress.",
            "Provide a further report on out of county placements",
        ),
        _item(
            "Local Authority Designated Officer annual report",
            "ccc_lado",
            "{presenter} presented the LADO annual report: referrals rose, with the largest increase from "
            "education settings.",
            "{Noun} accepted the report.",
            None,
        ),
        _item(
            "Health assessments for looked after children",
            "ccg_nurse_children",
            "{presenter} reported compliance with initial and review health assessments for looked after "
            "children and the recovery plan.",
            "{Noun} noted the improvement and asked to keep the item under review.",
            "Report health assessment compliance monthly to the Quality and Effectiveness Group",
        ),
    ],
    "sapb": [
        _item(
            "Safeguarding adults performance report",
            "qa_officer",
            "{presenter} presented safeguarding concerns and section 42 enquiries for the quarter; "
            "self-neglect remains the fastest growing category.",
            "{Noun} noted the report.",
            "Analyse the rise in self-neglect concerns by district",
        ),
        _item(
            "Safeguarding Adults Review action plans",
            "review_officer",
            "{presenter} reported progress on the action plans of the published Safeguarding Adults Reviews.",
            "{Noun} agreed to close actions with evidence of completion.",
            None,
        ),
        _item(
            "Self-neglect and hoarding protocol",
            "ccc_adults_safeguarding",
            "{presenter} presented the revised self-neglect and hoarding protocol following consultation.",
            "{Noun} approved the revised protocol.",
            "Publish the protocol and brief housing providers",
        ),
        _item(
            "Making Safeguarding Personal audit",
            "ccc_adults_manager",
            "{presenter} presented the audit of how far adults' desired outcomes were asked and met.",
            "{Noun} accepted the findings and recommendations.",
            None,
        ),
        _item(
            "Transitions from children's to adults' services",
            "pcc_adults",
            "{presenter} described the joint protocol for young people at risk turning 18.",
            "{Noun} endorsed the transitions protocol.",
            "Agree a joint audit of transitions cases with the children's board",
        ),
        _item(
            "Learning Disability Mortality Review (LeDeR) annual report",
            "ccg_leder",
            "{presenter} presented the LeDeR annual report and the themes from completed reviews.",
            "{Noun} noted the report.",
            None,
        ),
    ],
}

SUBGROUP_ITEMS = {
    "qeg_children": [
        _item(
            "Section 11 audit returns",
            "qa_officer",
            "{presenter} summarised the section 11 self-assessments returned by agencies.",
            "{Noun} agreed the challenge sessions for agencies rated amber.",
            "Arrange section 11 challenge sessions",
        ),
        _item(
            "Health assessments for looked after children",
            "ccg_nurse_children",
            "{presenter} reported monthly compliance with health assessments.",
            "{Noun} noted the improving trend.",
            None,
        ),
    ],
    "qeg_adults": [
        _item(
            "Section 42 enquiries: timeliness",
            "ccc_adults_manager",
            "{presenter} reported on the timeliness of section 42 enquiries.",
            "{Noun} asked for a deep dive into enquiries open for more than 90 days.",
            "Complete a deep dive into long-running enquiries",
        ),
    ],
    "cspr": [
        _item(
            "Rapid review: new notification",
            "police_reviews",
            "{presenter} presented the chronology for a serious incident notification. Members agreed the "
            "learning to be captured.",
            "{Noun} recommended that the case does not meet the criteria for a local review; learning to be "
            "shared through a briefing.",
            "Send the rapid review report to the national panel",
        ),
        _item(
            "Review action plans",
            "review_officer",
            "{presenter} reported progress on review action plans.",
            "{Noun} agreed to close completed actions.",
            None,
        ),
    ],
    "sar": [
        _item(
            "Safeguarding Adults Review referral",
            "police_adults",
            "{presenter} presented a referral for a Safeguarding Adults Review. Members discussed whether the "
            "criteria in section 44 of the Care Act 2014 are met.",
            "{Noun} recommended a review to the Chair of the Board.",
            "Commission an independent author for the review",
        ),
    ],
    "cdop": [
        _item(
            "Child death reviews for discussion",
            "cdop_manager",
            "{presenter} introduced the cases for review. Modifiable factors were identified in two cases.",
            "{Noun} completed its review of the cases presented.",
            "Feed the identified modifiable factors into the safer sleep campaign",
        ),
    ],
    "exploitation": [
        _item(
            "County lines and missing children",
            "police_missing",
            "{presenter} presented missing episodes and return home interview completion rates.",
            "{Noun} asked for return home interviews to be shared with the exploitation hub.",
            "Agree an information-sharing route for return home interviews",
        ),
    ],
    "education": [
        _item(
            "Harmful sexual behaviour in schools",
            "secondary",
            "{presenter} shared the approach of secondary schools to harmful sexual behaviour.",
            "{Noun} agreed to promote the toolkit to all settings.",
            "Promote the harmful sexual behaviour toolkit",
        ),
    ],
    "leder": [
        _item(
            "LeDeR reviews completed",
            "ccg_leder",
            "{presenter} reported on reviews completed and the learning themes.",
            "{Noun} noted the report.",
            None,
        ),
    ],
    "neglect": [
        _item(
            "Graded Care Profile 2 roll-out",
            "pcc_early_help",
            "{presenter} reported on the number of practitioners trained in the Graded Care Profile 2.",
            "{Noun} agreed the next training dates.",
            "Publish the next Graded Care Profile 2 training dates",
        ),
    ],
    "csa": [
        _item(
            "Child sexual abuse practitioner resource pack",
            "ccg_doctor",
            "{presenter} presented the draft resource pack for practitioners.",
            "{Noun} agreed the draft for consultation.",
            "Circulate the draft resource pack for consultation",
        ),
    ],
    "hesg": [
        _item(
            "Health providers' safeguarding assurance",
            "ccg_head",
            "{presenter} summarised each provider's quarterly safeguarding assurance return.",
            "{Noun} noted the returns.",
            "Follow up late assurance returns",
        ),
    ],
}

CANCELLATION_REASONS = [
    "The Chair was unavailable and quorum could not be guaranteed.",
    "Not enough agenda items; business taken by email.",
    "Clashes with the inspection of local authority children's services.",
    "Venue unavailable at short notice.",
]
NO_CASES = "No cases for consideration; the meeting was not required."


# --- challenge log (seed 004, 7.5, and invented) --------------------------------------------------


class ChallengeSpec(NamedTuple):
    group: str
    when: int | str  # index of the group's held meetings; negative from the end of those 2+ months old; "latest"
    raised_by: str
    agency: str
    theme: str
    challenge: str
    status: ChallengeStatus
    response: str | None = None
    outcome: str | None = None
    due_days: int = 28
    closed_after: int | None = None
    escalated_to: str | None = None


CHALLENGES: list[ChallengeSpec] = [
    ChallengeSpec(
        "scpb", 0, "scrutineer", "ccc", "Voice of the child",
        "When the survey of children's health and wellbeing was presented, the Board asked what process is in "
        "place to respond to those children who identified themselves as being at risk or showing acute concern.",
        ChallengeStatus.CLOSED,
        "Public Health described the follow-up process: the school nursing service contacts each school where "
        "answers show risk or acute concern, and the designated safeguarding lead follows up within five days.",
        "The response process was shown to be effective; the Board was assured.",
        closed_after=63,
    ),
    ChallengeSpec(
        "scpb", 1, "lay_1", "ccg", "Looked after children",
        "The Board challenged the timeliness of health assessments available to Looked After Children and asked "
        "for monthly compliance figures and a recovery plan.",
        ChallengeStatus.CLOSED,
        "The CCG and the provider trusts agreed a recovery plan with additional clinic capacity and monthly "
        "reporting of compliance to the Quality and Effectiveness Group.",
        "Significant improvements in compliance were demonstrated: initial health assessments completed within "
        "20 working days rose from 38% to 86%.",
        due_days=42,
        closed_after=182,
    ),
    ChallengeSpec(
        "qeg_children", 1, "head_of_service", "ccc", "Female genital mutilation",
        "The Board Unit required confirmation that the local authority Call Centre was aware of the changes in "
        "the reporting requirements for female genital mutilation (FGM).",
        ChallengeStatus.CLOSED,
        "The Call Centre was not aware of the changes in the reporting requirements.",
        "The Call Centre's process was amended to ensure compliance with the FGM reporting requirements, and "
        "its staff were briefed.",
        due_days=14,
        closed_after=45,
    ),
    ChallengeSpec(
        "scpb", 2, "scrutineer", "ccc", "Looked after children",
        "The Board requested that the Local Authority evidence its effectiveness in safeguarding children placed "
        "out of county, and required further reports to demonstrate progress in meeting their needs.",
        ChallengeStatus.RESPONDED,
        "The Head of Service, Children in Care, reported on visits within timescales, notifications to host "
        "authorities, and access to health and education for children placed out of county.",
        "Progress noted; further reports required until every placement has an up-to-date notification.",
        due_days=56,
    ),
    ChallengeSpec(
        "scpb", -2, "scrutineer", "nhse", "Partnership engagement",
        "NHS England has not attended Board meetings, citing capacity and its national structure. The Board "
        "asked NHS England to confirm how it will contribute, in particular on specialist health commissioning.",
        ChallengeStatus.ESCALATED,
        escalated_to="Executive Safeguarding Partnership Board",
    ),
    ChallengeSpec(
        "exploitation", 1, "ccc_children_safeguarding", "police", "Exploitation",
        "Return home interviews for children missing from home are not consistently shared with the police "
        "exploitation hub, so intelligence about exploitation is being lost.",
        ChallengeStatus.RESPONDED,
        "The Constabulary agreed a secure mailbox for return home interviews and a weekly triage with the "
        "missing persons coordinator.",
        due_days=35,
    ),
    ChallengeSpec(
        "qeg_children", -1, "ccg_nurse_children", "cpft", "Health",
        "Waiting times for neurodevelopmental assessments (ADHD and autism) are leaving children and families "
        "without support; the group asked for the waiting list, the risk assessment of those waiting and the plan.",
        ChallengeStatus.AWAITING_RESPONSE,
    ),
    ChallengeSpec(
        "neglect", 1, "pcc_safeguarding", "nwaft", "Neglect",
        "The 'Was Not Brought' policy for children who miss health appointments is not applied consistently in "
        "outpatient clinics.",
        ChallengeStatus.CLOSED,
        "The Trust adopted the partnership 'Was Not Brought' guidance and added a prompt to its outpatient system.",
        "A re-audit showed follow-up of missed appointments in 94% of cases, up from 61%.",
        closed_after=120,
    ),
    ChallengeSpec(
        "neglect", 3, "ccs", "pcc", "Neglect",
        "Uptake of the Graded Care Profile 2 neglect tool by Peterborough early help teams is low compared with "
        "Cambridgeshire.",
        ChallengeStatus.CLOSED,
        "Peterborough scheduled Graded Care Profile 2 training for all early help practitioners.",
        "Eighty-five practitioners trained; usage of the tool has doubled.",
        closed_after=150,
    ),
    ChallengeSpec(
        "qeg_children", "latest", "qa_officer", "ccg", "Voice of the child",
        "Health records of babies and pre-verbal children rarely describe the child's lived experience; the group "
        "asked how commissioned services will evidence the voice of the child.",
        ChallengeStatus.OPEN,
    ),
    ChallengeSpec(
        "sapb", -1, "lay_3", "crosskeys", "Self-neglect",
        "Tenancy officers identified hoarding in several homes but made no safeguarding referral; the Board "
        "asked how staff are trained to recognise self-neglect.",
        ChallengeStatus.RESPONDED,
        "Cross Keys Homes has made self-neglect training mandatory for tenancy officers and added a referral "
        "prompt to its inspection checklist.",
        due_days=42,
    ),
    ChallengeSpec(
        "qeg_adults", -1, "ccc_adults_safeguarding", "eeast", "Health",
        "Safeguarding referrals from ambulance crews about older people who fall repeatedly lack the detail "
        "needed to triage them.",
        ChallengeStatus.AWAITING_RESPONSE,
    ),
    ChallengeSpec(
        "csa", 0, "ccg_doctor", "secondary", "Child sexual abuse",
        "Schools record incidents of harmful sexual behaviour inconsistently, so the partnership cannot see the "
        "scale of the problem.",
        ChallengeStatus.RESPONDED,
        "Secondary schools agreed to use a common recording category and to report numbers termly.",
    ),
    ChallengeSpec(
        "sapb", 0, "ccc_adults", "nps", "Domestic abuse",
        "Probation does not routinely share information about MAPPA level 1 cases with adult social care where "
        "the victim is an adult with care and support needs.",
        ChallengeStatus.CLOSED,
        "The Probation Delivery Unit issued practice guidance on sharing with adult social care.",
        "A dip sample confirmed that information is now shared in every relevant case.",
        closed_after=98,
    ),
    ChallengeSpec(
        "sar", "latest", "ccg_nurse_adults", "cuh", "Mental capacity",
        "Mental capacity assessments were not recorded for patients discharged to care homes, as found in a "
        "recent Safeguarding Adults Review.",
        ChallengeStatus.OPEN,
    ),
    ChallengeSpec(
        "cdf_adults", "latest", "review_officer", "fire", "Self-neglect",
        "Practitioners asked how people who smoke while using home oxygen are referred for a safe and well visit.",
        ChallengeStatus.AWAITING_RESPONSE,
    ),
]  # fmt: skip


# --- money ------------------------------------------------------------------------------------------

# Seed 004, section 5.20 and Appendix 6: the contributions total exactly 248,269.00 (the split is invented).
CONTRIBUTIONS_2015_16: list[tuple[str, int]] = [
    ("ccc", 118_150),
    ("police", 37_300),
    ("nps", 4_120),
    ("ccg", 54_600),
    ("nhse", 5_000),
    ("ccs", 6_620),
    ("cpft", 8_500),
    ("cuh", 6_624),
    ("hinchingbrooke", 3_855),
    ("papworth", 3_500),
]
INCOME_2015_16 = [("Training", 7_125_00), ("From reserves", 15_000_00)]
# name, budget, actual (pence), as in Appendix 6
BUDGET_2015_16 = [
    ("LSCB Unit Costs", 118_878_00, 112_532_19),
    ("Chair Expenses", 42_500_00, 38_248_48),
    ("Training", 75_891_00, 68_334_08),
    ("Serious Case Review Costs", 22_149_00, 3_340_84),
]

RECENT_CONTRIBUTIONS: list[tuple[str, int, str | None]] = [
    ("ccc", 126_450, None),
    ("pcc", 84_300, "Meeting rooms at Sandmartin House"),
    ("police", 62_000, "Training venue at Police Headquarters"),
    ("ccg", 118_500, None),
    ("nhse", 5_000, None),
    ("cuh", 7_200, None),
    ("cpft", 9_100, None),
    ("ccs", 6_800, None),
    ("nwaft", 7_900, None),
    ("rph", 3_600, None),
    ("nps", 4_250, None),
    ("fire", 2_500, None),
    ("opcc", 5_000, None),
]
# Contributions still unpaid in the current year (besides any whose payment date has not come yet).
UNPAID_THIS_YEAR = {"nhse", "nwaft", "opcc"}
RECENT_BUDGET = [
    ("Business Unit staff costs", 298_000_00),
    ("Independent Scrutineer", 46_500_00),
    ("Multi-agency training", 58_000_00),
    ("Child Safeguarding Practice Reviews", 36_000_00),
    ("Safeguarding Adults Reviews", 28_000_00),
    ("Communications and events", 7_500_00),
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


# --- the build ------------------------------------------------------------------------------------


def ensure_demo_data(database: Database) -> bool:
    """Builds the demo on an empty database (no agencies and no groups); returns whether it did."""
    with database.session() as session:
        agencies = session.scalar(select(func.count()).select_from(Agency)) or 0
        groups = session.scalar(select(func.count()).select_from(Group)) or 0
    if agencies or groups:
        return False
    build_demo_data(database)
    return True


def build_demo_data(database: Database, today: dt.date | None = None) -> None:
    """Writes the whole demo in one transaction; the same `today` always gives the same rows."""
    # One summary entry in the audit trail rather than thousands of row entries. The builder acts as the
    # system for this one transaction only; nobody is signed in to the demo before or after it.
    with database.acting_as(SYSTEM), UnitOfWork(database, Permission.IMPORT_WORKBOOK, audit=False) as uow:
        _Builder(uow.session, today or dt.date.today()).build()
        uow.session.add_all(_demo_accounts())
        uow.record("database", "demo", after={"built for": (today or dt.date.today()).isoformat()})
        uow.commit()


# The README lists these; every one has the password "demo".
DEMO_ACCOUNTS = (
    ("admin", "Kerry Blackwell", UserRole.ADMINISTRATOR),
    ("chair", "Dr Alan Whitfield", UserRole.CHAIR),
    ("finance", "Sam Okafor", UserRole.FINANCE),
)
DEMO_PASSWORD = "demo"
# The business unit's administrator keeps the challenge log, so the demo's history names that account.
DEMO_ADMINISTRATOR = DEMO_ACCOUNTS[0][0]


def _demo_accounts() -> list[User]:
    from board_admin.services.accounts import hash_password

    return [
        User(
            username=username,
            display_name=name,
            roles=role.value,
            password_hash=hash_password(DEMO_PASSWORD),
            active=True,
            failed_sign_ins=0,
        )
        for username, name, role in DEMO_ACCOUNTS
    ]


@dataclass
class _Line:
    """An attendance line before it becomes a row, kept to write the minutes and actions."""

    person: Person
    status: AttendanceStatus
    agency: Agency
    membership: Membership | None
    deputy: Person | None = None

    @property
    def role(self) -> MemberRole | None:
        return self.membership.role if self.membership else None


class _Builder:
    def __init__(self, session: Session, today: dt.date) -> None:
        self.session = session
        self.today = today
        self.rng = random.Random(SEED)
        self.current_year = FinancialYear.containing(today)
        self.first_year = self.current_year.previous()
        self.day_zero = self.first_year.start
        self.agencies: dict[str, Agency] = {}
        self.people: dict[str, Person] = {}
        self.groups: dict[str, Group] = {}
        self.specs = {spec.key: spec for spec in GROUPS}
        self.seats: dict[str, list[tuple[Seat, Membership]]] = defaultdict(list)
        self.meetings: dict[str, list[Meeting]] = defaultdict(list)
        self.action_numbers: dict[str, int] = defaultdict(int)

    def day(self, offset: int) -> dt.date:
        return self.day_zero + dt.timedelta(days=offset)

    def add(self, record: Record) -> Record:
        self.session.add(record)
        return record

    def build(self) -> None:
        self.build_agencies()
        self.build_people()
        self.build_groups()
        self.build_memberships()
        self.build_meetings()
        self.session.flush()  # agenda items refer to their meeting by id only
        self.build_registers_and_minutes()
        self.build_challenges()
        build_case_reviews(self)  # issue 24: its own module, demo_case_reviews.py
        self.build_money_2015_16()
        for year in (self.first_year, self.current_year):
            if year.start_year != 2015:  # 2015-16 is the seed's year, already there (a demo run in 2016-17)
                self.build_money_recent(year)

    # --- structure -------------------------------------------------------------------------------

    def build_agencies(self) -> None:
        for key, name, short, sector, statutory, active in AGENCIES:
            self.agencies[key] = self.add(
                Agency(name=name, short_name=short, sector=sector, statutory_partner=statutory, active=active)
            )

    def build_people(self) -> None:
        numbers = self.rng.sample(range(100, 1000), len(PEOPLE))
        for (key, name, agency_key, job_title, active), number in zip(PEOPLE, numbers, strict=True):
            words = [word for word in name.split() if word not in TITLES]
            local = ".".join(re.sub(r"[^a-z]", "", word.lower()) for word in (words[0], words[-1]))
            domain = DOMAINS.get(agency_key, f"{agency_key.replace('_', '-')}.example.org.uk")
            self.people[key] = self.add(
                Person(
                    name=name,
                    agency=self.agencies[agency_key],
                    job_title=job_title,
                    email=f"{local}@{domain}",
                    phone=None if key in NO_PHONE else f"01632 960{number:03d}",
                    active=active,
                )
            )

    def build_groups(self) -> None:
        for spec in GROUPS:
            self.groups[spec.key] = self.add(
                Group(
                    name=spec.name,
                    short_name=spec.short_name,
                    kind=spec.kind,
                    remit=spec.remit,
                    parent=self.groups[spec.parent] if spec.parent else None,
                    frequency=spec.frequency,
                    quorum=spec.quorum,
                    statutory_partners_required=spec.statutory_partners_required,
                    start_date=self.day(spec.runs_from) if spec.runs_from is not None else None,
                    end_date=self.day(spec.runs_to) if spec.runs_to is not None else None,
                )
            )

    def build_memberships(self) -> None:
        for group_key, seats in SEATS.items():
            group = self.groups[group_key]
            for seat in seats:
                if seat.start is not None:
                    start = self.day(seat.start)
                elif group.start_date is not None:
                    start = group.start_date
                else:
                    start = self.day(-self.rng.randint(120, 1400))
                end = self.day(seat.end) if seat.end is not None else group.end_date
                principal = None
                if seat.deputy_for is not None:
                    principal = next(
                        membership
                        for other, membership in self.seats[group_key]
                        if other.person == seat.deputy_for and _active(membership, max(start, membership.start_date))
                    )
                    # A deputy's seat lasts no longer than the member's they stand in for.
                    start = max(start, principal.start_date)
                    if principal.end_date is not None:
                        end = principal.end_date if end is None else min(end, principal.end_date)
                person = self.people[seat.person]
                membership = self.add(
                    Membership(
                        group=group,
                        person=person,
                        role=seat.role,
                        agency=self.agencies[seat.agency] if seat.agency else person.agency,
                        start_date=start,
                        end_date=end,
                        deputy_for=principal,
                    )
                )
                self.seats[group_key].append((seat, membership))

    # --- meetings --------------------------------------------------------------------------------

    def build_meetings(self) -> None:
        for spec in GROUPS:
            group = self.groups[spec.key]
            for index in range(24):
                year = self.day_zero.year + (3 + index) // 12
                month = (3 + index) % 12 + 1
                if spec.frequency is Frequency.MONTHLY and month == 8:
                    continue  # nobody meets monthly in August
                if spec.frequency is Frequency.BI_MONTHLY and index % 2 != spec.month_offset:
                    continue
                if spec.frequency is Frequency.QUARTERLY and index % 3 != spec.month_offset:
                    continue
                day = _nth_weekday(year, month, spec.weekday, spec.week)
                if (group.start_date and day < group.start_date) or (group.end_date and day > group.end_date):
                    continue
                self.meetings[spec.key].append(self.add(self.new_meeting(spec, day)))
        self.postpone_one()
        self.cancel_some()

    def new_meeting(self, spec: GroupSpec, day: dt.date) -> Meeting:
        venue = spec.venue
        if venue != TEAMS and self.rng.random() < 0.3:
            venue = TEAMS
        return Meeting(
            group=self.groups[spec.key],
            meeting_date=day,
            start_time=_time(spec.start),
            end_time=_time(spec.end),
            location=venue,
            status=MeetingStatus.HELD if day < self.today else MeetingStatus.PLANNED,
        )

    def postpone_one(self) -> None:
        """The children's board's August meeting of the first year moves two weeks on (seed: inspection)."""
        meetings = self.meetings["scpb"]
        original = meetings[2]
        replacement = self.add(self.new_meeting(self.specs["scpb"], original.meeting_date + dt.timedelta(days=14)))
        original.status = MeetingStatus.POSTPONED
        original.cancellation_reason = (
            "Postponed because of the joint targeted area inspection; moved to "
            f"{format_date(replacement.meeting_date)}."
        )
        original.postponed_to = replacement
        meetings.insert(3, replacement)

    def cancel_some(self) -> None:
        for key, meetings in self.meetings.items():
            for position, meeting in enumerate(meetings):
                if meeting.status is not MeetingStatus.HELD or position == 0:
                    continue
                if key in ("cspr", "sar"):
                    # Seed 004 5.18: review groups are scheduled monthly but meet only when business requires.
                    if position == 1 or self.rng.random() < 0.35:
                        meeting.status = MeetingStatus.CANCELLED
                        meeting.cancellation_reason = NO_CASES
                elif key not in ("espb", "scpb") and self.rng.random() < 0.06:
                    meeting.status = MeetingStatus.CANCELLED
                    meeting.cancellation_reason = self.rng.choice(CANCELLATION_REASONS)

    # --- registers, agendas, minutes and actions -------------------------------------------------

    def build_registers_and_minutes(self) -> None:
        for spec in GROUPS:
            meetings = self.meetings[spec.key]
            scheduled = [m for m in meetings if m.status is not MeetingStatus.POSTPONED]
            held = [m for m in meetings if m.status is MeetingStatus.HELD]
            for position, meeting in enumerate(held):
                following = [m for m in scheduled if m.meeting_date > meeting.meeting_date]
                previous = held[position - 1] if position else None
                register = self.register(spec, meeting)
                self.agenda(spec, meeting, register, previous, following[0] if following else None)
                if position + 1 < len(held):
                    meeting.minutes_approved_on = held[position + 1].meeting_date
            upcoming = [m for m in scheduled if m.status is MeetingStatus.PLANNED]
            if upcoming:
                self.draft_agenda(spec, upcoming[0], held[-1] if held else None)

    def members_on(self, group_key: str, day: dt.date) -> list[Membership]:
        return [
            membership
            for seat, membership in self.seats[group_key]
            if _active(membership, day) and membership.role is not MemberRole.DEPUTY
        ]

    def deputies_on(self, group_key: str, day: dt.date, principal: Membership) -> list[Person]:
        return [
            membership.person
            for _, membership in self.seats[group_key]
            if membership.deputy_for is principal and _active(membership, day)
        ]

    def register(self, spec: GroupSpec, meeting: Meeting) -> list[_Line]:
        """One line per member on the day. Deputies are named on their member's line, not given their own."""
        day = meeting.meeting_date
        members = self.members_on(spec.key, day)
        on_register = {id(membership.person) for membership in members}
        lines = []
        for membership in members:
            person = membership.person
            deputy = None
            roll = self.rng.random()
            if person is self.people["nhse"]:
                # Seed 004 5.15: NHS England has not attended, citing capacity: the serial non-attender.
                status = AttendanceStatus.APOLOGIES if roll < 0.45 else AttendanceStatus.ABSENT
            elif membership.role in (MemberRole.CHAIR, MemberRole.MINUTE_TAKER):
                status = AttendanceStatus.PRESENT if roll < 0.94 else AttendanceStatus.APOLOGIES
            elif roll < 0.78:
                status = AttendanceStatus.PRESENT
            elif roll < 0.88:
                status = AttendanceStatus.APOLOGIES
            elif roll < 0.95:
                deputy = self.pick_deputy(spec.key, day, membership, on_register)
                status = AttendanceStatus.DEPUTY if deputy else AttendanceStatus.APOLOGIES
            else:
                status = AttendanceStatus.ABSENT
            if deputy is not None:
                on_register.add(id(deputy))
            lines.append(_Line(person, status, membership.agency, membership, deputy))
        return lines

    def pick_deputy(self, group_key: str, day: dt.date, principal: Membership, taken: set[int]) -> Person | None:
        """The named deputy if there is one, else a colleague from the agency the member represents."""
        candidates = [p for p in self.deputies_on(group_key, day, principal) if id(p) not in taken]
        if not candidates:
            candidates = [
                person
                for person in self.people.values()
                if person.agency is principal.agency and person.active and id(person) not in taken
            ]
        return self.rng.choice(candidates) if candidates else None

    def agenda(
        self,
        spec: GroupSpec,
        meeting: Meeting,
        register: list[_Line],
        previous: Meeting | None,
        following: Meeting | None,
    ) -> None:
        noun = _noun(spec.kind)
        noun_capital = noun[0].upper() + noun[1:]
        attended = (AttendanceStatus.PRESENT, AttendanceStatus.GUEST)
        chair = next((line for line in register if line.status in attended and line.role is MemberRole.CHAIR), None)
        chair = chair or next(
            (line for line in register if line.status in attended and line.role is MemberRole.VICE_CHAIR), None
        )
        chair_name = chair.person.name if chair else None
        pool = BOARD_ITEMS.get(spec.key, []) + SUBGROUP_ITEMS.get(spec.key, [])
        count = 4 if spec.kind is GroupKind.BOARD else 3
        choices = self.rng.sample(pool, min(len(pool), count - 1))
        choices += self.rng.sample(COMMON_ITEMS, count - len(choices))
        papers = []
        for number, item in enumerate(choices, start=1):
            presenter = self.people[item.presenter]
            line = self.presenter_line(spec.key, meeting.meeting_date, register, presenter)
            if line.status in attended or line.deputy is presenter:
                who, owner = presenter.name, _Line(presenter, AttendanceStatus.PRESENT, line.agency, None)
            elif line.status is AttendanceStatus.DEPUTY and line.deputy:
                who = f"{line.deputy.name} for {presenter.name}"
                owner = _Line(line.deputy, AttendanceStatus.PRESENT, line.agency, None)
            else:
                who, owner = f"{presenter.name} (report taken as read)", chair
            papers.append(
                (
                    item.title,
                    who,
                    item.minutes.format(presenter=who, noun=noun, Noun=noun_capital),
                    item.decisions.format(presenter=who, noun=noun, Noun=noun_capital),
                    f"{spec.short_name} {meeting.meeting_date:%y%m}/{number:02d}",
                )
            )
            if item.action and owner is not None and self.rng.random() < (0.7 if spec.kind is GroupKind.BOARD else 0.5):
                self.action(spec, meeting, item.action, owner)
        apologies = [line.person.name for line in register if line.status is AttendanceStatus.APOLOGIES]
        apologies += [
            f"{line.person.name} (represented by {line.deputy.name})"
            for line in register
            if line.status is AttendanceStatus.DEPUTY and line.deputy
        ]
        if chair is None:
            welcome = "Members were welcomed."
        elif chair.role is MemberRole.CHAIR:
            welcome = f"{chair_name} welcomed members."
        else:
            welcome = f"In the absence of the Chair, {chair_name} chaired the meeting."
        welcome += f" Apologies: {'; '.join(apologies) if apologies else 'none'}."
        last = f"the meeting on {format_date(previous.meeting_date)}" if previous else "the previous meeting"
        next_date = (
            f"The next meeting is on {format_date(following.meeting_date)}."
            if following
            else "The date of the next meeting will be confirmed with the new schedule."
        )
        items = [
            ("Welcome, introductions and apologies", chair_name, welcome, None, None),
            (
                "Minutes of the last meeting and matters arising",
                chair_name,
                f"The minutes of {last} were agreed as an accurate record. The action log was reviewed.",
                "Minutes approved.",
                None,
            ),
            *papers,
            ("Any other business", chair_name, "There was no other business.", None, None),
            ("Date of next meeting", chair_name, next_date, None, None),
        ]
        for position, (title, presenter, minutes, decisions, reference) in enumerate(items, start=1):
            self.add(
                AgendaItem(
                    meeting_id=meeting.id,
                    position=position,
                    title=title,
                    presenter=presenter,
                    paper_reference=reference,
                    minutes=minutes,
                    decisions=decisions,
                )
            )
        for line in register:
            self.add(
                Attendance(
                    meeting=meeting, person=line.person, status=line.status, deputy=line.deputy, agency=line.agency
                )
            )

    def presenter_line(self, group_key: str, day: dt.date, register: list[_Line], presenter: Person) -> _Line:
        """The register line that shows the presenter in the room, added if they are not on it yet.

        A named deputy presents in place of a member who is away; anyone else who is not a member
        is a guest, in attendance for the item.
        """
        for line in register:
            if line.person is presenter or line.deputy is presenter:
                return line
        for line in register:
            away = line.status in (AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT)
            if away and line.membership and presenter in self.deputies_on(group_key, day, line.membership):
                line.status, line.deputy = AttendanceStatus.DEPUTY, presenter
                return line
        register.append(_Line(presenter, AttendanceStatus.GUEST, presenter.agency, None))
        return register[-1]

    def draft_agenda(self, spec: GroupSpec, meeting: Meeting, previous: Meeting | None) -> None:
        """The next meeting's agenda, ready to send: titles and presenters, no minutes yet."""
        chair = next((m.person.name for m in self.members_on(spec.key, meeting.meeting_date) if m.role is CHAIR), None)
        pool = BOARD_ITEMS.get(spec.key, []) + SUBGROUP_ITEMS.get(spec.key, []) or COMMON_ITEMS
        titles = [("Welcome, introductions and apologies", chair)]
        last = f" ({format_date(previous.meeting_date)})" if previous else ""
        titles.append((f"Minutes of the last meeting{last} and matters arising", chair))
        titles += [(item.title, self.people[item.presenter].name) for item in self.rng.sample(pool, min(3, len(pool)))]
        titles += [("Any other business", chair), ("Date of next meeting", chair)]
        for position, (title, presenter) in enumerate(titles, start=1):
            self.add(AgendaItem(meeting_id=meeting.id, position=position, title=title, presenter=presenter))

    def action(self, spec: GroupSpec, meeting: Meeting, description: str, owner: _Line) -> None:
        self.action_numbers[spec.key] += 1
        due = meeting.meeting_date + dt.timedelta(weeks=self.rng.choice((4, 6, 8, 12)))
        roll = self.rng.random()
        if due < self.today - dt.timedelta(days=120):
            # Long past: settled one way or the other, bar the odd one still dragging on.
            status = (
                ActionStatus.DONE if roll < 0.9 else ActionStatus.DROPPED if roll < 0.96 else ActionStatus.IN_PROGRESS
            )
        elif due < self.today:
            if roll < 0.68:
                status = ActionStatus.DONE
            elif roll < 0.74:
                status = ActionStatus.DROPPED
            elif roll < 0.87:
                status = ActionStatus.IN_PROGRESS
            else:
                status = ActionStatus.OPEN
        else:
            status = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE)[int(roll * 3)]
        if status is ActionStatus.DONE:
            rag = Rag.GREEN
        elif status is ActionStatus.DROPPED:
            rag = None
        elif due < self.today:
            rag = Rag.RED
        elif status is ActionStatus.IN_PROGRESS or due <= self.today + dt.timedelta(days=30):
            rag = Rag.AMBER
        else:
            rag = Rag.GREEN
        self.add(
            Action(
                meeting=meeting,
                reference=f"{spec.short_name}-{self.action_numbers[spec.key]:03d}",
                description=description,
                owner=owner.person,
                owner_agency=owner.agency,
                due_date=due,
                status=status,
                rag=rag,
            )
        )

    # --- challenge log ---------------------------------------------------------------------------

    def build_challenges(self) -> None:
        made = []
        for order, spec in enumerate(CHALLENGES):
            held = [m for m in self.meetings[spec.group] if m.status is MeetingStatus.HELD]
            if spec.when == "latest":
                meeting = held[-1]
                raised = meeting.meeting_date
                due = max(raised + dt.timedelta(days=spec.due_days), self.today + dt.timedelta(days=14))
            else:
                assert isinstance(spec.when, int)
                if spec.when < 0:
                    older = [m for m in held if m.meeting_date <= self.today - dt.timedelta(days=60)]
                    meeting = older[spec.when]
                else:
                    meeting = held[spec.when]
                raised = meeting.meeting_date
                due = raised + dt.timedelta(days=spec.due_days)
            closed = None
            if spec.closed_after is not None:
                closed = min(raised + dt.timedelta(days=spec.closed_after), self.today)
            made.append((raised, order, spec, meeting, due, closed))
        numbers: dict[int, int] = defaultdict(int)
        self.build_challenge_themes()
        for raised, _order, spec, meeting, due, closed in sorted(made, key=lambda row: (row[0], row[1])):
            numbers[raised.year] += 1
            challenge = self.add(
                Challenge(
                    reference=f"CH-{raised.year}-{numbers[raised.year]:03d}",
                    date_raised=raised,
                    raised_at_group=meeting.group,
                    raised_at_meeting=meeting,
                    raised_by=self.people[spec.raised_by],
                    agency=self.agencies[spec.agency],
                    theme=spec.theme,
                    challenge=spec.challenge,
                    response_due=due,
                    response=spec.response,
                    outcome=spec.outcome,
                    status=spec.status,
                    escalated_to=spec.escalated_to,
                    date_closed=closed,
                )
            )
            self.build_challenge_history(challenge, spec, closed)

    def build_challenge_themes(self) -> None:
        for name in dict.fromkeys(spec.theme for spec in CHALLENGES):
            self.add(ChallengeTheme(name=name, active=True))
        self.add(ChallengeTheme(name="Private fostering", active=False))  # a retired priority

    def build_challenge_history(self, challenge: Challenge, spec: ChallengeSpec, closed: dt.date | None) -> None:
        """The status changes that led to the challenge's status, with the response date and escalation target."""
        raised = challenge.date_raised
        steps: list[tuple[dt.date, ChallengeStatus, str | None]] = [(raised, ChallengeStatus.OPEN, "Recorded")]
        if spec.status is not ChallengeStatus.OPEN:
            steps.append((min(raised + dt.timedelta(days=2), self.today), ChallengeStatus.AWAITING_RESPONSE, None))
        if spec.escalated_to:
            challenge.escalated_to_group = next(g for g in self.groups.values() if g.name == spec.escalated_to)
            when = min(raised + dt.timedelta(days=spec.due_days + 14), self.today)
            steps.append((when, ChallengeStatus.ESCALATED, f"Escalated to {spec.escalated_to}"))
        if spec.response:
            challenge.responded_on = max(
                min(raised + dt.timedelta(days=max(spec.due_days - 7, 3)), closed or self.today), steps[-1][0]
            )
            steps.append((challenge.responded_on, ChallengeStatus.RESPONDED, None))
        if closed is not None:
            steps.append((closed, ChallengeStatus.CLOSED, None))
        before = None
        for number, (when, status, note) in enumerate(steps):
            self.add(
                ChallengeStatusChange(
                    challenge=challenge,
                    changed_on=when,
                    recorded_at=dt.datetime.combine(when, dt.time(9, number)),
                    changed_by=DEMO_ADMINISTRATOR,
                    from_status=before,
                    to_status=status,
                    note=note,
                )
            )
            before = status

    # --- money -----------------------------------------------------------------------------------

    def year_record(self, year: FinancialYear) -> FinancialYearRecord:
        return self.add(FinancialYearRecord(start_year=year.start_year, label=year.label))

    def build_money_2015_16(self) -> None:
        """Seed 004 Appendix 6 to the penny: 248,269 + 7,125 + 15,000 income; four lines, budget and actual."""
        year = FinancialYear(2015)
        record = self.year_record(year)
        for key, pounds in CONTRIBUTIONS_2015_16:
            invoiced = dt.date(2015, 4, 20)
            self.add(
                Contribution(
                    year=record,
                    agency=self.agencies[key],
                    agreed_pence=pounds * 100,
                    invoiced_on=invoiced,
                    received_pence=pounds * 100,
                    received_on=invoiced + dt.timedelta(days=self.rng.randint(14, 120)),
                )
            )
        for source, pence in INCOME_2015_16:
            self.add(IncomeLine(year=record, source=source, amount_pence=pence))
        lines = {
            name: self.add(BudgetLine(year=record, name=name, budget_pence=budget))
            for name, budget, _ in BUDGET_2015_16
        }
        actual = {name: spent for name, _, spent in BUDGET_2015_16}
        months = _month_ends(year, year.end)
        self.spread(
            lines["LSCB Unit Costs"], actual["LSCB Unit Costs"], [(d, f"Unit staff costs, {_month(d)}") for d in months]
        )
        self.spread(
            lines["Chair Expenses"],
            actual["Chair Expenses"],
            [(d, f"Independent Chair fees and expenses, {_month(d)}") for d in months],
        )
        refund = (dt.date(2015, 11, 16), "Refund of venue deposit: cancelled neglect course", -250_00)
        training = [
            (dt.date(2015, 5, 14), "Venue hire and catering: Working Together course"),
            (dt.date(2015, 6, 25), "Trainer fees: child sexual exploitation awareness"),
            (dt.date(2015, 9, 17), "Trainer fees: neglect and the Graded Care Profile"),
            (dt.date(2015, 10, 8), "Venue hire: Safeguarding Week conference"),
            (dt.date(2015, 12, 3), "E-learning licences"),
            (dt.date(2016, 1, 21), "Trainer fees: domestic abuse and children"),
            (dt.date(2016, 2, 18), "Printing of course materials"),
            (dt.date(2016, 3, 10), "Trainer fees: female genital mutilation awareness"),
        ]
        self.spread(lines["Training"], actual["Training"], training, fixed=(refund,))
        self.spread(
            lines["Serious Case Review Costs"],
            actual["Serious Case Review Costs"],
            [
                (dt.date(2015, 7, 9), "Independent reviewer: multi-agency learning review"),
                (dt.date(2016, 2, 4), "Learning event for practitioners following the review"),
            ],
        )

    def spread(
        self,
        line: BudgetLine,
        total: int,
        entries: list[tuple[dt.date, str]],
        fixed: tuple[tuple[dt.date, str, int], ...] = (),
    ) -> None:
        """Expenditure entries summing exactly to `total` pence: the fixed ones, the rest shared unevenly."""
        amounts = _split(total - sum(amount for _, _, amount in fixed), len(entries), self.rng)
        rows = [(day, text, amount) for (day, text), amount in zip(entries, amounts, strict=True)] + list(fixed)
        for day, text, amount in sorted(rows, key=lambda row: row[0]):
            self.add(Expenditure(budget_line=line, spent_on=day, description=text, amount_pence=amount))

    def build_money_recent(self, year: FinancialYear) -> None:
        record = self.year_record(year)
        current = year == self.current_year
        for key, pounds, in_kind in RECENT_CONTRIBUTIONS:
            agreed = (pounds * 102 // 100 if current else pounds) * 100  # whole pounds, 2% uplift this year
            invoiced: dt.date | None = year.start + dt.timedelta(days=20)
            received_on: dt.date | None = invoiced + dt.timedelta(days=self.rng.randint(14, 150))
            if invoiced > self.today:
                invoiced = received_on = None
            elif received_on > self.today or (current and key in UNPAID_THIS_YEAR):
                received_on = None
            received = agreed if received_on else None
            if key == "nhse" and not current:
                received = agreed // 2  # half of last year's contribution is still outstanding
            self.add(
                Contribution(
                    year=record,
                    agency=self.agencies[key],
                    agreed_pence=agreed,
                    invoiced_on=invoiced,
                    received_pence=received,
                    received_on=received_on,
                    in_kind=in_kind,
                )
            )
        income = [
            ("Training", 6_840_00 if current else 7_415_50),
            ("From reserves", 10_000_00 if current else 20_000_00),
        ]
        if current:
            income.append(("Home Office grant: tackling child exploitation", 12_500_00))
        for source, pence in income:
            self.add(IncomeLine(year=record, source=source, amount_pence=pence))
        lines = {
            name: self.add(BudgetLine(year=record, name=name, budget_pence=budget)) for name, budget in RECENT_BUDGET
        }
        last_day = min(year.end, self.today)
        months = _month_ends(year, last_day)
        for name, text in (
            ("Business Unit staff costs", "Staff costs"),
            ("Independent Scrutineer", "Independent Scrutineer fees and expenses"),
        ):
            monthly = lines[name].budget_pence // 12
            for day in months:
                amount = monthly * self.rng.randint(900, 995) // 1000
                self.add(
                    Expenditure(
                        budget_line=lines[name], spent_on=day, description=f"{text}, {_month(day)}", amount_pence=amount
                    )
                )
        events = [
            (40, "Multi-agency training", "Trainer fees: working with neglect", 2_450_00),
            (75, "Communications and events", "Website hosting and maintenance", 1_180_00),
            (95, "Child Safeguarding Practice Reviews", "Independent reviewer fees: rapid review", 3_200_00),
            (130, "Multi-agency training", "Venue hire: exploitation conference", 1_875_50),
            (150, "Safeguarding Adults Reviews", "Independent author: Safeguarding Adults Review", 8_750_00),
            (180, "Multi-agency training", "E-learning licences", 4_320_00),
            (200, "Communications and events", "Safeguarding Week venue and speakers", 2_210_75),
            (215, "Multi-agency training", "Refund: course cancelled by the venue", -320_00),
            (240, "Child Safeguarding Practice Reviews", "Independent reviewer: local practice review", 12_600_00),
            (270, "Multi-agency training", "Trainer fees: domestic abuse and coercive control", 2_980_00),
            (300, "Safeguarding Adults Reviews", "Learning event following the review", 1_460_25),
            (330, "Communications and events", "Printing of seven-minute briefings", 412_80),
        ]
        for offset, name, text, pence in events:
            day = year.start + dt.timedelta(days=offset)
            if day <= last_day:
                self.add(Expenditure(budget_line=lines[name], spent_on=day, description=text, amount_pence=pence))


# --- helpers ---------------------------------------------------------------------------------------


def _active(membership: Membership, day: dt.date) -> bool:
    return membership.start_date <= day and (membership.end_date is None or membership.end_date >= day)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def _noun(kind: GroupKind) -> str:
    return {
        GroupKind.BOARD: "the Board",
        GroupKind.PANEL: "the Panel",
        GroupKind.FORUM: "the Forum",
        GroupKind.DOTTED_LINE_FORUM: "the Forum",
    }.get(kind, "the Group")


def _month(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def _month_ends(year: FinancialYear, last_day: dt.date) -> list[dt.date]:
    """The last working day (Monday to Friday) of each month of the year, up to `last_day`."""
    days = []
    for index in range(12):
        month = (3 + index) % 12 + 1
        calendar_year = year.start_year + (3 + index) // 12
        day = dt.date(calendar_year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        while day.weekday() > 4:
            day -= dt.timedelta(days=1)
        if day <= last_day:
            days.append(day)
    return days


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` pence in `parts` positive uneven amounts that sum to it exactly."""
    weights = [rng.randint(700, 1300) for _ in range(parts)]
    amounts = [total * weight // sum(weights) for weight in weights]
    amounts[-1] = total - sum(amounts[:-1])
    return amounts
