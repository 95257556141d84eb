"""The treatment plan as a printable document: what the client signs and an insurer audits.

Layout follows the structure clinicians know from the PracticePlanners tradition: identification
and diagnoses first, then each problem with its goals (the clinician's wording beside the client's
own words), objectives and interventions, then discharge criteria and the signature block.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from practice_planner.domain.enums import Direction, PlanStatus
from practice_planner.domain.gas import LEVELS
from practice_planner.reports import escape
from practice_planner.reports.blocks import (
    ARROW,
    DASH,
    day,
    grid,
    key_values,
    markup,
    number,
    para,
    prose,
)
from practice_planner.reports.page import CONTENT_WIDTH, DocumentInfo, render
from practice_planner.reports.styles import FAINT, RULE, styles
from practice_planner.services.report_models import GoalView, PlanView, TreatmentPlanData

TITLE = "Treatment plan"
SUBJECT = "Clinical document"
GAS_NAMES = {
    -2: "\u22122 Much less than expected",
    -1: "\u22121 Less than expected",
    0: "0 Expected outcome",
    1: "+1 More than expected",
    2: "+2 Much more than expected",
}


def build_treatment_plan_pdf(data: TreatmentPlanData, *, prepared_on: date | None = None) -> bytes:
    """The plan version in ``data`` as PDF bytes (nothing is written anywhere)."""
    plan = data.plan
    story: list[Flowable] = [*_title(data, prepared_on or date.today())]
    story += _identification(data)
    story += _diagnoses(data)
    story += _approach(plan)
    story += _problems(plan)
    story += _section("Discharge criteria", plan.discharge_criteria)
    story += _signatures(data)
    status = "" if plan.status is PlanStatus.ACTIVE else f" \u00b7 {plan.status.label}"
    info = DocumentInfo(
        title=TITLE,
        running_title=f"{TITLE}, version {plan.version}{status}",
        letterhead=data.letterhead,
        client=data.client,
        author=data.letterhead.practice_name,
        subject=SUBJECT,
    )
    return render(story, info)


def _title(data: TreatmentPlanData, prepared_on: date) -> list[Flowable]:
    s = styles()
    plan = data.plan
    parts = [
        f"Version {plan.version}",
        plan.status.label,
        f"Effective {day(plan.effective_date)}",
        f"Printed {day(prepared_on)}",
    ]
    title = TITLE if plan.status is not PlanStatus.DRAFT else f"{TITLE} (draft, not signed)"
    return [markup(escape.text(title), s.title), markup(" \u00b7 ".join(parts), s.subtitle)]


def _identification(data: TreatmentPlanData) -> list[Flowable]:
    client, plan, letterhead = data.client, data.plan, data.letterhead
    name = client.legal_name
    if client.preferred_name and client.preferred_name not in name:
        name = f"{name} (goes by {client.preferred_name})"
    clinician = ", ".join(v for v in (letterhead.clinician_name, letterhead.credentials) if v)
    half = CONTENT_WIDTH / 2 - 6
    left = key_values(
        [
            ("Client", name),
            ("Date of birth", day(client.date_of_birth)),
            ("Record number", client.record_number),
            ("Clinician", clinician or DASH),
        ],
        half,
        label_fraction=0.36,
    )
    right = key_values(
        [
            ("Plan version", str(plan.version)),
            ("Status", plan.status.label),
            ("Effective date", day(plan.effective_date)),
            ("Next review", day(plan.next_review_date)),
        ],
        half,
        label_fraction=0.36,
    )
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH / 2, CONTENT_WIDTH / 2])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table]


def _diagnoses(data: TreatmentPlanData) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [markup("Diagnoses", s.h1)]
    if not data.diagnoses:
        return [*story, para("No diagnosis recorded.", s.small)]
    rows = []
    for diagnosis in data.diagnoses:
        notes = []
        if diagnosis.is_primary:
            notes.append("Primary")
        if diagnosis.resolved_on is not None:
            notes.append(f"Resolved {day(diagnosis.resolved_on)}")
        rows.append(
            [
                diagnosis.code,
                diagnosis.description,
                day(diagnosis.diagnosed_on),
                ", ".join(notes),
            ]
        )
    story.append(
        grid(
            ["ICD-10-CM", "Description", "Diagnosed", "Notes"],
            rows,
            CONTENT_WIDTH,
            [0.13, 0.55, 0.14, 0.18],
        )
    )
    return story


def _approach(plan: PlanView) -> list[Flowable]:
    s = styles()
    review = f"Every {plan.review_interval_days} days; next review {day(plan.next_review_date)}"
    if plan.last_reviewed_on is not None:
        review += f"; last reviewed {day(plan.last_reviewed_on)}"
    story: list[Flowable] = [
        markup("Treatment approach", s.h1),
        key_values(
            [
                ("Modality", plan.modality or DASH),
                ("Session frequency", plan.frequency or DASH),
                ("Participants", plan.participants),
                ("Review schedule", review),
            ],
            CONTENT_WIDTH,
            label_fraction=0.2,
        ),
    ]
    story += _section("Client strengths", plan.strengths, s.h2)
    story += _section("Anticipated barriers", plan.barriers, s.h2)
    return story


def _section(title: str, text: str, style: ParagraphStyle | None = None) -> list[Flowable]:
    s = styles()
    body = prose(text) or [para("None recorded.", s.small)]
    return [markup(escape.text(title), style or s.h1), *body]


def _problems(plan: PlanView) -> Iterator[Flowable]:
    s = styles()
    section = markup("Problems, goals and objectives", s.h1)
    if not plan.problems:
        yield from (section, para("No problems have been added to this plan yet.", s.small))
    for p, problem in enumerate(plan.problems, start=1):
        head: list[Flowable] = [
            *([section] if p == 1 else []),
            markup(f"Problem {p}: {escape.text(problem.statement)}", s.h2),
            *prose(problem.description),
        ]
        if problem.diagnosis_codes:
            head.append(para("Related diagnoses: " + ", ".join(problem.diagnosis_codes), s.small))
        if not problem.goals:
            yield KeepTogether([*head, para("No goals under this problem yet.", s.small)])
        for g, goal in enumerate(problem.goals, start=1):
            # a problem's heading never ends a page: it travels with its first goal's opening
            opening = _goal_opening(f"{p}.{g}", goal)
            yield KeepTogether([*head, *opening] if g == 1 else opening)
            yield _goal_fields(goal)
            yield from _goal_details(f"{p}.{g}", goal)


def _goal_opening(number_label: str, goal: GoalView) -> list[Flowable]:
    """Heading and wording, in the clinician's and the client's words: never split apart."""
    s = styles()
    opening: list[Flowable] = [
        HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=4, spaceAfter=4),
        markup(f"Goal {number_label}", s.h3),
        markup(f"<b>{escape.text(goal.statement)}</b>", s.body),
    ]
    if goal.client_words:
        opening.append(markup("In the client\u2019s own words:", s.label))
        opening.append(markup(f"\u201c{escape.text(goal.client_words)}\u201d", s.quote))
    return opening


def _goal_fields(goal: GoalView) -> Flowable:
    """The SMART fields: kind, measure, baseline to target by date, status."""
    kind = " \u00b7 ".join(
        (
            goal.category.label,
            goal.horizon.label,
            f"{goal.kind.label} goal",
            f"priority {goal.priority} of 5",
        )
    )
    return key_values(
        [
            ("Category", kind),
            ("Measure", _measure(goal)),
            ("Baseline " + ARROW + " target", _baseline_target(goal)),
            ("Target date", day(goal.target_date)),
            ("Status", goal.status.label),
        ],
        CONTENT_WIDTH,
        label_fraction=0.2,
    )


def _goal_details(number_label: str, goal: GoalView) -> Iterator[Flowable]:
    s = styles()
    levels = dict(zip(LEVELS, goal.gas_levels, strict=True))
    if any(levels.values()):
        yield markup("Goal attainment scale", s.h3)
        yield grid(
            [GAS_NAMES[level] for level in LEVELS],
            [[levels[level] or DASH for level in LEVELS]],
            CONTENT_WIDTH,
            [1] * len(LEVELS),
        )
    yield markup("Objectives", s.h3)
    if goal.objectives:
        yield grid(
            ["#", "Objective", "Target date", "Status"],
            [
                [f"{number_label}.{n}", o.statement, day(o.target_date), o.status.label]
                for n, o in enumerate(goal.objectives, start=1)
            ],
            CONTENT_WIDTH,
            [0.08, 0.62, 0.15, 0.15],
        )
    else:
        yield para("No objectives yet.", s.small)
    yield markup("Interventions", s.h3)
    if goal.interventions:
        yield grid(
            ["Intervention", "Modality", "Frequency"],
            [[i.description, i.modality, i.frequency] for i in goal.interventions],
            CONTENT_WIDTH,
            [0.56, 0.22, 0.22],
        )
    else:
        yield para("No interventions yet.", s.small)
    yield Spacer(0, 4)


def _measure(goal: GoalView) -> str:
    if not goal.measure_name:
        return "Not measured by a number"
    unit = f" ({goal.measure_unit})" if goal.measure_unit else ""
    return goal.measure_name + unit


def _baseline_target(goal: GoalView) -> str:
    if goal.baseline is None and goal.target is None:
        return DASH
    text = f"{number(goal.baseline)} {ARROW} {number(goal.target)}"
    if goal.target_date is not None:
        text += f" by {day(goal.target_date)}"
    if goal.direction is Direction.DECREASE:
        text += " (lower is better)"
    elif goal.direction is Direction.INCREASE:
        text += " (higher is better)"
    return text


def _signatures(data: TreatmentPlanData) -> list[Flowable]:
    s = styles()
    plan, letterhead = data.plan, data.letterhead
    clinician = ", ".join(v for v in (letterhead.clinician_name, letterhead.credentials) if v)
    rows = [
        ("Client", data.client.legal_name, plan.client_signed_on),
        ("Clinician", clinician, plan.clinician_signed_on),
        ("Clinical supervisor", plan.supervisor_name, plan.supervisor_signed_on),
    ]
    table_rows = [
        [
            markup(role, s.cell_head),
            para(name, s.cell),
            para("Signed, on record" if signed else "", s.cell),
            para(day(signed) if signed else "", s.cell),
        ]
        for role, name, signed in rows
    ]
    header = [markup(h, s.cell_head) for h in ("", "Name", "Signature", "Date")]
    widths = [0.14, 0.44, 0.28, 0.14]
    table = Table(
        [header, *table_rows],
        colWidths=[CONTENT_WIDTH * w for w in widths],
        rowHeights=[None] + [34] * len(table_rows),
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("VALIGN", (0, 1), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (1, 1), (-1, -1), 0.6, FAINT),
            ]
        )
    )
    agreement = (
        "The client took part in developing this plan. Signatures confirm that its problems, "
        "goals, objectives and interventions were discussed and agreed."
    )
    unsigned = plan.status is PlanStatus.DRAFT or not plan.is_signed
    note = "This version has not been signed yet." if unsigned else ""
    block: list[Flowable] = [markup("Signatures", s.h1), para(agreement, s.small)]
    if note:
        block.append(para(note, s.small))
    block.append(table)
    return [KeepTogether(block)]
