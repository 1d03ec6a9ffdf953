"""Demo seeds, part one: the agencies, the invented people, the groups of seeds 000-003 and who sits where.

Plain tables, no code: the builder (demo/builder.py) turns them into records.
"""

from __future__ import annotations

from typing import NamedTuple, TypeVar

from board_admin.domain.enums import (
    Frequency,
    GroupKind,
    MemberRole,
    Remit,
    Sector,
)

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
# Without an email address on record: e-mails to her boards name her as not reached (the guide's picture).
NO_EMAIL = {"nspcc"}

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
