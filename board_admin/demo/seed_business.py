"""Demo seeds, part two: agendas and minutes, cancellations, the challenge log and the money.

Plain tables, no code: the builder (demo/builder.py) turns them into records.
"""

from __future__ import annotations

from typing import NamedTuple

from board_admin.domain.enums import (
    ChallengeStatus,
)

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
